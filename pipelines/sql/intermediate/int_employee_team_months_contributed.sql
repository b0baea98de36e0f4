-- int_employee_team_months_contributed
-- grain: one row per team per month per employee with sick days in the month or a
-- spell that closed in it; key: (team_id, month, employee_ref)
-- Person-level: stays in the working database. Input to the dominance rule
-- (suppress_absence.py): weighted_days = the employee's weighted sick days in the
-- team that month; spells_closed, closed_days = the number and total length of
-- their spells that closed in it (a spell closes in the team of its last row, in the
-- month of its end date). int_team_months_absence_aggregated sums the closed ones.

with split as (
    select * from int_absence_rows_split_to_months
),

spells as (
    select * from int_absence_rows_merged_to_spells
),

sick as (
    select team_id, month, employee_ref, sum(weighted_days) as weighted_days
    from split
    group by team_id, month, employee_ref
),

closed as (
    select
        end_team_id as team_id,
        cast(date_trunc('month', end_date) as date) as month,
        employee_ref,
        count(*) as spells_closed,
        sum(duration_days) as closed_days
    from spells
    where end_date is not null
    group by all
),

final as (
    select
        coalesce(sick.team_id, closed.team_id) as team_id,
        coalesce(sick.month, closed.month) as month,
        coalesce(sick.employee_ref, closed.employee_ref) as employee_ref,
        coalesce(sick.weighted_days, 0) as weighted_days,
        coalesce(closed.spells_closed, 0) as spells_closed,
        coalesce(closed.closed_days, 0) as closed_days
    from sick
    full outer join closed
        on sick.team_id = closed.team_id
        and sick.month = closed.month
        and sick.employee_ref = closed.employee_ref
)

select * from final
