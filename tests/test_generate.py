"""The sample-data generator: contract, determinism, realism and the planted truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.errors import ConfigError
from pipelines.generate import generate, write_excel_nl_copy, write_samples
from pipelines.instrument import builtin_instrument

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples"
ORG_COLUMNS = [
    "team_id",
    "team_name",
    "department_id",
    "department_name",
    "month",
    "headcount",
    "fte",
]
ABSENCE_COLUMNS = ["employee_ref", "team_id", "start_date", "end_date", "incapacity_pct", "fte"]


@pytest.fixture(scope="module")
def org_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("org")
    generate(out, employees=600, months=24, seed=3)
    return out


@pytest.fixture(scope="module")
def tables(org_dir) -> dict[str, pd.DataFrame]:
    org = pd.read_csv(org_dir / "org.csv", parse_dates=["month"])
    survey = pd.concat(
        [pd.read_csv(f, parse_dates=["wave"]) for f in sorted(org_dir.glob("survey*.csv"))],
        ignore_index=True,
    )
    absence = pd.concat(
        [
            pd.read_csv(f, parse_dates=["start_date", "end_date"])
            for f in sorted(org_dir.glob("absence*.csv"))
        ],
        ignore_index=True,
    )
    truth = json.loads((org_dir / "ground_truth.json").read_text(encoding="utf-8"))
    return {"org": org, "survey": survey, "absence": absence, "truth": truth}


def _header(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[str]:
    with path.open(encoding=encoding, newline="") as f:
        return f.readline().rstrip("\r\n").split(delimiter)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()
    }


def _period_end(org: pd.DataFrame) -> pd.Timestamp:
    return org["month"].max() + pd.offsets.MonthEnd(0)


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_files(tmp_path):
    generate(tmp_path / "a", employees=300, months=12, seed=11)
    generate(tmp_path / "b", employees=300, months=12, seed=11)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a.keys() == b.keys()
    assert all(a[name] == b[name] for name in a)


def test_other_seed_gives_other_data(tmp_path):
    generate(tmp_path / "a", employees=300, months=12, seed=11)
    generate(tmp_path / "b", employees=300, months=12, seed=12)
    assert (tmp_path / "a" / "org.csv").read_bytes() != (tmp_path / "b" / "org.csv").read_bytes()


def test_committed_sample_is_reproducible(tmp_path):
    write_samples(tmp_path)
    fresh, committed = _files(tmp_path), _files(SAMPLES)
    assert fresh.keys() <= committed.keys()
    assert [k for k, v in fresh.items() if committed[k] != v] == []
    assert {k for k in committed if k.endswith(".csv")} <= fresh.keys()


def test_committed_sample_is_small():
    total = sum(f.stat().st_size for f in SAMPLES.rglob("*") if f.is_file())
    assert total < 15 * 1024 * 1024


def test_sample_folders_hold_only_contract_csvs():
    for name in ("org_demo", "excel_nl", "excel_nl_twin"):
        csvs = sorted(f.name for f in (SAMPLES / name).glob("*.csv"))
        assert "org.csv" in csvs
        assert all(re.fullmatch(r"org\.csv|survey.*\.csv|absence.*\.csv", n) for n in csvs)


# --------------------------------------------------------------------------- contract


def test_contract_columns_exact(org_dir):
    items = builtin_instrument("pulse").items
    assert _header(org_dir / "org.csv") == ORG_COLUMNS
    surveys = sorted(org_dir.glob("survey*.csv"))
    absences = sorted(org_dir.glob("absence*.csv"))
    assert [f.name for f in surveys] == ["survey_2024.csv", "survey_2025.csv"]
    assert [f.name for f in absences] == ["absence_2024.csv", "absence_2025.csv"]
    for f in surveys:
        assert _header(f) == ["response_id", "team_id", "wave", *items]
    for f in absences:
        assert _header(f) == ABSENCE_COLUMNS


def test_item_codes_come_from_the_instrument(tmp_path):
    hse = builtin_instrument("hse")
    generate(tmp_path, employees=200, months=3, seed=1, instrument=hse)
    assert _header(tmp_path / "survey_2024.csv") == ["response_id", "team_id", "wave", *hse.items]


def test_org_has_one_row_per_team_and_month(tables):
    org = tables["org"]
    assert not org.duplicated(["team_id", "month"]).any()
    assert (org["month"].dt.day == 1).all()
    assert org["month"].nunique() == 24
    assert (org.groupby("team_id").size() == 24).all()
    assert (org["headcount"] >= 1).all()
    assert ((org["fte"] > 0) & (org["fte"] <= org["headcount"])).all()
    per_team = org.groupby("team_id")[["team_name", "department_id", "department_name"]].nunique()
    assert (per_team == 1).all().all()
    assert org.drop_duplicates("team_id")["team_name"].is_unique


def test_org_fte_is_the_sum_of_the_employees_part_time_factors(tables):
    org = tables["org"]
    assert np.allclose(org["fte"] * 10, np.round(org["fte"] * 10))
    assert (org["fte"] >= 0.4 * org["headcount"] - 1e-9).all()


def test_team_sizes_vary_with_small_and_large_teams(tables):
    first = tables["org"][tables["org"]["month"] == tables["org"]["month"].min()]
    sizes = first["headcount"]
    assert (sizes < 5).sum() >= 2
    assert sizes.between(6, 25).mean() > 0.6
    assert sizes.max() >= 30
    assert 3 <= first["department_id"].nunique() <= 12


def test_headcount_changes_month_to_month(tables):
    org = tables["org"].sort_values(["team_id", "month"])
    changes = org.groupby("team_id")["headcount"].diff().fillna(0) != 0
    assert changes.sum() >= 20


def test_names_are_dutch_with_non_ascii_letters(tables):
    names = set(tables["org"]["team_name"]) | set(tables["org"]["department_name"])
    assert any(ch in "".join(names) for ch in "öëïé€’")
    assert max(len(n) for n in names) <= 50
    "".join(names).encode("cp1252")  # every name survives an Excel export


def test_survey_values_in_range_with_some_missing(tables):
    survey = tables["survey"]
    items = builtin_instrument("pulse").items
    values = survey[items].to_numpy()
    answered = ~np.isnan(values)
    assert np.isin(values[answered], [1, 2, 3, 4, 5]).all()
    assert 0.01 <= 1 - answered.mean() <= 0.03
    assert answered.any(axis=1).all()
    assert survey["response_id"].is_unique
    assert survey["response_id"].str.fullmatch(r"[0-9a-f]{32}").all()


def test_one_wave_date_per_month(tables):
    survey = tables["survey"]
    per_month = survey.groupby(survey["wave"].dt.to_period("M"))["wave"].nunique()
    assert len(per_month) == 24
    assert (per_month == 1).all()


def test_survey_teams_exist_in_org_for_the_wave_month(tables):
    org, survey = tables["org"], tables["survey"]
    keys = set(zip(org["team_id"], org["month"], strict=True))
    wave_month = survey["wave"].dt.to_period("M").dt.to_timestamp()
    assert all(k in keys for k in zip(survey["team_id"], wave_month, strict=True))


def test_response_rates_between_50_and_90_percent(tables):
    org, survey = tables["org"], tables["survey"]
    survey = survey.assign(month=survey["wave"].dt.to_period("M").dt.to_timestamp())
    n = survey.groupby(["team_id", "month"]).size().rename("n")
    cells = org.set_index(["team_id", "month"]).join(n).fillna({"n": 0})
    assert (cells["n"] <= cells["headcount"]).all()
    rate = cells["n"] / cells["headcount"]
    assert 0.5 <= rate.mean() <= 0.9
    big = cells[cells["headcount"] >= 10]
    per_team = (big["n"] / big["headcount"]).groupby(level="team_id").mean()
    assert per_team.between(0.5, 0.9).mean() >= 0.9


def test_small_teams_respond_too(tables):
    org, survey = tables["org"], tables["survey"]
    small = set(org.loc[org["headcount"] < 5, "team_id"])
    assert small
    assert survey["team_id"].isin(small).any()


def test_no_dates_after_the_last_day(tables):
    end = _period_end(tables["org"])
    absence = tables["absence"]
    assert (tables["survey"]["wave"] <= end).all()
    assert (absence["start_date"] <= end).all()
    assert (absence["end_date"].dropna() <= end).all()
    assert (absence["start_date"] >= tables["org"]["month"].min()).all()
    assert absence["end_date"].isna().any()  # some people are still absent


def test_absence_rows_are_valid(tables):
    absence = tables["absence"]
    closed = absence.dropna(subset=["end_date"])
    assert (closed["end_date"] >= closed["start_date"]).all()
    assert absence["incapacity_pct"].between(1, 100).all()
    assert absence["fte"].between(0.1, 1.0).all()
    assert absence["employee_ref"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert (absence.groupby("employee_ref")["fte"].nunique() == 1).all()


def test_absence_teams_exist_in_org_for_the_start_month(tables):
    org, absence = tables["org"], tables["absence"]
    keys = set(zip(org["team_id"], org["month"], strict=True))
    start_month = absence["start_date"].dt.to_period("M").dt.to_timestamp()
    assert all(k in keys for k in zip(absence["team_id"], start_month, strict=True))


def test_no_overlapping_absence_rows_per_employee(tables):
    a = tables["absence"].sort_values(["employee_ref", "start_date"])
    end = a["end_date"].fillna(pd.Timestamp.max)
    prev_end = end.groupby(a["employee_ref"]).shift()
    assert not (a["start_date"] <= prev_end).any()
    # the last row of an employee may be open; no row follows an open row
    assert not (prev_end == pd.Timestamp.max).any()


def test_partial_incapacity_rows_and_relapses_exist(tables):
    a = tables["absence"].sort_values(["employee_ref", "start_date"])
    prev_end = a.groupby("employee_ref")["end_date"].shift()
    prev_pct = a.groupby("employee_ref")["incapacity_pct"].shift()
    adjacent = a["start_date"] == prev_end + pd.Timedelta(days=1)
    assert adjacent.sum() >= 5
    assert ((prev_pct[adjacent] == 100) & (a.loc[adjacent, "incapacity_pct"] == 50)).all()
    gap = (a["start_date"] - prev_end).dt.days - 1
    assert gap.between(1, 28).sum() >= 10  # relapse after a gap: a new spell


def _spells(absence: pd.DataFrame) -> pd.DataFrame:
    a = absence.sort_values(["employee_ref", "start_date"]).copy()
    prev_end = a.groupby("employee_ref")["end_date"].shift()
    a["new"] = a["start_date"] != prev_end + pd.Timedelta(days=1)
    a["spell"] = a["new"].cumsum()
    return a.groupby("spell").agg(
        employee_ref=("employee_ref", "first"),
        team_id=("team_id", "first"),
        start=("start_date", "min"),
        end=("end_date", "last"),
    )


def test_absence_levels_are_realistic(tables):
    org, truth = tables["org"], tables["truth"]
    spells = _spells(tables["absence"])
    avg_headcount = org.groupby("month")["headcount"].sum().mean()
    assert 0.9 <= len(spells) / avg_headcount / 2 <= 1.6  # notifications per employee-year
    assert 3.5 <= truth["summary"]["absence_rate_pct"] <= 7.0
    closed = spells.dropna(subset=["end"])
    days = (closed["end"] - closed["start"]).dt.days + 1
    assert (days <= 7).mean() >= 0.55
    assert (days > 91).sum() >= 3


def test_absence_peaks_in_winter(tables):
    org = tables["org"]
    spells = _spells(tables["absence"])
    month = spells["start"].dt.month
    per_month = spells.groupby(month).size() / org.groupby(org["month"].dt.month)["headcount"].sum()
    assert per_month[[12, 1, 2]].mean() > 1.2 * per_month[[6, 7, 8]].mean()


# --------------------------------------------------------------------------- planted truth


def test_truth_records_the_planted_lead_and_parameters(tables):
    truth = tables["truth"]
    assert truth["lead_months"] == 2
    assert truth["params"]["lead_months"] == 2
    assert len(truth["months"]) == 24
    assert {t["scenario"] for t in truth["teams"]} == {"stable", "drifting", "recovering"}
    assert {t["team_id"] for t in truth["teams"]} == set(tables["org"]["team_id"])


def test_drifting_teams_cross_zero_at_the_recorded_month(tables):
    truth = tables["truth"]
    drifting = [t for t in truth["teams"] if t["scenario"] == "drifting"]
    assert drifting
    for t in drifting:
        balance = np.array(t["latent"]["balance"])
        crossing = truth["months"].index(t["crossing_month"])
        drift_start = truth["months"].index(t["drift_start"])
        assert (balance[:crossing] >= 0).all()
        assert balance[crossing] < 0
        assert drift_start < crossing <= len(balance) - 2
        assert (balance[:drift_start] >= 5).all()  # clearly positive before the drift
        assert balance[-1] < balance[drift_start] - 10


def test_stable_teams_never_cross_zero(tables):
    stable = [t for t in tables["truth"]["teams"] if t["scenario"] == "stable"]
    assert len(stable) > len(tables["truth"]["teams"]) / 2
    for t in stable:
        balance = np.array(t["latent"]["balance"])
        assert t["crossing_month"] is None
        assert balance.min() > 0
        assert 10 <= balance.mean() <= 35


def test_recovering_teams_improve_after_the_intervention(tables):
    truth = tables["truth"]
    recovering = [t for t in truth["teams"] if t["scenario"] == "recovering"]
    assert recovering
    for t in recovering:
        balance = np.array(t["latent"]["balance"])
        i = truth["months"].index(t["intervention_month"])
        assert (balance[:i] < 0).all()
        assert t["recovered_month"] is not None
        assert (balance[truth["months"].index(t["recovered_month"]) :] >= 0).all()


def _team_wave_balance(survey: pd.DataFrame) -> pd.DataFrame:
    """The documented scoring rule, computed independently of the generator."""
    inst = builtin_instrument("pulse")
    scale_scores = {}
    for s in inst.scales:
        lo, hi = inst.scale.min, inst.scale.max
        items = [(lo + hi - survey[i]) if i in s.reverse else survey[i] for i in s.items]
        scale_scores[s.id] = (pd.concat(items, axis=1).mean(axis=1) - lo) / (hi - lo) * 100

    def block(*blocks: str) -> pd.Series:
        ids = [s.id for s in inst.scales if s.block in blocks]
        return pd.concat([scale_scores[i] for i in ids], axis=1).mean(axis=1)

    out = survey[["team_id"]].assign(
        month=survey["wave"].dt.to_period("M").dt.to_timestamp(),
        balance=block("resources", "recovery") - block("demands"),
    )
    return out.groupby(["team_id", "month"])["balance"].agg(["mean", "size"]).reset_index()


def test_observed_balance_matches_the_latent_balance(tables):
    truth = tables["truth"]
    observed = _team_wave_balance(tables["survey"])
    months = pd.to_datetime(truth["months"])
    latent = pd.DataFrame(
        [
            (t["team_id"], m, b)
            for t in truth["teams"]
            for m, b in zip(months, t["latent"]["balance"], strict=True)
        ],
        columns=["team_id", "month", "latent"],
    )
    both = observed.merge(latent, on=["team_id", "month"])
    both = both[both["size"] >= 5]
    assert abs((both["mean"] - both["latent"]).mean()) < 1.5
    assert np.corrcoef(both["mean"], both["latent"])[0, 1] > 0.7


def test_drifting_teams_report_more_absence_after_the_drift(tables):
    truth = tables["truth"]
    spells = _spells(tables["absence"])
    org = tables["org"]
    before = after = hc_before = hc_after = 0
    for t in (t for t in truth["teams"] if t["scenario"] == "drifting"):
        cut = pd.Timestamp(t["crossing_month"])
        start = pd.Timestamp(t["drift_start"])
        mine = spells[spells["team_id"] == t["team_id"]]
        hc = org[org["team_id"] == t["team_id"]].set_index("month")["headcount"]
        before += (mine["start"] < start).sum()
        hc_before += hc[hc.index < start].sum()
        after += (mine["start"] >= cut).sum()
        hc_after += hc[hc.index >= cut].sum()
    assert after / hc_after > 1.3 * before / hc_before


def test_no_link_between_survey_and_absence_when_asked(tmp_path):
    generate(tmp_path, employees=300, months=12, seed=5, lead_months=None)
    truth = json.loads((tmp_path / "ground_truth.json").read_text(encoding="utf-8"))
    assert truth["lead_months"] is None


# --------------------------------------------------------------------------- arguments


def test_refuses_a_folder_with_other_csv_files(tmp_path):
    (tmp_path / "salaries.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="salaries.csv"):
        generate(tmp_path, employees=100, months=3, seed=1)


def test_regenerating_replaces_earlier_output(tmp_path):
    generate(tmp_path, employees=100, months=24, seed=1, start="2023-01-01")
    generate(tmp_path, employees=100, months=3, seed=1, start="2025-01-01")
    assert sorted(f.name for f in tmp_path.glob("*.csv")) == [
        "absence_2025.csv",
        "org.csv",
        "survey_2025.csv",
    ]


def test_never_deletes_an_export_it_did_not_write(tmp_path):
    """A folder of real exports (org.csv, survey and absence files, no ground_truth.json) is
    refused and left as it was: regenerating replaces only the generator's own output."""
    files = {"org.csv": "team_id\nT1\n", "survey_2024.csv": "response_id\nR1\n",
             "absence_2024.csv": "employee_ref\nE1\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="did not write .*absence_2024.csv, org.csv, "
                                          "survey_2024.csv"):
        generate(tmp_path, employees=100, months=3, seed=1)
    assert {f.name: f.read_text(encoding="utf-8") for f in tmp_path.iterdir()} == files


