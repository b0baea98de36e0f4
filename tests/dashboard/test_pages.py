"""Every page × role with AppTest on a real build: anonymous refused, HR and consultants see
every department, a manager exactly their own, and tampering changes nothing.

"Sees" is judged on everything the server sends for a run: every element's serialised
protobuf (what the WebSocket would carry), so table cells and chart data count too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth, benchmark, db, users
from dashboard.i18n import TEXT, t
from dashboard.ui import fmt_date, fmt_month, fmt_num, months_word
from dashboard.users import Viewer

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ["views/overview.py", "views/department_team.py", "views/absence.py",
         "views/data_quality.py", "views/method.py"]
DEPARTMENT_PAGES = PAGES[:4]


def sent(at: AppTest) -> bytes:
    """All element messages of the last run, serialised as they go to the browser."""
    out: list[bytes] = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(proto.SerializeToString())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return b"".join(out)


def app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def login(org, user: str) -> AppTest:
    at = app().run()
    at.text_input[0].input(user)
    at.text_input[1].input(org.passwords[user])
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("ov.title", "nl"), [e.value for e in at.error]
    return at


def visit(at: AppTest, page: str) -> bytes:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return sent(at)


def forbidden(org, scope: tuple[str, ...]) -> list[str]:
    """Ids and names of departments and teams outside the scope (team names that also occur
    inside the scope or in the interface text, CBS sector titles included, prove nothing
    and are left out)."""
    own = {org.departments[d] for d in scope} | {n for n, d in org.teams.values() if d in scope}
    interface = " ".join([*(e[lang] for e in TEXT.values() for lang in e),
                          *benchmark.sectors()["title"], *benchmark.sectors()["title_en"]])
    out = []
    for dep, name in org.departments.items():
        if dep not in scope:
            out += [dep, name]
    for team, (name, dep) in org.teams.items():
        if dep not in scope:
            out.append(team)
            if name not in own and name not in interface and not any(name in o for o in own):
                out.append(name)
    return out


def leaks(data: bytes, org, scope) -> list[str]:
    return [x for x in forbidden(org, scope) if x.encode("utf-8") in data]


# ---------------------------------------------------------------- anonymous


def test_anonymous_gets_the_login_page_only(org_db):
    at = app().run()
    assert not at.exception
    assert at.title[0].value == t("login.title", "nl")
    for page in PAGES:
        with pytest.raises(ValueError, match="navigation page"):
            at.switch_page(page)
    data = sent(at)
    assert leaks(data, org_db, ()) == []


@pytest.mark.parametrize("page", PAGES)
def test_a_page_run_directly_without_login_shows_nothing(org_db, page):
    at = AppTest.from_file(str(Path(APP).parent / page), default_timeout=90).run()
    assert [e.value for e in at.error] == [t("login.required", "nl")]
    assert leaks(sent(at), org_db, ()) == []


def test_wrong_password_refused_and_locked_out_after_five(org_db):
    at = app().run()
    for _ in range(auth.MAX_FAILURES):
        at.text_input[0].input("manager2")
        at.text_input[1].input("wrong password")
        at.button[0].click().run()
        assert at.error[0].value == t("login.failed", "nl")
    at.text_input[0].input("manager2")
    at.text_input[1].input(org_db.passwords["manager2"])
    at.button[0].click().run()
    assert at.error[0].value == t("login.locked", "nl")
    assert at.title[0].value == t("login.title", "nl")
    with auth._lock:
        auth._failures.pop("manager2", None)


# ---------------------------------------------------------------- HR and consultant


@pytest.mark.parametrize("user", ["hr", "consultant"])
def test_hr_and_consultant_see_every_department(org_db, user):
    at = login(org_db, user)
    for page in PAGES:
        data = visit(at, page)
        if page in ("views/overview.py", "views/absence.py", "views/data_quality.py"):
            for name in org_db.departments.values():
                assert name.encode() in data, (page, name)
    # The department page offers every department.
    at.switch_page("views/department_team.py").run()
    assert set(at.selectbox(key="dt_dept").options) == set(org_db.departments.values())


def test_hr_overview_shows_heat_map_and_trending_list(org_db):
    at = login(org_db, "hr")
    assert len(at.get("plotly_chart")) >= 1
    assert len(at.dataframe) >= 1  # trending list (the generator plants drifting teams)
    assert any(t("ov.teams_red", "nl") == m.label for m in at.metric)
    # the absence rate is compared with a named quarter, in the badge itself
    deltas = [m.proto.delta for m in at.metric if m.proto.delta]
    assert any("t.o.v. landelijk (" in d and "e kwartaal " in d for d in deltas), deltas
    # teams without a verdict come with what it means and what helps
    helps = [c.proto.help for c in at.caption if c.proto.help]
    assert any(h.startswith("Te weinig gegevens: het team is in deze meting verborgen (minder "
                            "dan 5 respondenten) of heeft minder dan 5 gepubliceerde") for h in helps)
    # the heat map says where its colours start and end, per column
    assert any("Verzuim % 2 → 9" in c.value and "Balans 25 → -25" in c.value
               for c in at.caption), [c.value for c in at.caption]


# ---------------------------------------------------------------- managers


@pytest.mark.parametrize("user", ["manager", "manager2"])
@pytest.mark.parametrize("page", PAGES)
def test_manager_sees_exactly_own_departments(org_db, user, page):
    scope = getattr(org_db, user)
    at = login(org_db, user)
    data = visit(at, page)
    assert leaks(data, org_db, scope) == []
    if page in DEPARTMENT_PAGES:
        assert org_db.departments[scope[0]].encode() in data


def test_manager_department_picker_offers_only_own(org_db):
    at = login(org_db, "manager2")
    at.switch_page("views/department_team.py").run()
    assert set(at.selectbox(key="dt_dept").options) == {
        org_db.departments[d] for d in org_db.manager2}


def test_manager_every_unit_of_own_department(org_db):
    dep = org_db.manager[0]
    con = duckdb.connect(str(org_db.db), read_only=True)
    units = [r[0] for r in con.execute(
        "select distinct team_id from team_wave_scores where department_id = ? order by 1",
        [dep]).fetchall()]
    con.close()
    assert any(u.endswith(":other") for u in units) or len(units) > 1
    at = login(org_db, "manager")
    at.switch_page("views/department_team.py").run()
    for unit in units:
        at.selectbox(key="dt_unit").set_value(unit).run()
        assert not at.exception, (unit, at.exception)
        assert at.selectbox(key="dt_unit").value == unit
        assert leaks(sent(at), org_db, org_db.manager) == []


# ---------------------------------------------------------------- tampering


def test_query_parameter_for_another_department_is_ignored(org_db):
    other = next(d for d in org_db.departments if d not in org_db.manager)
    at = app(dept=other)
    at.run()
    at.text_input[0].input("manager")
    at.text_input[1].input(org_db.passwords["manager"])
    at.button[0].click().run()
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_dept").value == org_db.manager[0]
    assert leaks(sent(at), org_db, org_db.manager) == []


def test_switching_language_rewrites_the_url_to_the_language_alone(org_db):
    """Writing the URL sends its query string back to the browser: after a language switch
    it holds only the language, never a tampered ?dept= of another department."""
    other = next(d for d in org_db.departments if d not in org_db.manager)
    at = _login_with(org_db, "manager", dept=other)
    at.switch_page("views/department_team.py").run()
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert dict(at.query_params) == {"lang": "en"}
    assert at.selectbox(key="dt_dept").value == org_db.manager[0]


def test_query_parameter_for_own_department_preselects_it(org_db):
    want = org_db.manager2[1]
    at = app(dept=want)
    at.run()
    at.text_input[0].input("manager2")
    at.text_input[1].input(org_db.passwords["manager2"])
    at.button[0].click().run()
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_dept").value == want


def _login_with(org, user: str, **query) -> AppTest:
    at = app(**query)
    at.run()
    at.text_input[0].input(user)
    at.text_input[1].input(org.passwords[user])
    at.button[0].click().run()
    return at


def test_deep_link_to_a_team_of_own_department(org_db):
    dep = org_db.manager[0]
    team = next(tid for tid, (_, d) in sorted(org_db.teams.items()) if d == dep)
    at = _login_with(org_db, "manager", dept=dep, unit=team)
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_dept").value == dep
    assert at.selectbox(key="dt_unit").value == team


def test_a_change_within_noise_is_grey_and_a_credible_one_coloured(org_db):
    """The latest-wave block colours a change red or green only when it is larger than noise
    (``*_change_credible``); within noise it is grey, with its direction still shown (a
    reviewer saw a red −3,8 captioned "binnen de ruis")."""
    from streamlit.proto.Metric_pb2 import Metric

    con = duckdb.connect(str(org_db.db), read_only=True)
    rows = con.execute("""
        select team_id, department_id, stressor_change, stressor_change_credible,
               recovery_change_credible, strain_change_credible, balance_change_credible
        from team_wave_scores s
        where unit_kind = 'team' and not suppressed and wave = (
            select max(wave) from team_wave_scores t where t.team_id = s.team_id)
        order by team_id""").fetchall()
    con.close()
    measures = ("stressor", "recovery", "strain", "balance")
    mixed = [r for r in rows if r[2] is not None and len(set(r[3:])) == 2]
    assert mixed, "the organisation has a team with credible and noise changes"
    team, dep, credible = mixed[0][0], mixed[0][1], mixed[0][3:]
    at = _login_with(org_db, "hr", dept=dep, unit=team)
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_unit").value == team
    shown = {m.label: m.proto for m in at.metric}
    for m, is_credible in zip(measures, credible, strict=True):
        proto = shown[t(f"measure.{m}", "nl")]
        if float(proto.delta.replace(",", ".").replace("−", "-")) == 0:
            continue
        if is_credible:
            assert proto.color in (Metric.MetricColor.RED, Metric.MetricColor.GREEN), m
        else:
            assert proto.color == Metric.MetricColor.GRAY, m


def test_a_team_with_one_or_two_published_absence_months_gets_a_sentence_not_charts(org_db):
    """One dot among hidden months reads as a broken chart (UX review): the page says in how
    many months the team's absence can be shown and points to the department."""
    con = duckdb.connect(str(org_db.db), read_only=True)
    rows = con.execute("""
        select team_id, department_id, count(absence_rate), count(*)
        from team_month_absence where unit_kind = 'team'
        group by team_id, department_id
        having count(absence_rate) between 1 and 2 order by team_id""").fetchall()
    con.close()
    assert rows, "the organisation has a team with one or two published absence months"
    team, dep, shown, total = rows[0]
    at = _login_with(org_db, "hr", dept=dep, unit=team)
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_unit").value == team
    expected = t("dt.absence_mostly_hidden", "nl", shown=shown, total=total)
    assert [i.value for i in at.info if i.value == expected] == [expected]
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert specs  # the page's other charts (scores, bucket) are there
    assert not any(t("axis.absence_rate", "nl") in spec for spec in specs)


