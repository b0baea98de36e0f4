-- Staging tables of the working database (person-level; never published).
-- Filled by pipelines/store.py from validated rows; see docs/working-
-- database.md.

-- grain: one row per team per month; key (team_id, month)
create table stg_org_months (
    team_id varchar not null,
    team_name varchar not null,
    department_id varchar not null,
    department_name varchar not null,
    month date not null,
    headcount integer not null,
    fte double not null,
    source_file varchar not null,
    source_line bigint not null
);

-- grain: one row per response; key (response_id, wave)
create table stg_survey_responses (
    response_id varchar not null,
    team_id varchar not null,
    wave date not null,
    source_file varchar not null,
    source_line bigint not null
);

-- grain: one row per response per answered item; key (response_id, wave, item)
create table stg_survey_answers (
    response_id varchar not null,
    wave date not null,
    item varchar not null,
    value integer not null
);

-- grain: one row per absence export row; key (source_file, source_line)
create table stg_absence_rows (
    employee_ref varchar not null,
    team_id varchar not null,
    start_date date not null,
    end_date date,
    incapacity_pct double not null,
    fte double not null,
    source_file varchar not null,
    source_line bigint not null
);
