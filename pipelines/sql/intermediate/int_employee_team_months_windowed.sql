-- int_employee_team_months_windowed
-- grain: one row per team per month per employee with sick days in the rolling
-- window
-- ending at that month; key: (team_id, month, employee_ref)
-- Person-level: stays in the working database. Input to the dominance rule:
-- each employee's
-- weighted sick days in the team over anonymity.dominance_window_months months.

with contributed as (
    select * from int_employee_team_months_contributed
),

params_ as (
    select * from params
),

window_size as (
    select cast(value as integer) as months
    from params_
    where section = 'anonymity' and name = 'dominance_window_months'
),

team_months as (
    select team_id, month from int_team_months_absence_aggregated
),

contributions as (
    select team_id, month, employee_ref, weighted_days
    from contributed
    where weighted_days > 0
),

shifted as (
    select
        contributions.team_id,
        cast(
            contributions.month + to_months(cast(offsets.k as integer)) as date
        ) as month,
        contributions.employee_ref,
        contributions.weighted_days
    from contributions
    cross join window_size
    cross join lateral (
        select unnest(range(window_size.months)) as k
    ) as offsets
),

final as (
    select
        shifted.team_id,
        shifted.month,
        shifted.employee_ref,
        sum(shifted.weighted_days) as window_days
    from shifted
    inner join team_months
        on shifted.team_id = team_months.team_id
        and shifted.month = team_months.month
    group by shifted.team_id, shifted.month, shifted.employee_ref
)

select * from final
