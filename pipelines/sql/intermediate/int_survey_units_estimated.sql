-- int_survey_units_estimated
-- grain: one row per visible unit per wave per measure;
-- key: (unit_kind, unit_id, wave, measure_kind, measure)
-- Mean, interval with finite population correction, empirical-Bayes shrinkage
-- (teams and
-- pools, towards their published department mean) and the change since the
-- previous wave.
-- Hidden units have no row: every input of a published figure is itself
-- published.

with aggregated as (
    select * from int_survey_units_aggregated
),

counted as (
    select * from int_survey_units_counted
),

suppressed as (
    select * from int_survey_units_suppressed
),

measures as (
    select * from int_measures_defined
),

waves as (
    select * from int_waves_ordered
),

p as (
    select * from int_params_pivoted
),

visible as (
    select
        aggregated.*,
        counted.department_id,
        counted.headcount,
        suppressed.members_key,
        waves.wave_no,
        measures.lo,
        measures.hi
    from aggregated
    inner join suppressed
        on aggregated.unit_kind = suppressed.unit_kind
        and aggregated.unit_id = suppressed.unit_id
        and aggregated.wave = suppressed.wave
    inner join counted
        on aggregated.unit_kind = counted.unit_kind
        and aggregated.unit_id = counted.unit_id
        and aggregated.wave = counted.wave
    inner join measures
        on aggregated.measure_kind = measures.measure_kind
        and aggregated.measure = measures.measure
    inner join waves on aggregated.wave = waves.wave
    where suppressed.visible and aggregated.n > 0
),

described as (
    select
        *,
        sum_score / n as mean,
        case
            when n > 1
                then sqrt(greatest(
                    0, (sum_sq - sum_score * sum_score / n) / (n - 1)
                ))
        end as sd,
        -- Finite population correction; n >= headcount signals a data problem,
        -- not
        -- certainty, so no correction is applied there (domain.md §6).
        case when n < headcount then sqrt(1 - n / headcount) else 1.0 end as fpc
    from visible
),

with_se as (
    select
        *,
        sd / sqrt(n) * fpc as se
    from described
),

team_spread as (
    select
        wave,
        measure_kind,
        measure,
        sum(sum_sq - sum_score * sum_score / n)
        / nullif(sum(n - 1), 0) as sigma2,
        var_samp(mean) as var_means
    from with_se
    where unit_kind = 'team'
    group by wave, measure_kind, measure
),

between_teams as (
    select
        team_spread.wave,
        team_spread.measure_kind,
        team_spread.measure,
        any_value(team_spread.sigma2) as sigma2,
        greatest(
            0,
            any_value(team_spread.var_means)
            - avg(team_spread.sigma2 / with_se.n)
        ) as tau2
    from team_spread
    inner join with_se
        on team_spread.wave = with_se.wave
        and team_spread.measure_kind = with_se.measure_kind
        and team_spread.measure = with_se.measure
        and with_se.unit_kind = 'team'
    group by team_spread.wave, team_spread.measure_kind, team_spread.measure
),

targets as (
    select
        wave,
        unit_id as department_id,
        measure_kind,
        measure,
        mean as target
    from with_se
    where unit_kind = 'department'
),

weighted as (
    select
        with_se.*,
        targets.target as shrinkage_target,
        case
            when with_se.unit_kind not in ('team', 'pool') then null
            when p.shrinkage_on = 0 or targets.target is null then 0.0
            when between_teams.tau2 is null then 0.0
            when between_teams.sigma2 is null then 0.0
            when between_teams.sigma2 / with_se.n + between_teams.tau2 = 0
                then 0.0
            else (between_teams.sigma2 / with_se.n)
                / (between_teams.sigma2 / with_se.n + between_teams.tau2)
        end as shrinkage_weight
    from with_se
    cross join p
    left join between_teams
        on with_se.wave = between_teams.wave
        and with_se.measure_kind = between_teams.measure_kind
        and with_se.measure = between_teams.measure
    left join targets
        on with_se.wave = targets.wave
        and with_se.department_id = targets.department_id
        and with_se.measure_kind = targets.measure_kind
        and with_se.measure = targets.measure
),

estimated as (
    select
        weighted.*,
        greatest(lo, mean - p.survey_z * se) as ci_low,
        least(hi, mean + p.survey_z * se) as ci_high,
        case
            when shrinkage_weight is null then null
            else shrinkage_weight * coalesce(shrinkage_target, mean)
                + (1 - shrinkage_weight) * mean
        end as shrunk
    from weighted
    cross join p
),

final as (
    select
        cur.unit_kind,
        cur.unit_id,
        cur.department_id,
        cur.wave,
        cur.wave_no,
        cur.measure_kind,
        cur.measure,
        cur.headcount,
        cur.n,
        cur.mean,
        cur.sd,
        cur.se,
        cur.ci_low,
        cur.ci_high,
        cur.shrunk,
        cur.shrinkage_weight,
        cur.n_normal,
        cur.n_at_risk,
        cur.n_very_high,
        cur.n_banded,
        cur.mean - prev.mean as change,
        sqrt(cur.se * cur.se + prev.se * prev.se) as change_se,
        abs(cur.mean - prev.mean)
        > p.survey_z * sqrt(cur.se * cur.se + prev.se * prev.se)
            as change_credible
    from estimated as cur
    cross join p
    left join estimated as prev
        on cur.unit_kind = prev.unit_kind
        and cur.unit_id = prev.unit_id
        and cur.measure_kind = prev.measure_kind
        and cur.measure = prev.measure
        and cur.wave_no = prev.wave_no + 1
        -- a pool's trend only while it pools the same teams
        and (cur.unit_kind <> 'pool' or cur.members_key = prev.members_key)
)

select * from final
