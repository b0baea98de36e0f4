-- int_duration_bands_defined
-- grain: one row per absence duration band; key: band_no
-- Bands come from absence.duration_band_upper_days_<i> in params; the last band
-- is open.

with params_ as (
    select * from params
),

uppers as (
    select
        cast(split_part(name, '_', 5) as integer) as band_no,
        cast(value as integer) as max_days
    from params_
    where section = 'absence' and name like 'duration_band_upper_days_%'
),

closed_bands as (
    select
        band_no,
        coalesce(
            lag(max_days) over (order by band_no) + 1, 1
        ) as min_days,
        max_days
    from uppers
),

open_band as (
    select
        max(band_no) + 1 as band_no,
        max(max_days) + 1 as min_days,
        cast(null as integer) as max_days
    from uppers
),

final as (
    select
        band_no,
        min_days,
        max_days,
        case
            when max_days is null then cast(min_days as varchar) || '+'
            else cast(min_days as varchar) || '-' || cast(max_days as varchar)
        end as band_label
    from (
        select * from closed_bands
        union all
        select * from open_band
    )
)

select * from final
