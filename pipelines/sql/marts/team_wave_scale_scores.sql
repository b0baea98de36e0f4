-- team_wave_scale_scores
-- grain: one row per team (or pooled '<department>:other' unit) per wave per
-- scale;
-- key: (team_id, wave, scale_id)
-- Scale score on 0-100 with interval and shrunk estimate; for scales with cut-
-- offs the share
-- of respondents per band (normal, at_risk, very_high) with Wilson intervals.

with scales as (
    select * from int_survey_unit_scales_described
    where unit_kind in ('team', 'pool')
),

final as (
    select
        unit_id as team_id,
        unit_kind,
        * exclude (unit_id, unit_kind)
    from scales
)

select * from final
