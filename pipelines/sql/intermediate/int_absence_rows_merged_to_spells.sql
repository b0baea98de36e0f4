-- int_absence_rows_merged_to_spells
-- grain: one row per sickness spell; key: (employee_ref, spell_no)
-- Person-level: stays in the working database.
-- Rows of one employee where the next starts the day after the previous ends
-- are one spell
-- (e.g. 100 % -> 50 %); a later start after a gap is a new spell (relapse). A
-- spell starts in
-- the team of its first row and closes in the team of its last row.

with clipped as (
    select * from int_absence_rows_clipped
),

flagged as (
    select
        *,
        case
            when lag(end_date) over by_employee is not null
                and start_date = lag(end_date) over by_employee + 1
                then 0
            else 1
        end as starts_spell
    from clipped
    window by_employee as (partition by employee_ref order by start_date)
),

numbered as (
    select
        *,
        sum(starts_spell) over (
            partition by employee_ref order by start_date
            rows between unbounded preceding and current row
        ) as spell_no
    from flagged
),

final as (
    select
        employee_ref,
        spell_no,
        min(start_date) as start_date,
        case when bool_or(ongoing) then null else max(end_date) end as end_date,
        max(effective_end) as effective_end,
        bool_or(ongoing) as ongoing,
        arg_min(team_id, start_date) as start_team_id,
        arg_max(team_id, start_date) as end_team_id,
        datediff('day', min(start_date), max(effective_end)) + 1
            as duration_days
    from numbered
    group by employee_ref, spell_no
)

select * from final
