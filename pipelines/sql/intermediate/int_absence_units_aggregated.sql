-- int_absence_units_aggregated
-- grain: one row per unit per month; key: (unit_kind, unit_id, month)
-- Sums over the unit's teams. Every figure adds up over teams, absent employees too:
-- one absent in two teams in a month counts in each (as the teams' headcounts do), else
-- team + team - department would single out a sick employee who moved between them.

with cells as (
    select * from int_team_months_absence_aggregated
),

mapping as (
    select * from int_team_months_mapped_to_units
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
        sum(cells.closed_days) as closed_days,
        sum(cells.n_absent) as n_absent
    from mapping
    inner join cells
        on mapping.team_id = cells.team_id
        and mapping.month = cells.month
    group by mapping.unit_kind, mapping.unit_id, mapping.month
),

final as (
    select * from summed
)

select * from final
