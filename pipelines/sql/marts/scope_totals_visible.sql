-- scope_totals_visible
-- grain: one row per source ('survey', 'absence') per period per department;
-- key: (source, period, department_id)
-- Whether a viewer whose scope is this one department may see the organisation
-- total:
-- only when it and the department are published and what lies outside the
-- scope is at least anonymity.complement_min_groups departments with people in
-- them (a department without respondents is no group: with it, the rest could
-- be one department) and k people (k_survey respondents on every measure, or
-- k_absence headcount). For scopes of several departments use
-- pipelines.scoring.scope.org_total_visible on the published department
-- figures.

with n_measures as (
    select count(*) as n from int_measures_defined
),

survey_people as (
    -- respondents on every measure (the suppression's count): a department whose
    -- respondents all skipped one measure holds nobody on it
    select
        a.unit_kind, a.unit_id, a.wave,
        case
            when count(*) < any_value(n_measures.n) then 0 else min(a.n)
        end as people
    from int_survey_units_aggregated as a
    cross join n_measures
    where a.unit_kind in ('department', 'organisation')
    group by a.unit_kind, a.unit_id, a.wave
),

survey_units as (
    select
        'survey' as source, u.wave as period, u.unit_kind, u.unit_id,
        u.visible,
        coalesce(c.people, 0) as people
    from int_survey_units_suppressed as u
    left join survey_people as c
        on u.unit_kind = c.unit_kind
        and u.unit_id = c.unit_id
        and u.wave = c.wave
    where u.unit_kind in ('department', 'organisation')
),

absence_units as (
    select
        'absence' as source, u.month as period, u.unit_kind, u.unit_id,
        u.visible,
        a.headcount as people
    from int_absence_units_suppressed as u
    inner join int_absence_units_aggregated as a
        on u.unit_kind = a.unit_kind
        and u.unit_id = a.unit_id
        and u.month = a.month
    where u.unit_kind in ('department', 'organisation')
),

units as (
    select * from survey_units
    union all
    select * from absence_units
),

p as (
    select * from int_params_pivoted
),

org as (
    select source, period, visible, people from units
    where unit_kind = 'organisation'
),

departments as (
    select
        source,
        period,
        unit_id as department_id,
        visible,
        people,
        count(*) filter (where people > 0)
            over (partition by source, period) as n_with_people
    from units
    where unit_kind = 'department'
),

final as (
    select
        departments.source,
        departments.period,
        departments.department_id,
        org.visible
        and departments.visible
        and departments.n_with_people
        - case when departments.people > 0 then 1 else 0 end
        >= p.complement_min_groups
        and org.people - departments.people
        >= case
            when departments.source = 'survey' then p.k_survey
            else p.k_absence
        end as org_total_visible
    from departments
    inner join org
        on departments.source = org.source
        and departments.period = org.period
    cross join p
)

select * from final
