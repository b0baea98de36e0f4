-- department_month_absence_bands
-- grain: one row per department per month per duration band; key:
-- (department_id, month, band_no)
-- Spells closed in the month per duration band
-- (absence.duration_band_upper_days, default
-- Vernet); null where the unit's month is suppressed.

with banded as (
    select * from int_absence_units_banded
),

units as (
    select unit_kind, unit_id, month, suppressed from int_absence_units_measured
    where unit_kind in ('department')
),

joined as (
    select
        units.unit_kind,
        units.unit_id,
        units.month,
        banded.band_no,
        banded.band_label,
        banded.min_days,
        banded.max_days,
        case when not units.suppressed then banded.spells_closed end
            as spells_closed,
        units.suppressed
    from units
    inner join banded
        on units.unit_kind = banded.unit_kind
        and units.unit_id = banded.unit_id
        and units.month = banded.month
),

final as (
    select
        unit_id as department_id,
        * exclude (unit_id, unit_kind, suppressed),
        suppressed
    from joined
)

select * from final
