-- int_team_waves_mapped_to_units
-- grain: one row per team per wave per published unit that contains it;
-- key: (team_id, wave, unit_kind)
-- Units: the team itself, its pool '<department>:other' (when pooled), its department and
-- the organisation.

with counted as (
    select * from int_team_waves_counted
),

pooled as (
    select * from int_team_waves_pooled
),

final as (
    select
        team_id, wave, 'team' as unit_kind, team_id as unit_id, department_id
    from counted
    union all
    select
        counted.team_id,
        counted.wave,
        'pool' as unit_kind,
        pooled.pool_id as unit_id,
        counted.department_id
    from counted
    inner join pooled
        on counted.team_id = pooled.team_id
        and counted.wave = pooled.wave
    union all
    select
        team_id, wave, 'department' as unit_kind, department_id as unit_id,
        department_id
    from counted
    union all
    select
        team_id, wave, 'organisation' as unit_kind, 'organisation' as unit_id,
        cast(null as varchar) as department_id
    from counted
)

select * from final
