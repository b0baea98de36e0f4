-- int_team_months_mapped_to_units
-- grain: one row per team per month per published unit that contains it;
-- key: (team_id, month, unit_kind)
-- Units: the team, its pool '<department>:other' (when pooled), its department and the
-- organisation.

with cells as (
    select * from int_team_months_absence_aggregated
),

pooled as (
    select * from int_team_months_pooled
),

final as (
    select
        team_id, month, 'team' as unit_kind, team_id as unit_id, department_id
    from cells
    union all
    select
        cells.team_id,
        cells.month,
        'pool' as unit_kind,
        pooled.pool_id as unit_id,
        cells.department_id
    from cells
    inner join pooled
        on cells.team_id = pooled.team_id
        and cells.month = pooled.month
    union all
    select
        team_id, month, 'department' as unit_kind, department_id as unit_id,
        department_id
    from cells
    union all
    select
        team_id, month, 'organisation' as unit_kind, 'organisation' as unit_id,
        cast(null as varchar) as department_id
    from cells
)

select * from final
