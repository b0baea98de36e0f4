-- org_wave_scale_scores
-- grain: one row per wave per scale (the whole organisation); key: (wave,
-- scale_id)
-- Viewer-scope rule as org_wave_scores (see scope_totals_visible).

with scales as (
    select * from int_survey_unit_scales_described
    where unit_kind = 'organisation'
),

final as (
    select * exclude (unit_id, unit_kind, department_id, shrunk)
    from scales
)

select * from final
