"""An independent simulator of organisations for the scoring tests (not pipelines/generate.py).

It writes staging frames directly (docs/working-database.md) with a known truth: per team a
latent demands level, capacity level and strain level per month; scenarios ``stable``,
``drifting`` (balance falls steadily from a start month and crosses the overload line) and
``recovering`` (starts overloaded, improves from a start month). Absence spells start with a
monthly probability that rises with the team's latent load ``lead`` months earlier, so the
survey leads absence by a known number of months (``absence_beta = 0`` plants no lead).

Every knob is a field of :class:`SimParams`, so the method can be checked on organisations
the generator of the pipeline never makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from pipelines.instrument import Instrument, builtin_instrument


@dataclass
class SimParams:
    departments: int = 6
    teams_per_department: tuple[int, int] = (3, 8)
    team_size_median: float = 11.0
    team_size_sigma: float = 0.45
    months: int = 24
    start: date = date(2024, 1, 1)
    response_rate: tuple[float, float] = (0.5, 0.9)
    share_drifting: float = 0.15
    share_recovering: float = 0.10
    stable_balance: tuple[float, float] = (15.0, 7.0)  # mean, sd of latent balance
    stable_min_balance: float = 4.0  # "stable" means clearly above the overload line
    demands_level: tuple[float, float] = (45.0, 8.0)
    strain_level: tuple[float, float] = (35.0, 6.0)
    drift_start: tuple[int, int] = (3, 9)  # month index range (inclusive)
    drift_rate: tuple[float, float] = (1.5, 3.0)  # balance points lost per month
    recover_rate: tuple[float, float] = (1.0, 2.5)
    person_sd: float = 12.0  # respondent's deviation from the team level (points)
    item_noise: float = 0.55  # answer noise per item (answer units)
    team_month_sd: float = 2.0  # team-level month-to-month wobble (points)
    dept_shock_sd: float = 3.0  # department-wide AR(1) load shocks (points)
    dept_shock_ar: float = 0.6
    absence_base_mf: float = 1.2  # spells per person-year at the reference load
    absence_beta: float = 0.04  # log-multiplier per point of load above the reference
    lead_months: int = 2
    season_amplitude: float = 0.15
    partial_share: float = 0.25  # spells > 14 days that continue at 50 % (adjacent row)
    instrument_name: str = "pulse"
    seed: int = 1
    extra: dict = field(default_factory=dict)


@dataclass
class Simulation:
    org: pd.DataFrame
    responses: pd.DataFrame
    answers: pd.DataFrame
    absence: pd.DataFrame
    as_of: date
    truth: pd.DataFrame  # one row per team: scenario, drift_start, crossing_month (index)
    latent: pd.DataFrame  # one row per team per month: demands, capacity, strain, balance
    instrument: Instrument

    def staging(self, as_of: date | None = None) -> dict:
        """Keyword arguments for tests.scoring.staging.write_staging, cut at ``as_of``."""
        as_of = as_of or self.as_of
        month_end = pd.Timestamp(as_of)
        org = self.org[self.org["month"] <= month_end]
        resp = self.responses[self.responses["wave"] <= month_end]
        ans = self.answers[self.answers["wave"] <= month_end]
        ab = self.absence[self.absence["start_date"] <= month_end].copy()
        ended_later = ab["end_date"].notna() & (ab["end_date"] > month_end)
        ab.loc[ended_later, "end_date"] = pd.NaT
        return {"org": org, "responses": resp, "answers": ans, "absence": ab,
                "as_of": as_of, "instrument": self.instrument}


def month_starts(start: date, months: int) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start), periods=months, freq="MS")


def simulate(p: SimParams) -> Simulation:
    rng = np.random.default_rng(p.seed)
    months = month_starts(p.start, p.months)
    T = p.months
    instrument = builtin_instrument(p.instrument_name)

    # --- structure ---------------------------------------------------------------------
    teams = []
    for d in range(p.departments):
        for t in range(rng.integers(p.teams_per_department[0], p.teams_per_department[1] + 1)):
            size = max(2, int(round(rng.lognormal(np.log(p.team_size_median), p.team_size_sigma))))
            teams.append({"team_id": f"D{d:02d}T{t:02d}", "department_id": f"D{d:02d}",
                          "size": size})
    teams = pd.DataFrame(teams)
    n_teams = len(teams)
    scenario = rng.choice(["drifting", "recovering", "stable"], size=n_teams,
                          p=[p.share_drifting, p.share_recovering,
                             1 - p.share_drifting - p.share_recovering])
    teams["scenario"] = scenario

    # --- latent levels per team x month ---------------------------------------------------
    tt = np.arange(T)[None, :]
    demands0 = rng.normal(*p.demands_level, n_teams)[:, None]
    balance0 = rng.normal(*p.stable_balance, n_teams)
    start = rng.integers(p.drift_start[0], p.drift_start[1] + 1, n_teams)[:, None]
    drift = rng.uniform(*p.drift_rate, n_teams)[:, None]
    recover = rng.uniform(*p.recover_rate, n_teams)[:, None]
    is_drift = (scenario == "drifting")[:, None]
    is_rec = (scenario == "recovering")[:, None]
    balance0 = np.maximum(balance0, p.stable_min_balance)
    balance0 = np.where(scenario == "drifting", np.abs(balance0) + 6, balance0)
    balance0 = np.where(scenario == "recovering", rng.normal(-8, 3, n_teams), balance0)
    since = np.clip(tt - start, 0, None)
    balance = balance0[:, None] - is_drift * drift * since + is_rec * recover * since
    balance = np.where(is_rec, np.minimum(balance, np.abs(balance0[:, None]) + 15), balance)
    # department AR(1) load shocks (shared by its teams)
    depts = teams["department_id"].to_numpy()
    dept_ids = np.unique(depts)
    shocks = np.zeros((len(dept_ids), T))
    for t in range(T):
        prev = shocks[:, t - 1] if t else 0
        shocks[:, t] = p.dept_shock_ar * prev + rng.normal(0, p.dept_shock_sd, len(dept_ids))
    dept_pos = np.searchsorted(dept_ids, depts)
    shock = shocks[dept_pos]
    wobble = rng.normal(0, p.team_month_sd, (n_teams, T))
    demands = demands0 + (balance0[:, None] - balance) / 2 + shock + wobble
    capacity = demands0 + balance0[:, None] - (balance0[:, None] - balance) / 2
    balance_true = capacity - demands
    strain0 = rng.normal(*p.strain_level, n_teams)[:, None]
    strain = strain0 + 0.6 * np.clip(-(balance_true - balance0[:, None]), 0, None) \
        + 0.3 * shock
    for arr in (demands, capacity, strain):
        np.clip(arr, 2, 98, out=arr)
    balance_true = capacity - demands

    smooth = balance  # the planted trend, without shocks and wobble
    crossing = np.full(n_teams, -1)
    below = smooth < 0
    for i in np.flatnonzero(scenario == "drifting"):
        idx = np.flatnonzero(below[i] & (np.arange(T) >= start[i, 0]))
        crossing[i] = idx[0] if len(idx) else -1
    truth = teams.assign(drift_start=start[:, 0], crossing_month=crossing,
                         balance_start=smooth[:, 0])
    latent = pd.DataFrame({
        "team_id": np.repeat(teams["team_id"].to_numpy(), T),
        "month": np.tile(months, n_teams),
        "demands": demands.ravel(), "capacity": capacity.ravel(), "strain": strain.ravel(),
        "balance": balance_true.ravel(), "balance_trend": smooth.ravel()})

    # --- org file -----------------------------------------------------------------------
    sizes = teams["size"].to_numpy()
    emp_team = np.repeat(np.arange(n_teams), sizes)
    emp_fte = rng.choice([1.0, 1.0, 0.9, 0.8, 0.6, 0.5], size=len(emp_team))
    team_fte = np.bincount(emp_team, weights=emp_fte, minlength=n_teams)
    org = pd.DataFrame({
        "team_id": np.repeat(teams["team_id"].to_numpy(), T),
        "department_id": np.repeat(depts, T),
        "month": np.tile(months, n_teams),
        "headcount": np.repeat(sizes, T),
        "fte": np.repeat(np.round(team_fte, 2), T)})

    # --- survey ---------------------------------------------------------------------------
    rate = rng.uniform(*p.response_rate, n_teams)
    n_resp = rng.binomial(np.repeat(sizes[:, None], T, axis=1), rate[:, None])
    cell_team = np.repeat(np.arange(n_teams), T)
    cell_month = np.tile(np.arange(T), n_teams)
    counts = n_resp.ravel()
    r_team = np.repeat(cell_team, counts)
    r_month = np.repeat(cell_month, counts)
    n_r = len(r_team)
    level = {"demands": demands, "resources": capacity, "recovery": capacity, "strain": strain}
    person = {b: rng.normal(0, p.person_sd, n_r) for b in level}
    items, item_vals = [], []
    for scale in instrument.scales:
        rng_ = scale.scale or instrument.scale
        lo, hi = rng_.min, rng_.max
        target = level[scale.block][r_team, r_month] + person[scale.block] \
            + rng.normal(0, p.person_sd / 3, n_r)
        for item in scale.items:
            x = lo + (hi - lo) * target / 100 + rng.normal(0, p.item_noise, n_r)
            x = np.clip(np.rint(x), lo, hi).astype(int)
            if item in scale.reverse:
                x = lo + hi - x
            items.append(item)
            item_vals.append(x)
    waves = months[r_month]
    rid = np.char.add("R", np.arange(n_r).astype(str))
    responses = pd.DataFrame({"response_id": rid, "team_id": teams["team_id"].to_numpy()[r_team],
                              "wave": waves})
    answers = pd.DataFrame({
        "response_id": np.tile(rid, len(items)),
        "wave": np.tile(waves, len(items)),
        "item": np.repeat(np.array(items), n_r),
        "value": np.concatenate(item_vals) if items else np.array([], int)})

    # --- absence --------------------------------------------------------------------------
    month_no = np.arange(T)
    season = 1 + p.season_amplitude * np.cos(2 * np.pi * (months.month.to_numpy() - 1.5) / 12)
    load = -balance_true  # latent load above capacity
    ref_load = -p.stable_balance[0]
    lagged = np.concatenate([np.repeat(load[:, :1], p.lead_months, axis=1),
                             load[:, : T - p.lead_months]], axis=1) if p.lead_months else load
    mult = np.exp(p.absence_beta * (lagged - ref_load))
    prob = np.clip(p.absence_base_mf / 12 * season[None, :] * mult, 0, 0.9)  # team x month
    n_emp = len(emp_team)
    starts = rng.random((n_emp, T)) < prob[emp_team]
    e_idx, m_idx = np.nonzero(starts)
    day = rng.integers(0, 28, len(e_idx))
    start_dates = months[m_idx] + pd.to_timedelta(day, unit="D")
    long_p = np.clip(0.06 * mult[emp_team[e_idx], m_idx], 0, 0.5)
    kind = rng.random(len(e_idx))
    dur = np.where(kind < long_p, rng.lognormal(np.log(90), 0.7, len(e_idx)),
                   np.where(kind < long_p + 0.2, rng.lognormal(np.log(20), 0.5, len(e_idx)),
                            rng.lognormal(np.log(3), 0.6, len(e_idx))))
    dur = np.maximum(1, np.rint(dur)).astype(int)
    end_dates = start_dates + pd.to_timedelta(dur - 1, unit="D")
    sp = pd.DataFrame({"emp": e_idx, "start": start_dates, "end": end_dates})
    sp = sp.sort_values(["emp", "start"]).reset_index(drop=True)
    prev_end = sp.groupby("emp")["end"].transform(lambda s: s.cummax().shift(1))
    sp = sp[prev_end.isna() | (sp["start"] > prev_end + pd.Timedelta(days=1))]
    sp = sp.reset_index(drop=True)
    emp_ref = np.char.add("E", sp["emp"].to_numpy().astype(str))
    team_of = teams["team_id"].to_numpy()[emp_team[sp["emp"].to_numpy()]]
    fte_of = emp_fte[sp["emp"].to_numpy()]
    length = (sp["end"] - sp["start"]).dt.days.to_numpy() + 1
    partial = (length > 14) & (rng.random(len(sp)) < p.partial_share)
    first_end = sp["start"] + pd.to_timedelta(np.where(partial, length // 2, length) - 1, "D")
    rows = pd.DataFrame({"employee_ref": emp_ref, "team_id": team_of,
                         "start_date": sp["start"], "end_date": first_end,
                         "incapacity_pct": 100.0, "fte": fte_of})
    second = pd.DataFrame({"employee_ref": emp_ref[partial], "team_id": team_of[partial],
                           "start_date": first_end[partial] + pd.Timedelta(days=1),
                           "end_date": sp["end"][partial], "incapacity_pct": 50.0,
                           "fte": fte_of[partial]})
    absence = pd.concat([rows, second], ignore_index=True)
    as_of = (months[-1] + pd.offsets.MonthEnd(0)).date()
    absence = absence[absence["start_date"] <= pd.Timestamp(as_of)]
    absence.loc[absence["end_date"] > pd.Timestamp(as_of), "end_date"] = pd.NaT
    absence = absence.sort_values(["employee_ref", "start_date"]).reset_index(drop=True)
    del month_no
    return Simulation(org=org, responses=responses, answers=answers, absence=absence,
                      as_of=as_of, truth=truth, latent=latent, instrument=instrument)
