"""All interface text of the dashboard, in Dutch and English, in one table.

``t(key, lang)`` returns the text for a key; ``{name}`` placeholders are filled from keyword
arguments. A test fails when a key lacks a language, and another scans ``dashboard/`` for
``t(<key>)`` calls whose key is not in the table.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"
MONTH_NAMES: dict[str, list[str]] = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- app frame
    "app.language": {"nl": "Taal", "en": "Language"},
    "app.signed_in_as": {"nl": "Ingelogd als **{user}** ({role})",
                         "en": "Signed in as **{user}** ({role})"},
    "app.scope": {"nl": "Afdeling(en): {departments}", "en": "Department(s): {departments}"},
    "nav.overview": {"nl": "Overzicht", "en": "Overview"},
    "nav.department_team": {"nl": "Afdeling en team", "en": "Department and team"},
    "nav.absence": {"nl": "Verzuim", "en": "Absence"},
    "nav.data_quality": {"nl": "Data en kwaliteit", "en": "Data and quality"},
    "nav.method": {"nl": "Methode", "en": "Method"},
    "role.hr": {"nl": "HR", "en": "HR"},
    "role.manager": {"nl": "leidinggevende", "en": "manager"},
    "role.consultant": {"nl": "adviseur", "en": "consultant"},
    # ---------------------------------------------------------------- login
    "login.title": {"nl": "Inloggen", "en": "Sign in"},
    "login.intro": {
        "nl": "Draagkracht laat per team zien hoe draaglast en herstel zich ontwikkelen. "
              "Log in om de cijfers voor jouw rol te zien.",
        "en": "Draagkracht shows per team how load and recovery develop. "
              "Sign in to see the figures for your role.",
    },
    "login.username": {"nl": "Gebruikersnaam", "en": "User name"},
    "login.password": {"nl": "Wachtwoord", "en": "Password"},
    "login.submit": {"nl": "Inloggen", "en": "Sign in"},
    "login.failed": {"nl": "Onbekende gebruikersnaam of onjuist wachtwoord.",
                     "en": "Unknown user name or wrong password."},
    "login.locked": {"nl": "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
                     "en": "Too many failed attempts. Try again in fifteen minutes."},
    "login.required": {"nl": "Log in om deze pagina te zien.",
                       "en": "Sign in to see this page."},
    "login.logout": {"nl": "Uitloggen", "en": "Sign out"},
    "login.oidc_button": {"nl": "Inloggen met je organisatieaccount",
                          "en": "Sign in with your organisation account"},
    "login.oidc_missing": {
        "nl": "Inloggen met een organisatieaccount is ingesteld, maar Authlib ontbreekt: "
              "installeer `streamlit[auth]`.",
        "en": "Single sign-on is configured but Authlib is missing: install `streamlit[auth]`.",
    },
    "login.oidc_unknown": {
        "nl": "{email} heeft (nog) geen toegang. Vraag HR om je toe te voegen.",
        "en": "{email} has no access (yet). Ask HR to add you.",
    },
    "login.no_users": {
        "nl": "Er zijn nog geen gebruikers. Maak er een aan met "
              "`draagkracht users add NAAM --role hr` (gebruikersbestand: `{store}`).",
        "en": "There are no users yet. Create one with "
              "`draagkracht users add NAME --role hr` (user store: `{store}`).",
    },
    # ---------------------------------------------------------------- no database
    "nodb.title": {"nl": "Nog geen gegevens", "en": "No data yet"},
    "nodb.missing": {
        "nl": "Er is nog geen gepubliceerde database op `{path}`.",
        "en": "There is no published database at `{path}` yet.",
    },
    "nodb.unreadable": {
        "nl": "De database op `{path}` kan niet worden gelezen ({detail}).",
        "en": "The database at `{path}` cannot be read ({detail}).",
    },
    "nodb.incomplete": {
        "nl": "De database op `{path}` is onvolledig: tabellen ontbreken ({detail}).",
        "en": "The database at `{path}` is incomplete: tables are missing ({detail}).",
    },
    "nodb.ok": {"nl": "De database is in orde.", "en": "The database is fine."},
    "nodb.howto": {
        "nl": "Zo maak je de database:\n\n"
              "1. Zet de exports in één map (`org.csv`, `survey*.csv`, `absence*.csv`).\n"
              "2. Draai de pipeline: `draagkracht run MAP --db {path}`\n"
              "   (de voorbeeldgegevens: `draagkracht run data_samples/org_demo --db {path}`).\n"
              "3. Ververs deze pagina. Een nieuwe build verschijnt zonder herstart.",
        "en": "To create the database:\n\n"
              "1. Put the exports in one folder (`org.csv`, `survey*.csv`, `absence*.csv`).\n"
              "2. Run the pipeline: `draagkracht run FOLDER --db {path}`\n"
              "   (the sample data: `draagkracht run data_samples/org_demo --db {path}`).\n"
              "3. Reload this page. A new build shows up without a restart.",
    },
    # ---------------------------------------------------------------- common
    "common.mart_missing": {
        "nl": "Deze build bevat de tabel `{table}` nog niet; de scores verschijnen zodra de "
              "pipeline ze publiceert.",
        "en": "This build does not contain the table `{table}` yet; the scores appear once the "
              "pipeline publishes them.",
    },
    "common.no_rows": {"nl": "Geen gegevens voor deze selectie.",
                       "en": "No data for this selection."},
    "common.period": {"nl": "Peildatum", "en": "Reference period"},
    "common.department": {"nl": "Afdeling", "en": "Department"},
    "common.departments": {"nl": "Afdelingen", "en": "Departments"},
    "common.team": {"nl": "Team", "en": "Team"},
    "common.all_departments": {"nl": "Alle afdelingen", "en": "All departments"},
    "common.hidden": {"nl": "verborgen", "en": "hidden"},
    "export.excel": {"nl": "CSV voor Excel (NL)", "en": "CSV for Excel (Dutch)"},
    "export.plain": {"nl": "CSV (standaard)", "en": "CSV (plain)"},
    # ---------------------------------------------------------------- data quality page
    "dq.title": {"nl": "Data en kwaliteit", "en": "Data and quality"},
    "dq.intro": {
        "nl": "Wat de pipeline heeft ingelezen, afgekeurd en gecontroleerd, en wat er om "
              "privacyredenen verborgen is.",
        "en": "What the pipeline read, rejected and checked, and what is hidden for privacy.",
    },
    "dq.build": {"nl": "Build", "en": "Build"},
    "dq.as_of": {"nl": "Peildatum", "en": "Reference date"},
    "dq.instrument": {"nl": "Vragenlijst", "en": "Questionnaire"},
    "dq.pipeline_version": {"nl": "Pipelineversie", "en": "Pipeline version"},
    "dq.runs": {"nl": "Laatste runs", "en": "Latest runs"},
    "dq.files": {"nl": "Ingelezen bestanden", "en": "Files loaded"},
    "dq.rejected": {"nl": "Afgekeurde rijen per regel", "en": "Rejected rows per rule"},
    "dq.rejected_none": {"nl": "Geen regels afgekeurd in deze build.",
                         "en": "No rows rejected in this build."},
    "dq.rejected_detail": {"nl": "Alle afgekeurde regels ({n})", "en": "All rejected rows ({n})"},
    "dq.rejected_detail_hr_only": {
        "nl": "De lijst per regelnummer is alleen zichtbaar voor HR en adviseurs.",
        "en": "The list per line number is visible to HR and consultants only.",
    },
    "dq.validation": {"nl": "Validatie (Great Expectations)",
                      "en": "Validation (Great Expectations)"},
    "dq.validation_none": {"nl": "Geen validatieresultaten voor deze build.",
                           "en": "No validation results for this build."},
    "dq.validation_summary": {
        "nl": "{n} controles, waarvan {failed} met afwijkende regels.",
        "en": "{n} checks, {failed} of them with unexpected rows.",
    },
    "dq.validation_all": {"nl": "Alle controles ({n})", "en": "All checks ({n})"},
    "status.published": {"nl": "gepubliceerd", "en": "published"},
    "status.refused": {"nl": "geweigerd", "en": "refused"},
    "source.survey": {"nl": "vragenlijst", "en": "survey"},
    "source.absence": {"nl": "verzuim", "en": "absence"},
    "source.org": {"nl": "organisatie", "en": "organisation"},
    "level.organisation": {"nl": "organisatie", "en": "organisation"},
    "level.pool": {"nl": "overige teams", "en": "other teams"},
    "dq.response": {"nl": "Respons per meting", "en": "Response rate per wave"},
    "dq.response_table": {"nl": "Respons per afdeling en meting als tabel",
                          "en": "Response per department and wave as a table"},
    "dq.suppression": {"nl": "Wat is verborgen en waarom", "en": "What is hidden and why"},
    "dq.suppression_intro": {
        "nl": "Per afdeling, voor de laatste meting en maand: hoeveel teams er zijn, hoeveel "
              "zelf getoond worden en hoeveel verborgen zijn, omdat ze te klein zijn of om "
              "andere teams te beschermen. Verborgen teams tellen samen mee als 'overige teams' "
              "waar die groep groot genoeg is; die kolom telt dus dezelfde teams nog eens. "
              "Welke teams het zijn, wordt niet getoond: dat zou de bescherming opheffen.",
        "en": "Per department, for the latest wave and month: how many teams there are, how "
              "many are shown themselves and how many are hidden, because they are too small "
              "or to protect other teams. Hidden teams are pooled as 'other teams' where that "
              "group is large enough, so that column counts the same teams again. Which teams "
              "they are is not shown: that would undo the protection.",
    },
    "dq.suppression_none": {"nl": "Niets verborgen in jouw selectie.",
                            "en": "Nothing hidden in your selection."},
    "dq.memory": {
        "nl": "Onderdrukkingsgeheugen: deze build hield {n} cellen verborgen die eerdere "
              "publicaties (tot en met build {build}) verborgen. Een correctie van eerdere "
              "maanden of metingen kan zo alleen méér verbergen, nooit iets tonen wat eerder "
              "beschermd was: wie twee versies naast elkaar legt, kan zo geen klein team "
              "terugrekenen.",
        "en": "Suppression memory: this build kept {n} cells hidden that earlier publications "
              "(up to build {build}) hid. A correction of earlier months or waves can therefore "
              "only hide more, never show what was protected before: someone comparing two "
              "versions cannot work back to a small team.",
    },
    # ---------------------------------------------------------------- column headers
    "col.started_at": {"nl": "Gestart", "en": "Started"},
    "col.status": {"nl": "Status", "en": "Status"},
    "col.build_id": {"nl": "Build", "en": "Build"},
    "col.as_of": {"nl": "Peildatum", "en": "Reference date"},
    "col.n_files": {"nl": "Bestanden", "en": "Files"},
    "col.rows_read": {"nl": "Regels gelezen", "en": "Rows read"},
    "col.rows_loaded": {"nl": "Regels geladen", "en": "Rows loaded"},
    "col.rows_rejected": {"nl": "Regels afgekeurd", "en": "Rows rejected"},
    "col.n_refusals": {"nl": "Weigeringen", "en": "Refusals"},
    "col.message": {"nl": "Melding", "en": "Message"},
    "col.file": {"nl": "Bestand", "en": "File"},
    "col.kind": {"nl": "Soort", "en": "Kind"},
    "col.encoding": {"nl": "Codering", "en": "Encoding"},
    "col.delimiter": {"nl": "Scheidingsteken", "en": "Delimiter"},
    "col.decimal": {"nl": "Decimaalteken", "en": "Decimal mark"},
    "col.date_format": {"nl": "Datumnotatie", "en": "Date format"},
    "col.column": {"nl": "Kolom", "en": "Column"},
    "col.rule": {"nl": "Regel", "en": "Rule"},
    "col.rule_text": {"nl": "Betekenis", "en": "Meaning"},
    # the pipeline's row rules (pipelines/run.py RULE_TEXT), for the Data page
    "rule.required": {"nl": "een verplichte waarde ontbreekt",
                      "en": "a required value is empty"},
    "rule.type": {"nl": "waarde past niet bij het type van de kolom (geheel getal, decimaal "
                        "of datum)",
                  "en": "value is not of the column's type (whole number, decimal or date)"},
    "rule.range": {"nl": "waarde buiten het toegestane bereik",
                   "en": "value outside the allowed range"},
    "rule.future_date": {"nl": "datum na de peildatum van de run",
                         "en": "date after the reference date of the run"},
    "rule.formula_prefix": {"nl": "tekst begint met =, +, - of @ (formule-injectie in een "
                                  "spreadsheet)",
                            "en": "text starts with =, +, - or @ (spreadsheet formula "
                                  "injection)"},
    "rule.month_not_first_day": {"nl": "maand moet de eerste dag van een maand zijn",
                                 "en": "month must be the first day of a month"},
    "rule.fte_above_headcount": {"nl": "fte is groter dan het aantal medewerkers",
                                 "en": "fte is larger than the headcount"},
    "rule.duplicate_team_month": {"nl": "team staat twee keer in dezelfde maand",
                                  "en": "team appears twice for the same month"},
    "rule.unknown_team": {"nl": "team_id staat die maand niet in org.csv",
                          "en": "team_id is not in org.csv for that month"},
    "rule.duplicate_response_id": {"nl": "response_id komt meer dan eens voor in dezelfde "
                                         "meting",
                                   "en": "response_id appears more than once in the same "
                                         "wave"},
    "rule.no_answers": {"nl": "antwoord zonder enig beantwoord item",
                        "en": "response has no answered item"},
    "rule.end_before_start": {"nl": "end_date ligt voor start_date",
                              "en": "end_date is before start_date"},
    "rule.overlapping_spell": {"nl": "verzuimregels van één medewerker overlappen",
                               "en": "sickness rows of one employee overlap"},
    "rule.field_count": {"nl": "regel heeft een ander aantal velden dan de kopregel",
                         "en": "row has a different number of fields than the header"},
    "col.rows": {"nl": "Regels", "en": "Rows"},
    "col.line": {"nl": "Regelnummer", "en": "Line"},
    "col.source": {"nl": "Bron", "en": "Source"},
    "col.expectation": {"nl": "Controle", "en": "Expectation"},
    "col.element_count": {"nl": "Gecontroleerd", "en": "Checked"},
    "col.unexpected_count": {"nl": "Afwijkend", "en": "Unexpected"},
    "col.success": {"nl": "Geslaagd", "en": "Passed"},
    "col.scale_id": {"nl": "Schaal", "en": "Scale"},
    "col.label": {"nl": "Naam", "en": "Name"},
    "col.block": {"nl": "Blok", "en": "Block"},
    "col.n_items": {"nl": "Items", "en": "Items"},
    "col.min_value": {"nl": "Minimum", "en": "Minimum"},
    "col.max_value": {"nl": "Maximum", "en": "Maximum"},
    "col.cutoff_at_risk": {"nl": "Grens risico", "en": "At-risk cut-off"},
    "col.cutoff_very_high": {"nl": "Grens zeer hoog", "en": "Very-high cut-off"},
    "col.section": {"nl": "Onderdeel", "en": "Section"},
    "col.name": {"nl": "Parameter", "en": "Parameter"},
    "col.value": {"nl": "Waarde", "en": "Value"},
    "col.reason": {"nl": "Reden", "en": "Reason"},
    "col.level": {"nl": "Soort", "en": "Kind"},
    "col.department_id": {"nl": "Afdelingscode", "en": "Department id"},
    "col.department_name": {"nl": "Afdeling", "en": "Department"},
    "col.team_id": {"nl": "Teamcode", "en": "Team id"},
    "col.team_name": {"nl": "Team", "en": "Team"},
    "col.wave": {"nl": "Meting", "en": "Wave"},
    "col.month": {"nl": "Maand", "en": "Month"},
    "col.headcount": {"nl": "Medewerkers", "en": "Headcount"},
    "col.n_responses": {"nl": "Respondenten", "en": "Responses"},
    "col.response_rate": {"nl": "Respons (%)", "en": "Response rate (%)"},
    # ---------------------------------------------------------------- overview page
    "ov.title": {"nl": "Overzicht", "en": "Overview"},
    "ov.intro": {
        "nl": "Waar loopt de draaglast op en het herstel terug? Per afdeling en team, met de "
              "landelijke cijfers als ijkpunt.",
        "en": "Where is load rising and recovery falling? Per department and team, with "
              "national figures as a reference.",
    },
    "ov.period": {"nl": "Meting", "en": "Wave"},
    "ov.tiers": {"nl": "Teams per risiconiveau", "en": "Teams per risk tier"},
    "ov.tiers_missing": {"nl": "Risiconiveaus zitten nog niet in deze build.",
                         "en": "Risk tiers are not in this build yet."},
    "ov.teams_red": {"nl": "Teams op rood", "en": "Teams in red"},
    "ov.tiers_line": {"nl": "oranje {amber} · groen {green} · te weinig gegevens {none}",
                      "en": "amber {amber} · green {green} · insufficient data {none}"},
    "ov.insufficient_help": {
        "nl": "Te weinig gegevens: het team is in deze meting verborgen (minder dan {k} "
              "respondenten) of heeft minder dan {waves} gepubliceerde metingen. Een hogere "
              "respons helpt; verborgen teams tellen mee in 'overige teams' van hun afdeling "
              "en in de afdeling zelf.",
        "en": "Insufficient data: the team is hidden in this wave (fewer than {k} respondents) "
              "or has fewer than {waves} published waves. A higher response helps; hidden "
              "teams count in their department's 'other teams' and in the department itself.",
    },
    "ov.absence_rate": {"nl": "Verzuimpercentage {month}", "en": "Absence rate {month}"},
    "ov.vs_benchmark": {"nl": "{delta} t.o.v. landelijk ({quarter})",
                        "en": "{delta} vs national ({quarter})"},
    "word.quarter": {"nl": "{q}e kwartaal {year}", "en": "Q{q} {year}"},
    "ov.benchmark": {"nl": "Landelijk {rate} ({quarter}, {sector})",
                     "en": "National {rate} ({quarter}, {sector})"},
    "ov.benchmark_carried": {
        "nl": "Landelijk {rate}: meest recente zelfde kwartaal ({quarter}, {sector})",
        "en": "National {rate}: latest same quarter ({quarter}, {sector})",
    },
    "ov.frequency": {"nl": "Meldingsfrequentie {month}", "en": "Notification frequency {month}"},
    "ov.frequency_help": {"nl": "Nieuwe ziekmeldingen per medewerker per jaar.",
                          "en": "New sickness spells per employee per year."},
    "ov.response": {"nl": "Respons {wave}", "en": "Response rate {wave}"},
    "ov.response_n": {"nl": "{n} van {headcount} medewerkers",
                      "en": "{n} of {headcount} employees"},
    "ov.heat_title": {"nl": "Afdelingen in één oogopslag", "en": "Departments at a glance"},
    "ov.heat_help": {
        "nl": "Donkerder = meer risico (hoge draaglast of uitputting, laag herstel, negatieve "
              "balans, hoog verzuim). n = respondenten (scores) of medewerkers (verzuim). "
              "Grijs = verborgen om de anonimiteit te beschermen.",
        "en": "Darker = more risk (high demands or strain, low recovery, negative balance, "
              "high absence). n = respondents (scores) or employees (absence). "
              "Grey = hidden to protect anonymity.",
    },
    "ov.heat_scale": {"nl": "Licht → donker per kolom: {ranges}.",
                      "en": "Light → dark per column: {ranges}."},
    "ov.heat_range": {"nl": "{measure} {light} → {dark}", "en": "{measure} {light} → {dark}"},
    "ov.heat_table": {"nl": "Als tabel", "en": "As a table"},
    "ov.trending_title": {"nl": "Koers op overbelasting", "en": "Trending towards overload"},
    "ov.trending_help": {
        "nl": "Meest urgent eerst: rood, dan oranje of een dalende balans die binnen de "
              "horizon de overbelastingslijn kruist.",
        "en": "Most urgent first: red, then amber or a falling balance projected to cross "
              "the overload line within the horizon.",
    },
    "ov.trending_none": {"nl": "Geen team of afdeling koerst op overbelasting.",
                         "en": "No team or department is trending towards overload."},
    "ov.trending_badge": {"nl": "koers op overbelasting", "en": "trending to overload"},
    "ov.spark_title": {"nl": "Balans over de laatste {n} metingen",
                       "en": "Balance over the last {n} waves"},
    "ov.spark_caption": {"nl": "balans op {wave}: {last}; stippellijn = overbelasting",
                         "en": "balance on {wave}: {last}; dashed = overload"},
    "ov.open_latest": {"nl": "Bekijk details (laatste meting)",
                       "en": "See details (latest wave)"},
    "ov.open": {"nl": "Bekijk details", "en": "See details"},
    "ov.trending_more": {"nl": "En nog {n}: zie de tabel hieronder.",
                         "en": "And {n} more: see the table below."},
    "ov.trending_table": {"nl": "Als tabel ({n})", "en": "As a table ({n})"},
    "ov.all_units_table": {"nl": "Alle teams en afdelingen als tabel ({n})",
                           "en": "All teams and departments as a table ({n})"},
    "col.trending_to_overload": {"nl": "Koers op overbelasting", "en": "Trending to overload"},
    "col.waves_to_overload": {"nl": "Metingen tot overbelasting (0 = bereikt)",
                              "en": "Waves to overload (0 = reached)"},
    "ov.risk_table_help": {
        "nl": "Metingen tot overbelasting: wanneer de trendlijn van de balans de "
              "overbelastingslijn kruist in dit tempo; 0 als hij haar al bereikt heeft, leeg "
              "voor een groen team, als de balans niet daalt of als de kruising verder dan {n} "
              "metingen weg ligt. Klik op een rij voor de volledige reden.",
        "en": "Waves to overload: when the balance's trend line crosses the overload line at "
              "this pace; 0 when it has already reached it, empty when the balance is not "
              "falling or the crossing lies more than {n} waves ahead, and for a green unit. Click "
              "a row for the full reason."},
    "unit.pool": {"nl": "Overige teams ({n} samen)", "en": "Other teams ({n} pooled)"},
    "unit.pool_plain": {"nl": "Overige teams (samengenomen)", "en": "Other teams (pooled)"},
    "dt.pool_members": {
        "nl": "Op {period} tellen hier {n} teams samen mee.",
        "en": "On {period}, {n} teams are pooled here.",
    },
    "dt.pool_members_month": {
        "nl": "In {period} tellen hier {n} teams samen mee.",
        "en": "In {period}, {n} teams are pooled here.",
    },
    "level.team": {"nl": "team", "en": "team"},
    "level.department": {"nl": "afdeling", "en": "department"},
    "tier.green": {"nl": "groen", "en": "green"},
    "tier.amber": {"nl": "oranje", "en": "amber"},
    "tier.red": {"nl": "rood", "en": "red"},
    "tier.insufficient_data": {"nl": "te weinig gegevens", "en": "insufficient data"},
    "measure.stressor": {"nl": "Draaglast", "en": "Stressor"},
    "measure.recovery": {"nl": "Herstelvermogen", "en": "Recovery"},
    "measure.strain": {"nl": "Uitputting", "en": "Strain"},
    "measure.balance": {"nl": "Balans", "en": "Balance"},
    "measure.absence_rate": {"nl": "Verzuimpercentage", "en": "Absence rate"},
    "measure.notification_frequency": {"nl": "Meldingsfrequentie",
                                       "en": "Notification frequency"},
    "heat.stressor": {"nl": "Draaglast", "en": "Stressor"},
    "heat.recovery": {"nl": "Herstelverm.", "en": "Recovery"},
    "heat.strain": {"nl": "Uitputting", "en": "Strain"},
    "heat.balance": {"nl": "Balans", "en": "Balance"},
    "heat.absence_rate": {"nl": "Verzuim %", "en": "Absence %"},
    "heat.notification_frequency": {"nl": "Meldingsfreq.", "en": "Notif. freq."},
    "heat.risk": {"nl": "Risico", "en": "Risk"},
    "heat.low": {"nl": "laag", "en": "low"},
    "heat.high": {"nl": "hoog", "en": "high"},
    "col.unit": {"nl": "Team of afdeling", "en": "Team or department"},
    "col.tier": {"nl": "Risico", "en": "Risk tier"},
    "col.phase": {"nl": "Voorgestelde fase", "en": "Suggested phase"},
    "col.balance_trend": {"nl": "Balans (laatste metingen)", "en": "Balance (latest waves)"},
    "col.stressor": {"nl": "Draaglast", "en": "Stressor"},
    "col.recovery": {"nl": "Herstelvermogen", "en": "Recovery"},
    "col.strain": {"nl": "Uitputting", "en": "Strain"},
    "col.balance": {"nl": "Balans", "en": "Balance"},
    "col.balance_slope": {"nl": "Trend balans per meting", "en": "Balance trend per wave"},
    "col.balance_slope_low": {"nl": "Trend: 95%-ondergrens", "en": "Trend: 95% lower bound"},
    "col.balance_slope_high": {"nl": "Trend: 95%-bovengrens", "en": "Trend: 95% upper bound"},
    "col.bucket": {"nl": "Emmer", "en": "Bucket"},
    "col.bucket_threshold": {"nl": "Drempel emmer", "en": "Bucket threshold"},
    "col.absence_rate": {"nl": "Verzuim (%)", "en": "Absence rate (%)"},
    "col.notification_frequency": {"nl": "Meldingsfrequentie", "en": "Notification frequency"},
    "col.headcount_absence": {"nl": "Medewerkers (verzuim)", "en": "Headcount (absence)"},
    "col.mean_duration_days": {"nl": "Gem. duur (dagen)", "en": "Mean duration (days)"},
    "col.zero_absence_share": {"nl": "Nulverzuim (%)", "en": "Zero absence (%)"},
    "col.spells_closed": {"nl": "Afgesloten meldingen", "en": "Spells closed"},
    "col.period": {"nl": "Periode", "en": "Period"},
    "col.unit_shown": {"nl": "Zelf getoond", "en": "Shown itself"},
    "col.teams_total": {"nl": "Teams", "en": "Teams"},
    "col.teams_shown": {"nl": "Getoond", "en": "Shown"},
    "col.teams_pooled": {"nl": "In 'overige teams'", "en": "In 'other teams'"},
    "col.teams_hidden_below_k": {"nl": "Verborgen: te klein", "en": "Hidden: too small"},
    "col.teams_hidden_protected": {"nl": "Verborgen: bescherming",
                                   "en": "Hidden: protection"},
    "col.suppressed": {"nl": "Verborgen", "en": "Hidden"},
    "col.suppression_reason": {"nl": "Reden verborgen", "en": "Why hidden"},
    "col.counts_suppressed": {"nl": "Meldingsfrequentie verborgen",
                              "en": "Notification frequency hidden"},
    "col.detail_suppressed": {"nl": "Nulverzuim, duur en afgesloten meldingen verborgen",
                              "en": "Zero absence, duration and closed spells hidden"},
    # ---------------------------------------------------------------- department page
    "dt.title": {"nl": "Afdeling en team", "en": "Department and team"},
    "dt.unit": {"nl": "Team", "en": "Team"},
    "dt.whole_department": {"nl": "Hele afdeling ({department})",
                            "en": "Whole department ({department})"},
    "dt.risk_title": {"nl": "Risico: {unit}", "en": "Risk: {unit}"},
    "dt.phase": {"nl": "Voorgestelde fase", "en": "Suggested phase"},
    "dt.why": {"nl": "Waarom:", "en": "Why:"},
    "dt.trending": {
        "nl": "Koerst op overbelasting: de balans kruist naar verwachting over {waves} "
              "metingen de overbelastingslijn.",
        "en": "Trending towards overload: the balance is projected to cross the overload "
              "line in {waves} waves.",
    },
    "dt.trending_one": {
        "nl": "Koerst op overbelasting: de balans kruist naar verwachting binnen ongeveer één "
              "meting de overbelastingslijn.",
        "en": "Trending towards overload: the balance is projected to cross the overload "
              "line within about one wave.",
    },
    "dt.trending_reached": {
        "nl": "Koerst op overbelasting: de trendlijn van de balans ligt al op of onder de "
              "overbelastingslijn en daalt nog.",
        "en": "Trending towards overload: the balance's trend line is already at or below the "
              "overload line and still falling.",
    },
    "dt.slope": {
        "nl": "Trend van de balans: {slope} punten per meting (95%-interval {low} tot {high}). "
              "Emmer: {bucket} van drempel {threshold}.",
        "en": "Balance trend: {slope} points per wave (95% interval {low} to {high}). "
              "Bucket: {bucket} of threshold {threshold}.",
    },
    "dt.ew_title": {"nl": "Experimenteel: vroege-waarschuwingssignalen",
                    "en": "Experimental: early-warning signals"},
    "dt.ew_help": {
        "nl": "Oplopende variantie en autocorrelatie van de balans kunnen een kantelpunt "
              "aankondigen (Scheffer e.a. 2009). Het bewijs in de geestelijke gezondheid is "
              "zwak: gebruik dit niet voor besluiten. Kendalls tau: van −1 (dalend) tot +1 "
              "(stijgend).",
        "en": "Rising variance and autocorrelation of the balance can announce a tipping point "
              "(Scheffer et al. 2009). The evidence in mental health is weak: do not base "
              "decisions on this. Kendall's tau: from −1 (falling) to +1 (rising).",
    },
    "dt.ew_too_short": {
        "nl": "Te korte reeks ({n} opeenvolgende gepubliceerde metingen; minstens 12 nodig).",
        "en": "Series too short ({n} consecutive published waves; at least 12 needed).",
    },
    "dt.ew_variance": {"nl": "Trend in variantie (τ)", "en": "Trend in variance (τ)"},
    "dt.ew_ac1": {"nl": "Trend in autocorrelatie (τ)", "en": "Trend in autocorrelation (τ)"},
    "dt.ew_points": {"nl": "Op basis van {n} opeenvolgende gepubliceerde metingen.",
                     "en": "Based on {n} consecutive published waves."},
    "dt.latest_title": {"nl": "Laatste meting ({wave})", "en": "Latest wave ({wave})"},
    "dt.latest_help": {
        "nl": "Scores 0-100; {n} respondenten van {headcount} medewerkers. De pijl toont de "
              "verandering sinds de vorige meting.",
        "en": "Scores 0-100; {n} respondents of {headcount} employees. The arrow shows the "
              "change since the previous wave.",
    },
    "dt.noise_yes": {"nl": "groter dan toeval", "en": "larger than noise"},
    "dt.noise_no": {"nl": "binnen de ruis", "en": "within noise"},
    "dt.hidden_generic": {"nl": "Deze cijfers zijn verborgen om de anonimiteit te beschermen.",
                          "en": "These figures are hidden to protect anonymity."},
    "dt.pooled_hint": {
        "nl": "Dit team telt mee in 'Overige teams' van de afdeling.",
        "en": "This team counts towards the department's 'Other teams'.",
    },
    "dt.scores_title": {"nl": "Draaglast tegenover herstelvermogen",
                        "en": "Stressor against recovery"},
    "dt.pool_series_help": {
        "nl": "Welke teams in 'overige teams' vallen, verschilt per meting. De lijn verbindt "
              "dus metingen van verschillende groepen; trend en emmer tellen alleen metingen "
              "met dezelfde samenstelling.",
        "en": "Which teams make up 'other teams' differs from wave to wave. The line therefore "
              "joins waves of different groups; the trend and the bucket count only waves "
              "with the same members.",
    },
    "dt.scores_help": {
        "nl": "Boven: draaglast en herstelvermogen met hun 95%-interval. Onder: de balans "
              "(herstel − draaglast); onder de stippellijn is er overbelasting. Ontbrekende "
              "punten zijn verborgen metingen.",
        "en": "Top: stressor and recovery with their 95% interval. Bottom: the balance "
              "(recovery − stressor); below the dashed line there is overload. Missing points "
              "are hidden waves.",
    },
    "dt.bucket_title": {"nl": "De emmer", "en": "The bucket"},
    "dt.bucket_help": {
        "nl": "Opgebouwde overbelasting over de tijd. Boven de drempel: te lang te veel.",
        "en": "Accumulated overload over time. Above the threshold: too much for too long.",
    },
    "dt.absence_title": {"nl": "Verzuim", "en": "Absence"},
    "dt.absence_mostly_hidden": {
        "nl": "Verzuimcijfers zijn in {shown} van de {total} maanden te tonen; in de andere "
              "maanden zijn ze verborgen (te weinig medewerkers of één of twee personen bepalen "
              "het beeld). Te weinig voor een grafiek: bekijk het verzuim van de afdeling.",
        "en": "Absence figures can be shown in {shown} of the {total} months; the others are "
              "hidden (too few employees, or one or two people dominate). Too few for a chart: "
              "see the department's absence.",
    },
    "dt.absence_hidden": {
        "nl": "Verzuimcijfers zijn hier verborgen (te weinig medewerkers of één persoon "
              "bepaalt het beeld).",
        "en": "Absence figures are hidden here (too few employees, or one person dominates).",
    },
    "dt.absence_some_hidden": {"nl": "{n} {months} verborgen om de anonimiteit te beschermen.",
                               "en": "{n} {months} hidden to protect anonymity."},
    "word.month": {"nl": "maand", "en": "month"},
    "word.months": {"nl": "maanden", "en": "months"},
    "dt.absence_counts_hidden": {
        "nl": "In {n} {months} is de meldingsfrequentie verborgen om de anonimiteit te "
              "beschermen: samen met het verzuimpercentage of de cijfers van andere maanden "
              "zou die het verzuim van één of twee mensen kunnen tonen. Het "
              "verzuimpercentage blijft zichtbaar.",
        "en": "In {n} {months} the notification frequency is hidden to protect anonymity: "
              "with the absence rate or other months' figures it could show the absence of "
              "one or two people. The absence rate stays visible."},
    "dt.bands_help": {"nl": "Afgesloten verzuimmeldingen per maand, naar duur. Een maand zonder "
                            "balk had geen afgesloten meldingen, of de duur is verborgen omdat "
                            "de afgesloten meldingen van één of twee personen waren.",
                      "en": "Closed sickness spells per month, by duration. A month without a "
                            "bar had no closed spells, or the durations are hidden because the "
                            "closed spells were one or two people's."},
    "dt.drivers_title": {"nl": "Wat drijft de verandering?", "en": "What drives the change?"},
    "dt.drivers_help": {
        "nl": "Verandering per schaal in de meting van {wave} ten opzichte van de vorige, met "
              "95%-interval. "
              "Oranje = ongunstig, blauw = gunstig; vaag = binnen de ruis.",
        "en": "Change per scale in the wave of {wave} against the previous one, with 95% "
              "interval. "
              "Orange = unfavourable, blue = favourable; faded = within noise.",
    },
    "dt.drivers_none": {"nl": "Nog geen verandering te berekenen (eerste meting of verborgen).",
                        "en": "No change to compute yet (first wave or hidden)."},
    "dt.table_title": {"nl": "Alle metingen als tabel", "en": "All waves as a table"},
    "phase.1": {"nl": "1 · Blussen", "en": "1 · Extinguish"},
    "phase.2": {"nl": "2 · Herstellen", "en": "2 · Recover"},
    "phase.3": {"nl": "3 · Voorkomen", "en": "3 · Prevent"},
    "phase.1.advice": {
        "nl": "De opbouw van overbelasting stoppen: werkdruk nu omlaag; bij oplopend verzuim "
              "begeleiding met de bedrijfsarts.",
        "en": "Stop the overload building up: reduce workload now; where absence rises, "
              "follow-up with the company doctor.",
    },
    "phase.2.advice": {
        "nl": "Herstelvermogen opbouwen: rust en loskomen, rustig bewegen, pauzes en verlof "
              "beschermen.",
        "en": "Restore capacity: rest and detachment, calm physical activity, protect breaks "
              "and leave.",
    },
    "phase.3.advice": {
        "nl": "Structureel voorkomen: rolhelderheid, regelruimte, steun en communicatie over "
              "veranderingen; opnieuw meten.",
        "en": "Prevent structurally: role clarity, control, support and change communication; "
              "re-measure.",
    },
    "suppression.below_k": {
        "nl": "Verborgen: te weinig respondenten of medewerkers voor een anoniem cijfer.",
        "en": "Hidden: too few respondents or employees for an anonymous figure.",
    },
    "suppression.protected": {
        "nl": "Verborgen ter bescherming: anders kan een klein team uit andere cijfers worden "
              "teruggerekend.",
        "en": "Hidden for protection: otherwise a small team could be recovered from other "
              "figures.",
    },
    "col.n": {"nl": "n", "en": "n"},
    "col.mean": {"nl": "Score", "en": "Score"},
    "col.change": {"nl": "Verandering", "en": "Change"},
    "col.change_credible": {"nl": "Groter dan toeval", "en": "Larger than noise"},
    "col.cells": {"nl": "Cellen", "en": "Cells"},
    # ---------------------------------------------------------------- absence page
    "ab.title": {"nl": "Verzuim", "en": "Absence"},
    "ab.intro": {
        "nl": "Verzuim per afdeling over de tijd, naast het landelijke cijfer voor een sector "
              "naar keuze.",
        "en": "Absence per department over time, next to the national figure for a sector of "
              "your choice.",
    },
    "ab.sector": {"nl": "Landelijke sector (CBS)", "en": "National sector (CBS)"},
    "ab.rate_title": {"nl": "Verzuimpercentage", "en": "Absence rate"},
    "ab.organisation": {"nl": "Hele organisatie", "en": "Whole organisation"},
    "ab.grey_lines": {
        "nl": "Grijze lijnen: de afdelingen (naam bij aanwijzen). Kies afdelingen hierboven om "
              "ze in kleur te vergelijken.",
        "en": "Grey lines: the departments (name on hover). Choose departments above to "
              "compare them in colour.",
    },
    "ab.carried_note": {
        "nl": "De CBS-reeks loopt tot {quarter}; latere kwartalen tonen het meest recente "
              "zelfde kwartaal (stippellijn).",
        "en": "The CBS series ends in {quarter}; later quarters show the latest same quarter "
              "(dotted line).",
    },
    "ab.source": {"nl": "Bron: {source}.", "en": "Source: {source}."},
    "ab.frequency_title": {"nl": "Meldingsfrequentie", "en": "Notification frequency"},
    "ab.frequency_help": {
        "nl": "Nieuwe ziekmeldingen per medewerker, omgerekend naar een jaar: het vroege "
              "signaal.",
        "en": "New sickness spells per employee, annualised: the early signal.",
    },
    "ab.bands_title": {"nl": "Verzuimduur", "en": "Duration of absence"},
    "ab.bands_help": {"nl": "Afgesloten verzuimmeldingen naar duur, {start} tot en met {end}, "
                            "zonder de maanden waarin de duur verborgen is (afgesloten meldingen "
                            "van één of twee personen).",
                      "en": "Closed sickness spells by duration, {start} to {end}, without the "
                            "months whose durations are hidden (closed spells of one or two "
                            "people)."},
    "ab.leadlag_title": {"nl": "Loopt de vragenlijst voor op het verzuim?",
                         "en": "Does the survey lead absence?"},
    "ab.leadlag_help": {
        "nl": "Correlatie tussen een vragenlijstsignaal en de meldingsfrequentie enkele "
              "maanden later (na trend- en seizoenscorrectie), met interval. Een voorsprong "
              "is aangetoond als het interval bij de sterkste voorsprong nul uitsluit. Per "
              "afdeling is de schatting gekrompen naar die van de hele organisatie (twee jaar "
              "aan maandcijfers is weinig voor één afdeling), zoveel als de verschillen tussen "
              "afdelingen toelaten; de tabel toont ook de afdeling alleen.",
        "en": "Correlation between a survey signal and notification frequency some months "
              "later (after removing trend and season), with interval. A lead is shown when "
              "the interval at the strongest lead excludes zero. Per department the estimate "
              "is shrunk towards the organisation's (two years of months are few for one "
              "department), as far as the differences between departments allow; the table "
              "also shows the department alone.",
    },
    "ab.lead_found": {
        "nl": "**{signal}** loopt {lag} voor op de meldingsfrequentie "
              "(r = {r}, interval {low} tot {high}).",
        "en": "**{signal}** leads notification frequency by {lag} "
              "(r = {r}, interval {low} to {high}).",
    },
    "ab.months": {"nl": "{n} maanden", "en": "{n} months"},
    "ab.month": {"nl": "{n} maand", "en": "{n} month"},
    "ab.lead_borrowed": {
        "nl": "**{signal}**: de afdeling alleen toont geen voorsprong (r = {own_r}, interval "
              "{own_low} tot {own_high}). In de hele organisatie loopt {signal_lc} {lag} voor op "
              "de meldingsfrequentie; de schatting voor de afdeling leunt daarop (r = {r}, "
              "interval {low} tot {high}).",
        "en": "**{signal}**: the department alone shows no lead (r = {own_r}, interval "
              "{own_low} to {own_high}). Across the organisation {signal_lc} leads notification "
              "frequency by {lag}; the department's estimate leans on that (r = {r}, interval "
              "{low} to {high}).",
    },
    "ab.lead_none": {"nl": "**{signal}**: geen voorsprong aangetoond.",
                     "en": "**{signal}**: no lead shown."},
    "ab.leadlag_table": {"nl": "Beste voorsprong per afdeling als tabel",
                         "en": "Best lead per department as a table"},
    "col.signal": {"nl": "Signaal", "en": "Signal"},
    "col.lag_months": {"nl": "Voorsprong (maanden)", "en": "Lead (months)"},
    "col.correlation": {"nl": "Correlatie (afdeling alleen)",
                        "en": "Correlation (department alone)"},
    "col.ci_low": {"nl": "Interval laag", "en": "Interval low"},
    "col.ci_high": {"nl": "Interval hoog", "en": "Interval high"},
    "col.shrunk_correlation": {"nl": "Correlatie (gekrompen)", "en": "Correlation (shrunk)"},
    "col.shrunk_ci_low": {"nl": "Interval laag (gekrompen)", "en": "Interval low (shrunk)"},
    "col.shrunk_ci_high": {"nl": "Interval hoog (gekrompen)", "en": "Interval high (shrunk)"},
    "col.n_pairs": {"nl": "Maanden", "en": "Months"},
    "col.lead_detected": {"nl": "Voorsprong aangetoond", "en": "Lead shown"},
    "col.lead_detected_alone": {"nl": "Aangetoond (afdeling alleen)",
                                "en": "Shown (department alone)"},
    "ab.table_title": {"nl": "Alle maanden als tabel", "en": "All months as a table"},
    # ---------------------------------------------------------------- charts
    "chart.wave": {"nl": "Meting", "en": "Wave"},
    "chart.response_rate": {"nl": "Respons (%)", "en": "Response rate (%)"},
    "chart.score": {"nl": "Score (0-100)", "en": "Score (0-100)"},
    "chart.overload_line": {"nl": "overbelastingslijn", "en": "overload line"},
    "chart.bucket": {"nl": "Emmer (opgebouwde overbelasting)", "en": "Bucket (accumulated overload)"},
    "chart.threshold": {"nl": "Drempel", "en": "Threshold"},
    "chart.bucket_axis": {"nl": "Emmer", "en": "Bucket"},
    "chart.date": {"nl": "Datum", "en": "Date"},
    "chart.month": {"nl": "Maand", "en": "Month"},
    "chart.benchmark": {"nl": "Landelijk (CBS)", "en": "National (CBS)"},
    "chart.benchmark_carried": {"nl": "Landelijk, meest recente zelfde kwartaal",
                                "en": "National, latest same quarter"},
    "chart.band_days": {"nl": "{band} dagen", "en": "{band} days"},
    "chart.spells_closed": {"nl": "Afgesloten verzuimmeldingen", "en": "Spells closed"},
    "chart.share_spells": {"nl": "Aandeel afgesloten meldingen (%)",
                           "en": "Share of closed spells (%)"},
    "chart.change_points": {"nl": "Verandering sinds vorige meting (punten)",
                            "en": "Change since previous wave (points)"},
    "chart.lag_months": {"nl": "Voorsprong (maanden)", "en": "Lead (months)"},
    "chart.association": {"nl": "Correlatie met later verzuim",
                          "en": "Correlation with later absence"},
    "axis.absence_rate": {"nl": "Verzuimpercentage (%)", "en": "Absence rate (%)"},
    "axis.notification_frequency": {"nl": "Meldingen per medewerker per jaar",
                                    "en": "Spells per employee per year"},
    # ---------------------------------------------------------------- blocks
    "block.demands": {"nl": "Draaglast", "en": "Demands"},
    "block.resources": {"nl": "Hulpbronnen", "en": "Resources"},
    "block.recovery": {"nl": "Herstel", "en": "Recovery"},
    "block.strain": {"nl": "Uitputting", "en": "Strain"},
    # ---------------------------------------------------------------- method page
    "method.title": {"nl": "Methode", "en": "Method"},
    "method.intro": {
        "nl": "Hoe elk cijfer tot stand komt, welke grenzen gelden en waar ze vandaan komen. "
              "Alle grenzen staan in de configuratie van de pipeline; hieronder staan de "
              "waarden van deze build.",
        "en": "How each figure is computed, which thresholds apply and where they come from. "
              "All thresholds live in the pipeline's configuration; the values of this build "
              "are listed below.",
    },
    "method.scores.title": {"nl": "Scores", "en": "Scores"},
    "method.scores.body": {
        "nl": "De vragenlijst volgt het Job Demands-Resources-model met vier blokken: "
              "**draaglast** (werkdruk, emotionele belasting), **hulpbronnen** (autonomie, "
              "steun), **herstel** (loskomen, rust) en **uitputting**. Per respondent is een "
              "schaalscore het gemiddelde van de beantwoorde items (na omkeren van "
              "omgekeerde items), omgerekend naar 0-100. Een blokscore is het gemiddelde van "
              "de schalen in dat blok. Een teamcijfer is het gemiddelde over de respondenten, "
              "met een betrouwbaarheidsinterval (met eindige-populatiecorrectie: teams zijn "
              "klein en de respons is hoog) en een gekrompen schatting die kleine teams naar "
              "het gepubliceerde afdelingsgemiddelde trekt.",
        "en": "The questionnaire follows the Job Demands-Resources model with four blocks: "
              "**demands** (workload, emotional demands), **resources** (autonomy, support), "
              "**recovery** (detachment, rest) and **strain**. For each respondent a scale "
              "score is the mean of the answered items (after reversing reversed items), "
              "rescaled to 0-100. A block score is the mean of the scales in that block. A "
              "team figure is the mean over respondents, with a confidence interval (with a "
              "finite population correction: teams are small and response is high) and a "
              "shrunk estimate that pulls small teams towards the published department mean.",
    },
    "method.balance.title": {"nl": "Balans", "en": "Balance"},
    "method.balance.body": {
        "nl": "**Draaglast** is het blok draaglast; **herstelvermogen** is het gemiddelde van "
              "hulpbronnen en herstel. **Balans = herstelvermogen − draaglast.** Onder nul "
              "draagt een team meer dan het kan herstellen: de overbelastingslijn.",
        "en": "**Stressor** is the demands block; **recovery** (capacity) is the mean of the "
              "resources and recovery blocks. **Balance = recovery − stressor.** Below zero a "
              "team carries more than it can recover from: the overload line.",
    },
    "method.bucket.title": {"nl": "De emmer", "en": "The bucket"},
    "method.bucket.body": {
        "nl": "Overbelasting stapelt zich op. De emmer (een CUSUM, Page 1954) telt per meting "
              "op hoe ver de balans onder de overbelastingslijn ligt, en hoeveel uitputting en "
              "meldingsfrequentie (na seizoenscorrectie) boven het eigen beginniveau van het "
              "team liggen, uitgedrukt in de normale ruis van een team, min een vaste marge "
              "die normaal wordt opgevangen. Hij loopt nooit onder nul. Vanaf de drempel is "
              "er opgebouwde overbelasting. Marge, gewichten en drempel staan in de "
              "configuratie; de drempel is zo gekozen dat een stabiel team dat precies op de "
              "lijn zit in 24 metingen zelden (ongeveer 2 %) onterecht alarm geeft; een team "
              "boven de lijn nog minder vaak.",
        "en": "Overload accumulates. The bucket (a CUSUM, Page 1954) adds at each wave how far "
              "the balance lies below the overload line, and how far strain and notification "
              "frequency (seasonally adjusted) lie above the team's own starting level, in "
              "units of a team's normal noise, minus a fixed slack that is absorbed normally. "
              "It never drops below zero. From the threshold on, overload has built up. "
              "Slack, weights and threshold are settings; the threshold is chosen so that a "
              "stable team sitting exactly on the line rarely (about 2 %) raises a false alarm "
              "within 24 waves; a team above the line even less often.",
    },
    "method.trend.title": {"nl": "Trend naar overbelasting", "en": "Trending towards overload"},
    "method.trend.body": {
        "nl": "De trend is een robuuste helling (Theil-Sen) van de balans over de laatste "
              "metingen. Een team 'koerst op overbelasting' als de lijn binnen de horizon de "
              "nul-lijn kruist en de helling aantoonbaar daalt (de bovengrens van het "
              "95%-interval ligt onder nul). Daarnaast toetst het model of de balans sinds "
              "een bepaalde meting gestaag daalt ten opzichte van het eigen eerdere niveau "
              "(een knikpunttoets): stijgende werkdruk, dalende hulpbronnen en herstel, en "
              "oplopende spanning tellen elk mee, ieder afgezet tegen de eigen meetruis. Is "
              "die daling overtuigend en haalt de balans in dat tempo binnen de horizon de "
              "lijn, dan wordt het team oranje ('nadert de overbelastingslijn'). Voor een team "
              "telt alleen een daling die de afdeling als geheel niet deelt, tenzij het bewijs "
              "overweldigend is.",
        "en": "The trend is a robust slope (Theil-Sen) of the balance over the latest waves. "
              "A team is 'trending towards overload' when the line is projected to cross zero "
              "within the horizon and the slope is credibly negative (the upper bound of its "
              "95% interval is below zero). In addition, the model tests whether the balance "
              "has been falling steadily from the team's own earlier level since some wave (a "
              "change-point test): rising demands, falling resources and recovery, and rising "
              "strain each count, each judged against its own measurement noise. When that "
              "fall is convincing and at its pace the balance reaches the line within the "
              "horizon, the team is amber ('approaching the overload line'). For a team, only "
              "a fall the department as a whole does not share counts, unless the evidence is "
              "overwhelming.",
    },
    "method.tiers.title": {"nl": "Risiconiveau en fase", "en": "Risk tier and phase"},
    "method.tiers.body": {
        "nl": "Elk team krijgt een niveau, met de redenen erbij. **Rood**: de emmer is vol, of "
              "de balans ligt onder de overbelastingslijn en wordt aantoonbaar slechter. "
              "**Oranje**: koers op overbelasting of nadert de lijn, de emmer is half vol, of "
              "de balans ligt onder de lijn. **Groen**: geen van beide. **Te weinig gegevens**: te weinig "
              "zichtbare metingen voor een trend. Het niveau zegt hoe dringend het is; de "
              "voorgestelde fase zegt welk soort actie past: **1 blussen** (de balans daalt "
              "naar of onder de overbelastingslijn: de opbouw van overbelasting stoppen, "
              "werkdruk nu omlaag, verzuimbegeleiding), **2 herstellen** (de balans daalt niet "
              "meer, maar ligt onder de lijn of de emmer is nog niet leeg: rust, loskomen, "
              "pauzes en verlof beschermen) of **3 voorkomen** (stabiel: rolhelderheid, "
              "regelruimte, steun, opnieuw meten). Een oranje team dat richting de lijn daalt, "
              "staat dus in fase 1; een rood team met een volle emmer waarvan de balans niet "
              "meer daalt, in fase 2. Dit is een handreiking voor HR en adviseurs, geen "
              "medisch oordeel.",
        "en": "Every team gets a tier, with its reasons. **Red**: the bucket is full, or the "
              "balance is below the overload line and credibly getting worse. **Amber**: "
              "trending towards overload or approaching the line, the bucket half full, or the "
              "balance below the line. **Green**: neither. **Insufficient data**: too few visible waves for a "
              "trend. The tier says how urgent it is; the suggested phase says what kind of "
              "action fits: **1 extinguish** (the balance is falling towards or below the "
              "overload line: stop the overload building, reduce workload now, absence "
              "follow-up), **2 recover** (the balance no longer falls, but is below the line "
              "or the bucket is not yet empty: rest, detachment, protect breaks and leave) or "
              "**3 prevent** (stable: role clarity, control, support, re-measure). An amber "
              "team falling towards the line is therefore in phase 1; a red team with a full "
              "bucket whose balance no longer falls, in phase 2. This is guidance for HR and "
              "consultants, not a medical judgement.",
    },
    "method.absence.title": {"nl": "Verzuim", "en": "Absence"},
    "method.absence.body": {
        "nl": "Volgens de Nederlandse standaard (1996, zoals Vernet en CBS): "
              "**verzuimpercentage** = verzuimde kalenderdagen × deeltijdfactor × "
              "arbeidsongeschiktheid, gedeeld door beschikbare kalenderdagen × deeltijdfactor. "
              "**Meldingsfrequentie** = nieuwe ziekmeldingen per gemiddeld aantal medewerkers, "
              "per jaar (maand × 12). **Gemiddelde verzuimduur** over in de periode afgesloten "
              "verzuimgevallen. **Duurklassen** (standaard Vernet): 1-14 dagen kort, 15-91 "
              "middellang, 92-365 lang, 366-730 extra lang, 731+ langer dan twee jaar. Een hoge "
              "meldingsfrequentie is "
              "het vroege signaal, het verzuimpercentage volgt later.",
        "en": "Following the Dutch standard (1996, as used by Vernet and CBS): **absence "
              "rate** = sick calendar days × part-time factor × incapacity, divided by "
              "available calendar days × part-time factor. **Notification frequency** = new "
              "sickness spells per average headcount, per year (month × 12). **Mean "
              "duration** over spells closed in the period. **Duration bands** (Vernet "
              "default): 1-14 days short, 15-91 medium, 92-365 long, 366-730 extra long, 731+ "
              "over two years. A "
              "high notification frequency is the early signal; the absence rate follows "
              "later.",
    },
    "method.anonymity.title": {"nl": "Anonimiteit", "en": "Anonymity"},
    "method.anonymity.body": {
        "nl": "Het dashboard toont alleen teams, nooit personen. Een vragenlijstcijfer "
              "verschijnt pas bij minstens k respondenten (standaard 5, nooit minder), een "
              "verzuimcijfer bij minstens k medewerkers (standaard 10) en als niet één of "
              "twee personen het merendeel van de verzuimdagen leveren (standaard beoordeeld "
              "over drie maanden). Nulverzuim, gemiddelde duur en duurklassen, die samen met "
              "het verzuimpercentage de dagen van één persoon zouden verraden, verschijnen "
              "alleen in een maand waarin dat ook voor die maand alleen geldt. Teams die daardoor "
              "verborgen zijn, worden waar mogelijk samengenomen als 'overige teams'. Ook "
              "worden extra cellen verborgen zodat een verborgen team niet uit een totaal "
              "kan worden teruggerekend. Leidinggevenden zien alleen hun eigen afdeling(en). "
              "Elke download bevat alleen wat op het scherm mag staan.",
        "en": "The dashboard shows teams, never people. A survey figure appears only with at "
              "least k responses (default 5, never fewer), an absence figure with at least k "
              "employees (default 10) and when no one or two people supply most of the sick "
              "days (judged over three months by default). Zero absence, mean duration and "
              "duration bands, which with the absence rate could give away one person's days, "
              "appear only in a month for which that also holds on its own. Teams hidden for that reason are "
              "pooled as 'other teams' where possible. Further cells are hidden so that a hidden team cannot be recovered "
              "from a total. Managers see their own department(s) only. Every download "
              "contains only what may be shown on screen.",
    },
    "method.benchmark.title": {"nl": "Landelijke vergelijking", "en": "National benchmark"},
    "method.benchmark.body": {
        "nl": "Het landelijke verzuimpercentage komt uit CBS-tabel 80072ned (per sector en "
              "kwartaal, 1996-2023, CC BY 4.0), meegeleverd met het product. Voor kwartalen "
              "na het laatste kwartaal in de tabel wordt het meest recente zelfde kwartaal "
              "getoond, en zo gelabeld.",
        "en": "The national absence rate comes from CBS table 80072ned (per sector and "
              "quarter, 1996-2023, CC BY 4.0), shipped with the product. For quarters after "
              "the table's last quarter the latest same quarter is shown, labelled as such.",
    },
    "method.limitations.title": {"nl": "Beperkingen", "en": "Limitations"},
    "method.limitations.body": {
        "nl": "- Kleine teams geven brede intervallen; kijk naar de trend, niet naar één "
              "meting.\n"
              "- De vroege-waarschuwingsindicatoren (oplopende autocorrelatie en variantie) "
              "zijn **experimenteel**: ze vragen lange, regelmatige reeksen (12+ opeenvolgende "
              "gepubliceerde metingen; een verborgen meting begint de telling opnieuw) en het "
              "bewijs in de geestelijke gezondheid is zwak.\n"
              "- Verzuim volgt belasting met vertraging; een laag verzuim betekent niet dat "
              "er geen risico is.\n"
              "- De grenswaarden komen uit gepubliceerde normen en moeten per organisatie "
              "worden bekeken.",
        "en": "- Small teams give wide intervals; look at the trend, not at one wave.\n"
              "- The early-warning indicators (rising autocorrelation and variance) are "
              "**experimental**: they need long, evenly spaced series (12+ consecutive "
              "published waves; a hidden wave restarts the count) and the evidence in mental "
              "health is weak.\n"
              "- Absence follows load with a delay; low absence does not mean there is no "
              "risk.\n"
              "- Cut-offs come from published norms and should be reviewed per organisation.",
    },
    "method.instrument": {"nl": "Schalen van de vragenlijst", "en": "Questionnaire scales"},
    "band.normal": {"nl": "normaal", "en": "normal"},
    "band.at_risk": {"nl": "risico", "en": "at risk"},
    "band.very_high": {"nl": "zeer hoog risico", "en": "very high risk"},
    "method.unreachable_band": {
        "nl": "{scale}: met {n} items kan geen score in de band '{band}' vallen (de grenzen "
              "liggen tussen twee mogelijke gemiddelden), dus het aandeel in die band is altijd "
              "0 %.",
        "en": "{scale}: with {n} items no score can fall into the band '{band}' (its cut-offs "
              "lie between two possible means), so the share in that band is always 0 %.",
    },
    "method.parameters": {"nl": "Instellingen van deze build", "en": "Settings of this build"},
    "common.yes": {"nl": "ja", "en": "yes"},
    "common.no": {"nl": "nee", "en": "no"},
    "col.setting": {"nl": "Instelling (draagkracht.toml)", "en": "Setting (draagkracht.toml)"},
    "col.meaning": {"nl": "Betekenis", "en": "Meaning"},
    "param.anonymity.k_survey": {
        "nl": "Minimum aantal respondenten achter elk getoond vragenlijstcijfer",
        "en": "Fewest respondents behind any survey figure shown",
    },
    "param.anonymity.k_absence": {
        "nl": "Minimale personeelsomvang achter elk getoond verzuimcijfer",
        "en": "Smallest headcount behind any absence figure shown",
    },
    "param.anonymity.dominance_top1_share": {
        "nl": "Grootste deel van de verzuimdagen dat één medewerker mag leveren (dominantieregel)",
        "en": "Largest share of the sick days one employee may supply (dominance rule)",
    },
    "param.anonymity.dominance_top2_share": {
        "nl": "Grootste deel van de verzuimdagen dat de twee grootste bijdragers samen mogen leveren",
        "en": "Largest share of the sick days the two largest contributors may supply together",
    },
    "param.anonymity.dominance_window_months": {
        "nl": "Maanden waarover de dominantieregel wordt beoordeeld (voortschrijdend)",
        "en": "Months over which the dominance rule is judged (rolling)",
    },
    "param.anonymity.complement_min_groups": {
        "nl": "Minimum aantal verborgen groepen binnen een afdeling (aanvullende onderdrukking)",
        "en": "Fewest hidden groups within a department (complementary suppression)",
    },
    "param.anonymity.pool_hidden_teams": {
        "nl": "Verborgen teams per afdeling samenvoegen tot 'overige teams'",
        "en": "Pool hidden teams per department into 'other teams'",
    },
    "param.survey.confidence": {
        "nl": "Betrouwbaarheidsniveau van de intervallen",
        "en": "Confidence level of the intervals",
    },
    "param.survey.shrinkage": {
        "nl": "Teamcijfers naar het afdelingsgemiddelde trekken (empirisch Bayes)",
        "en": "Shrink team figures towards the department mean (empirical Bayes)",
    },
    "param.survey.z": {
        "nl": "z-waarde bij het betrouwbaarheidsniveau van de intervallen (afgeleid)",
        "en": "z value at the confidence level of the intervals (derived)",
    },
    "param.absence.duration_band_upper_days": {
        "nl": "Bovengrenzen van de duurklassen in kalenderdagen (Vernet; de laatste klasse is open)",
        "en": "Upper bounds of the duration bands in calendar days (Vernet; the last band is open)",
    },
    "param.absence.n_bands": {
        "nl": "Aantal duurklassen (afgeleid)",
        "en": "Number of duration bands (derived)",
    },
    "param.absence.periods_per_year": {
        "nl": "Perioden per jaar om de meldingsfrequentie op jaarbasis te zetten (Vernet)",
        "en": "Periods per year to annualise the notification frequency (Vernet)",
    },
    "param.absence.seasonal_min_months": {
        "nl": "Maanden nodig voor eigen seizoensfactoren van de organisatie",
        "en": "Months needed for the organisation's own seasonal factors",
    },
    "param.absence.national_quarter_factors": {
        "nl": "Landelijke seizoensfactoren van het verzuim per kwartaal K1–K4 (CBS 80072ned)",
        "en": "National seasonal factors of absence per quarter Q1–Q4 (CBS 80072ned)",
    },
    "param.bucket.cusum_slack": {
        "nl": "Speling: belasting die per meting wegvloeit, in ruiseenheden",
        "en": "Slack: load absorbed per wave, in noise units",
    },
    "param.bucket.cusum_threshold": {
        "nl": "Alarmdrempel van de emmer",
        "en": "Alarm level of the bucket",
    },
    "param.bucket.weight_balance": {
        "nl": "Gewicht van de balans in de emmer",
        "en": "Weight of the balance in the bucket",
    },
    "param.bucket.weight_strain": {
        "nl": "Gewicht van de uitputting in de emmer",
        "en": "Weight of the strain in the bucket",
    },
    "param.bucket.weight_absence": {
        "nl": "Gewicht van de meldingsfrequentie in de emmer",
        "en": "Weight of the notification frequency in the bucket",
    },
    "param.bucket.baseline_waves": {
        "nl": "Metingen voor het eigen beginniveau van uitputting en verzuim",
        "en": "Waves of a unit's own baseline of strain and absence",
    },
    "param.bucket.noise_floor": {
        "nl": "Kleinste ruisreferentie (punten)",
        "en": "Smallest noise reference (points)",
    },
    "param.trend.overload_line": {
        "nl": "Overbelastingslijn: balans waaronder de draaglast de draagkracht overtreft",
        "en": "Overload line: balance below which load exceeds capacity",
    },
    "param.trend.window_waves": {
        "nl": "Metingen in de trendlijn (Theil–Sen)",
        "en": "Waves in the trend line (Theil–Sen)",
    },
    "param.trend.min_waves": {
        "nl": "Minimum aantal gepubliceerde metingen voor een risico-oordeel",
        "en": "Fewest published waves for a risk assessment",
    },
    "param.trend.horizon_waves": {
        "nl": "Vooruitblik van de trendlijn naar de overbelastingslijn (metingen)",
        "en": "How far ahead the trend line is projected to the overload line (waves)",
    },
    "param.trend.confidence": {
        "nl": "Betrouwbaarheidsniveau van het interval van de helling",
        "en": "Confidence level of the slope's interval",
    },
    "param.trend.drift_lookback_waves": {
        "nl": "Metingen die worden doorzocht op het begin van een daling",
        "en": "Waves searched for the start of a decline",
    },
    "param.trend.drift_min_before": {
        "nl": "Minimum aantal metingen vóór een mogelijk begin van een daling",
        "en": "Fewest waves before a candidate start of a decline",
    },
    "param.trend.drift_min_after": {
        "nl": "Minimum aantal metingen na een mogelijk begin van een daling",
        "en": "Fewest waves after a candidate start of a decline",
    },
    "param.trend.drift_weight_strain": {
        "nl": "Gewicht van de stijging van de uitputting in het bewijs voor een daling",
        "en": "Weight of the strain's rise in the decline evidence",
    },
    "param.risk.amber_bucket_fraction": {
        "nl": "Oranje wanneer de emmer zo ver gevuld is (deel van de alarmdrempel)",
        "en": "Amber when the bucket is this full (share of the alarm level)",
    },
    "param.risk.approach_min_z": {
        "nl": "Bewijs voor een daling (z) dat nodig is voor oranje 'nadert de lijn'",
        "en": "Decline evidence (z) needed for amber 'approaching the line'",
    },
    "param.risk.approach_horizon_waves": {
        "nl": "Vooruitblik in het tempo van de daling (metingen)",
        "en": "How far ahead the decline's pace is projected (waves)",
    },
    "param.risk.overload_min_z": {
        "nl": "Bewijs voor een daling (z) dat nodig is voor rood onder de lijn",
        "en": "Decline evidence (z) needed for red below the line",
    },
    "param.risk.context_min_z": {
        "nl": "Daling ten opzichte van de eigen afdeling die een team minstens moet tonen (z)",
        "en": "Decline relative to its own department that a team must show (z)",
    },
    "param.risk.context_override_z": {
        "nl": "Eigen bewijs voor een daling (z) waarboven de afdeling niet meer meeweegt",
        "en": "Own decline evidence (z) above which the department no longer counts",
    },
    "param.risk.level_min_z": {
        "nl": "Bewijs voor een daling (z) waarboven het niveau uit de lijn van de daling komt",
        "en": "Decline evidence (z) above which the level is read from the decline's fit",
    },
    "param.risk.early_warning_min_points": {
        "nl": "Minimum aantal opeenvolgende metingen voor vroege signalen (experimenteel)",
        "en": "Fewest consecutive waves for early-warning indicators (experimental)",
    },
    "param.risk.early_warning_window": {
        "nl": "Venster van de vroege signalen (metingen)",
        "en": "Window of the early-warning indicators (waves)",
    },
    "param.lead_lag.max_lag_months": {
        "nl": "Langste voorsprong die wordt getoetst (maanden)",
        "en": "Longest lead tested (months)",
    },
    "param.lead_lag.min_months": {
        "nl": "Minimum aantal maanden voor de toets op voorsprong",
        "en": "Fewest months for the lead-lag test",
    },
    "param.lead_lag.confidence": {
        "nl": "Betrouwbaarheidsniveau van de toets op voorsprong",
        "en": "Confidence level of the lead-lag test",
    },
    "method.parameters_none": {
        "nl": "Deze build bevat geen parametertabel.",
        "en": "This build does not contain a parameter table.",
    },
    "method.benchmark_source": {"nl": "Bron landelijke cijfers: {source}.",
                                "en": "Source of national figures: {source}."},
}


def current_lang() -> str:
    """The session's language (``nl`` by default); outside Streamlit always the default."""
    try:
        import streamlit as st

        lang = st.session_state.get("lang", DEFAULT_LANG)
    except Exception:
        return DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = None, *, default: str | None = None, **fmt: object) -> str:
    """Text for ``key`` in ``lang`` (default: the session's language), placeholders filled."""
    lang = lang if lang in LANGS else current_lang()
    entry = TEXT.get(key)
    if entry is None:
        if default is not None:
            return default
        raise KeyError(f"no interface text for key {key!r}")
    text = entry[lang]
    return text.format(**fmt) if fmt else text
