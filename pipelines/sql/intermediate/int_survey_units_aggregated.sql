-- int_survey_units_aggregated
-- grain: one row per unit per wave per measure; key: (unit_kind, unit_id, wave,
-- measure_kind, measure)
-- Exact pooled sufficient statistics over all respondents of the unit's teams
-- (never an
-- average of team averages).

with cells as (
    select * from int_team_waves_aggregated
),

mapping as (
    select * from int_team_waves_mapped_to_units
),

final as (
    select
        mapping.unit_kind,
        mapping.unit_id,
        cells.wave,
        cells.measure_kind,
        cells.measure,
        sum(cells.n) as n,
        sum(cells.sum_score) as sum_score,
        sum(cells.sum_sq) as sum_sq,
        sum(cells.n_normal) as n_normal,
        sum(cells.n_at_risk) as n_at_risk,
        sum(cells.n_very_high) as n_very_high,
        sum(cells.n_banded) as n_banded
    from cells
    inner join mapping
        on cells.team_id = mapping.team_id
        and cells.wave = mapping.wave
    group by
        mapping.unit_kind, mapping.unit_id, cells.wave,
        cells.measure_kind, cells.measure
)

select * from final