def test_team_page_says_why_spell_counts_are_missing(org_db):
    """A team whose rate is shown in months where its spell counts are withheld (one or two
    people had nearly all the absence) gets a caption with the number of such months."""
    con = duckdb.connect(str(org_db.db), read_only=True)
    rows = con.execute("""
        select team_id, department_id, count(*) filter (where counts_suppressed)
        from team_month_absence where unit_kind = 'team' group by all
        having count(*) filter (where counts_suppressed) > 0 order by 3 desc, 1 limit 1
    """).fetchall()
    con.close()
    assert rows, "the sample organisation has no month with withheld counts"
    team, dep, n = rows[0]
    at = _login_with(org_db, "hr", dept=dep, unit=team)
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_unit").value == team
    assert t("dt.absence_counts_hidden", "nl", n=n,
             months=months_word(n, "nl")) in [c.value for c in at.caption]


def test_deep_link_to_a_team_of_another_department_is_ignored(org_db):
    other_team = next(tid for tid, (_, d) in sorted(org_db.teams.items())
                      if d not in org_db.manager)
    at = _login_with(org_db, "manager", dept=org_db.teams[other_team][1], unit=other_team)
    at.switch_page("views/department_team.py").run()
    assert at.selectbox(key="dt_dept").value == org_db.manager[0]
    assert at.selectbox(key="dt_unit").value == "__department__"
    assert leaks(sent(at), org_db, org_db.manager) == []


