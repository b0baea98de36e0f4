#!/usr/bin/env python3
"""Independent organisation generator for evaluating Draagkracht (gen3).

Written from the data contract (README, docs/data-contract.md) and the default instrument
(pipelines/instruments/pulse.toml) only.  Writes, per organisation:

    OUT/data/org.csv, survey_YYYY.csv, absence_YYYY.csv   (the product's input)
    OUT/truth.json                                         (ground truth, outside data/)

Usage:
    python gen3.py OUT --seed S --scenario calm|noisy [--employees N]

Ground truth ("true balance") is the *expected* team balance the product's scoring would
measure (recovery/capacity block minus demands block, 0-100) given the planted latent team
means, computed in closed form through the rounding and clipping of each item, without
sampling noise, without the team wiggle, seasonality and department shocks.  For drifting
teams the latent drift rate is solved so that this expected balance is exactly 0 at wave c.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import tomllib
from datetime import date, timedelta
from pathlib import Path

import numpy as np

INSTRUMENT = Path(__file__).resolve().parents[2] / "pipelines" / "instruments" / "pulse.toml"
START = date(2023, 3, 1)          # first month (deliberately not January)
N_WAVES = 24

SCENARIOS = {
    # all survey noise in raw answer units (1..5 scale); balance units are 0..100 points
    "calm": dict(
        sd_item=0.55,          # item-level noise per answer
        sd_person_gen=0.35,    # person general "load" factor (AR(1) over months)
        person_rho=0.92,
        sd_person_scale=0.30,  # person x scale fixed effect
        sd_acq=0.15,           # acquiescence (raw-answer shift, flips on reversed items)
        sd_item_offset=0.15,   # fixed item intercepts within the organisation
        miss_item=0.01,        # item non-response
        resp_lo=0.65, resp_hi=0.80, resp_wave_sd=0.04, sd_propensity=0.8,
        level_mean=22.0, level_sd=8.0, level_lo=6.0, level_hi=45.0,
        demands_mean=50.0, demands_sd=7.0, scale_offset_sd=5.0,
        wiggle_sd=1.5, wiggle_rho=0.5,
        season_cap=1.5, season_dem=1.0,
        drift_frac=0.20,
        shock_dept_prob=0.0, shock_mag=(0, 0), shock_len=(0, 0),
        nf_lo=0.8, nf_hi=1.5, absence_beta=0.035, p_long=0.07,
    ),
    "noisy": dict(
        sd_item=0.75,
        sd_person_gen=0.50,
        person_rho=0.85,
        sd_person_scale=0.40,
        sd_acq=0.25,
        sd_item_offset=0.25,
        miss_item=0.03,
        resp_lo=0.60, resp_hi=0.75, resp_wave_sd=0.06, sd_propensity=1.0,
        level_mean=16.0, level_sd=9.0, level_lo=4.0, level_hi=45.0,
        demands_mean=52.0, demands_sd=9.0, scale_offset_sd=7.0,
        wiggle_sd=3.5, wiggle_rho=0.5,
        season_cap=3.0, season_dem=2.0,
        drift_frac=0.18,
        shock_dept_prob=0.45, shock_mag=(8.0, 18.0), shock_len=(2, 5),
        nf_lo=0.7, nf_hi=2.0, absence_beta=0.035, p_long=0.09,
    ),
}

# how a unit of balance decline is spread over the scales of a block (mean 1 per block)
DRIFT_WEIGHTS = {"workload": 1.3, "emotional_demands": 0.7,
                 "autonomy": 0.5, "support": 0.7, "detachment": 1.4, "rest": 1.4}

DEPT_NAMES = ["Zorgadministratie", "Facilitair Bedrijf", "ICT & Data", "Klantcontact",
              "Inkoop & Logistiek", "Juridische Zaken", "Personeel & Organisatie",
              "Financiën", "Vergunningen", "Handhaving", "Beleid & Strategie",
              "Communicatie", "Onderzoek", "Projectbureau", "Sociaal Domein"]
TEAM_WORDS = ["Noord", "Zuid", "Oost", "West", "Centrum", "Balie", "Backoffice", "Planning",
              "Intake", "Advies", "Support", "Beheer", "Kwaliteit", "Regie", "Uitvoering"]


def load_instrument(path=INSTRUMENT):
    spec = tomllib.loads(Path(path).read_text())
    lo, hi = spec["scale"]["min"], spec["scale"]["max"]
    scales = []
    for s in spec["scales"]:
        blk = {"demands": "dem", "strain": "str", "resources": "cap", "recovery": "cap"}[s["block"]]
        scales.append(dict(id=s["id"], block=blk, items=list(s["items"]),
                           reverse=set(s.get("reverse", []))))
    return lo, hi, scales


LO, HI, SCALES = load_instrument()
ITEMS = [it for s in SCALES for it in s["items"]]
SCALE_OF_ITEM = {it: si for si, s in enumerate(SCALES) for it in s["items"]}
BLOCK = np.array([s["block"] for s in SCALES])
N_SC = len(SCALES)
# sign of the general person load factor per scale: more load -> higher demands/strain, lower capacity
GEN_SIGN = np.array([+1.0 if b in ("dem", "str") else -1.0 for b in BLOCK])


def _phi(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def expected_answer(mu_raw: float, sd: float) -> float:
    """E[clip(round(X), LO, HI)] for X ~ N(mu_raw, sd)."""
    return LO + sum(_phi((mu_raw - (k + 0.5)) / sd) for k in range(LO, HI))


def to_raw(points):
    return LO + (HI - LO) * np.asarray(points) / 100.0


def to_points(raw):
    return (np.asarray(raw) - LO) / (HI - LO) * 100.0


class ExpectedScorer:
    """Closed-form expected team block scores (0-100) for given latent scale means."""

    def __init__(self, item_offsets, sd_total):
        self.item_offsets = item_offsets  # dict item -> raw offset
        self.sd = sd_total

    def scale_scores(self, latent_points):
        out = np.empty(N_SC)
        for si, s in enumerate(SCALES):
            mu = float(to_raw(latent_points[si]))
            vals = []
            for it in s["items"]:
                # reversed items: written = rc(6 - x + a); scored back = rc(x - a): same law
                vals.append(expected_answer(mu + self.item_offsets[it], self.sd))
            out[si] = float(to_points(np.mean(vals)))
        return out

    def balance(self, latent_points):
        sc = self.scale_scores(latent_points)
        return sc[BLOCK == "cap"].mean() - sc[BLOCK == "dem"].mean(), sc


def trunc_normal(rng, mean, sd, lo, hi):
    for _ in range(10000):
        x = rng.normal(mean, sd)
        if lo <= x <= hi:
            return x
    return float(np.clip(mean, lo, hi))


def month_start(m):
    y, mm = divmod(START.month - 1 + m, 12)
    return date(START.year + y, mm + 1, 1)


def month_end(m):
    return month_start(m + 1) - timedelta(days=1)


def hexid(rng, nbytes=8):
    return rng.bytes(nbytes).hex()


def generate(out: Path, seed: int, scenario: str, employees: int | None = None):
    P = SCENARIOS[scenario]
    rng = np.random.default_rng(seed)
    n_emp = int(employees or rng.integers(1500, 3001))

    # ---------------- structure ----------------
    sizes = []
    while sum(sizes) < n_emp:
        u = rng.random()
        if u < 0.40:
            sizes.append(int(rng.integers(5, 13)))
        elif u < 0.80:
            sizes.append(int(rng.integers(13, 26)))
        else:
            sizes.append(int(rng.integers(26, 41)))
    n_teams = len(sizes)
    n_dept = int(np.clip(round(n_teams / rng.uniform(8, 13)), 5, len(DEPT_NAMES)))
    dept_of = np.concatenate([np.arange(n_dept), rng.integers(0, n_dept, n_teams - n_dept)])
    rng.shuffle(dept_of)
    dept_names = rng.permutation(DEPT_NAMES)[:n_dept]

    item_offsets = {it: float(rng.normal(0, P["sd_item_offset"])) for it in ITEMS}
    sd_total = math.sqrt(P["sd_item"] ** 2 + P["sd_person_gen"] ** 2
                         + P["sd_person_scale"] ** 2 + P["sd_acq"] ** 2)
    scorer = ExpectedScorer(item_offsets, sd_total)

    n_drift = int(round(P["drift_frac"] * n_teams))
    drifting = set(rng.choice(n_teams, n_drift, replace=False).tolist())

    waves = np.arange(1, N_WAVES + 1)  # wave w <-> month index w-1
    teams = []
    for t in range(n_teams):
        drift = t in drifting
        tm = dict(idx=t, team_id=f"t{seed % 1000:03d}-{t:03d}", dept=int(dept_of[t]),
                  size0=sizes[t], drifting=drift)
        if drift:
            c = int(rng.integers(12, 22))            # 12..21 inclusive
            s_target = float(rng.uniform(1.0, 4.0))
            L = trunc_normal(rng, P["level_mean"], P["level_sd"],
                             max(P["level_lo"], 5.0), min(P["level_hi"], s_target * (c - 7)))
            t0 = c - L / s_target                    # >= 7: at least 6 months after wave 1
        else:
            L = trunc_normal(rng, P["level_mean"], P["level_sd"], P["level_lo"], P["level_hi"])
        D = float(np.clip(rng.normal(P["demands_mean"], P["demands_sd"]), 25, 75))
        Cc = D + L
        base = np.empty(N_SC)
        for blk, centre in (("dem", D), ("cap", Cc)):
            ix = np.where(blk == BLOCK)[0]
            off = rng.normal(0, P["scale_offset_sd"], len(ix))
            off -= off.mean()
            base[ix] = centre + off
        ix_s = np.where(BLOCK == "str")[0]
        base[ix_s] = float(np.clip(rng.normal(45 - 0.5 * L, 6), 10, 85))
        base = np.clip(base, 3, 97)
        # direction of one balance point of decline, over scales
        a = float(rng.uniform(0.3, 0.7))          # share carried by demands
        e = float(rng.uniform(0.5, 1.2))          # strain rise per balance point
        direction = np.zeros(N_SC)
        for si, sc in enumerate(SCALES):
            w = DRIFT_WEIGHTS.get(sc["id"], 1.0)
            if sc["block"] == "dem":
                direction[si] = +a * w
            elif sc["block"] == "cap":
                direction[si] = -(1 - a) * w
            else:
                direction[si] = +e
        tm.update(level_latent=L, demands=D, base=base, direction=direction)

        if drift:
            def lat(w, k, base=base, direction=direction, t0=t0):
                return base + direction * k * max(0.0, w - t0)
            # solve the latent rate k so that the expected measured balance is 0 at wave c
            lo_k, hi_k = 0.0, 3 * s_target
            for _ in range(60):
                mid = 0.5 * (lo_k + hi_k)
                if scorer.balance(np.clip(lat(c, mid), 0, 100))[0] > 0:
                    lo_k = mid
                else:
                    hi_k = mid
            k = 0.5 * (lo_k + hi_k)
            tm.update(c=c, t0=t0, k=k, slope_target=s_target)
            latent = np.array([np.clip(lat(w, k), 0, 100) for w in waves])
        else:
            latent = np.tile(base, (N_WAVES, 1))
        tm["latent"] = latent  # (waves, scales) noise-free planted trend, points
        gt = [scorer.balance(latent[i])[0] for i in range(N_WAVES)]
        tm["true_balance"] = gt
        if drift:
            j0 = int(math.ceil(t0))
            tm["true_slope"] = (gt[c - 1] - gt[j0 - 1]) / (c - j0) if c > j0 else None
        tm["decline"] = [max(0.0, tm["true_balance"][0] - b) for b in gt]
        teams.append(tm)

    # ---------------- org-wide and department-wide time effects ----------------
    moy = np.array([month_start(m).month for m in range(N_WAVES)])
    season_cap = P["season_cap"] * np.cos(2 * np.pi * (moy - 7.5) / 12)     # summer recovery
    season_dem = P["season_dem"] * np.cos(2 * np.pi * (moy - 11.5) / 12)    # year-end busy
    season_abs = 1 + 0.18 * np.cos(2 * np.pi * (moy - 1) / 12)             # winter sickness

    shocks = []
    shock_profile = np.zeros((n_dept, N_WAVES))
    shock_mag = np.zeros(n_dept)
    for d in range(n_dept):
        if rng.random() < P["shock_dept_prob"]:
            start = int(rng.integers(4, 20))   # month index
            length = int(rng.integers(P["shock_len"][0], P["shock_len"][1] + 1))
            mag = float(rng.uniform(*P["shock_mag"]))
            prof = np.zeros(N_WAVES)
            for m in range(N_WAVES):
                if start <= m < start + length:
                    prof[m] = 1.0 if m > start else 0.6     # ramp in
                elif start + length <= m < start + length + 2:
                    prof[m] = 1.0 - (m - start - length + 1) / 3.0  # recover over 2 months
            shock_profile[d] = prof
            shock_mag[d] = mag
            shocks.append(dict(department_id=f"afd-{d + 1:02d}", start_wave=start + 1,
                               months=length, balance_drop=mag,
                               profile=[round(x, 3) for x in prof]))

    # team wiggle (AR(1) on balance) -> dem +w/2, cap -w/2
    wiggle = np.zeros((n_teams, N_WAVES))
    for t in range(n_teams):
        x = rng.normal(0, P["wiggle_sd"])
        for m in range(N_WAVES):
            x = P["wiggle_rho"] * x + math.sqrt(1 - P["wiggle_rho"] ** 2) * rng.normal(0, P["wiggle_sd"])
            wiggle[t, m] = x

    # ---------------- people ----------------
    fte_choices = np.array([0.5, 0.6, 0.7, 0.8, 0.889, 0.9, 1.0])
    fte_p = np.array([0.06, 0.08, 0.10, 0.18, 0.08, 0.15, 0.35])

    def new_person(team):
        return dict(ref=hexid(rng), team=team,
                    fte=float(rng.choice(fte_choices, p=fte_p)),
                    g=float(rng.normal(0, P["sd_person_gen"])),
                    p=rng.normal(0, P["sd_person_scale"], N_SC),
                    acq=float(rng.normal(0, P["sd_acq"])),
                    prop=float(rng.normal(0, P["sd_propensity"])),
                    frail=float(rng.gamma(2.0, 0.5)),
                    avail=date(1900, 1, 1))

    rosters = [[new_person(t) for _ in range(sizes[t])] for t in range(n_teams)]
    team_resp = rng.uniform(P["resp_lo"], P["resp_hi"], n_teams)
    team_nf = rng.uniform(P["nf_lo"], P["nf_hi"], n_teams)  # notifications / person / year

    as_of = month_end(N_WAVES - 1)
    org_rows, survey_rows, absence_rows = [], [], []
    wave_dates = []
    resp_counts = np.zeros((n_teams, N_WAVES), int)
    heads = np.zeros((n_teams, N_WAVES), int)
    rows_by_item_missing = 0

    for m in range(N_WAVES):
        ms, me = month_start(m), month_end(m)
        wdate = ms + timedelta(days=int(rng.integers(3, 16)))
        wave_dates.append(wdate.isoformat())
        wave_resp_shift = rng.normal(0, P["resp_wave_sd"]) - (0.06 if ms.month in (7, 8) else 0)
        for t, tm in enumerate(teams):
            roster = rosters[t]
            d = tm["dept"]
            # org row
            heads[t, m] = len(roster)
            fte = round(sum(p["fte"] for p in roster), 1)
            org_rows.append([tm["team_id"], f"{TEAM_WORDS[t % len(TEAM_WORDS)]} {t + 1}",
                             f"afd-{d + 1:02d}", dept_names[d], ms.isoformat(), len(roster),
                             f"{fte:.1f}"])
            # latent team means this month
            lat = tm["latent"][m].copy()
            sh = shock_mag[d] * shock_profile[d, m]
            w = wiggle[t, m]
            for si in range(N_SC):
                b = BLOCK[si]
                if b == "dem":
                    lat[si] += season_dem[m] + 0.5 * sh + 0.5 * w
                elif b == "cap":
                    lat[si] += season_cap[m] - 0.5 * sh - 0.5 * w
                else:
                    lat[si] += 0.6 * sh + 0.4 * w
            mu_raw = to_raw(np.clip(lat, 0, 100))
            # --- survey
            rate = np.clip(team_resp[t] + wave_resp_shift, 0.3, 0.95)
            logit = math.log(rate / (1 - rate))
            for p in roster:
                p["g"] = P["person_rho"] * p["g"] + math.sqrt(1 - P["person_rho"] ** 2) * \
                    rng.normal(0, P["sd_person_gen"])
                pr = 1 / (1 + math.exp(-(logit + p["prop"])))
                if rng.random() >= pr:
                    continue
                resp_counts[t, m] += 1
                answers = []
                for it in ITEMS:
                    si = SCALE_OF_ITEM[it]
                    x = mu_raw[si] + item_offsets[it] + GEN_SIGN[si] * p["g"] + p["p"][si] \
                        + rng.normal(0, P["sd_item"])
                    if it in SCALES[si]["reverse"]:
                        x = (LO + HI) - x
                    x += p["acq"]
                    answers.append(int(np.clip(math.floor(x + 0.5), LO, HI)))
                miss = rng.random(len(ITEMS)) < P["miss_item"]
                if miss.all():
                    miss[0] = False
                rows_by_item_missing += int(miss.any())
                survey_rows.append([hexid(rng, 16), tm["team_id"], wdate.isoformat()] +
                                   ["" if mi else str(v) for v, mi in zip(answers, miss, strict=True)])
            # --- absence
            decline = tm["decline"][m]
            haz = team_nf[t] / 12 * season_abs[m] * math.exp(P["absence_beta"] * decline) \
                * (1 + 0.04 * sh)
            for p in roster:
                if p["avail"] > me:
                    continue
                if rng.random() >= min(0.9, haz * p["frail"]):
                    continue
                first = max(ms, p["avail"])
                span = (me - first).days
                start = first + timedelta(days=int(rng.integers(0, span + 1)))
                plong = P["p_long"] * (1 + decline / 25 + 0.03 * sh)
                u = rng.random()
                if u < plong:
                    dur = int(np.clip(rng.lognormal(math.log(60), 0.7), 43, 500))
                elif u < plong + 0.30:
                    dur = int(np.clip(rng.lognormal(math.log(12), 0.45), 6, 42))
                else:
                    dur = int(min(rng.geometric(0.35), 5))
                end = start + timedelta(days=dur - 1)
                p["avail"] = end + timedelta(days=2)   # a gap: the next one is a new spell
                incap = 100
                if dur >= 43 and rng.random() < 0.3:
                    # partial return: 100 % then 50 %, contiguous rows = one spell
                    cut = start + timedelta(days=int(dur * rng.uniform(0.5, 0.8)))
                    absence_rows.append([p["ref"], tm["team_id"], start, cut, 100, p["fte"]])
                    absence_rows.append([p["ref"], tm["team_id"], cut + timedelta(days=1),
                                         end, 50, p["fte"]])
                else:
                    if dur >= 43 and rng.random() < 0.1:
                        incap = 60
                    absence_rows.append([p["ref"], tm["team_id"], start, end, incap, p["fte"]])
                # record the person index of the row(s) for leaving truncation
                p.setdefault("rows", []).append(len(absence_rows) - 1)
        # --- turnover at month end (not after the last month)
        if m == N_WAVES - 1:
            break
        for t in range(n_teams):
            stay = []
            for p in rosters[t]:
                if rng.random() < 0.012:
                    # leaving: cut any spell still running at the leaving date
                    for ri in p.get("rows", []):
                        r = absence_rows[ri]
                        if r[3] > me:
                            if r[2] > me:
                                r[0] = None   # a continuation row that starts after leaving
                            else:
                                r[3] = me
                    continue
                stay.append(p)
            n_left = len(rosters[t]) - len(stay)
            for _ in range(n_left):
                if rng.random() < 0.93:
                    stay.append(new_person(t))
            if rng.random() < 0.015 and len(stay) < 42:
                stay.append(new_person(t))
            while len(stay) < 3:
                stay.append(new_person(t))
            rosters[t] = stay

    # ---------------- write ----------------
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    for f in data.glob("*.csv"):
        f.unlink()
    with open(data / "org.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["team_id", "team_name", "department_id", "department_name", "month",
                    "headcount", "fte"])
        w.writerows(org_rows)
    by_year = {}
    for r in survey_rows:
        by_year.setdefault(r[2][:4], []).append(r)
    for y, rows in by_year.items():
        with open(data / f"survey_{y}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["response_id", "team_id", "wave"] + ITEMS)
            w.writerows(rows)
    by_year = {}
    n_open = 0
    for r in absence_rows:
        if r[0] is None:
            continue
        ref, team, s, e, inc, fte = r
        if s > as_of:          # continuation of a split spell beyond the reference date
            continue
        end = "" if e > as_of else e.isoformat()
        n_open += end == ""
        by_year.setdefault(s.year, []).append([ref, team, s.isoformat(), end, inc, fte])
    for y, rows in by_year.items():
        with open(data / f"absence_{y}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["employee_ref", "team_id", "start_date", "end_date", "incapacity_pct",
                        "fte"])
            w.writerows(rows)

    truth = dict(
        generator="gen3", seed=seed, scenario=scenario, params=P, start=START.isoformat(),
        n_waves=N_WAVES, wave_dates=wave_dates, employees_target=n_emp,
        employees_month1=int(heads[:, 0].sum()), employees_last=int(heads[:, -1].sum()),
        n_teams=n_teams, n_departments=n_dept, shocks=shocks,
        response_rate=float(resp_counts.sum() / heads.sum()),
        n_responses=len(survey_rows), n_absence_rows=sum(r[0] is not None for r in absence_rows),
        n_open_spells=n_open,
        teams=[dict(team_id=tm["team_id"], department_id=f"afd-{tm['dept'] + 1:02d}",
                    kind="drifting" if tm["drifting"] else "stable",
                    size0=tm["size0"], headcounts=heads[tm["idx"]].tolist(),
                    responses=resp_counts[tm["idx"]].tolist(),
                    c=tm.get("c"), t0=tm.get("t0"), slope_target=tm.get("slope_target"),
                    true_slope=tm.get("true_slope"),
                    true_balance=[round(x, 3) for x in tm["true_balance"]],
                    shock=[round(shock_mag[tm["dept"]] * x, 3) for x in shock_profile[tm["dept"]]],
                    wiggle=[round(x, 3) for x in wiggle[tm["idx"]]])
               for tm in teams],
    )
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", choices=sorted(SCENARIOS), default="calm")
    ap.add_argument("--employees", type=int)
    a = ap.parse_args()
    t = generate(a.out, a.seed, a.scenario, a.employees)
    nd = sum(x["kind"] == "drifting" for x in t["teams"])
    print(f"{a.out}: {t['employees_month1']} employees, {t['n_teams']} teams "
          f"({nd} drifting), {t['n_departments']} departments, {len(t['shocks'])} shocks, "
          f"response rate {t['response_rate']:.2f}, {t['n_responses']} responses, "
          f"{t['n_absence_rows']} absence rows")


if __name__ == "__main__":
    main()
