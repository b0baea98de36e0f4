-- department_month_absence
-- grain: one row per department per month; key: (department_id, month)
-- Computed from the underlying spells of every team in the department.

with units as (
    select * from int_absence_units_measured
    where unit_kind = 'department'
),

final as (
    select
        unit_id as department_id,
        * exclude (unit_id, unit_kind, department_id, member_teams, pooled_into)
    from units
)

select * from final
