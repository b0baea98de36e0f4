-- int_absence_units_measured
-- grain: one row per unit per month (hidden units with null figures);
-- key: (unit_kind, unit_id, month)
-- Dutch standard absence figures (domain.md §3):
--   absence_rate (verzuimpercentage) = sum(sick days x part-time x incapacity)
--       / (FTE x calendar days) x 100
-- notification_frequency (meldingsfrequentie) = spells started / headcount x
-- periods/year
--   mean_duration_days = mean length of spells closed in the month
--   zero_absence_share = share of the headcount without sick days in the month
-- Counts (notification_frequency) only where counts_visible: the month alone passes the
-- dominance rule on sick days (suppress_absence.py), so chaining the spells started over
-- months cannot show that one or two people supplied the month's days; counts_suppressed
-- marks a published month without them.
-- Details (zero_absence_share, mean_duration_days, spells_closed) only where
-- detail_visible: the month alone also passes the rule on the closed spells' days, so no
-- figure gives one person's days, and no spell's end is placed in a month where it is one
-- or two people's (chained with the spells started, that bounds its length);
-- detail_suppressed marks a published month without them.

with aggregated as (
    select * from int_absence_units_aggregated
),

units as (
    select * from int_absence_units_suppressed
),

pooled as (
    select * from int_team_months_pooled
),

p as (
    select * from int_params_pivoted
),

measured as (
    select
        aggregated.*,
        case
            when aggregated.fte > 0
                then aggregated.weighted_sick_days
                / (aggregated.fte * aggregated.period_days) * 100
        end as absence_rate,
        case
            when aggregated.headcount > 0
                then aggregated.spells_started / aggregated.headcount
                * p.periods_per_year
        end as notification_frequency,
        case
            when aggregated.spells_closed > 0
                then aggregated.closed_days / aggregated.spells_closed
        end as mean_duration_days,
        case
            when aggregated.headcount > 0
                then greatest(0, 1 - aggregated.n_absent / aggregated.headcount)
        end as zero_absence_share
    from aggregated
    cross join p
),

final as (
    select
        units.unit_kind,
        units.unit_id,
        units.department_id,
        units.month,
        measured.headcount,
        measured.fte,
        measured.period_days,
        case when units.visible then measured.absence_rate end as absence_rate,
        case
            when units.counts_visible then measured.notification_frequency
        end as notification_frequency,
        case when units.detail_visible then measured.mean_duration_days end
            as mean_duration_days,
        case when units.detail_visible then measured.zero_absence_share end
            as zero_absence_share,
        case when units.detail_visible then measured.spells_closed end
            as spells_closed,
        case when units.unit_kind = 'pool' then units.member_teams end
            as member_teams,
        pooled.pool_id as pooled_into,
        not units.visible as suppressed,
        units.suppression_reason,
        units.visible and not units.counts_visible as counts_suppressed,
        units.visible and not units.detail_visible as detail_suppressed
    from units
    inner join measured
        on units.unit_kind = measured.unit_kind
        and units.unit_id = measured.unit_id
        and units.month = measured.month
    left join pooled
        on units.unit_kind = 'team'
        and units.unit_id = pooled.team_id
        and units.month = pooled.month
)

select * from final
