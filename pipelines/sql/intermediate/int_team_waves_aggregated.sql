-- int_team_waves_aggregated
-- grain: one row per team per wave per measure with at least one score;
-- key: (team_id, wave, measure_kind, measure)
-- Sufficient statistics (n, sum, sum of squares, band counts) so that every
-- parent figure
-- is the exact pooled figure over the underlying respondents.

with scores as (
    select * from int_responses_scored_to_measures
),

final as (
    select
        team_id,
        wave,
        measure_kind,
        measure,
        count(*) as n,
        sum(score) as sum_score,
        sum(score * score) as sum_sq,
        count(*) filter (where band = 'normal') as n_normal,
        count(*) filter (where band = 'at_risk') as n_at_risk,
        count(*) filter (where band = 'very_high') as n_very_high,
        count(band) as n_banded
    from scores
    group by team_id, wave, measure_kind, measure
)

select * from final
