-- int_measures_defined
-- grain: one row per measure; key: (measure_kind, measure)
-- Headline measures (stressor, recovery, strain, balance) exist when the
-- instrument has
-- the blocks they need; every scale is a measure of kind 'scale'. lo/hi: range
-- in points.

with scales as (
    select * from instrument_scales
),

blocks as (
    select
        bool_or(block = 'demands') as has_demands,
        bool_or(block in ('resources', 'recovery')) as has_capacity,
        bool_or(block = 'strain') as has_strain
    from scales
),

headline as (
    select 'headline' as measure_kind, 'stressor' as measure, 0.0 as lo,
        100.0 as hi, null::double as cutoff_at_risk,
        null::double as cutoff_very_high, 1 as sort_order
    from blocks where has_demands
    union all
    select 'headline', 'recovery', 0.0, 100.0, null, null, 2
    from blocks where has_capacity
    union all
    select 'headline', 'strain', 0.0, 100.0, null, null, 3
    from blocks where has_strain
    union all
    select 'headline', 'balance', -100.0, 100.0, null, null, 4
    from blocks where has_demands and has_capacity
),

scale_measures as (
    select
        'scale' as measure_kind,
        scale_id as measure,
        0.0 as lo,
        100.0 as hi,
        cutoff_at_risk,
        cutoff_very_high,
        10 + row_number() over (order by scale_id) as sort_order
    from scales
),

final as (
    select * from headline
    union all
    select * from scale_measures
)

select * from final
