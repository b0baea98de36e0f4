-- int_absence_units_banded
-- grain: one row per unit per month per duration band; key: (unit_kind,
-- unit_id, month,
-- band_no)
-- Spells closed in the month by their total length (days before the month
-- included).

with spells as (
    select * from int_absence_rows_merged_to_spells
    where end_date is not null
),

bands as (
    select * from int_duration_bands_defined
),

units as (
    select unit_kind, unit_id, month from int_absence_units_aggregated
),

mapping as (
    select * from int_team_months_mapped_to_units
),

closed as (
    select
        mapping.unit_kind,
        mapping.unit_id,
        mapping.month,
        bands.band_no,
        count(*) as spells_closed
    from spells
    inner join mapping
        on spells.end_team_id = mapping.team_id
        and cast(date_trunc('month', spells.end_date) as date) = mapping.month
    inner join bands
        on spells.duration_days >= bands.min_days
        and (bands.max_days is null or spells.duration_days <= bands.max_days)
    group by all
),

final as (
    select
        units.unit_kind,
        units.unit_id,
        units.month,
        bands.band_no,
        bands.band_label,
        bands.min_days,
        bands.max_days,
        coalesce(closed.spells_closed, 0) as spells_closed
    from units
    cross join bands
    left join closed
        on units.unit_kind = closed.unit_kind
        and units.unit_id = closed.unit_id
        and units.month = closed.month
        and bands.band_no = closed.band_no
)

select * from final