def test_start_must_be_a_first_of_month(tmp_path):
    with pytest.raises(ConfigError, match="first day"):
        generate(tmp_path, employees=100, months=3, seed=1, start="2024-01-15")


# --------------------------------------------------------------------------- Excel copy


@pytest.fixture(scope="module")
def excel_pair(org_dir, tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("excel")
    write_excel_nl_copy(org_dir, root / "excel_nl", months=6)
    return root / "excel_nl", root / "excel_nl_twin"


def _read_excel(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252", dtype={"team_id": str})
    for c in ("month", "wave", "start_date", "end_date"):
        if c in df:
            df[c] = pd.to_datetime(df[c], format="%d-%m-%Y")
    return df


def _read_twin(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep=",", encoding="utf-8", dtype={"team_id": str})
    for c in ("month", "wave", "start_date", "end_date"):
        if c in df:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%d")
    return df


def test_excel_copy_has_the_same_files_as_its_twin(excel_pair):
    excel, twin = excel_pair
    names = sorted(f.name for f in excel.glob("*.csv"))
    assert names == sorted(f.name for f in twin.glob("*.csv"))
    assert "org.csv" in names
    assert any(n.startswith("survey") for n in names)
    assert any(n.startswith("absence") for n in names)


def test_excel_copy_is_windows_1252_not_utf8(excel_pair):
    raw = (excel_pair[0] / "org.csv").read_bytes()
    raw.decode("cp1252")  # strict
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"\x80" in raw  # the euro sign
    assert b"\xf6" in raw or b"\xeb" in raw  # o or e with diaeresis
    assert "€".encode() in (excel_pair[1] / "org.csv").read_bytes()


def test_excel_copy_uses_semicolons_crlf_day_first_and_decimal_comma(excel_pair):
    for f in excel_pair[0].glob("*.csv"):
        raw = f.read_bytes()
        assert raw.count(b"\n") == raw.count(b"\r\n") > 1
        text = raw.decode("cp1252")
        assert text.splitlines()[0].count(";") >= 5
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    org = (excel_pair[0] / "org.csv").read_text(encoding="cp1252")
    assert re.search(r";01-\d{2}-20\d{2};", org)
    assert re.search(r";\d+,\d\r?$", org, re.MULTILINE)
    absence = next(excel_pair[0].glob("absence*.csv")).read_text(encoding="cp1252")
    assert re.search(r";(1[3-9]|2\d|3[01])-\d{2}-20\d{2};", absence)  # unambiguous day-first


def test_excel_copy_equals_its_twin_after_parsing(excel_pair):
    excel, twin = excel_pair
    for f in sorted(twin.glob("*.csv")):
        a, b = _read_excel(excel / f.name), _read_twin(f)
        assert len(a) > 0
        pd.testing.assert_frame_equal(a, b)


def test_excel_copy_is_internally_consistent(excel_pair, tables):
    excel, twin = excel_pair
    org = _read_twin(twin / "org.csv")
    assert org["month"].nunique() == 6
    assert org["department_id"].nunique() == 2
    keys = set(zip(org["team_id"], org["month"], strict=True))
    for f in twin.glob("survey*.csv"):
        s = _read_twin(f)
        month = s["wave"].dt.to_period("M").dt.to_timestamp()
        assert all(k in keys for k in zip(s["team_id"], month, strict=True))
    absence = pd.concat([_read_twin(f) for f in twin.glob("absence*.csv")])
    month = absence["start_date"].dt.to_period("M").dt.to_timestamp()
    assert all(k in keys for k in zip(absence["team_id"], month, strict=True))
    # spells are whole: the copy holds every row of the spells that start in its window
    full = tables["absence"].sort_values(["employee_ref", "start_date"])
    prev_end = full.groupby("employee_ref")["end_date"].shift()
    spell = (full["start_date"] != prev_end + pd.Timedelta(days=1)).cumsum()
    spell_start = full.groupby(spell)["start_date"].transform("min")
    wanted = full[full["team_id"].isin(org["team_id"]) & (spell_start >= org["month"].min())]
    got = set(zip(absence["employee_ref"], absence["start_date"], strict=True))
    assert got == set(zip(wanted["employee_ref"], wanted["start_date"], strict=True))
    assert len(got) == len(absence)
