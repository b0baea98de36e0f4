-- int_absence_units_aggregated
-- grain: one row per unit per month; key: (unit_kind, unit_id, month)
-- Sums over the unit's teams; employees with sick days counted once per unit.

with cells as (
    select * from int_team_months_absence_aggregated
),

mapping as (
    select * from int_team_months_mapped_to_units
),

split as (
    select * from int_absence_rows_split_to_months
),

summed as (
    select
        mapping.unit_kind,
        mapping.unit_id,
        any_value(mapping.department_id) as department_id,
        mapping.month,
        count(*) as n_teams,
        sum(cells.headcount) as headcount,
        sum(cells.fte) as fte,
        max(cells.period_days) as period_days,
        sum(cells.weighted_sick_days) as weighted_sick_days,
        sum(cells.sick_days) as sick_days,
        sum(cells.spells_started) as spells_started,
        sum(cells.spells_closed) as spells_closed,
        sum(cells.closed_days) as closed_days
    from mapping
    inner join cells
        on mapping.team_id = cells.team_id
        and mapping.month = cells.month
    group by mapping.unit_kind, mapping.unit_id, mapping.month
),

absent as (
    select
        mapping.unit_kind,
        mapping.unit_id,
        mapping.month,
        count(distinct split.employee_ref) as n_absent
    from split
    inner join mapping
        on split.team_id = mapping.team_id
        and split.month = mapping.month
    group by mapping.unit_kind, mapping.unit_id, mapping.month
),

final as (
    select
        summed.*,
        coalesce(absent.n_absent, 0) as n_absent
    from summed
    left join absent
        on summed.unit_kind = absent.unit_kind
        and summed.unit_id = absent.unit_id
        and summed.month = absent.month
)

select * from final
