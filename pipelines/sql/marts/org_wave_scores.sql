-- org_wave_scores
-- grain: one row per survey wave (the whole organisation); key: wave
-- Shown to a viewer whose scope is part of the organisation only when the rest
-- is at least
-- two departments and k people: see scope_totals_visible.

with units as (
    select * from int_survey_units_pivoted
    where unit_kind = 'organisation'
),

final as (
    select
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
