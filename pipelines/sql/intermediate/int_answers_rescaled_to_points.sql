-- int_answers_rescaled_to_points
-- grain: one row per response per answered item; key: (response_id, wave, item)
-- Person-level: stays in the working database.
-- Reversed items are mirrored (min + max - value); points = (x - min) / (max -
-- min) * 100.

with answers as (
    select * from stg_survey_answers
),

items as (
    select * from instrument_items
),

oriented as (
    select
        answers.response_id,
        answers.wave,
        answers.item,
        items.scale_id,
        items.block,
        items.min_value,
        items.max_value,
        case
            when items.reversed
                then items.min_value + items.max_value - answers.value
            else answers.value
        end as raw_value
    from answers
    inner join items on answers.item = items.item
),

final as (
    select
        *,
        (raw_value - min_value) * 100.0 / (max_value - min_value) as points
    from oriented
)

select * from final