@pytest.mark.parametrize("key,page", [("dt_dept", "views/department_team.py"),
                                      ("ov_deps", "views/overview.py"),
                                      ("ab_deps", "views/absence.py")])
def test_widget_state_set_to_another_department_is_refused(org_db, key, page):
    other = [d for d in org_db.departments if d not in org_db.manager]
    at = login(org_db, "manager")
    # Set while another page is shown (AppTest cannot send a widget value that is not one of
    # the widget's options; a browser cannot either), then open the page.
    at.switch_page("views/method.py").run()
    at.session_state[key] = other[0] if key == "dt_dept" else other
    at.switch_page(page).run()
    assert not at.exception
    assert leaks(sent(at), org_db, org_db.manager) == []


def test_session_state_cannot_grant_a_role(org_db):
    at = login(org_db, "manager")
    for k, v in {"viewer": users.Viewer("x", "hr", None), "role": "hr", "departments": None,
                 "username": "hr", "user": "hr"}.items():
        at.session_state[k] = v
    for page in DEPARTMENT_PAGES:
        assert leaks(visit(at, page), org_db, org_db.manager) == []


def test_forged_token_is_not_a_login(org_db):
    at = app()
    at.session_state[auth.TOKEN_KEY] = "forged-token"
    at.run()
    assert at.title[0].value == t("login.title", "nl")
    assert leaks(sent(at), org_db, ()) == []


