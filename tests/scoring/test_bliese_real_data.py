"""Real survey data: 2,042 soldiers in 49 companies (Bliese, lq2002; issue 3 quality bar).

Companies are teams (column mapping COMPID -> team_id, SUB -> response_id, one wave, one
department). The team means must reproduce the authors' company means GLEAD, GTSIG and
GHOSTILE (rescaled to 0-100), and with k raised to 20 exactly the companies with fewer than 20
respondents are hidden, plus whatever complementary suppression requires.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipelines.instrument import load_instrument
from pipelines.settings import Settings
from tests.scoring.staging import answers_long, build_database

DATA = Path("/work/shared/external-data/bliese_army_multilevel/lq2002.csv")
if not DATA.exists():  # the shared folder sits beside the project
    DATA = Path(__file__).resolve().parents[3] / "shared/external-data/bliese_army_multilevel/lq2002.csv"
INSTRUMENT = load_instrument(Path(__file__).resolve().parents[2] / "data_samples/lq2002/instrument.toml")
MAPPING = {"COMPID": "team_id", "SUB": "response_id"}
WAVE = "2002-01-01"

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="shared external data not present")


def _staging() -> tuple[dict, pd.DataFrame]:
    raw = pd.read_csv(DATA)
    src = raw.rename(columns=MAPPING)
    src["team_id"] = "c" + src["team_id"].astype(str).str.zfill(2)
    src["response_id"] = src["response_id"].astype(str)
    src["wave"] = WAVE
    n = src.groupby("team_id").size()
    org = pd.DataFrame({"team_id": n.index, "department_id": "army", "month": WAVE,
                        "headcount": n.to_numpy()})
    answers = answers_long(src[["response_id", "wave", *INSTRUMENT.items]], INSTRUMENT.items)
    absence = pd.DataFrame(columns=["employee_ref", "team_id", "start_date", "end_date"])
    staging = {"org": org, "responses": src[["response_id", "team_id", "wave"]],
               "answers": answers, "absence": absence, "as_of": date(2002, 1, 31),
               "instrument": INSTRUMENT}
    authors = src.groupby("team_id")[["GLEAD", "GTSIG", "GHOSTILE"]].first()
    authors["n"] = n
    return staging, authors


def test_team_means_reproduce_the_authors_company_means(tmp_path):
    staging, authors = _staging()
    con, _ = build_database(tmp_path / "w.duckdb", **staging)
    try:
        s = con.sql("""select team_id, scale_id, mean, suppressed from team_wave_scale_scores
                       where unit_kind = 'team'""").df()
    finally:
        con.close()
    wide = s.pivot(index="team_id", columns="scale_id", values="mean")
    hidden = set(s.loc[s["suppressed"], "team_id"])
    shown = wide.drop(index=list(hidden))
    assert len(shown) >= 40
    a = authors.loc[shown.index]
    pd.testing.assert_series_equal(shown["leadership"], (a["GLEAD"] - 1) / 4 * 100,
                                   check_names=False, atol=1e-6)
    pd.testing.assert_series_equal(shown["task_significance"], (a["GTSIG"] - 1) / 4 * 100,
                                   check_names=False, atol=1e-6)
    pd.testing.assert_series_equal(shown["hostility"], a["GHOSTILE"] / 4 * 100,
                                   check_names=False, atol=1e-6)


def test_k_twenty_hides_exactly_the_small_companies(tmp_path):
    staging, authors = _staging()
    settings = Settings.model_validate({"anonymity": {"k_survey": 20}})
    con, _ = build_database(tmp_path / "w.duckdb", settings=settings, **staging)
    try:
        t = con.sql("""select team_id, suppressed, suppression_reason from team_wave_scores
                       where unit_kind = 'team'""").df().set_index("team_id")
        pool = con.sql("select n_responses from team_wave_scores where unit_kind = 'pool'"
                       ).fetchall()
    finally:
        con.close()
    small = set(authors.index[authors["n"] < 20])
    assert set(t.index[t["suppression_reason"] == "below_k"]) == small
    extra = set(t.index[t["suppressed"]]) - small
    # complementary suppression only when the small companies together fall short of k
    needed = authors.loc[list(small), "n"].sum() < 20 or len(small) < 2
    assert (len(extra) > 0) == needed
    assert pool == [(int(authors.loc[list(small | extra), "n"].sum()),)]
