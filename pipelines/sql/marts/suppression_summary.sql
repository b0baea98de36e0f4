-- suppression_summary
-- grain: one row per source ('survey', 'absence') per period per department,
-- plus one
-- organisation row per source and period; key: (source, period, level, unit_id)
-- What is hidden and why, in counts of teams (team sizes are public in the org
-- structure, so
-- these counts reveal no small group). The organisation row counts departments
-- as well.

with survey as (
    select
        'survey' as source, wave as period, unit_kind, unit_id, department_id,
        visible, suppression_reason
    from int_survey_units_suppressed
),

absence as (
    select
        'absence' as source, month as period, unit_kind, unit_id, department_id,
        visible, suppression_reason
    from int_absence_units_suppressed
),

units as (
    select * from survey
    union all
    select * from absence
),

teams as (
    select * from units where unit_kind = 'team'
),

pools as (
    select source, period, department_id from units where unit_kind = 'pool'
),

pooled_teams as (
    select 'survey' as source, wave as period, team_id
    from int_team_waves_pooled
    union all
    select 'absence' as source, month as period, team_id
    from int_team_months_pooled
),

team_counts as (
    select
        teams.source,
        teams.period,
        teams.department_id,
        count(*) as teams_total,
        count(*) filter (where teams.visible) as teams_shown,
        count(pooled_teams.team_id) as teams_pooled,
        count(*) filter (
            where teams.suppression_reason = 'below_k'
        ) as teams_hidden_below_k,
        count(*) filter (
            where teams.suppression_reason = 'protected'
        ) as teams_hidden_protected
    from teams
    left join pooled_teams
        on teams.source = pooled_teams.source
        and teams.period = pooled_teams.period
        and teams.unit_id = pooled_teams.team_id
    group by teams.source, teams.period, teams.department_id
),

departments as (
    select * from units where unit_kind = 'department'
),

department_rows as (
    select
        departments.source,
        departments.period,
        'department' as level,
        departments.unit_id,
        departments.visible as unit_shown,
        departments.suppression_reason,
        cast(null as bigint) as departments_total,
        cast(null as bigint) as departments_shown,
        team_counts.teams_total,
        team_counts.teams_shown,
        team_counts.teams_pooled,
        team_counts.teams_hidden_below_k,
        team_counts.teams_hidden_protected,
        pools.department_id is not null as pool_shown
    from departments
    inner join team_counts
        on departments.source = team_counts.source
        and departments.period = team_counts.period
        and departments.unit_id = team_counts.department_id
    left join pools
        on departments.source = pools.source
        and departments.period = pools.period
        and departments.unit_id = pools.department_id
),

organisation_rows as (
    select
        org.source,
        org.period,
        'organisation' as level,
        org.unit_id,
        org.visible as unit_shown,
        org.suppression_reason,
        (
            select count(*) from departments as d
            where d.source = org.source and d.period = org.period
        ) as departments_total,
        (
            select count(*) from departments as d
            where d.source = org.source and d.period = org.period and d.visible
        ) as departments_shown,
        sum(team_counts.teams_total) as teams_total,
        sum(team_counts.teams_shown) as teams_shown,
        sum(team_counts.teams_pooled) as teams_pooled,
        sum(team_counts.teams_hidden_below_k) as teams_hidden_below_k,
        sum(team_counts.teams_hidden_protected) as teams_hidden_protected,
        (
            select count(*) > 0 from pools as p
            where p.source = org.source and p.period = org.period
        ) as pool_shown
    from units as org
    inner join team_counts
        on org.source = team_counts.source
        and org.period = team_counts.period
    where org.unit_kind = 'organisation'
    group by all
),

final as (
    select * from department_rows
    union all
    select * from organisation_rows
)

select * from final