def test_removed_user_is_logged_out_on_the_next_run(org_db):
    at = login(org_db, "manager2")
    users.remove_user(org_db.store, "manager2")
    at.run()
    assert at.title[0].value == t("login.title", "nl")


def test_scope_change_applies_on_the_next_run(org_db):
    at = login(org_db, "manager2")
    keep = org_db.manager2[0]
    users.add_user(org_db.store, "manager2", org_db.passwords["manager2"], "manager", [keep],
                   replace=True)
    at.switch_page("views/overview.py").run()
    assert leaks(sent(at), org_db, (keep,)) == []


def test_logout(org_db):
    at = login(org_db, "hr")
    at.button(key="logout").click().run()
    assert at.title[0].value == t("login.title", "nl")


# ---------------------------------------------------------------- single sign-on (OIDC)


def _oidc(at: AppTest, email: str) -> AppTest:
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "https://idp.example/.well-known/x"}
    at.user = {"is_logged_in": True, "email": email}
    return at


def test_oidc_identity_gets_the_role_from_the_user_store(org_db):
    at = _oidc(app(), "Manager@Example.nl").run()
    assert not at.exception
    assert at.title[0].value == t("ov.title", "nl")
    assert leaks(sent(at), org_db, org_db.manager) == []


def test_oidc_identity_without_a_user_record_sees_nothing(org_db):
    at = _oidc(app(), "stranger@example.nl").run()
    assert at.title[0].value == t("login.title", "nl")
    assert "stranger@example.nl" in at.error[0].value
    assert leaks(sent(at), org_db, ()) == []


# ---------------------------------------------------------------- database states


