#!/usr/bin/env python3
"""Generate organisations with gen3.py, run Draagkracht on them, and measure the quality bar.

Written by an independent evaluator (stop 14) from the data contract alone, without the
product's generator, simulator or scoring code; kept as it was written apart from paths and
lint. Usage (one command does everything; organisations already generated and run are reused):

    .venv/bin/python benchmarks/quality_gen3/measure.py [--scenarios calm noisy] [--n 20]
        [--jobs 2] [--out build/quality_gen3]

Per organisation: OUT/orgs/<scenario>/s<seed>/{data/, truth.json, out/d.duckdb, run.json}
Results: OUT/results.md, OUT/results.json, OUT/assessments.csv
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "build" / "quality_gen3"  # --out
PY = sys.executable
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
SEED_BASE = {"calm": 1100, "noisy": 2200}


def org_dir(scenario, seed):
    return OUT / "orgs" / scenario / f"s{seed}"


def build(args):
    global OUT
    scenario, seed, OUT = args  # a worker process started by spawn has the default OUT
    d = org_dir(scenario, seed)
    t0 = time.time()
    if not (d / "truth.json").exists():
        subprocess.run([PY, str(HERE / "gen3.py"), str(d), "--seed", str(seed),
                        "--scenario", scenario], check=True, env=ENV, capture_output=True)
    t1 = time.time()
    if not (d / "run.json").exists():
        db = d / "out" / "d.duckdb"
        p = subprocess.run([PY, "-m", "pipelines.cli", "run", str(d / "data"), "--db", str(db),
                            "--json"], env=ENV, capture_output=True, text=True)
        res = dict(rc=p.returncode, stdout=p.stdout, stderr=p.stderr[-5000:],
                   seconds=round(time.time() - t1, 1))
        (d / "run.json").write_text(json.dumps(res, indent=1))
    return scenario, seed, round(t1 - t0, 1)


def wilson(x, n, z=1.96):
    if n == 0:
        return (float("nan"), float("nan"))
    p = x / n
    den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, c - h), min(1.0, c + h))


def cluster_boot(df, col, rng, reps=2000):
    """Percentile interval of the pooled share, resampling organisations."""
    g = df.groupby("seed")[col].agg(["sum", "count"])
    if len(g) == 0:
        return (float("nan"), float("nan"))
    s, n = g["sum"].to_numpy(), g["count"].to_numpy()
    idx = rng.integers(0, len(g), (reps, len(g)))
    shares = s[idx].sum(1) / np.maximum(n[idx].sum(1), 1)
    return tuple(np.percentile(shares, [2.5, 97.5]))


def collect(scenario, seed):
    d = org_dir(scenario, seed)
    truth = json.loads((d / "truth.json").read_text())
    run = json.loads((d / "run.json").read_text())
    acc = dict(scenario=scenario, seed=seed, rc=run["rc"], seconds=run.get("seconds"))
    try:
        j = json.loads(run["stdout"])
    except Exception:
        acc.update(status="no_json", stderr=run["stderr"][-500:])
        return acc, None
    acc["status"] = j["status"]
    acc["refusals"] = j.get("refusals")
    acc["files_ok"] = all(f["rows_read"] == (f["rows_loaded"] or 0) + (f["rows_rejected"] or 0)
                          for f in j["files"])
    acc["rows_read"] = sum(f["rows_read"] or 0 for f in j["files"])
    acc["rows_rejected"] = sum(f["rows_rejected"] or 0 for f in j["files"])
    acc.update(employees=truth["employees_month1"], teams=truth["n_teams"],
               drifting=sum(t["kind"] == "drifting" for t in truth["teams"]),
               shocks=len(truth["shocks"]), response_rate=truth["response_rate"])
    if j["status"] != "published":
        return acc, None
    con = duckdb.connect(j["db"], read_only=True)
    h = con.execute("select team_id, unit_kind, wave, tier, trending_to_overload, reasons "
                    "from team_risk_history").df()
    con.close()
    h = h[~h.team_id.str.endswith(":other")]
    h["wave"] = pd.to_datetime(h.wave).dt.date.astype(str)
    widx = {w: i + 1 for i, w in enumerate(truth["wave_dates"])}
    unknown = set(h.wave) - set(widx)
    acc["unknown_waves"] = len(unknown)
    h["w"] = h.wave.map(widx)
    h = h.set_index(["team_id", "w"])
    rows = []
    for t in truth["teams"]:
        for w in range(1, truth["n_waves"] + 1):
            key = (t["team_id"], w)
            if key in h.index:
                r = h.loc[key]
                tier = r["tier"]
                trend = bool(r["trending_to_overload"])
                reason = ""
                if tier == "insufficient_data":
                    try:
                        reason = json.loads(r["reasons"])[0].get("signal", "")
                    except Exception:
                        reason = "?"
            else:
                tier, trend, reason = "missing", False, ""
            rows.append(dict(scenario=scenario, seed=seed, team_id=t["team_id"],
                             department_id=t["department_id"], kind=t["kind"], c=t["c"],
                             slope=-(t["true_slope"] or 0.0), size0=t["size0"],
                             w=w, tier=tier, trending=trend, hidden_reason=reason,
                             true_balance=t["true_balance"][w - 1],
                             shock=t["shock"][w - 1],
                             observed_truth=t["true_balance"][w - 1] - t["shock"][w - 1]
                             - t["wiggle"][w - 1],
                             headcount=t["headcount"] if False else t["headcounts"][w - 1],
                             responses=t["responses"][w - 1]))
    return acc, pd.DataFrame(rows)


def metric(df, label, mask, success, rng):
    sub = df[mask]
    hidden = sub[sub.tier.isin(["insufficient_data", "missing"])]
    vis = sub[~sub.tier.isin(["insufficient_data", "missing"])].copy()
    vis["ok"] = success(vis).astype(int)
    x, n = int(vis.ok.sum()), len(vis)
    lo, hi = wilson(x, n)
    blo, bhi = cluster_boot(vis, "ok", rng)
    return dict(metric=label, x=x, n=n, share=(x / n if n else float("nan")),
                wilson_lo=lo, wilson_hi=hi, boot_lo=blo, boot_hi=bhi,
                hidden=len(hidden),
                hidden_insufficient=int((hidden.tier == "insufficient_data").sum()),
                hidden_missing=int((hidden.tier == "missing").sum()))


def flagged(v):
    return v.tier.isin(["amber", "red"]) | v.trending


def red(v):
    return v.tier == "red"


def analyse(df, rng):
    out = []
    dr = df.kind == "drifting"
    st = df.kind == "stable"
    rel = df.w - df.c
    out.append(metric(df, "drifting flagged at c-2", dr & (rel == -2), flagged, rng))
    out.append(metric(df, "drifting flagged at c-1", dr & (rel == -1), flagged, rng))
    for k in (1, 2, 3):
        out.append(metric(df, f"drifting red at c+{k}", dr & (rel == k), red, rng))
    out.append(metric(df, "stable flagged at last wave (24)", st & (df.w == 24), flagged, rng))
    out.append(metric(df, "stable flagged, all (team,wave) w>=8", st & (df.w >= 8), flagged,
                      rng))
    # --- supplementary breakdowns
    sup = []
    for k in (-6, -5, -4, -3, -2, -1, 0, 1, 2, 3):
        sup.append(metric(df, f"drifting flagged at c{k:+d}", dr & (rel == k), flagged, rng))
    for k in (-2, -1, 0, 1, 2, 3):
        sup.append(metric(df, f"drifting red at c{k:+d}", dr & (rel == k), red, rng))
    sup.append(metric(df, "stable red, all w>=8", st & (df.w >= 8), red, rng))
    sup.append(metric(df, "stable flagged w>=8, no shock this wave", st & (df.w >= 8)
                      & (df.shock == 0), flagged, rng))
    sup.append(metric(df, "stable flagged w>=8, during dept shock", st & (df.w >= 8)
                      & (df.shock > 0), flagged, rng))
    sup.append(metric(df, "stable flagged w>=8, shock & true bal. incl. shock < 0",
                      st & (df.w >= 8) & (df.shock > 0) & (df.true_balance - df.shock < 0),
                      flagged, rng))
    sup.append(metric(df, "stable flagged w>=8, shock & true bal. incl. shock >= 0",
                      st & (df.w >= 8) & (df.shock > 0) & (df.true_balance - df.shock >= 0),
                      flagged, rng))
    for lo, hi in ((0, 10), (10, 20), (20, 100)):
        sup.append(metric(df, f"stable flagged w>=8, no shock, level {lo}-{hi}",
                          st & (df.w >= 8) & (df.shock == 0) & (df.true_balance >= lo)
                          & (df.true_balance < hi), flagged, rng))
    for lo, hi in ((1, 2), (2, 3), (3, 4.1)):
        m = dr & (df.slope >= lo) & (df.slope < hi)
        sup.append(metric(df, f"drifting flagged at c-1, slope {lo}-{hi:g}/month",
                          m & (rel == -1), flagged, rng))
        sup.append(metric(df, f"drifting red at c+1, slope {lo}-{hi:g}/month",
                          m & (rel == 1), red, rng))
    # stable teams flagged at least once from wave 8 on (team-level)
    s8 = df[st & (df.w >= 8) & ~df.tier.isin(["insufficient_data", "missing"])].copy()
    s8["f"] = flagged(s8)
    tl = s8.groupby(["seed", "team_id"]).f.any()
    sup.append(dict(metric="stable teams flagged at least once w>=8 (team-level)",
                    x=int(tl.sum()), n=len(tl), share=tl.mean(),
                    wilson_lo=wilson(int(tl.sum()), len(tl))[0],
                    wilson_hi=wilson(int(tl.sum()), len(tl))[1],
                    boot_lo=float("nan"), boot_hi=float("nan"), hidden=0,
                    hidden_insufficient=0, hidden_missing=0))
    return out, sup


def fmt(rows):
    lines = ["| metric | x of n | share | Wilson 95 % | org-bootstrap 95 % | hidden (insufficient / no row) |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['metric']} | {r['x']} of {r['n']} | {100 * r['share']:.1f} % | "
                     f"{100 * r['wilson_lo']:.1f}–{100 * r['wilson_hi']:.1f} | "
                     f"{100 * r['boot_lo']:.1f}–{100 * r['boot_hi']:.1f} | "
                     f"{r['hidden']} ({r['hidden_insufficient']} / {r['hidden_missing']}) |")
    return "\n".join(lines)


def main():
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenarios", nargs="+", default=["calm", "noisy"])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    OUT = a.out.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    tasks = [(s, SEED_BASE[s] + i) for s in a.scenarios for i in range(a.n)]
    with Pool(a.jobs) as pool:
        for s, seed, _ in pool.imap_unordered(build, [(*task, OUT) for task in tasks]):
            print(f"done {s} {seed}", flush=True)
    rng = np.random.default_rng(0)
    report = ["# gen3 results", ""]
    allres = {}
    frames = []
    for s in a.scenarios:
        accs, dfs = [], []
        for sc, seed in tasks:
            if sc != s:
                continue
            acc, df = collect(sc, seed)
            accs.append(acc)
            if df is not None:
                dfs.append(df)
        df = pd.concat(dfs)
        frames.append(df)
        main_rows, sup = analyse(df, rng)
        acc = pd.DataFrame(accs)
        allres[s] = dict(acceptance=accs, main=main_rows, supplementary=sup)
        st_teams = df[df.kind == "stable"].groupby(["seed", "team_id"]).size().shape[0]
        dr_teams = df[df.kind == "drifting"].groupby(["seed", "team_id"]).size().shape[0]
        report += [f"## scenario {s}", "",
                   f"{len(acc)} organisations; published {int((acc.status == 'published').sum())}; "
                   f"read = loaded + rejected in every file: {bool(acc.files_ok.all())}; "
                   f"rows rejected in total {int(acc.rows_rejected.sum())} of {int(acc.rows_read.sum())}; "
                   f"employees {acc.employees.min()}–{acc.employees.max()}; teams {acc.teams.min()}–{acc.teams.max()}; "
                   f"drifting teams {dr_teams}, stable teams {st_teams}; department shocks {int(acc.shocks.sum())}; "
                   f"response rate {acc.response_rate.min():.2f}–{acc.response_rate.max():.2f}; "
                   f"pipeline seconds {acc.seconds.min()}–{acc.seconds.max()}", "",
                   fmt(main_rows), "", "Supplementary:", "", fmt(sup), ""]
        hr = df[df.tier == "insufficient_data"].hidden_reason.value_counts()
        report += ["insufficient_data reasons (all team-waves): " + ", ".join(
            f"{k or '?'} {v}" for k, v in hr.items()), ""]
    (OUT / "results.md").write_text("\n".join(report))
    (OUT / "results.json").write_text(json.dumps(allres, indent=1, default=str))
    pd.concat(frames).to_csv(OUT / "assessments.csv", index=False)
    print("\n".join(report))


if __name__ == "__main__":
    main()
