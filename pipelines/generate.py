"""Fictional organisation generator: realistic input files in the data contract, plus the truth.

``generate(out_dir, employees, months, seed)`` writes ``org.csv``, ``survey_<year>.csv``,
``absence_<year>.csv`` and ``ground_truth.json`` (JSON, so the pipeline never loads it).

The model, in short (every parameter is recorded in the ground truth):

* Departments and teams of varied size (some under 5, a few large). Every team has a slot
  per position; occupants join and leave (geometric tenure, short vacancies), so headcount
  and FTE move a little from month to month.
* Each team has a latent state per month on the 0-100 scoring scale: ``stressor`` (demands
  block), ``recovery`` (resources and recovery blocks) and ``strain``;
  ``balance = recovery - stressor``. Scenarios: ``stable`` (balance stays clearly positive),
  ``drifting`` (from ``drift_start`` the balance falls linearly and crosses zero at
  ``crossing_month``), ``recovering`` (overloaded until ``intervention_month``, then improving).
  A department-wide shock (AR(1)) and team noise move the stressor month to month.
* Monthly pulse waves (the third Monday of each month). Answers are drawn so that the
  expected scale score of a team equals its latent value exactly, after rounding to the
  answer scale and clipping at its ends (the inverse of that expectation is tabulated).
* Absence: new spells per employee-month are Poisson with a hazard that rises with the
  team's stressor ``lead_months`` earlier, has a winter peak and a per-person frailty.
  Durations are mostly short; long spells become likelier after months of negative balance.
  Spells never overlap per employee; some change from 100 % to 50 % incapacity (two
  adjacent rows), some relapse after a gap. Spells that start before the first month are not
  in the export (as in a real export filtered on start date).

Everything is drawn from one seeded ``numpy.random.Generator`` in a fixed order, so the same
arguments give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from scipy.special import ndtr

from pipelines.errors import ConfigError
from pipelines.instrument import BUILTIN_DIR, Instrument, builtin_instrument

GENERATOR_VERSION = "1.0"
SCORING_RULE = (
    "respondent scale score = mean of answered items after reversal, rescaled "
    "(x - min) / (max - min) * 100; block score = mean of the respondent's scales in the block; "
    "stressor = demands block; recovery = resources and recovery blocks together; "
    "balance = recovery - stressor; team figure = mean over respondents. Latent values are the "
    "expected team figures."
)


@dataclass(frozen=True)
class Params:
    """Global model parameters, recorded in ``ground_truth.json``."""

    lead_months: int | None = 2  # stressor leads the notification hazard; None = no link
    notifications_per_year: float = 1.2  # at the reference stressor, average season
    hazard_per_stressor_point: float = 0.04  # log-hazard per 0-100 point of stressor
    stressor_reference: float = 45.0
    season_amplitude: float = 0.22  # hazard x (1 + a cos), peak mid-January/February
    frailty_shape: float = 1.5  # gamma frailty per employee (mean 1)
    monthly_leave_prob: float = 0.011  # geometric tenure (~12 % turnover a year)
    vacancy_prob: float = 0.4  # a leaver's slot stays empty for a while
    slot_close_prob: float = 0.03
    slot_growth_rate: float = 0.03
    response_rate_min: float = 0.55  # team base response rate ~ U(min, max)
    response_rate_max: float = 0.85
    response_rate_wave_sd: float = 0.05
    missing_share: float = 0.02  # items left empty
    person_sd: float = 12.0  # respondent block effect, 0-100 points
    person_scale_sd: float = 6.0  # respondent scale effect, 0-100 points
    item_sd: float = 0.55  # item noise in answer units of a 1-5 scale
    team_scale_offset_sd: float = 5.0  # team's scale level around its block level
    shock_sd: float = 3.0  # department stressor shock, stationary sd (points)
    shock_ar: float = 0.6
    team_noise_sd: float = 1.5  # team stressor and recovery noise (points)
    stable_min_balance: float = 5.0  # stable teams' latent balance never goes below this
    share_drifting: float = 0.10
    share_drifting_pressured_department: float = 0.5
    share_recovering: float = 0.08
    min_scenario_team_size: int = 10  # smaller teams are always stable
    p_short: float = 0.695  # 1-7 days
    p_short2: float = 0.11  # 8-14 days
    p_medium: float = 0.15  # 15-91 days
    p_long: float = 0.045  # 92+ days
    overload_gain_medium: float = 0.6  # x (1 + gain * overload), overload = mean(-balance)/10
    overload_gain_long: float = 1.5  # over the previous six months
    partial_split_share: float = 0.35  # spells >= 21 days that go from 100 % to 50 %
    relapse_share: float = 0.08


@dataclass
class _Org:
    dept_ids: list[str]
    dept_names: list[str]
    pressured_dept: int
    team_ids: list[str]
    team_names: list[str]
    team_dept: np.ndarray
    team_size: np.ndarray


# Department templates, "name: team function; team function; ...". The first two are always
# used first; they carry the characters an Excel export mangles when read with the wrong
# code page (ë, ö, €, ’). Team functions are unique across departments.
_DEPARTMENT_TEMPLATES = """
Financiën & Control: Kas & €-beheer; Crediteuren; Debiteuren; Salarisadministratie; Control; Rapportage; Begroting; Belastingen
Coördinatie & Planning: Regie ’s-Hertogenbosch; Roosterplanning; Capaciteitsplanning; Coördinatie Nachtdienst; Projectbureau; Planning Cliëntroutes
Zorg & Welzijn: Wijkverpleging; Thuiszorg; Dagbesteding; Nachtdienst; Verpleegafdeling; Revalidatie; Geriatrie; Dementiezorg
Klantcontact: Servicedesk; Telefonie; Balie; Webcare; Terugbelteam; Kennisbank
ICT & Informatievoorziening: Netwerkbeheer; Applicatiebeheer; Werkplekbeheer; Informatiebeveiliging; Data & Analyse; Ontwikkeling
Personeel & Organisatie: Werving & Selectie; Opleidingen; P&O-advies; Personeelsadministratie; Mobiliteit
Facilitaire Dienst: Schoonmaak; Catering; Beveiliging; Huisvesting; Post & Archief; Receptie; Technische Dienst
Logistiek: Magazijn; Expeditie; Transport; Voorraadbeheer; Inslag; Retouren
Juridische Zaken: Contractbeheer; Bezwaar & Beroep; Privacy & Compliance; Vergunningen
Communicatie: Interne Communicatie; Online; Pers & Woordvoering; Vormgeving; Evenementen
Onderwijs & Begeleiding: Leerlingbegeleiding; Mentoraat; Onderwijsondersteuning; Examenbureau; Studiebegeleiding
Publiekszaken: Reisdocumenten; Rijbewijzen; Basisregistratie; Naturalisatie; Loket
Openbare Ruimte: Groenbeheer; Wegbeheer; Reiniging; Gladheidsbestrijding; Buitendienst; Riolering
Sociaal Domein: Wijkteams; Jeugdhulp; Schuldhulpverlening; Participatie; Reïntegratie; Wmo-loket
Kwaliteit & Veiligheid: Kwaliteitszorg; Audits; Hygiëne & Infectiepreventie; Veiligheid; Risicomanagement
Patiëntenzorg: Spoedeisende Hulp; Polikliniek; Dagbehandeling; Intensieve Zorg; Operatiekamers; Verpleegafdeling Chirurgie
Beleid & Advies: Strategie; Beleidsadvies; Onderzoek & Statistiek; Subsidies
Onderhoud & Techniek: Installatietechniek; Elektrotechniek; Werktuigbouw; Storingsdienst; Preventief Onderhoud
"""
_DEPARTMENTS = [
    (name, teams.split("; "))
    for name, _, teams in (
        line.partition(": ") for line in _DEPARTMENT_TEMPLATES.strip().splitlines()
    )
]
_REGIONS = ["Noord", "Oost", "Zuid", "West", "Midden", "Centrum", "Kust", "Rivierenland"]
_REGIONS += ["Veluwe", "Randstad"]
_FTE_TENTHS = np.arange(4, 11)  # part-time factors 0.4 .. 1.0
_FTE_PROBS = np.array([0.04, 0.07, 0.10, 0.14, 0.18, 0.13, 0.34])
_SHORT_DAYS = np.arange(1, 8)
_SHORT_PROBS = np.array([0.12, 0.20, 0.22, 0.15, 0.13, 0.08, 0.10])
_FAR = 10**7  # day number standing for "still absent"


# --------------------------------------------------------------------------- public API


def generate(
    out_dir: Path,
    employees: int,
    months: int,
    seed: int,
    start: str = "2024-01-01",
    *,
    lead_months: int | None = 2,
    instrument: Instrument | None = None,
    overwrite: bool = True,
) -> dict:
    """Write a fictional organisation to ``out_dir``; return a summary (also in the truth).

    ``lead_months`` is the planted lead of the team stressor over the absence notification
    hazard; ``None`` plants no link at all (for "no lead" tests). ``instrument`` defaults to
    the built-in pulse; item codes, blocks, ranges and reversals are read from it.
    Earlier generator output in ``out_dir`` (org.csv, survey*.csv, absence*.csv beside the
    ground_truth.json that marks them as generated) is replaced; with ``overwrite=False`` it
    is refused instead. Input files without that mark (a real export) and other CSV files in
    ``out_dir`` are always refused: nothing but the generator's own output is ever deleted.
    """
    if employees < 20:
        raise ConfigError("--employees must be at least 20")
    if months < 3:
        raise ConfigError("--months must be at least 3")
    if lead_months is not None and lead_months < 0:
        raise ConfigError("lead_months must be >= 0")
    out_dir = Path(out_dir)
    _prepare_out_dir(out_dir, overwrite)
    inst = instrument or builtin_instrument("pulse")
    p = Params(lead_months=lead_months)
    cal = _calendar(start, months)
    rng = np.random.default_rng(seed)

    org = _build_org(rng, employees)
    latent, scen = _latent_states(rng, org, months, p)
    emp = _employees(rng, org, months, p)
    em_emp, em_month = _employee_months(emp, months)
    n_teams = len(org.team_ids)
    cell = emp["team"][em_emp] * months + em_month
    headcount = np.bincount(cell, minlength=n_teams * months).reshape(n_teams, months)
    fte10 = np.bincount(cell, weights=emp["fte10"][em_emp], minlength=n_teams * months)
    fte10 = np.rint(fte10).astype(np.int64).reshape(n_teams, months)

    files: dict[str, int] = {}
    files["org.csv"] = _write_org(out_dir / "org.csv", org, cal, headcount, fte10)
    survey = _survey(rng, inst, org, latent, headcount, p)
    files.update(_write_survey(out_dir, inst, org, cal, survey))
    spells = _absence(rng, emp, em_emp, em_month, latent, cal, p)
    files.update(_write_absence(out_dir, org, emp, cal, spells))

    summary = _summary(headcount, survey, spells, emp, em_emp, em_month, cal, scen)
    truth = _truth(org, cal, latent, scen, p, summary, employees, months, seed, start, inst)
    text = json.dumps(truth, ensure_ascii=False, indent=1)
    (out_dir / "ground_truth.json").write_text(text + "\n", encoding="utf-8")
    return {"out_dir": str(out_dir), "files": files, **summary}


def write_excel_nl_copy(
    src_dir: Path,
    out_dir: Path,
    months: int | None = None,
    *,
    departments: int = 2,
    twin_dir: Path | None = None,
) -> None:
    """Copy part of a generated organisation in Dutch Excel dialect, plus its plain twin.

    The part: the first ``departments`` departments (by id) and the last ``months`` months
    (all when None). Excel dialect: ``;``, decimal comma, Windows-1252, ``31-12-2025`` dates,
    CRLF. The twin (default ``<out_dir>_twin``) holds exactly the same rows as UTF-8, ``,``,
    ISO dates and LF. Survey and absence rows are kept only for teams and months in the copy's
    ``org.csv``; an absence spell is kept whole or not at all (by its first row's start).
    """
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    twin_dir = Path(twin_dir) if twin_dir is not None else out_dir.with_name(out_dir.name + "_twin")
    tables = _select_part(src_dir, months, departments)
    for folder in (out_dir, twin_dir):
        folder.mkdir(parents=True, exist_ok=True)
        for old in [*folder.glob("*.csv")]:
            old.unlink()
    for name, df in tables.items():
        (twin_dir / name).write_bytes(_csv_text(df, ",", "\n").encode("utf-8"))
        excel = _to_excel_values(df)
        (out_dir / name).write_bytes(_csv_text(excel, ";", "\r\n").encode("cp1252"))


def write_samples(root: Path, seed: int = 42, employees: int = 1500, months: int = 24) -> None:
    """(Re)create the committed sample layout under ``root`` (``data_samples/``)."""
    root = Path(root)
    demo = root / "org_demo"
    generate(demo, employees=employees, months=months, seed=seed)
    shutil.copyfile(BUILTIN_DIR / "pulse.toml", demo / "instrument.toml")
    write_excel_nl_copy(demo, root / "excel_nl", twin_dir=root / "excel_nl_twin")
    (root / "instruments").mkdir(parents=True, exist_ok=True)
    for name in ("pulse.toml", "hse.toml"):
        shutil.copyfile(BUILTIN_DIR / name, root / "instruments" / name)


# --------------------------------------------------------------------------- calendar


@dataclass
class _Calendar:
    month_start: np.ndarray  # int day numbers (days since 1970-01-01), one per month
    month_next: np.ndarray  # first day of the following month
    month_of_year: np.ndarray  # 0 = January
    wave: np.ndarray  # survey round date per month (third Monday)
    period_end: int
    labels: list[str]  # ISO first day of each month


def _calendar(start: str, months: int) -> _Calendar:
    try:
        first = np.datetime64(start if len(start) > 7 else f"{start}-01", "D")
    except ValueError as e:
        raise ConfigError(f"start must be an ISO date, got {start!r}") from e
    m0 = first.astype("datetime64[M]")
    if m0.astype("datetime64[D]") != first:
        raise ConfigError(f"start must be the first day of a month, got {start!r}")
    ms = (m0 + np.arange(months)).astype("datetime64[D]")
    mn = (m0 + np.arange(1, months + 1)).astype("datetime64[D]")
    days = ms.astype(np.int64)
    weekday = (days + 3) % 7  # Monday = 0
    wave = days + (7 - weekday) % 7 + 14
    return _Calendar(
        month_start=days,
        month_next=mn.astype(np.int64),
        month_of_year=(m0 + np.arange(months)).astype(np.int64) % 12,
        wave=wave,
        period_end=int(mn[-1].astype(np.int64)) - 1,
        labels=[str(d) for d in np.datetime_as_string(ms)],
    )


# --------------------------------------------------------------------------- organisation


def _build_org(rng: np.random.Generator, employees: int) -> _Org:
    n_dept = max(3, round(math.sqrt(employees) / 4.5))
    weights = rng.dirichlet(np.full(n_dept, 5.0))
    dept_emp = np.floor(weights * employees).astype(np.int64)
    dept_emp[: employees - dept_emp.sum()] += 1
    order = np.concatenate([[0, 1], 2 + rng.permutation(len(_DEPARTMENTS) - 2)])
    dept_names, dept_ids, team_names, team_dept, sizes = [], [], [], [], []
    width = max(2, len(str(n_dept)))
    for d in range(n_dept):
        base, functions = _DEPARTMENTS[order[d % len(order)]]
        round_ = d // len(order)
        region = _region(round_ - 1) if round_ else ""
        dept_names.append(f"{base} {region}".strip())
        dept_ids.append(f"afd-{d + 1:0{width}d}")
        team_sizes = _team_sizes(rng, int(dept_emp[d]))
        funcs = [functions[0], *[functions[i] for i in 1 + rng.permutation(len(functions) - 1)]]
        for t, size in enumerate(team_sizes):
            team_names.append(_team_name(funcs, t, region))
            team_dept.append(d)
            sizes.append(size)
    team_width = max(4, len(str(len(sizes))))
    team_ids = [f"team-{i + 1:0{team_width}d}" for i in range(len(sizes))]
    if len(set(team_names)) != len(team_names):
        raise AssertionError("team names must be unique; check the department templates")
    return _Org(
        dept_ids=dept_ids,
        dept_names=dept_names,
        pressured_dept=int(rng.integers(2, n_dept)) if n_dept > 2 else 0,
        team_ids=team_ids,
        team_names=team_names,
        team_dept=np.array(team_dept, dtype=np.int64),
        team_size=np.array(sizes, dtype=np.int64),
    )


def _team_sizes(rng: np.random.Generator, total: int) -> list[int]:
    """Sizes summing to ``total``: mostly 5-25, about 8 % under 5, about 5 % of 30-60."""
    n = total // 2 + 2  # every size is >= 2, so the candidates always reach the total
    kind = rng.choice(3, size=n, p=[0.08, 0.87, 0.05])
    typical = np.clip(np.rint(rng.lognormal(math.log(12), 0.4, n)), 5, 25)
    sizes = np.where(
        kind == 0, rng.integers(2, 5, n), np.where(kind == 1, typical, rng.integers(30, 61, n))
    ).astype(np.int64)
    k = int(np.searchsorted(np.cumsum(sizes), total))  # first team that reaches the total
    out = [int(v) for v in sizes[: k + 1]]
    out[-1] = total - sum(out[:-1])
    if out[-1] < 2 and len(out) > 1:
        last = out.pop()
        out[-1] += last
    return out


def _team_name(functions: list[str], t: int, region: str) -> str:
    """``Magazijn``, ``Magazijn 2``; in a regional department ``Magazijn Oost``, ``... Oost 2``.

    Unique organisation-wide because team functions are unique across department templates
    and a regional department's name carries its region.
    """
    number = t // len(functions)
    name = f"{functions[t % len(functions)]} {region}".strip()
    return name if number == 0 else f"{name} {number + 1}"


def _region(i: int) -> str:
    """Noord, Oost, ..., Randstad, then Noord 2, Oost 2, ..."""
    number = i // len(_REGIONS)
    region = _REGIONS[i % len(_REGIONS)]
    return region if number == 0 else f"{region} {number + 1}"


# --------------------------------------------------------------------------- latent states


def _latent_states(
    rng: np.random.Generator, org: _Org, months: int, p: Params
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    n = len(org.team_ids)
    t = np.arange(months)
    scenario = _assign_scenarios(rng, org, months, p)
    s0 = rng.uniform(36, 50, n)
    b0 = rng.uniform(12, 30, n)
    drift_start = np.full(n, -1)
    planned_cross = np.full(n, -1)
    intervention = np.full(n, -1)
    rec_end_len = np.zeros(n, dtype=np.int64)  # months from intervention to recovered level
    path = np.repeat(b0[:, None], months, axis=1)

    drift = np.flatnonzero(scenario == 1)
    if len(drift):
        b0[drift] = rng.uniform(12, 24, len(drift))
        lo, hi = max(2, months // 6), max(3, months // 2)
        s = rng.integers(lo, hi + 1, len(drift))
        room = np.maximum(2, months - 3 - s)
        c = s + np.minimum(rng.integers(5, 10, len(drift)), room)
        slope = b0[drift] / (c - s - 0.5)
        fall = np.minimum(
            slope[:, None] * np.maximum(0, t[None, :] - s[:, None]), b0[drift, None] + 25
        )
        path[drift] = b0[drift, None] - fall
        drift_start[drift], planned_cross[drift] = s, c

    rec = np.flatnonzero(scenario == 2)
    if len(rec):
        s0[rec] = rng.uniform(48, 58, len(rec))
        low = rng.uniform(-20, -6, len(rec))
        high = rng.uniform(12, 25, len(rec))
        i = rng.integers(max(2, months // 5), max(3, months // 2 - 2) + 1, len(rec))
        rec_len = np.clip(rng.integers(5, 10, len(rec)), 2, np.maximum(2, months - 2 - i))
        frac = np.clip((t[None, :] - i[:, None]) / rec_len[:, None], 0, 1)
        path[rec] = low[:, None] + (high - low)[:, None] * frac
        intervention[rec] = i
        rec_end_len[rec] = rec_len
        b0[rec] = low

    delta = path - path[:, :1]
    shock = _ar1(rng, len(org.dept_ids), months, p.shock_sd, p.shock_ar)[org.team_dept]
    stressor = s0[:, None] - 0.55 * delta + shock + _ar1(rng, n, months, p.team_noise_sd, 0.5)
    recovery = (
        (s0 + path[:, 0])[:, None] + 0.45 * delta + _ar1(rng, n, months, p.team_noise_sd, 0.5)
    )

    # Noise must not blur the planted story. Shift recovery so that stable teams and drifting
    # teams before their drift stay >= stable_min_balance, and recovering teams before their
    # intervention stay <= -3; the shift fades out over the drift or the recovery, so the
    # planned crossing and the recovered level are kept. After the planned crossing a
    # drifting team stays below zero.
    balance = recovery - stressor
    is_drift, is_rec = (scenario == 1)[:, None], (scenario == 2)[:, None]
    stable_part = (scenario == 0)[:, None] | (is_drift & (t[None, :] <= drift_start[:, None]))
    low_stable = np.where(stable_part, balance, np.inf).min(axis=1)
    shift = np.where(low_stable < p.stable_min_balance, p.stable_min_balance - low_stable, 0.0)
    over_part = is_rec & (t[None, :] < intervention[:, None])
    high_over = np.where(over_part, balance, -np.inf).max(axis=1)
    shift = np.where(high_over > -3, shift - (high_over + 3), shift)
    fade = np.ones((n, months))
    if len(drift):
        span = (planned_cross - drift_start)[drift, None]
        fade[drift] = np.clip((planned_cross[drift, None] - t[None, :]) / span, 0, 1)
    if len(rec):
        end_rec = intervention[rec, None] + rec_len[:, None]
        fade[rec] = np.clip((end_rec - t[None, :]) / rec_len[:, None], 0, 1)
    recovery = recovery + shift[:, None] * fade
    after_cross = is_drift & (t[None, :] >= planned_cross[:, None])
    recovery = np.where(after_cross, np.minimum(recovery, stressor - 0.5), recovery)
    recovered_part = is_rec & (t[None, :] >= (intervention + rec_end_len)[:, None])
    recovery = np.where(recovered_part, np.maximum(recovery, stressor + 2), recovery)

    stressor = np.round(np.clip(stressor, 8, 92), 2)
    recovery = np.round(np.clip(recovery, 8, 92), 2)
    balance = np.round(recovery - stressor, 2)
    strain = 38 + 0.5 * (stressor - 45) - 0.3 * (balance - 15)
    strain = np.round(np.clip(strain + _ar1(rng, n, months, 2.0, 0.5), 5, 95), 2)

    below = balance < 0
    crossing = np.where(below.any(axis=1), below.argmax(axis=1), -1)
    crossing = np.where(scenario == 0, -1, crossing)
    above_to_end = np.flip(np.logical_and.accumulate(np.flip(balance >= 0, axis=1), axis=1), axis=1)
    after_int = above_to_end & (t[None, :] >= intervention[:, None])
    recovered = np.where((scenario == 2) & after_int.any(axis=1), after_int.argmax(axis=1), -1)

    latent = {"stressor": stressor, "recovery": recovery, "balance": balance, "strain": strain}
    scen = {
        "scenario": scenario,
        "drift_start": drift_start,
        "crossing": crossing,
        "planned_crossing": planned_cross,
        "intervention": intervention,
        "recovered": recovered,
    }
    return latent, scen


def _assign_scenarios(rng: np.random.Generator, org: _Org, months: int, p: Params) -> np.ndarray:
    """0 stable, 1 drifting, 2 recovering. Only teams of >= min size, only with >= 12 months."""
    n = len(org.team_ids)
    u = rng.random(n)
    scenario = np.zeros(n, dtype=np.int64)
    eligible = org.team_size >= p.min_scenario_team_size
    if months < 12:
        return scenario
    p_drift = np.where(
        org.team_dept == org.pressured_dept, p.share_drifting_pressured_department, p.share_drifting
    )
    scenario[eligible & (u < p_drift)] = 1
    scenario[eligible & (u >= p_drift) & (u < p_drift + p.share_recovering)] = 2
    idx = np.flatnonzero(eligible)
    if len(idx) >= 4:  # every organisation shows each scenario at least once
        for wanted in (1, 2):
            if not (scenario == wanted).any():
                free = idx[scenario[idx] == 0]
                scenario[free[0]] = wanted
    return scenario


def _ar1(rng: np.random.Generator, rows: int, months: int, sd: float, phi: float) -> np.ndarray:
    """Stationary AR(1) series (one per row) with marginal sd ``sd``."""
    eps = rng.normal(0.0, sd * math.sqrt(1 - phi**2), (rows, months))
    out = np.empty((rows, months))
    out[:, 0] = rng.normal(0.0, sd, rows)
    for m in range(1, months):
        out[:, m] = phi * out[:, m - 1] + eps[:, m]
    return out


# --------------------------------------------------------------------------- employees


def _employees(rng: np.random.Generator, org: _Org, months: int, p: Params) -> dict:
    """Occupants of team slots: team, first month, end month (exclusive), fte, frailty, ref."""
    base_team = np.repeat(np.arange(len(org.team_ids)), org.team_size)
    first_slot = np.concatenate([[True], base_team[1:] != base_team[:-1]])
    n_extra = rng.poisson(p.slot_growth_rate * org.team_size)
    extra_team = np.repeat(np.arange(len(org.team_ids)), n_extra)
    slot_team = np.concatenate([base_team, extra_team])
    slot_open = np.concatenate(
        [np.zeros(len(base_team), np.int64), rng.integers(1, months, len(extra_team))]
    )
    closes = rng.random(len(slot_team)) < p.slot_close_prob
    closes[: len(base_team)] &= ~first_slot  # a team's first slot never closes
    slot_close = np.where(closes, rng.integers(1, months, len(slot_team)), months)
    slot_close = np.maximum(slot_close, slot_open + 1)
    keeps_filled = np.concatenate([first_slot, np.zeros(len(extra_team), bool)])

    teams, starts, ends = [], [], []
    t = slot_open.copy()
    active = np.flatnonzero(t < slot_close)
    while len(active):
        tenure = rng.geometric(p.monthly_leave_prob, len(active))
        end = np.minimum(t[active] + tenure, slot_close[active])
        teams.append(slot_team[active])
        starts.append(t[active])
        ends.append(end)
        vacant = rng.random(len(active)) < p.vacancy_prob
        gap = np.where(vacant & ~keeps_filled[active], rng.geometric(0.5, len(active)), 0)
        t[active] = end + gap
        active = active[t[active] < slot_close[active]]
    n = sum(len(a) for a in teams)
    refs = np.frombuffer(rng.bytes(8 * n).hex().encode("ascii"), dtype="S16").astype(str)
    if len(np.unique(refs)) != n:
        raise AssertionError("employee_ref collision; use another seed")
    return {
        "team": np.concatenate(teams),
        "start": np.concatenate(starts),
        "end": np.concatenate(ends),
        "fte10": rng.choice(_FTE_TENTHS, size=n, p=_FTE_PROBS),
        "frailty": rng.gamma(p.frailty_shape, 1 / p.frailty_shape, n),
        "ref": refs,
    }


def _employee_months(emp: dict, months: int) -> tuple[np.ndarray, np.ndarray]:
    lengths = emp["end"] - emp["start"]
    em_emp = np.repeat(np.arange(len(lengths)), lengths)
    offsets = np.cumsum(lengths) - lengths
    em_month = np.arange(len(em_emp)) - np.repeat(offsets, lengths) + emp["start"][em_emp]
    return em_emp, em_month


# --------------------------------------------------------------------------- survey


def _survey(
    rng: np.random.Generator,
    inst: Instrument,
    org: _Org,
    latent: dict[str, np.ndarray],
    headcount: np.ndarray,
    p: Params,
) -> dict:
    n_teams, months = headcount.shape
    base = rng.uniform(p.response_rate_min, p.response_rate_max, n_teams)
    rate = np.clip(
        base[:, None] + rng.normal(0, p.response_rate_wave_sd, headcount.shape), 0.4, 0.95
    )
    n_resp = rng.binomial(headcount, rate)
    # month-major order: one wave after the other, teams in order within a wave
    counts = n_resp.T.ravel()
    cells = np.repeat(np.arange(months * n_teams), counts)
    month_r, team_r = cells // n_teams, cells % n_teams
    n = len(cells)
    block_latent = {
        "demands": latent["stressor"],
        "resources": latent["recovery"],
        "recovery": latent["recovery"],
        "strain": latent["strain"],
    }
    blocks = sorted({s.block for s in inst.scales})
    person = {b: rng.normal(0, p.person_sd, n) for b in blocks}
    offsets = _scale_offsets(rng, inst, n_teams, p.team_scale_offset_sd)

    items = inst.items
    missing = rng.random((n, len(items))) < p.missing_share
    all_missing = missing.all(axis=1)
    missing[all_missing, 0] = False
    values: dict[str, np.ndarray] = {}
    for scale in inst.scales:
        rng_ = scale.scale or inst.scale
        lo, hi = rng_.min, rng_.max
        width = hi - lo
        target = block_latent[scale.block][team_r, month_r] + offsets[scale.id][team_r]
        item_sd = p.item_sd * width / 4
        sigma_person = math.hypot(p.person_sd, p.person_scale_sd) * width / 100
        sigma = math.hypot(sigma_person, item_sd)
        mu = _inverse_expected_answer(lo + width * np.clip(target, 1, 99) / 100, lo, hi, sigma)
        eff = (person[scale.block] + rng.normal(0, p.person_scale_sd, n)) * width / 100
        for item in scale.items:
            x = np.floor(mu + eff + rng.normal(0, item_sd, n) + 0.5)
            x = np.clip(x, lo, hi).astype(np.int16)
            if item in scale.reverse:
                x = (lo + hi - x).astype(np.int16)
            values[item] = x
    ids = np.frombuffer(rng.bytes(16 * n).hex().encode("ascii"), dtype="S32")
    return {
        "team": team_r,
        "month": month_r,
        "ids": ids,
        "values": values,
        "missing": missing,
        "n_resp": n_resp,
    }


def _scale_offsets(
    rng: np.random.Generator, inst: Instrument, n_teams: int, sd: float
) -> dict[str, np.ndarray]:
    """Team-level scale offsets (points), zero-mean within each block for every team."""
    out: dict[str, np.ndarray] = {}
    for block in sorted({s.block for s in inst.scales}):
        ids = [s.id for s in inst.scales if s.block == block]
        raw = rng.normal(0, sd, (n_teams, len(ids)))
        raw -= raw.mean(axis=1, keepdims=True)
        for k, sid in enumerate(ids):
            out[sid] = raw[:, k]
    return out


def _inverse_expected_answer(target: np.ndarray, lo: int, hi: int, sigma: float) -> np.ndarray:
    """mu such that E[clip(round(mu + N(0, sigma^2)), lo, hi)] = target (tabulated inverse)."""
    grid = np.linspace(lo - 4 * sigma - 1, hi + 4 * sigma + 1, 4001)
    expected = np.full_like(grid, float(lo))
    for k in range(lo + 1, hi + 1):  # E[X] = lo + sum_k P(X >= k)
        expected += 1 - ndtr((k - 0.5 - grid) / sigma)
    return np.interp(target, expected, grid)


# --------------------------------------------------------------------------- absence


def _absence(
    rng: np.random.Generator,
    emp: dict,
    em_emp: np.ndarray,
    em_month: np.ndarray,
    latent: dict[str, np.ndarray],
    cal: _Calendar,
    p: Params,
) -> dict:
    months = len(cal.month_start)
    team = emp["team"][em_emp]
    season = 1 + p.season_amplitude * np.cos(2 * np.pi * (cal.month_of_year - 0.5) / 12)
    rate = p.notifications_per_year / 12 * season[em_month] * emp["frailty"][em_emp]
    if p.lead_months is not None:
        lagged = np.maximum(em_month - p.lead_months, 0)
        stress = latent["stressor"][team, lagged]
        rate = rate * np.exp(p.hazard_per_stressor_point * (stress - p.stressor_reference))
    counts = rng.poisson(rate)
    sp_emp = np.repeat(em_emp, counts)
    sp_month = np.repeat(em_month, counts)
    sp_team = emp["team"][sp_emp]
    n = len(sp_emp)

    dim = (cal.month_next - cal.month_start)[sp_month]
    start = cal.month_start[sp_month] + np.floor(rng.random(n) * dim).astype(np.int64)
    weekday = (start + 3) % 7
    to_monday = (weekday >= 5) & (rng.random(n) < 0.75)
    moved = start + (7 - weekday)
    start = np.where(to_monday & (moved < cal.month_next[sp_month]), moved, start)

    overload = _overload(latent["balance"], months)[sp_team, sp_month]
    duration = _durations(rng, overload, p)
    end = start + duration - 1

    relapse = (rng.random(n) < p.relapse_share) & (duration < 92)
    r_start = end[relapse] + 1 + rng.integers(1, 29, relapse.sum())
    r_dur = _durations(rng, np.zeros(relapse.sum()), p)
    emp_all = np.concatenate([sp_emp, sp_emp[relapse]])
    start = np.concatenate([start, r_start])
    end = np.concatenate([end, r_start + r_dur - 1])

    # employment limits: nothing after leaving, nothing after the period
    last_day = np.where(
        emp["end"] >= months, _FAR, cal.month_next[np.minimum(emp["end"], months) - 1] - 1
    )
    emp_last = last_day[emp_all]
    ok = (start <= emp_last) & (start <= cal.period_end)
    emp_all, start, end = emp_all[ok], start[ok], np.minimum(end[ok], emp_last[ok])
    end = np.where(end > cal.period_end, _FAR, end)

    order = np.lexsort((start, emp_all))
    emp_all, start, end = emp_all[order], start[order], end[order]
    keep = _drop_overlaps(emp_all, start, end)
    emp_all, start, end = emp_all[keep], start[keep], end[keep]
    return _split_partial(rng, emp_all, start, end, cal.period_end, p)


def _overload(balance: np.ndarray, months: int, window: int = 6) -> np.ndarray:
    """Mean of max(0, -balance) over the previous ``window`` months, / 10."""
    neg = np.maximum(0.0, -balance)
    cum = np.concatenate([np.zeros((balance.shape[0], 1)), np.cumsum(neg, axis=1)], axis=1)
    m = np.arange(months)
    lo = np.maximum(0, m - window)
    span = np.maximum(1, m - lo)
    return (cum[:, m] - cum[:, lo]) / span / 10


def _durations(rng: np.random.Generator, overload: np.ndarray, p: Params) -> np.ndarray:
    n = len(overload)
    p_long = p.p_long * (1 + p.overload_gain_long * overload)
    p_med = p.p_medium * (1 + p.overload_gain_medium * overload)
    u = rng.random(n)
    short = rng.choice(_SHORT_DAYS, size=n, p=_SHORT_PROBS)
    short2 = rng.integers(8, 15, n)
    medium = np.clip(np.rint(rng.lognormal(math.log(30), 0.5, n)), 15, 91)
    long_ = np.clip(np.rint(rng.lognormal(math.log(150), 0.5, n)), 92, 730)
    return np.select(
        [u < p_long, u < p_long + p_med, u < p_long + p_med + p.p_short2],
        [long_, medium, short2],
        short,
    ).astype(np.int64)


def _drop_overlaps(emp: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of spells kept so that no two of one employee overlap or touch.

    Input sorted by employee and start; a spell that starts on or the day after the end of
    the employee's kept previous spell is dropped (touching rows would read as one spell).
    """
    idx = np.arange(len(emp))
    while True:
        e, s, en = emp[idx], start[idx], end[idx]
        conflict = np.zeros(len(idx), bool)
        conflict[1:] = (e[1:] == e[:-1]) & (s[1:] <= en[:-1] + 1)
        if not conflict.any():
            return idx
        first = conflict.copy()
        first[1:] &= ~conflict[:-1]  # its predecessor is certainly kept
        idx = idx[~first]


def _split_partial(
    rng: np.random.Generator,
    emp: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    period_end: int,
    p: Params,
) -> dict:
    """Some longer spells go from 100 % to 50 % incapacity: two adjacent rows, one spell."""
    n = len(emp)
    seen_end = np.minimum(end, period_end)
    length = seen_end - start + 1
    first_len = np.floor(length * rng.uniform(0.4, 0.8, n)).astype(np.int64)
    split = (rng.random(n) < p.partial_split_share) & (length >= 21) & (first_len >= 1)
    second_start = start + first_len
    spell_id = np.arange(n)
    emp_out = np.concatenate([emp, emp[split]])
    start_out = np.concatenate([start, second_start[split]])
    end_out = np.concatenate([np.where(split, second_start - 1, end), end[split]])
    pct = np.concatenate([np.full(n, 100), np.full(split.sum(), 50)])
    spell = np.concatenate([spell_id, spell_id[split]])
    order = np.lexsort((start_out, emp_out))
    return {
        "emp": emp_out[order],
        "start": start_out[order],
        "end": end_out[order],
        "pct": pct[order],
        "spell": spell[order],
        "n_spells": n,
    }


# --------------------------------------------------------------------------- writing


def _prepare_out_dir(out_dir: Path, overwrite: bool) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    ours = [
        *out_dir.glob("org.csv"),
        *out_dir.glob("survey*.csv"),
        *out_dir.glob("absence*.csv"),
        *out_dir.glob("ground_truth.json"),
    ]
    others = [f for f in out_dir.glob("*.csv") if f not in ours]
    if not overwrite and (ours or others):
        raise ConfigError(f"{out_dir} already holds CSV files; choose an empty folder")
    if others:
        names = ", ".join(sorted(f.name for f in others))
        raise ConfigError(f"{out_dir} holds CSV files that are not generator output: {names}")
    if ours and not (out_dir / "ground_truth.json").exists():
        names = ", ".join(sorted(f.name for f in ours))
        raise ConfigError(f"{out_dir} holds input files that the generator did not write (no "
                          f"ground_truth.json beside them): {names}; choose an empty folder")
    for f in ours:
        f.unlink()


def _write_csv(path: Path, header: list[str], columns: list[pa.Array]) -> int:
    table = pa.Table.from_arrays(columns, names=header)
    with path.open("wb") as f:
        f.write((",".join(header) + "\n").encode("utf-8"))
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return table.num_rows


def _date_array(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=mask)


def _tenths(values: np.ndarray) -> pa.Array:
    return pa.array([f"{v // 10}.{v % 10}" for v in values.tolist()], type=pa.string())


def _write_org(
    path: Path, org: _Org, cal: _Calendar, headcount: np.ndarray, fte10: np.ndarray
) -> int:
    n_teams, months = headcount.shape
    month_idx, team_idx = np.divmod(np.arange(months * n_teams), n_teams)
    hc = headcount.T.ravel()
    keep = hc > 0
    month_idx, team_idx = month_idx[keep], team_idx[keep]
    team_ids = np.array(org.team_ids)
    dept = org.team_dept[team_idx]
    cols = [
        pa.array(team_ids[team_idx]),
        pa.array(np.array(org.team_names)[team_idx]),
        pa.array(np.array(org.dept_ids)[dept]),
        pa.array(np.array(org.dept_names)[dept]),
        _date_array(cal.month_start[month_idx]),
        pa.array(hc[keep].astype(np.int32)),
        _tenths(fte10.T.ravel()[keep]),
    ]
    header = [
        "team_id",
        "team_name",
        "department_id",
        "department_name",
        "month",
        "headcount",
        "fte",
    ]
    return _write_csv(path, header, cols)


def _years(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _write_survey(
    out_dir: Path, inst: Instrument, org: _Org, cal: _Calendar, survey: dict
) -> dict[str, int]:
    wave = cal.wave[survey["month"]]
    year = _years(wave)
    team_ids = np.array(org.team_ids)
    written = {}
    for y in np.unique(year):
        sel = np.flatnonzero(year == y)
        cols = [
            pa.array(survey["ids"][sel]).cast(pa.string()),
            pa.array(team_ids[survey["team"][sel]]),
            _date_array(wave[sel]),
        ]
        for k, item in enumerate(inst.items):
            cols.append(pa.array(survey["values"][item][sel], mask=survey["missing"][sel, k]))
        name = f"survey_{y}.csv"
        written[name] = _write_csv(
            out_dir / name, ["response_id", "team_id", "wave", *inst.items], cols
        )
    return written


def _write_absence(
    out_dir: Path, org: _Org, emp: dict, cal: _Calendar, spells: dict
) -> dict[str, int]:
    order = np.lexsort((emp["ref"][spells["emp"]], spells["start"]))  # export order: by start
    e = spells["emp"][order]
    start, end, pct = spells["start"][order], spells["end"][order], spells["pct"][order]
    year = _years(start)
    team_ids = np.array(org.team_ids)
    written = {}
    for y in np.unique(year):
        sel = np.flatnonzero(year == y)
        ongoing = end[sel] >= _FAR
        cols = [
            pa.array(emp["ref"][e[sel]]),
            pa.array(team_ids[emp["team"][e[sel]]]),
            _date_array(start[sel]),
            _date_array(np.where(ongoing, 0, end[sel]), mask=ongoing),
            pa.array(pct[sel].astype(np.int32)),
            _tenths(emp["fte10"][e[sel]]),
        ]
        name = f"absence_{y}.csv"
        header = ["employee_ref", "team_id", "start_date", "end_date", "incapacity_pct", "fte"]
        written[name] = _write_csv(out_dir / name, header, cols)
    return written


# --------------------------------------------------------------------------- truth


def _summary(headcount, survey, spells, emp, em_emp, em_month, cal, scen) -> dict:
    months = headcount.shape[1]
    dim = cal.month_next - cal.month_start
    fte = emp["fte10"] / 10
    available = float(np.sum(dim[em_month] * fte[em_emp]))
    seen_end = np.minimum(spells["end"], cal.period_end)
    sick = float(
        np.sum((seen_end - spells["start"] + 1) * fte[spells["emp"]] * spells["pct"] / 100)
    )
    avg_headcount = headcount.sum() / months
    names = ["stable", "drifting", "recovering"]
    return {
        "teams": int(headcount.shape[0]),
        "employees_first_month": int(headcount[:, 0].sum()),
        "employees_total": len(emp["team"]),
        "responses": int(survey["n_resp"].sum()),
        "response_rate": round(float(survey["n_resp"].sum() / headcount.sum()), 4),
        "absence_rows": len(spells["emp"]),
        "absence_spells": int(spells["n_spells"]),
        "absence_rate_pct": round(100 * sick / available, 3),
        "notification_frequency": round(float(spells["n_spells"] / avg_headcount * 12 / months), 3),
        "scenarios": {names[k]: int((scen["scenario"] == k).sum()) for k in range(3)},
    }


def _truth(org, cal, latent, scen, p, summary, employees, months, seed, start, inst) -> dict:
    def month(i: int) -> str | None:
        return cal.labels[i] if i >= 0 else None

    names = ["stable", "drifting", "recovering"]
    teams = []
    for j, tid in enumerate(org.team_ids):
        teams.append(
            {
                "team_id": tid,
                "team_name": org.team_names[j],
                "department_id": org.dept_ids[org.team_dept[j]],
                "scenario": names[scen["scenario"][j]],
                "base_headcount": int(org.team_size[j]),
                "drift_start": month(scen["drift_start"][j]),
                "crossing_month": month(scen["crossing"][j]),
                "intervention_month": month(scen["intervention"][j]),
                "recovered_month": month(scen["recovered"][j]),
                "latent": {k: v[j].tolist() for k, v in latent.items()},
            }
        )
    return {
        "note": "Ground truth of a generated organisation. Never loaded by the pipeline.",
        "generator_version": GENERATOR_VERSION,
        "arguments": {"employees": employees, "months": months, "seed": seed, "start": start},
        "instrument": inst.name,
        "lead_months": p.lead_months,
        "scoring_rule": SCORING_RULE,
        "definitions": {
            "crossing_month": "first month whose latent balance is below 0 (null for stable teams)",
            "drift_start": "first month of the linear decline (drifting teams)",
            "intervention_month": "first month of improvement (recovering teams)",
            "recovered_month": "first month from which the latent balance stays >= 0 to the end",
            "wave": "third Monday of each month; the wave's month is its calendar month",
            "latent": "expected team score on 0-100 per month (stressor, recovery, balance, strain)",
        },
        "params": asdict(p),
        "months": cal.labels,
        "departments": [
            {
                "department_id": d,
                "department_name": org.dept_names[i],
                "pressured": i == org.pressured_dept,
            }
            for i, d in enumerate(org.dept_ids)
        ],
        "summary": summary,
        "teams": teams,
    }


# --------------------------------------------------------------------------- Excel copy


def _read_folder(src_dir: Path) -> dict[str, pd.DataFrame]:
    names = [
        "org.csv",
        *sorted(f.name for f in src_dir.glob("survey*.csv")),
        *sorted(f.name for f in src_dir.glob("absence*.csv")),
    ]
    return {
        n: pd.read_csv(src_dir / n, dtype=str, keep_default_na=False, encoding="utf-8")
        for n in names
    }


def _select_part(src_dir: Path, months: int | None, departments: int) -> dict[str, pd.DataFrame]:
    tables = _read_folder(src_dir)
    org = tables["org.csv"]
    depts = sorted(org["department_id"].unique())[:departments]
    all_months = sorted(org["month"].unique())
    window = all_months[-months:] if months else all_months
    org = org[org["department_id"].isin(depts) & org["month"].isin(window)]
    allowed = set(zip(org["team_id"], org["month"], strict=True))
    out = {"org.csv": org}
    for name, df in tables.items():
        if name.startswith("survey"):
            key = zip(df["team_id"], df["wave"].str[:8] + "01", strict=True)
            out[name] = df[[k in allowed for k in key]]
        elif name.startswith("absence"):
            out[name] = df  # filtered below, whole spells only
    absence = [n for n in out if n.startswith("absence")]
    if absence:
        rows = pd.concat([out[n].assign(_file=n) for n in absence], ignore_index=True)
        rows["_s"] = pd.to_datetime(rows["start_date"])
        rows["_e"] = pd.to_datetime(rows["end_date"].where(rows["end_date"] != ""))
        rows = rows.sort_values(["employee_ref", "_s"], kind="stable")
        prev_end = rows.groupby("employee_ref")["_e"].shift()
        new_spell = ~(rows["_s"] == prev_end + pd.Timedelta(days=1))
        rows["_spell"] = new_spell.cumsum()
        first = rows[new_spell]
        ok_spell = {
            s
            for s, t, d in zip(first["_spell"], first["team_id"], first["start_date"], strict=True)
            if (t, d[:8] + "01") in allowed
        }
        rows = rows[rows["_spell"].isin(ok_spell)].sort_index()
        for n in absence:
            out[n] = rows.loc[rows["_file"] == n, tables[n].columns]
    return {n: df.reset_index(drop=True) for n, df in out.items() if len(df)}


def _dmy(col: pd.Series) -> pd.Series:
    return col.map(lambda v: f"{v[8:10]}-{v[5:7]}-{v[0:4]}" if v else "")


def _to_excel_values(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in ("month", "wave", "start_date", "end_date"):
        if c in out:
            out[c] = _dmy(out[c])
    for c in ("fte", "incapacity_pct"):
        if c in out:
            out[c] = out[c].str.replace(".", ",", regex=False)
    return out


def _csv_text(df: pd.DataFrame, delimiter: str, newline: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(df.columns)
    writer.writerows(df.itertuples(index=False, name=None))
    return buf.getvalue()
