-- int_survey_unit_scales_described
-- grain: one row per unit per wave per scale (hidden units with null figures);
-- key: (unit_kind, unit_id, wave, scale_id)
-- Scale scores with interval and shrunk estimate, and for scales with cut-offs
-- the share of
-- respondents per band with a Wilson interval (withheld where the distribution
-- would show
-- that every member is at risk: int_survey_distributions_suppressed).

with units as (
    select * from int_survey_units_suppressed
),

scales as (
    select measure as scale_id, sort_order from int_measures_defined
    where measure_kind = 'scale'
),

estimated as (
    select * from int_survey_units_estimated
    where measure_kind = 'scale'
),

distributions as (
    select * from int_survey_distributions_suppressed
),

p as (
    select * from int_params_pivoted
),

band_counts as (
    select
        unit_kind, unit_id, wave, measure as scale_id, n_banded,
        n_normal, n_at_risk, n_very_high
    from estimated
    where n_banded > 0
),

bands_long as (
    unpivot band_counts
    on n_normal, n_at_risk, n_very_high
    into name band value x
),

wilson as (
    select
        bands_long.*,
        x / n_banded as share,
        (x / n_banded + p.survey_z * p.survey_z / (2 * n_banded))
        / (1 + p.survey_z * p.survey_z / n_banded) as centre,
        p.survey_z * sqrt(
            (x / n_banded) * (1 - x / n_banded) / n_banded
            + p.survey_z * p.survey_z / (4 * n_banded * n_banded)
        ) / (1 + p.survey_z * p.survey_z / n_banded) as half_width
    from bands_long
    cross join p
),

shares as (
    select
        unit_kind,
        unit_id,
        wave,
        scale_id,
        max(share) filter (where band = 'n_normal') as share_normal,
        max(greatest(0, centre - half_width)) filter (where band = 'n_normal')
            as share_normal_low,
        max(least(1, centre + half_width)) filter (where band = 'n_normal')
            as share_normal_high,
        max(share) filter (where band = 'n_at_risk') as share_at_risk,
        max(greatest(0, centre - half_width)) filter (where band = 'n_at_risk')
            as share_at_risk_low,
        max(least(1, centre + half_width)) filter (where band = 'n_at_risk')
            as share_at_risk_high,
        max(share) filter (where band = 'n_very_high') as share_very_high,
        max(greatest(0, centre - half_width))
            filter (where band = 'n_very_high') as share_very_high_low,
        max(least(1, centre + half_width)) filter (where band = 'n_very_high')
            as share_very_high_high
    from wilson
    group by unit_kind, unit_id, wave, scale_id
),

visible_shares as (
    select shares.*
    from shares
    inner join distributions
        on shares.unit_kind = distributions.unit_kind
        and shares.unit_id = distributions.unit_id
        and shares.wave = distributions.wave
        and shares.scale_id = distributions.scale_id
    where distributions.distribution_visible
),

final as (
    select
        units.unit_kind,
        units.unit_id,
        units.department_id,
        units.wave,
        scales.scale_id,
        estimated.n,
        estimated.mean,
        estimated.ci_low,
        estimated.ci_high,
        estimated.shrunk,
        estimated.change,
        estimated.change_se,
        estimated.change_credible,
        visible_shares.share_normal,
        visible_shares.share_normal_low,
        visible_shares.share_normal_high,
        visible_shares.share_at_risk,
        visible_shares.share_at_risk_low,
        visible_shares.share_at_risk_high,
        visible_shares.share_very_high,
        visible_shares.share_very_high_low,
        visible_shares.share_very_high_high,
        units.visible and shares.scale_id is not null
        and visible_shares.scale_id is null as distribution_suppressed,
        not units.visible as suppressed,
        units.suppression_reason
    from units
    cross join scales
    left join estimated
        on units.unit_kind = estimated.unit_kind
        and units.unit_id = estimated.unit_id
        and units.wave = estimated.wave
        and scales.scale_id = estimated.measure
    left join shares
        on units.unit_kind = shares.unit_kind
        and units.unit_id = shares.unit_id
        and units.wave = shares.wave
        and scales.scale_id = shares.scale_id
    left join visible_shares
        on units.unit_kind = visible_shares.unit_kind
        and units.unit_id = visible_shares.unit_id
        and units.wave = visible_shares.wave
        and scales.scale_id = visible_shares.scale_id
)

select * from final
