-- int_waves_ordered
-- grain: one row per survey wave; key: wave
-- wave_no orders the organisation's waves; the previous wave of any unit is
-- wave_no - 1.

with responses as (
    select * from stg_survey_responses
),

waves as (
    select distinct wave from responses
),

final as (
    select
        wave,
        cast(date_trunc('month', wave) as date) as wave_month,
        row_number() over (order by wave) as wave_no
    from waves
)

select * from final
