-- int_responses_scored_to_scales
-- grain: one row per response per scale with at least one answered item;
-- key: (response_id, wave, scale_id)
-- Person-level: stays in the working database.
-- A scale score is the mean of the answered items after reversal (points 0-100
-- and raw
-- units); band compares the raw mean with the scale's cut-offs (a score >= cut-
-- off is in it).

with points as (
    select * from int_answers_rescaled_to_points
),

responses as (
    select response_id, wave, team_id from stg_survey_responses
),

scales as (
    select * from instrument_scales
),

scored as (
    select
        response_id,
        wave,
        scale_id,
        any_value(block) as block,
        count(*) as n_items_answered,
        avg(points) as score,
        avg(raw_value) as raw_score
    from points
    group by response_id, wave, scale_id
),

final as (
    select
        responses.team_id,
        scored.response_id,
        scored.wave,
        scored.scale_id,
        scored.block,
        scored.n_items_answered,
        scored.score,
        scored.raw_score,
        case
            when scales.cutoff_at_risk is null
                and scales.cutoff_very_high is null then null
            when scored.raw_score >= scales.cutoff_very_high then 'very_high'
            when scored.raw_score >= scales.cutoff_at_risk then 'at_risk'
            else 'normal'
        end as band
    from scored
    inner join responses
        on scored.response_id = responses.response_id
        and scored.wave = responses.wave
    inner join scales on scored.scale_id = scales.scale_id
)

select * from final
