-- suppressed_cells
-- grain: one row per source ('survey', 'absence'), period (wave or month), unit
-- (team, pool, department, organisation) and figure that this build withholds;
-- key: (source, period, unit_kind, unit_id, figure)
-- figure: 'figures' (the unit is hidden), 'counts' (absence: spells started and
-- closed withheld), 'details' (absence: zero-absence share and mean duration
-- withheld), 'bands:<scale_id>' (survey: the band distribution of a scale
-- withheld). Only the widest applies: a hidden unit has its 'figures' row only.
-- Every fact here is also in the marts' suppression flags. The next build reads
-- this table from the published database and keeps these cells hidden
-- (suppression memory, pipelines/scoring/suppression_memory.py).

with survey_units as (
    select * from int_survey_units_suppressed
),

survey_distributions as (
    select * from int_survey_distributions_suppressed
),

absence_units as (
    select * from int_absence_units_suppressed
),

survey_hidden as (
    select
        'survey' as source, wave as period, unit_kind, unit_id,
        'figures' as figure
    from survey_units
    where not visible
),

bands_hidden as (
    select
        'survey' as source, d.wave as period, d.unit_kind, d.unit_id,
        'bands:' || d.scale_id as figure
    from survey_distributions as d
    inner join survey_units as u
        on d.wave = u.wave
        and d.unit_kind = u.unit_kind
        and d.unit_id = u.unit_id
    where u.visible and not d.distribution_visible
),

absence_hidden as (
    select
        'absence' as source, month as period, unit_kind, unit_id,
        case
            when not visible then 'figures'
            when not counts_visible then 'counts'
            else 'details'
        end as figure
    from absence_units
    where not (visible and counts_visible and detail_visible)
        and not (unit_kind = 'pool' and visible and counts_visible)
),

final as (
    select * from survey_hidden
    union all
    select * from bands_hidden
    union all
    select * from absence_hidden
)

select * from final
