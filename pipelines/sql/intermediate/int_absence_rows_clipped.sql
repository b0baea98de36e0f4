-- int_absence_rows_clipped
-- grain: one row per absence export row; key: (employee_ref, start_date)
-- Person-level: stays in the working database.
-- An open row (end_date null: still absent) counts up to the reference date;
-- day_weight is
-- part-time factor x incapacity fraction (domain.md §3).

with absence_rows as (
    select * from stg_absence_rows
),

run as (
    select as_of from run_context
),

final as (
    select
        absence_rows.employee_ref,
        absence_rows.team_id,
        absence_rows.start_date,
        absence_rows.end_date,
        least(coalesce(absence_rows.end_date, run.as_of), run.as_of)
            as effective_end,
        absence_rows.end_date is null as ongoing,
        absence_rows.fte,
        absence_rows.incapacity_pct,
        absence_rows.fte * absence_rows.incapacity_pct / 100.0 as day_weight
    from absence_rows
    cross join run
)

select * from final
