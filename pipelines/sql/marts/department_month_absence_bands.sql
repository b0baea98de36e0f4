-- department_month_absence_bands
-- grain: one row per department per month per duration band; key:
-- (department_id, month, band_no)
-- Spells closed in the month per duration band
-- (absence.duration_band_upper_days, default
-- Vernet); null where the unit's month is suppressed.

with masked as (
    select * from int_absence_units_banded_masked
    where unit_kind in ('department')
),

final as (
    select
        unit_id as department_id,
        * exclude (unit_id, unit_kind, suppressed),
        suppressed
    from masked
)

select * from final
