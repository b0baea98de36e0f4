-- int_team_waves_counted
-- grain: one row per team per survey wave (every team in the org file for the
-- wave's
-- month, with or without responses); key: (team_id, wave)

with org as (
    select * from stg_org_months
),

responses as (
    select * from stg_survey_responses
),

waves as (
    select distinct wave from responses
),

team_waves as (
    select
        org.team_id,
        org.department_id,
        waves.wave,
        org.headcount
    from waves
    inner join org
        on org.month = cast(date_trunc('month', waves.wave) as date)
),

counted as (
    select team_id, wave, count(*) as n_responses
    from responses
    group by team_id, wave
),

final as (
    select
        team_waves.team_id,
        team_waves.department_id,
        team_waves.wave,
        team_waves.headcount,
        coalesce(counted.n_responses, 0) as n_responses
    from team_waves
    left join counted
        on team_waves.team_id = counted.team_id
        and team_waves.wave = counted.wave
)

select * from final
