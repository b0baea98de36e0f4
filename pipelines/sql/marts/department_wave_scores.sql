-- department_wave_scores
-- grain: one row per department per survey wave; key: (department_id, wave)
-- Pooled over every respondent of the department (hidden teams included). No
-- shrinkage
-- (departments are large, and a shrinkage target outside the department could
-- leak totals
-- a manager may not see).

with units as (
    select * from int_survey_units_pivoted
    where unit_kind = 'department'
),

final as (
    select
        unit_id as department_id,
        wave,
        headcount,
        n_responses,
        response_rate,
        * exclude (
            unit_kind, unit_id, department_id, wave, headcount, n_responses,
            response_rate, member_teams, pooled_into,
            stressor_shrunk, recovery_shrunk, strain_shrunk, balance_shrunk
        )
    from units
)

select * from final
