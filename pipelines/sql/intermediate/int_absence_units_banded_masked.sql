-- int_absence_units_banded_masked
-- grain: one row per unit (team, pool, department, organisation) per month per duration
-- band; key: (unit_kind, unit_id, month, band_no)
-- Spells closed in the month per duration band, null where the unit's month is suppressed
-- or its details are (detail_suppressed, within counts_suppressed: see
-- int_absence_units_measured). The bands follow the details, not the counts: where the
-- closed spells' days are one or two people's, the mean duration is withheld because it
-- is a spell's length, and a band count of one would give that spell's length class.
-- The *_month_absence_bands marts select one level each from this model.

with banded as (
    select * from int_absence_units_banded
),

units as (
    select unit_kind, unit_id, month, suppressed, counts_suppressed, detail_suppressed
    from int_absence_units_measured
),

final as (
    select
        units.unit_kind,
        units.unit_id,
        units.month,
        banded.band_no,
        banded.band_label,
        banded.min_days,
        banded.max_days,
        case
            when not units.suppressed and not units.detail_suppressed
                then banded.spells_closed
        end as spells_closed,
        units.suppressed,
        units.counts_suppressed,
        units.detail_suppressed
    from units
    inner join banded
        on units.unit_kind = banded.unit_kind
        and units.unit_id = banded.unit_id
        and units.month = banded.month
)

select * from final
