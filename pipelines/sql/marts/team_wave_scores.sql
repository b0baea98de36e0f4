-- team_wave_scores
-- grain: one row per team (or pooled '<department>:other' unit) per survey
-- wave;
-- key: (team_id, wave)
-- Headline scores on 0-100 (stressor = demands block; recovery = resources and
-- recovery
-- blocks; strain; balance = recovery - stressor), each with its interval
-- (finite population
-- correction), shrunk estimate (towards the published department mean) and
-- change since the
-- previous wave. Hidden units: every figure and count null, suppressed = true.

with units as (
    select * from int_survey_units_pivoted
    where unit_kind in ('team', 'pool')
),

final as (
    select
        unit_id as team_id,
        unit_kind,
        * exclude (unit_id, unit_kind)
    from units
)

select * from final
