-- int_params_pivoted
-- grain: one row (the run's numeric parameters, one column each); key: none
-- (single row)
-- Every threshold the SQL models use is read from here, never written as a
-- literal.

with params_ as (
    select * from params
),

final as (
    select
        max(value) filter (
            where section = 'anonymity' and name = 'k_survey'
        ) as k_survey,
        max(value) filter (
            where section = 'anonymity' and name = 'k_absence'
        ) as k_absence,
        max(value) filter (
            where section = 'anonymity' and name = 'complement_min_groups'
        ) as complement_min_groups,
        max(value) filter (
            where section = 'survey' and name = 'z'
        ) as survey_z,
        max(value) filter (
            where section = 'survey' and name = 'shrinkage'
        ) as shrinkage_on,
        max(value) filter (
            where section = 'absence' and name = 'periods_per_year'
        ) as periods_per_year,
        max(value) filter (
            where section = 'absence' and name = 'n_bands'
        ) as n_bands
    from params_
)

select * from final
