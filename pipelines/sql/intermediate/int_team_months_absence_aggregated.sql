-- int_team_months_absence_aggregated
-- grain: one row per team per month in the org file up to the reference date;
-- key: (team_id, month)
-- Sufficient statistics for the absence figures of domain.md §3 (sums over
-- employees).

with org as (
    select * from stg_org_months
),

run as (
    select as_of from run_context
),

split as (
    select * from int_absence_rows_split_to_months
),

spells as (
    select * from int_absence_rows_merged_to_spells
),

contributed as (
    select * from int_employee_team_months_contributed
),

team_months as (
    select
        org.team_id,
        org.department_id,
        org.month,
        org.headcount,
        org.fte,
        datediff('day', org.month, least(last_day(org.month), run.as_of)) + 1
            as period_days
    from org
    cross join run
    where org.month <= run.as_of
),

sick as (
    select
        team_id,
        month,
        sum(weighted_days) as weighted_sick_days,
        sum(sick_days) as sick_days,
        count(distinct employee_ref) as n_absent
    from split
    group by team_id, month
),

started as (
    select
        start_team_id as team_id,
        cast(date_trunc('month', start_date) as date) as month,
        count(*) as spells_started
    from spells
    group by all
),

closed as (
    select
        team_id,
        month,
        sum(spells_closed) as spells_closed,
        sum(closed_days) as closed_days
    from contributed
    where spells_closed > 0
    group by team_id, month
),

final as (
    select
        team_months.team_id,
        team_months.department_id,
        team_months.month,
        team_months.headcount,
        team_months.fte,
        team_months.period_days,
        coalesce(sick.weighted_sick_days, 0) as weighted_sick_days,
        coalesce(sick.sick_days, 0) as sick_days,
        coalesce(sick.n_absent, 0) as n_absent,
        coalesce(started.spells_started, 0) as spells_started,
        coalesce(closed.spells_closed, 0) as spells_closed,
        coalesce(closed.closed_days, 0) as closed_days
    from team_months
    left join sick
        on team_months.team_id = sick.team_id
        and team_months.month = sick.month
    left join started
        on team_months.team_id = started.team_id
        and team_months.month = started.month
    left join closed
        on team_months.team_id = closed.team_id
        and team_months.month = closed.month
)

select * from final
