-- int_absence_rows_split_to_months
-- grain: one row per absence row per calendar month it overlaps;
-- key: (employee_ref, start_date, month)
-- Person-level: stays in the working database.
-- sick_days: calendar days of the row in the month; weighted_days: x part-time
-- x incapacity.

with clipped as (
    select * from int_absence_rows_clipped
),

expanded as (
    select
        *,
        cast(unnest(generate_series(
            date_trunc('month', start_date),
            date_trunc('month', effective_end),
            interval 1 month
        )) as date) as month
    from clipped
),

split as (
    select
        employee_ref,
        team_id,
        start_date,
        month,
        datediff(
            'day',
            greatest(start_date, month),
            least(effective_end, last_day(month))
        ) + 1 as sick_days,
        day_weight
    from expanded
),

final as (
    select
        *,
        sick_days * day_weight as weighted_days
    from split
)

select * from final
