-- team_month_absence
-- grain: one row per team (or pooled '<department>:other' unit) per month up to
-- the
-- reference date; key: (team_id, month)
-- absence_rate (%), notification_frequency (annualised), mean_duration_days
-- (spells closed in
-- the month), zero_absence_share, spells_closed; null when suppressed
-- (headcount below
-- k_absence, dominance over the rolling window, or complementary protection).
-- notification_frequency also null where counts_suppressed (the month alone fails the
-- dominance rule on sick days), mean_duration_days, zero_absence_share and
-- spells_closed where detail_suppressed (see int_absence_units_measured).

with units as (
    select * from int_absence_units_measured
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
