-- int_survey_units_pivoted
-- grain: one row per unit per wave (all units, hidden ones with null figures);
-- key: (unit_kind, unit_id, wave)
-- Headline measures side by side; figures only where the unit is visible.

with units as (
    select * from int_survey_units_suppressed
),

counted as (
    select * from int_survey_units_counted
),

estimated as (
    select * from int_survey_units_estimated
    where measure_kind = 'headline'
),

pooled as (
    select * from int_team_waves_pooled
),

headline as (
    select
        unit_kind,
        unit_id,
        wave,
        max(mean) filter (where measure = 'stressor')
            as stressor,
        max(ci_low) filter (where measure = 'stressor')
            as stressor_ci_low,
        max(ci_high) filter (where measure = 'stressor')
            as stressor_ci_high,
        max(shrunk) filter (where measure = 'stressor')
            as stressor_shrunk,
        max(change) filter (where measure = 'stressor')
            as stressor_change,
        max(change_se) filter (where measure = 'stressor')
            as stressor_change_se,
        max(change_credible) filter (where measure = 'stressor')
            as stressor_change_credible,
        max(mean) filter (where measure = 'recovery')
            as recovery,
        max(ci_low) filter (where measure = 'recovery')
            as recovery_ci_low,
        max(ci_high) filter (where measure = 'recovery')
            as recovery_ci_high,
        max(shrunk) filter (where measure = 'recovery')
            as recovery_shrunk,
        max(change) filter (where measure = 'recovery')
            as recovery_change,
        max(change_se) filter (where measure = 'recovery')
            as recovery_change_se,
        max(change_credible) filter (where measure = 'recovery')
            as recovery_change_credible,
        max(mean) filter (where measure = 'strain')
            as strain,
        max(ci_low) filter (where measure = 'strain')
            as strain_ci_low,
        max(ci_high) filter (where measure = 'strain')
            as strain_ci_high,
        max(shrunk) filter (where measure = 'strain')
            as strain_shrunk,
        max(change) filter (where measure = 'strain')
            as strain_change,
        max(change_se) filter (where measure = 'strain')
            as strain_change_se,
        max(change_credible) filter (where measure = 'strain')
            as strain_change_credible,
        max(mean) filter (where measure = 'balance')
            as balance,
        max(ci_low) filter (where measure = 'balance')
            as balance_ci_low,
        max(ci_high) filter (where measure = 'balance')
            as balance_ci_high,
        max(shrunk) filter (where measure = 'balance')
            as balance_shrunk,
        max(change) filter (where measure = 'balance')
            as balance_change,
        max(change_se) filter (where measure = 'balance')
            as balance_change_se,
        max(change_credible) filter (where measure = 'balance')
            as balance_change_credible
    from estimated
    group by unit_kind, unit_id, wave
),

final as (
    select
        units.unit_kind,
        units.unit_id,
        units.department_id,
        units.wave,
        counted.headcount,
        case when units.visible then counted.n_responses end as n_responses,
        case
            when units.visible and counted.headcount > 0
                then counted.n_responses / counted.headcount
        end as response_rate,
        case when units.unit_kind = 'pool' then units.member_teams end
            as member_teams,
        pooled.pool_id as pooled_into,
        headline.* exclude (unit_kind, unit_id, wave),
        not units.visible as suppressed,
        units.suppression_reason
    from units
    inner join counted
        on units.unit_kind = counted.unit_kind
        and units.unit_id = counted.unit_id
        and units.wave = counted.wave
    left join headline
        on units.unit_kind = headline.unit_kind
        and units.unit_id = headline.unit_id
        and units.wave = headline.wave
    left join pooled
        on units.unit_kind = 'team'
        and units.unit_id = pooled.team_id
        and units.wave = pooled.wave
)

select * from final
