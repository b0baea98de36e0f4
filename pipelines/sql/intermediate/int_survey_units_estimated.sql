-- int_survey_units_estimated
-- grain: one row per visible unit per wave per measure;
-- key: (unit_kind, unit_id, wave, measure_kind, measure)
-- Mean, interval with finite population correction, empirical-Bayes shrinkage
-- (teams and
-- pools, towards their published department mean) and the change since the
-- previous wave (a team's only in the same department, a pool's only with the
-- same members).
-- Hidden units have no row: every input of a published figure is itself
-- published.
-- The standard error is s / sqrt(n) x FPC (domain.md section 6) with s the
-- pooled within-team SD of the wave and measure over the wave's published
-- teams (sigma2), at least complement_min_groups of them, plus the variance
-- between published team means (tau2) for a unit of several teams; a wave
-- with fewer published teams uses the variance of a score spread evenly over
-- the measure's range, (hi - lo)^2 / 12. Never:
-- - a unit's own SD: with n and the mean it often fixes every score of a small
--   team, and a zero-width interval says that everyone gave the same answer;
-- - a pool with hidden teams in it: where the only team with two or more
--   respondents is hidden, every interval of the wave gives its SD back;
-- - a pool over other waves: with one published team in a wave, that pool
--   minus the other waves' pools is the team's own SD (privacy reviews, stop 15).

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
        -- Finite population correction; n >= headcount signals a data problem,
        -- not
        -- certainty, so no correction is applied there (domain.md §6).
        case when n < headcount then sqrt(1 - n / headcount) else 1.0 end as fpc
    from visible
),

pooled_per_wave as (
    -- published teams of the wave: one organisation-wide figure per wave
    select
        wave,
        measure_kind,
        measure,
        count(*) as n_teams,
        sum(sum_sq - sum_score * sum_score / n)
        / nullif(sum(n - 1), 0) as sigma2
    from described
    where unit_kind = 'team'
    group by wave, measure_kind, measure
),

within_teams as (
    select
        waves_measured.wave,
        waves_measured.measure_kind,
        waves_measured.measure,
        case
            when pooled_per_wave.n_teams >= p.complement_min_groups
                then pooled_per_wave.sigma2
            else (waves_measured.hi - waves_measured.lo) ^ 2 / 12
        end as sigma2
    from (
        select distinct wave, measure_kind, measure, lo, hi from described
    ) as waves_measured
    cross join p
    left join pooled_per_wave
        on waves_measured.wave = pooled_per_wave.wave
        and waves_measured.measure_kind = pooled_per_wave.measure_kind
        and waves_measured.measure = pooled_per_wave.measure
),

between_teams as (
    select
        within_teams.wave,
        within_teams.measure_kind,
        within_teams.measure,
        any_value(within_teams.sigma2) as sigma2,
        greatest(
            0,
            var_samp(described.mean)
            - avg(within_teams.sigma2 / described.n)
        ) as tau2
    from within_teams
    inner join described
        on within_teams.wave = described.wave
        and within_teams.measure_kind = described.measure_kind
        and within_teams.measure = described.measure
        and described.unit_kind = 'team'
    group by within_teams.wave, within_teams.measure_kind, within_teams.measure
),

with_se as (
    select
        described.*,
        sqrt(
            within_teams.sigma2
            + case
                when described.unit_kind = 'team' then 0
                else coalesce(between_teams.tau2, 0)
            end
        ) / sqrt(described.n) * described.fpc as se
    from described
    left join within_teams
        on described.wave = within_teams.wave
        and described.measure_kind = within_teams.measure_kind
        and described.measure = within_teams.measure
    left join between_teams
        on described.wave = between_teams.wave
        and described.measure_kind = between_teams.measure_kind
        and described.measure = between_teams.measure
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
        -- a pool's trend only while it pools the same teams, a team's only within one
        -- department (else the change carries the other department's figure)
        and (cur.unit_kind <> 'pool' or cur.members_key = prev.members_key)
        and cur.department_id = prev.department_id
)

select * from final
