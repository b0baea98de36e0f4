"""Anonymity at the edges of the rules (domain.md §5, docs/scoring.md "Anonymity").

Small hand-made organisations, each built into a real DuckDB working database by the scoring
models (tests/scoring/staging.py), one month or wave. Every expectation follows from the rule
and the input, computed here without the suppressor's code:

- a team of k_absence - 1 people shows no absence figure, and the remainder of its department
  it is hidden in holds at least two teams and k people;
- a team of exactly k_survey respondents where one person left a whole block unanswered has
  fewer than k respondents on that block's measures: none of its figures is published;
- the dominance rule (largest contributor > 50 %, two largest > 85 % of the sick days, domain.md
  §5 attack 6) is judged per person: a person who moved between two teams of one department
  is one contributor to the department, not two;
- a largest contributor with 55 % of a team's days is above the 50 % of domain.md.

The shares 0.50 and 0.85 are domain.md's numbers, not read from the settings: a test that took
the threshold from the code would move along with a wrong default.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipelines.instrument import builtin_instrument
from pipelines.settings import Settings
from tests.scoring.staging import build_database

SETTINGS = Settings()  # the defaults: every test here is about the default rules
K_ABSENCE = SETTINGS.anonymity.k_absence
K_SURVEY = SETTINGS.anonymity.k_survey
# domain.md §5 attack 6: suppress when the largest contributor > 50 % or the top two > 85 %
TOP1_SHARE, TOP2_SHARE = 0.50, 0.85
# domain.md §5 attack 1: a hidden set within a parent holds at least 2 groups and k people
MIN_GROUPS = 2

MONTH = "2024-01-01"
AS_OF = date(2024, 1, 31)
ABSENCE_FIGURES = ["absence_rate", "notification_frequency", "mean_duration_days",
                   "zero_absence_share", "spells_closed"]


# ------------------------------------------------------------------ absence helpers


def _org(teams: list[tuple[str, str, int]]) -> pd.DataFrame:
    """(team, department, headcount) -> staging org rows for MONTH."""
    return pd.DataFrame([{"team_id": t, "department_id": d, "month": MONTH, "headcount": h,
                          "fte": round(h * 0.9, 1)} for t, d, h in teams])


def _spells(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    """(employee, team, first day, last day) in January 2024, 100 % sick, full time."""
    df = pd.DataFrame([(e, t, date(2024, 1, a), date(2024, 1, b)) for e, t, a, b in rows],
                      columns=["employee_ref", "team_id", "start_date", "end_date"])
    return df.assign(start_date=pd.to_datetime(df["start_date"]),
                     end_date=pd.to_datetime(df["end_date"]), incapacity_pct=100.0, fte=1.0)


def _balanced(team: str) -> list[tuple[str, str, int, int]]:
    """Four people sick three days each: 25 % each, two largest 50 %."""
    return [(f"{team}-{p}", team, 2 + 5 * p, 4 + 5 * p) for p in range(4)]


def _stub_survey(team: str) -> dict[str, pd.DataFrame]:
    """The one response the build needs (these organisations are about absence)."""
    return {"responses": pd.DataFrame({"response_id": ["r1"], "team_id": [team],
                                       "wave": [MONTH]}),
            "answers": pd.DataFrame({"response_id": ["r1"], "wave": [MONTH], "item": ["WL1"],
                                     "value": [3]})}


def _build_absence(path, teams, spells):
    con, _ = build_database(path, settings=SETTINGS, org=_org(teams), absence=spells,
                            as_of=AS_OF, **_stub_survey(teams[0][0]))
    return con


def _days_per_person(spells: pd.DataFrame, teams) -> pd.Series:
    """Sick days per person in the rows of ``teams`` (100 %, fte 1.0: calendar days)."""
    rows = spells[spells["team_id"].isin(list(teams))]
    days = (rows["end_date"] - rows["start_date"]).dt.days + 1
    return days.groupby(rows["employee_ref"]).sum()


def _shares(per_person: pd.Series) -> tuple[float, float]:
    """(largest, two largest) share of the days."""
    top = sorted(per_person.tolist(), reverse=True) + [0, 0]
    total = float(sum(top))
    return (top[0] / total, (top[0] + top[1]) / total) if total else (0.0, 0.0)


def _dominated(per_person: pd.Series) -> bool:
    top1, top2 = _shares(per_person)
    return top1 > TOP1_SHARE or top2 > TOP2_SHARE


def _absence_marts(con) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    month = pd.Timestamp(MONTH)
    frames = [con.sql(f"select * from {m}").df() for m in
              ("team_month_absence", "department_month_absence", "org_month_absence")]
    return tuple(f[pd.to_datetime(f["month"]) == month].reset_index(drop=True) for f in frames)


def _assert_hidden(row: pd.Series, reason: str | None = None) -> None:
    assert bool(row["suppressed"]), row.to_dict()
    if reason is not None:
        assert row["suppression_reason"] == reason, row.to_dict()
    assert all(pd.isna(row[c]) for c in ABSENCE_FIGURES), row.to_dict()


def _assert_no_remainder_gives_a_group_away(con, teams, spells) -> None:
    """What subtraction exposes (a published department minus its published teams, the
    published organisation minus its published departments) is empty or at least
    MIN_GROUPS groups, K_ABSENCE people and not dominated; a hidden department hides its
    teams and has no pool."""
    size = {t: h for t, _, h in teams}
    dept_of = {t: d for t, d, _ in teams}
    t, d, o = _absence_marts(con)
    team_rows = t[t["unit_kind"] == "team"].set_index("team_id")
    pools = t[t["unit_kind"] == "pool"]
    hidden_depts = []
    for _, dep in d.iterrows():
        members = [x for x in size if dept_of[x] == dep["department_id"]]
        if dep["suppressed"]:
            hidden_depts.append(dep["department_id"])
            assert team_rows.loc[members, "suppressed"].all(), dep["department_id"]
            assert dep["department_id"] not in set(pools["department_id"])
            continue
        hidden = [x for x in members if team_rows.loc[x, "suppressed"]]
        if hidden:
            assert len(hidden) >= MIN_GROUPS, (dep["department_id"], hidden)
            assert sum(size[x] for x in hidden) >= K_ABSENCE, (dep["department_id"], hidden)
            assert not _dominated(_days_per_person(spells, hidden)), hidden
    org = o.iloc[0]
    if not org["suppressed"] and hidden_depts:
        in_hidden = [x for x in size if dept_of[x] in hidden_depts]
        assert len(hidden_depts) >= MIN_GROUPS, hidden_depts
        assert sum(size[x] for x in in_hidden) >= K_ABSENCE, hidden_depts
        assert not _dominated(_days_per_person(spells, in_hidden)), hidden_depts


# ------------------------------------------------------------------ absence: k


def test_team_of_k_absence_minus_one_shows_nothing(tmp_path):
    """A team of k_absence - 1 people: below k, so no absence figure (reason below_k),
    nor in its bands, and it sits in a pool with at least one more team and k people."""
    small = K_ABSENCE - 1
    teams = [("TS", "D1", small), ("TA", "D1", 12), ("TB", "D1", 12),
             ("TC", "D2", 12), ("TD", "D2", 12)]
    spells = _spells([r for t, _, _ in teams for r in _balanced(t)])
    con = _build_absence(tmp_path / "k_minus_one.duckdb", teams, spells)
    try:
        t, _, _ = _absence_marts(con)
        row = t[(t["unit_kind"] == "team") & (t["team_id"] == "TS")]
        assert len(row) == 1
        assert row["headcount"].iloc[0] == small < K_ABSENCE
        _assert_hidden(row.iloc[0], "below_k")
        bands = con.sql("select * from team_month_absence_bands where team_id = 'TS'").df()
        assert len(bands) and bands["suppressed"].all() and bands["spells_closed"].isna().all()
        # it is pooled with at least one other team, together at least k people
        pool_id = row["pooled_into"].iloc[0]
        assert isinstance(pool_id, str)
        members = t[(t["unit_kind"] == "team") & (t["pooled_into"] == pool_id)]["team_id"]
        size = {x: h for x, _, h in teams}
        assert len(members) >= MIN_GROUPS
        assert sum(size[m] for m in members) >= K_ABSENCE
        _assert_no_remainder_gives_a_group_away(con, teams, spells)
    finally:
        con.close()


# ------------------------------------------------------------------ absence: dominance


def test_largest_contributor_between_50_and_60_percent_is_dominance(tmp_path):
    """T1 (12 people): A 11, B 5, C 4 sick days. A supplies 55 % (> 50 %), the two largest
    80 % (<= 85 %): with the default settings the top-1 rule alone hides T1 (protected)."""
    spells = _spells([("A", "T1", 2, 12), ("B", "T1", 14, 18), ("C", "T1", 20, 23)]
                     + [r for t in ("T2", "T3", "T4", "T5") for r in _balanced(t)])
    top1, top2 = _shares(_days_per_person(spells, ["T1"]))
    assert TOP1_SHARE < top1 <= 0.60 and top2 <= TOP2_SHARE  # the case of the rule we test
    teams = [("T1", "D1", 12), ("T2", "D1", 12), ("T3", "D1", 12),
             ("T4", "D2", 12), ("T5", "D2", 12)]
    con = _build_absence(tmp_path / "dominance.duckdb", teams, spells)
    try:
        t, _, _ = _absence_marts(con)
        row = t[(t["unit_kind"] == "team") & (t["team_id"] == "T1")].iloc[0]
        assert row["headcount"] >= K_ABSENCE  # so the reason can only be the days
        _assert_hidden(row, "protected")
        _assert_no_remainder_gives_a_group_away(con, teams, spells)
    finally:
        con.close()


def test_a_mover_who_dominates_the_department_hides_it(tmp_path):
    """E is sick 6 days in T1, moves, and is sick 6 days in T2 (both D1) in one month; a has
    4 days in T1 and b 4 in T2. E supplies 12 of D1's 20 days (60 % > 50 %), although neither
    of E's two rows alone is more than 30 % of D1. D1 must not be published, and the
    organisation minus the published departments must still pass the rules."""
    spells = _spells([("E", "T1", 2, 7), ("a", "T1", 3, 6), ("E", "T2", 16, 21),
                      ("b", "T2", 17, 20)]
                     + [r for t in ("T3", "T4", "T5", "T6") for r in _balanced(t)])
    teams = [("T1", "D1", 12), ("T2", "D1", 12), ("T3", "D2", 12), ("T4", "D2", 12),
             ("T5", "D3", 12), ("T6", "D3", 12)]
    d1 = _days_per_person(spells, ["T1", "T2"])
    assert _shares(d1)[0] > TOP1_SHARE  # E as one person dominates D1
    rows = spells[spells["team_id"].isin(["T1", "T2"])]
    row_days = (rows["end_date"] - rows["start_date"]).dt.days + 1
    assert row_days.max() / d1.sum() <= TOP1_SHARE  # no single row does
    con = _build_absence(tmp_path / "mover.duckdb", teams, spells)
    try:
        t, d, o = _absence_marts(con)
        dep = d[d["department_id"] == "D1"].iloc[0]
        _assert_hidden(dep, "protected")
        team_rows = t[t["unit_kind"] == "team"].set_index("team_id")
        for team in ("T1", "T2"):
            _assert_hidden(team_rows.loc[team])
        assert not ((t["unit_kind"] == "pool") & (t["department_id"] == "D1")).any()
        _assert_no_remainder_gives_a_group_away(con, teams, spells)
        # the rule is not simply hiding everything: the organisation is published
        assert not o.iloc[0]["suppressed"]
    finally:
        con.close()


# ------------------------------------------------------------------ survey: k per measure


INSTRUMENT = builtin_instrument("pulse")
ITEMS = [i for s in INSTRUMENT.scales for i in s.items]


def _block_items(block: str) -> list[str]:
    return [i for s in INSTRUMENT.scales if s.block == block for i in s.items]


def _survey_org(teams: list[tuple[str, str, int, int]], answer) -> dict:
    """(team, department, headcount, respondents) and ``answer(team, i, j)`` for respondent i's
    item j (None: left empty) -> the staging org, responses and answers of one wave."""
    org = pd.DataFrame([{"team_id": t, "department_id": d, "month": MONTH, "headcount": h}
                        for t, d, h, _ in teams])
    responses, answers = [], []
    for t, _, _, n in teams:
        for i in range(n):
            rid = f"{t}-{i}"
            responses.append({"response_id": rid, "team_id": t, "wave": MONTH})
            answers += [{"response_id": rid, "wave": MONTH, "item": item, "value": v}
                        for j, item in enumerate(ITEMS)
                        if (v := answer(t, i, j)) is not None]
    return {"org": org, "responses": pd.DataFrame(responses), "answers": pd.DataFrame(answers)}


@pytest.mark.parametrize("block", ["strain", "demands", "recovery"])
def test_k_respondents_with_one_block_skipped_by_one_shows_nothing(tmp_path, block):
    """T1 has exactly k_survey respondents; one of them left every item of ``block`` empty.
    That block's measures rest on k - 1 people: T1 publishes no figure at all (below_k),
    and no published team has a measure answered by fewer than k respondents."""
    skipped = set(_block_items(block))
    assert skipped
    teams = [("T1", "D1", K_SURVEY + 1, K_SURVEY), ("T2", "D1", 8, 6), ("T3", "D1", 8, 6),
             ("T4", "D2", 8, 6), ("T5", "D2", 8, 6)]

    def answer(t, i, j):
        if t == "T1" and i == 0 and ITEMS[j] in skipped:
            return None
        return 2 + (2 * i + j) % 3  # 2-4: never an extreme

    survey = _survey_org(teams, answer)
    org, responses, answers = survey["org"], survey["responses"], survey["answers"]
    # respondents per team with at least one answer in each block, from the raw answers
    team_of = responses.set_index("response_id")["team_id"]
    block_of = {i: s.block for s in INSTRUMENT.scales for i in s.items}
    answered = answers.assign(team_id=answers["response_id"].map(team_of),
                              block=answers["item"].map(block_of))
    per_block = answered.groupby(["team_id", "block"])["response_id"].nunique().unstack()
    assert per_block.loc["T1", block] == K_SURVEY - 1
    assert responses.groupby("team_id").size()["T1"] == K_SURVEY

    con, _ = build_database(tmp_path / "survey.duckdb", settings=SETTINGS, org=org,
                            responses=responses, answers=answers,
                            absence=_spells([]), as_of=AS_OF, instrument=INSTRUMENT)
    try:
        scores = con.sql("select * from team_wave_scores where unit_kind = 'team'").df()
        t1 = scores.set_index("team_id").loc["T1"]
        assert bool(t1["suppressed"]) and t1["suppression_reason"] == "below_k"
        for col in ("n_responses", "stressor", "recovery", "strain", "balance"):
            assert pd.isna(t1[col]), col
        scales = con.sql("""select scale_id, n, mean, suppressed from team_wave_scale_scores
                            where team_id = 'T1'""").df()
        assert len(scales) and scales["suppressed"].all()
        assert scales["n"].isna().all() and scales["mean"].isna().all()
        # no published team rests on fewer than k respondents in any block
        shown = scores.loc[~scores["suppressed"].astype(bool), "team_id"]
        assert len(shown)
        assert (per_block.loc[shown] >= K_SURVEY).all().all(), per_block.loc[shown]
        # nor does any published scale score of a team
        low = con.sql(f"""select team_id, scale_id, n from team_wave_scale_scores
                          where unit_kind = 'team' and not suppressed
                              and n < {K_SURVEY}""").df()
        assert low.empty, low
    finally:
        con.close()


# ------------------------------------------------------------------ survey: a hidden team's spread


def _published_team_intervals(path, survey) -> pd.DataFrame:
    con, _ = build_database(path, settings=SETTINGS, absence=_spells([]), as_of=AS_OF,
                            instrument=INSTRUMENT, **survey)
    try:
        return con.sql("""select team_id, scale_id, n, mean, ci_low, ci_high
                          from team_wave_scale_scores
                          where unit_kind = 'team' and not suppressed
                          order by team_id, scale_id""").df()
    finally:
        con.close()


def test_a_hidden_teams_answers_do_not_move_published_teams_intervals(tmp_path):
    """H (3 respondents, hidden below k) answers one way in build 1 and another in build 2.
    A published team's interval is a figure about that team: it may not carry H's spread
    (it did while the pooled within-team SD of the wave took in hidden teams: a reviewer
    read a hidden team's variance back off the intervals)."""
    teams = [("P1", "D1", 9, 7), ("P2", "D1", 9, 6), ("P5", "D1", 9, 8), ("H", "D1", 5, 3),
             ("P3", "D2", 9, 6), ("P4", "D2", 9, 8)]

    def calm(t, i, j):
        return 2 + (i + j) % 3  # 2-4

    def spread(t, i, j):
        return (1 if i % 2 else 5) if t == "H" else calm(t, i, j)

    one = _published_team_intervals(tmp_path / "one.duckdb", _survey_org(teams, calm))
    two = _published_team_intervals(tmp_path / "two.duckdb", _survey_org(teams, spread))
    # H is hidden, and P2 as its complement (the remainder holds two groups)
    assert sorted(set(one["team_id"])) == ["P1", "P3", "P4", "P5"]
    pd.testing.assert_frame_equal(one, two)


def test_the_only_team_with_a_spread_being_hidden_does_not_publish_it(tmp_path):
    """The reviewer's case: one department, team A of 4 respondents and two teams of one, all
    hidden; the department (6) is published. Its interval must not give back A's variance,
    nor the department's own (all six have the same score on one scale here, which a
    zero-width interval would tell): with fewer than two published team-waves the noise is
    that of a score spread evenly over 0-100, 100² / 12."""
    teams = [("A", "D1", 6, 4), ("B", "D1", 3, 1), ("C", "D1", 3, 1)]

    def answer(t, i, j):
        return 1 + (3 * i + j + (t == "B")) % 5

    survey = _survey_org(teams, answer)
    con, _ = build_database(tmp_path / "s.duckdb", settings=SETTINGS, absence=_spells([]),
                            as_of=AS_OF, instrument=INSTRUMENT, **survey)
    try:
        z = con.sql("select value from params where section = 'survey' and name = 'z'") \
            .fetchall()[0][0]
        shown = con.sql("""select d.scale_id, d.n, d.mean, d.ci_low, d.ci_high, s.headcount
                           from department_wave_scale_scores d
                           join department_wave_scores s using (department_id, wave)
                           where not d.suppressed""").df()
        teams_shown = con.sql("select count(*) from team_wave_scale_scores "
                              "where not suppressed").fetchall()[0][0]
    finally:
        con.close()
    assert teams_shown == 0 and len(shown) == len(INSTRUMENT.scales)
    # scale scores per respondent from the raw answers (0-100, reversed items turned), the
    # truth to compare with
    lo, hi = INSTRUMENT.scale.min, INSTRUMENT.scale.max
    a = survey["answers"].assign(team_id=lambda d: d["response_id"].str.split("-").str[0])
    scored = []
    for s in INSTRUMENT.scales:
        rows = a[a["item"].isin(s.items)]
        raw = rows["value"].where(~rows["item"].isin(s.reverse), lo + hi - rows["value"])
        rows = rows.assign(score=(raw - lo) / (hi - lo) * 100, scale_id=s.id)
        scored.append(rows.groupby(["scale_id", "team_id", "response_id"])["score"].mean())
    scored = pd.concat(scored).reset_index()
    for row in shown.itertuples():
        half = (row.ci_high - row.ci_low) / 2
        if row.ci_low <= 0 or row.ci_high >= 100:
            continue  # clipped at the range: the half-width is not the full se
        implied = (half / z / (1 - row.n / row.headcount) ** 0.5) ** 2 * row.n
        of = scored[scored["scale_id"] == row.scale_id]
        team_a = of.loc[of["team_id"] == "A", "score"].var()
        department = of["score"].var()
        assert abs(implied - team_a) > 1e-6 and abs(implied - department) > 1e-6, row.scale_id
        assert implied == pytest.approx(100 ** 2 / 12, rel=1e-9), row.scale_id
    homogeneous = scored.groupby("scale_id")["score"].var()
    assert (homogeneous < 1e-9).any()  # the case a department's own SD would have told


# ------------------------------------------------------------------ survey: nobody normal


def test_a_team_with_nobody_normal_is_not_pointed_out_by_the_complement_order(tmp_path):
    """The reviewer's case: D1 holds T (8 respondents, every exhaustion score very high), S1
    (6), S2 (5) and S3 (7). With T withheld by its own rule and S2 as its complement, S1 and
    S3 (smaller than T) stayed visible: T was pointed out as the primary, so "nobody normal",
    and S2's distribution followed from D1 minus S1, S3 and T. Now no distribution of the
    scale in D1 is shown, nor D1's own; other departments keep theirs."""
    teams = [("T", "D1", 10, 8), ("S1", "D1", 8, 6), ("S2", "D1", 7, 5), ("S3", "D1", 9, 7),
             ("U1", "D2", 9, 7), ("U2", "D2", 9, 6), ("V1", "D3", 9, 7), ("V2", "D3", 9, 6)]
    exhaustion = next(s for s in INSTRUMENT.scales if s.id == "exhaustion")

    def answer(t, i, j):
        if t == "T" and ITEMS[j] in exhaustion.items:
            return 4 + (i + j) % 2  # 4 or 5: above the very-high cut-off, not all 5
        return 1 + (2 * i + 3 * j + len(t)) % 5

    survey = _survey_org(teams, answer)
    con, _ = build_database(tmp_path / "s.duckdb", settings=SETTINGS, absence=_spells([]),
                            as_of=AS_OF, instrument=INSTRUMENT, **survey)
    try:
        teams_shown = con.sql("""select team_id, department_id, suppressed,
                                        distribution_suppressed, share_normal
                                 from team_wave_scale_scores
                                 where scale_id = 'exhaustion'""").df().set_index("team_id")
        departments = con.sql("""select department_id, suppressed, distribution_suppressed,
                                        share_normal
                                 from department_wave_scale_scores
                                 where scale_id = 'exhaustion'""").df() \
            .set_index("department_id")
    finally:
        con.close()
    # the scores themselves are published for every team
    assert not teams_shown.loc[[t for t, *_ in teams], "suppressed"].any()
    d1 = teams_shown[teams_shown["department_id"] == "D1"]
    assert d1["share_normal"].isna().all() and d1["distribution_suppressed"].all()
    assert departments.loc["D1", "distribution_suppressed"]
    assert pd.isna(departments.loc["D1", "share_normal"])
    # the complementary rule among departments hides a second one; the organisation
    # minus the visible departments is then two departments, not D1 alone
    assert departments["distribution_suppressed"].sum() >= MIN_GROUPS
    # T really has nobody normal (the case the rule is for)
    scores = survey["answers"][survey["answers"]["item"].isin(exhaustion.items)]
    per_person = scores.groupby("response_id")["value"].mean()
    t_scores = per_person[per_person.index.str.startswith("T-")]
    assert len(t_scores) == 8 and (t_scores >= exhaustion.cutoffs["very_high"]).all()


def test_a_wave_with_one_published_team_does_not_borrow_other_waves_spread(tmp_path):
    """Wave 1 publishes one team (T, 6 respondents; the rest hidden), wave 2 three. Had wave
    1 used the published teams of all waves, that pool minus wave 2's (published through
    its intervals) would be T's own SD (second privacy review). Wave 1 uses the constant."""
    months = ["2024-01-01", "2024-02-01"]
    # wave 1: H1 and H4 (3 each) are the remainder of D1, so T shows; D2's teams are hidden
    teams = {months[0]: [("T", "D1", 8, 6), ("H1", "D1", 5, 3), ("H4", "D1", 5, 3),
                         ("H2", "D2", 5, 4), ("H3", "D2", 5, 2)],
             months[1]: [("T", "D1", 8, 6), ("H1", "D1", 8, 6), ("H4", "D1", 5, 3),
                         ("H2", "D2", 8, 7), ("H3", "D2", 5, 2), ("H5", "D2", 8, 6)]}
    org, responses, answers = [], [], []
    for m in months:
        for t, d, h, n in teams[m]:
            org.append({"team_id": t, "department_id": d, "month": m, "headcount": h})
            for i in range(n):
                rid = f"{t}-{m}-{i}"
                responses.append({"response_id": rid, "team_id": t, "wave": m})
                answers += [{"response_id": rid, "wave": m, "item": item,
                             "value": 1 + (3 * i + j + len(m) + (m == months[1])) % 5}
                            for j, item in enumerate(ITEMS)]
    con, _ = build_database(tmp_path / "w.duckdb", settings=SETTINGS, org=pd.DataFrame(org),
                            responses=pd.DataFrame(responses), answers=pd.DataFrame(answers),
                            absence=_spells([]), as_of=date(2024, 2, 29),
                            instrument=INSTRUMENT)
    try:
        z = con.sql("select value from params where section = 'survey' and name = 'z'") \
            .fetchall()[0][0]
        rows = con.sql("""select wave, team_id, s.scale_id, s.n, s.ci_low, s.ci_high,
                              w.headcount
                          from team_wave_scale_scores s join team_wave_scores w
                              using (team_id, wave)
                          where not s.suppressed and s.unit_kind = 'team'""").df()
    finally:
        con.close()
    first = rows[rows["wave"] == pd.Timestamp(months[0])]
    assert set(first["team_id"]) == {"T"}
    assert rows[rows["wave"] == pd.Timestamp(months[1])]["team_id"].nunique() >= 2
    for r in first.itertuples():
        if r.ci_low <= 0 or r.ci_high >= 100:
            continue
        half = (r.ci_high - r.ci_low) / 2
        implied = (half / z / (1 - r.n / r.headcount) ** 0.5) ** 2 * r.n
        assert implied == pytest.approx(100 ** 2 / 12, rel=1e-9), r.scale_id


def test_hidden_teams_with_nobody_normal_do_not_give_their_complement_away(tmp_path):
    """The second review's case: H1 and H2 (3 respondents each, hidden below k, every
    exhaustion score very high) form D1's pool. The pool's distribution was withheld, B (the
    smallest visible team, everyone normal) with it, and D1 minus A, C and an empty-normal
    pool gave B's distribution. Now D1 shows no distribution of the scale that wave."""
    teams = [("A", "D1", 9, 7), ("B", "D1", 6, 5), ("C", "D1", 9, 8), ("H1", "D1", 4, 3),
             ("H2", "D1", 4, 3), ("U1", "D2", 9, 7), ("U2", "D2", 9, 6), ("V1", "D3", 9, 7),
             ("V2", "D3", 9, 7)]
    exhaustion = next(s for s in INSTRUMENT.scales if s.id == "exhaustion")

    def answer(t, i, j):
        if ITEMS[j] in exhaustion.items:
            if t in ("H1", "H2"):
                return 4 + (i + j) % 2
            if t == "B":
                return 1 + (i + j) % 2
        return 1 + (2 * i + 3 * j + len(t)) % 5

    survey = _survey_org(teams, answer)
    con, _ = build_database(tmp_path / "s.duckdb", settings=SETTINGS, absence=_spells([]),
                            as_of=AS_OF, instrument=INSTRUMENT, **survey)
    try:
        rows = con.sql("""select team_id, department_id, suppressed, share_normal
                          from team_wave_scale_scores
                          where scale_id = 'exhaustion'""").df().set_index("team_id")
        d1 = con.sql("""select share_normal from department_wave_scale_scores
                        where scale_id = 'exhaustion' and department_id = 'D1'""").fetchall()
    finally:
        con.close()
    assert rows.loc[["H1", "H2"], "suppressed"].all()  # the case: H1 and H2 are the pool
    assert not rows.loc[["A", "B", "C"], "suppressed"].any()
    assert rows[rows["department_id"] == "D1"]["share_normal"].isna().all()
    assert d1 == [(None,)]
