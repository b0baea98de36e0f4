-- org_month_absence
-- grain: one row per month (the whole organisation); key: month
-- Viewer-scope rule as org_wave_scores (see scope_totals_visible).

with units as (
    select * from int_absence_units_measured
    where unit_kind = 'organisation'
),

final as (
    select
        * exclude (
            unit_id, unit_kind, department_id, member_teams, pooled_into
        )
    from units
)

select * from final
