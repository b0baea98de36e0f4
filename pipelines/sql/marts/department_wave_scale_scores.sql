-- department_wave_scale_scores
-- grain: one row per department per wave per scale; key: (department_id, wave,
-- scale_id)
-- As team_wave_scale_scores, pooled over the whole department; no shrinkage.

with scales as (
    select * from int_survey_unit_scales_described
    where unit_kind = 'department'
),

final as (
    select
        unit_id as department_id,
        * exclude (unit_id, unit_kind, department_id, shrunk)
    from scales
)

select * from final
