-- org_month_absence_bands
-- grain: one row per month per duration band; key: (month, band_no)
-- Spells closed in the month per duration band
-- (absence.duration_band_upper_days, default
-- Vernet); null where the organisation's month is suppressed.

with masked as (
    select * from int_absence_units_banded_masked
    where unit_kind in ('organisation')
),

final as (
    select
        * exclude (unit_id, unit_kind, suppressed),
        suppressed
    from masked
)

select * from final
