-- int_responses_scored_to_measures
-- grain: one row per response per measure it has a score on;
-- key: (response_id, wave, measure_kind, measure)
-- Person-level: stays in the working database.
-- Headline: stressor = mean of the respondent's demands scale scores; recovery
-- = mean of
-- their resources and recovery scale scores (the capacity); strain = mean of
-- strain scale
-- scores; balance = recovery - stressor (both needed). Scales as scored.

with scales as (
    select * from int_responses_scored_to_scales
),

blocks as (
    select
        response_id,
        wave,
        any_value(team_id) as team_id,
        avg(score) filter (where block = 'demands') as stressor,
        avg(score) filter (
            where block in ('resources', 'recovery')
        ) as recovery,
        avg(score) filter (where block = 'strain') as strain
    from scales
    group by response_id, wave
),

with_balance as (
    select
        *,
        recovery - stressor as balance
    from blocks
),

headline as (
    unpivot with_balance
    on stressor, recovery, strain, balance
    into name measure value score
),

final as (
    select
        team_id,
        response_id,
        wave,
        'headline' as measure_kind,
        measure,
        score,
        cast(null as varchar) as band
    from headline
    union all
    select
        team_id,
        response_id,
        wave,
        'scale' as measure_kind,
        scale_id as measure,
        score,
        band
    from scales
)

select * from final