def test_no_database_shows_how_to_build_one(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAAGKRACHT_DB", str(tmp_path / "none.duckdb"))
    at = app().run()
    assert not at.exception
    assert at.title[0].value == t("nodb.title", "nl")
    assert "draagkracht run" in " ".join(m.value for m in at.markdown)


def test_unreadable_database_is_explained_without_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "draagkracht.duckdb"
    bad.write_bytes(b"\x00garbage" * 1000)
    monkeypatch.setenv("DRAAGKRACHT_DB", str(bad))
    at = app().run()
    assert not at.exception
    assert at.title[0].value == t("nodb.title", "nl")
    assert "kan niet worden gelezen" in at.info[0].value


def test_new_build_is_shown_without_restart(org_db):
    at = login(org_db, "hr")
    at.switch_page("views/department_team.py").run()
    dep = next(iter(org_db.departments))
    new_name = "Afdeling Na Herpublicatie"
    tmp = org_db.db.with_name(".next.duckdb")
    shutil.copy2(org_db.db, tmp)
    con = duckdb.connect(str(tmp))
    con.execute("update org_structure set department_name = ? where department_id = ?",
                [new_name, dep])
    con.close()
    os.replace(tmp, org_db.db)  # how the pipeline publishes
    at.run()
    assert new_name in at.selectbox(key="dt_dept").options


def test_data_page_explains_the_suppression_memory(org_db, org_build):
    """A first build carried nothing: no caption. Rebuilt over it, the run carries the
    first build's withheld cells and the Data page says how many and from which build."""
    from pipelines.run import run_pipeline

    at = login(org_db, "hr")
    at.switch_page("views/data_quality.py").run()
    assert not [c.value for c in at.caption if "geheugen" in c.value]
    con = duckdb.connect(str(org_db.db), read_only=True)
    build, cells = con.execute("select (select build_id from build_info), "
                               "(select count(*) from suppressed_cells)").fetchall()[0]
    con.close()
    result = run_pipeline(org_build.db.parent.parent / "inputs", org_db.db)
    assert result.status == "published" and result.suppression_memory["cells"] == cells > 0
    at.run()
    expected = t("dq.memory", "nl", n=fmt_num(cells, 0, "nl"), build=build[:12])
    assert expected in [c.value for c in at.caption]


def test_data_page_gives_managers_no_organisation_wide_row_counts(org_db):
    """Rows read per input file (a survey file per wave) minus a manager's own responses
    would give the rest of the organisation's, even where the scope rule withholds the
    organisation's figures (independent review: 24 of 24 waves on a two-department
    build). HR sees the counts; a manager sees the tables without them."""
    counts = {"rows_read", "rows_loaded", "rows_rejected", "element_count",
              "unexpected_count", "message"}
    con = duckdb.connect(str(org_db.db), read_only=True)
    read = {str(n) for (n,) in con.execute("select rows_read from input_files").fetchall()}
    con.close()
    columns = {}
    for user in ("hr", "manager"):
        at = login(org_db, user)
        visit(at, "views/data_quality.py")
        columns[user] = {c for df in at.dataframe for c in df.value.columns}
        if user == "manager":
            cells = {str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()}
            assert not read & cells
    labels = {t(f"col.{c}", "nl") for c in counts}
    assert labels <= columns["hr"], labels - columns["hr"]
    assert not labels & columns["manager"]


def test_pool_label_and_member_counts_per_source(org_db):
    """The survey and absence pools of a department are other groups: the unit picker names
    the pool without a count, and each part says how many teams it pools in its latest
    shown period (review: the picker showed the first wave's survey count on the absence
    charts too)."""
    con = duckdb.connect(str(org_db.db), read_only=True)
    try:
        pools = con.execute("""
            select s.department_id, s.team_id,
                arg_max(s.member_teams, s.wave) filter (where not s.suppressed),
                max(s.wave) filter (where not s.suppressed),
                (select arg_max(a.member_teams, a.month) from team_month_absence a
                 where a.team_id = s.team_id and not a.suppressed),
                (select max(a.month) from team_month_absence a
                 where a.team_id = s.team_id and not a.suppressed)
            from team_wave_scores s where s.unit_kind = 'pool'
            group by all order by 1""").fetchall()
    finally:
        con.close()
    dep, pool, n_survey, wave, n_absence, month = next(
        p for p in pools if p[2] is not None and p[4] is not None)
    at = login(org_db, "hr")
    at.switch_page("views/department_team.py").run()
    at.selectbox(key="dt_dept").set_value(dep).run()
    picker = at.selectbox(key="dt_unit")
    assert picker.format_func(pool) == t("unit.pool_plain", "nl")
    picker.set_value(pool).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert t("dt.pool_members", "nl", n=n_survey, period=fmt_date(wave, "nl")) in captions
    assert t("dt.pool_members_month", "nl", n=n_absence, period=fmt_month(month, "nl")) \
        in captions


def test_method_page_names_a_band_no_score_can_reach(org_db):
    """The built-in pulse instrument scores exhaustion on three items with the BAT cut-offs
    3.05 / 3.31: no mean of three 1-5 items lies between them. The marts indeed never put
    anyone in that band, and the Method page says why its share is always 0 %."""
    con = duckdb.connect(str(org_db.db), read_only=True)
    try:
        stored = dict(con.execute("select scale_id, unreachable_bands "
                                  "from instrument_scales").fetchall())
        at_risk, very_high, normal, cells = con.execute("""
            select max(share_at_risk), max(share_very_high), max(share_normal), count(*)
            from team_wave_scale_scores
            where scale_id = 'exhaustion' and share_normal is not null""").fetchall()[0]
    finally:
        con.close()
    assert {k: v for k, v in stored.items() if v} == {"exhaustion": "at_risk"}
    assert cells > 0 and at_risk == 0 and very_high > 0 and normal > 0
    for lang, label in (("nl", "Uitputting"), ("en", "Exhaustion")):
        at = login(org_db, "consultant")
        at.session_state["lang"] = lang
        visit(at, "views/method.py")
        expected = t("method.unreachable_band", lang, scale=label, n=3,
                     band=t("band.at_risk", lang))
        assert [c.value for c in at.caption if c.value == expected] == [expected]


def test_method_page_lists_settings_by_meaning_not_by_internal_name(org_db):
    """The settings table names each setting as it is written in draagkracht.toml, says what
    it means in the viewer's language, and shows a list (the duration bands) on one row."""
    for lang in ("nl", "en"):
        at = login(org_db, "hr")
        at.session_state["lang"] = lang
        body = visit(at, "views/method.py")
        assert t("param.absence.duration_band_upper_days", lang).encode() in body
        assert b"absence.duration_band_upper_days" in body and b"14; 91; 365; 730" in body
        assert b"duration_band_upper_days_1" not in body
        assert t("param.risk.approach_min_z", lang).encode() in body


# ---------------------------------------------------------------- language and exports


def test_english_via_query_parameter_and_switch(org_db):
    at = app(lang="en").run()
    assert at.title[0].value == t("login.title", "en")
    at.text_input[0].input("hr")
    at.text_input[1].input(org_db.passwords["hr"])
    at.button[0].click().run()
    assert at.title[0].value == t("ov.title", "en")
    at.button_group(key="lang").set_value("nl").run()
    assert at.title[0].value == t("ov.title", "nl")
    assert at.query_params["lang"] == "nl"  # a bookmark opens in the language in use


def test_clicking_the_selected_language_keeps_it(org_db):
    """Clicking the selected option of the switch deselects it: the language in use stays
    (it fell back to Dutch)."""
    at = app(lang="en").run()
    at.text_input[0].input("hr")
    at.text_input[1].input(org_db.passwords["hr"])
    at.button[0].click().run()
    assert at.title[0].value == t("ov.title", "en")
    at.button_group(key="lang").set_value(None).run()
    assert not at.exception
    assert at.title[0].value == t("ov.title", "en")
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize("page", ["views/department_team.py", "views/absence.py",
                                  "views/data_quality.py"])
def test_every_table_has_both_csv_downloads(org_db, page):
    at = login(org_db, "hr")
    at.switch_page(page).run()
    downloads = [e for e in at.get("download_button")]
    tables = at.dataframe
    assert len(tables) >= 1
    assert len(downloads) == 2 * len(tables)


@pytest.mark.parametrize("user", ["hr", "manager"])
def test_overview_lists_every_unit_in_scope_as_a_table(org_db, user):
    scope = None if user == "hr" else list(getattr(org_db, user))
    con = duckdb.connect(str(org_db.db), read_only=True)
    try:
        expected = con.execute("""
            select count(*) from (
                select department_id from team_risk_history
                where wave = (select max(wave) from team_risk_history)
                union all
                select department_id from department_risk_history
                where wave = (select max(wave) from team_risk_history))
            where $scope::varchar[] is null or list_contains($scope::varchar[], department_id)
        """, {"scope": scope}).fetchone()[0]
    finally:
        con.close()
    at = login(org_db, user)
    phase_col = t("col.phase", "nl")
    # the trending list's table and, last, the table of every unit
    tables = [d.value for d in at.dataframe if phase_col in d.value.columns]
    everyone = tables[-1]
    assert len(everyone) == expected > 0
    assert all(len(other) < len(everyone) for other in tables[:-1])
    if scope:
        assert set(everyone[t("col.department_name", "nl")]) == {
            org_db.departments[d] for d in scope}


def test_headline_labels_wrap_instead_of_being_cut(org_db):
    # st.metric cuts a long label with "…" in a narrow column (four across at 1024 px): the
    # Overview writes each headline label as text above a metric whose own label is hidden
    at = login(org_db, "hr")
    shown = " ".join(m.value for m in at.markdown)
    labels = [m.label for m in at.metric]
    assert t("ov.teams_red", "nl") in labels
    for label in labels:
        assert label in shown, label
    assert all(m.proto.label_visibility.value == m.proto.label_visibility.COLLAPSED
               for m in at.metric)


def test_urgent_list_is_the_flagged_part_of_every_unit_in_order(org_db):
    viewer = Viewer("hr", "hr", None)
    everyone = db.unit_risks(viewer)
    urgent = db.urgent_units(viewer)
    flagged = everyone["tier"].isin(["red", "amber"]) | everyone["trending_to_overload"]
    assert 0 < len(urgent) < len(everyone)
    assert list(zip(urgent["level"], urgent["unit_id"], strict=True)) == list(
        zip(everyone.loc[flagged, "level"], everyone.loc[flagged, "unit_id"], strict=True))
