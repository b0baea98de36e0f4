-- team_month_absence_bands
-- grain: one row per team (or pooled unit) per month per duration band; key:
-- (team_id, month, band_no)
-- Spells closed in the month per duration band
-- (absence.duration_band_upper_days, default
-- Vernet); null where the unit's month is suppressed.

with masked as (
    select * from int_absence_units_banded_masked
    where unit_kind in ('team', 'pool')
),

final as (
    select
        unit_id as team_id,
        unit_kind,
        * exclude (unit_id, unit_kind, suppressed),
        suppressed
    from masked
)

select * from final
