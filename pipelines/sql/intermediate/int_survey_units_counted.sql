-- int_survey_units_counted
-- grain: one row per unit per wave; key: (unit_kind, unit_id, wave)
-- Headcount (org file, wave's month) and responses summed over the unit's
-- teams.

with counted as (
    select * from int_team_waves_counted
),

mapping as (
    select * from int_team_waves_mapped_to_units
),

final as (
    select
        mapping.unit_kind,
        mapping.unit_id,
        any_value(mapping.department_id) as department_id,
        mapping.wave,
        count(*) as n_teams,
        sum(counted.headcount) as headcount,
        sum(counted.n_responses) as n_responses
    from mapping
    inner join counted
        on mapping.team_id = counted.team_id
        and mapping.wave = counted.wave
    group by mapping.unit_kind, mapping.unit_id, mapping.wave
)

select * from final
