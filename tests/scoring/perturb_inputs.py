"""A "corrected export" of a demo-shaped input folder, for measurements across builds.

Copies SRC to DST, shortens N seeded long spells (28 days or more) of ``absence_2024.csv`` by
5-14 days and drops M seeded responses of ``survey_2024.csv``:

    python -m tests.scoring.perturb_inputs data_samples/org_demo /tmp/p1 --seed 1 \\
        --spells 60 --responses 40

Build the original, copy its database, build DST over the copy (the suppression memory
carries the pattern) and over another copy with ``--forget-suppression``, then compare each
with ``python -m tests.scoring.cross_build`` (docs/scoring.md, Across builds).
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd


def perturb(src: Path, dst: Path, seed: int, spells: int, responses: int) -> None:
    shutil.copytree(src, dst, dirs_exist_ok=True)
    rng = random.Random(seed)
    absence = pd.read_csv(dst / "absence_2024.csv", dtype=str, keep_default_na=False)
    days = (pd.to_datetime(absence["end_date"], errors="coerce")
            - pd.to_datetime(absence["start_date"])).dt.days
    long_spells = [i for i in absence.index if days[i] >= 28]
    for i in rng.sample(long_spells, min(spells, len(long_spells))):
        end = date.fromisoformat(absence.at[i, "end_date"])
        absence.at[i, "end_date"] = (end - timedelta(days=rng.randint(5, 14))).isoformat()
    absence.to_csv(dst / "absence_2024.csv", index=False)
    survey = pd.read_csv(dst / "survey_2024.csv", dtype=str, keep_default_na=False)
    drop = rng.sample(list(survey.index), min(responses, len(survey)))
    survey.drop(index=drop).to_csv(dst / "survey_2024.csv", index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--spells", type=int, default=60)
    ap.add_argument("--responses", type=int, default=40)
    args = ap.parse_args()
    perturb(args.src, args.dst, args.seed, args.spells, args.responses)


if __name__ == "__main__":
    main()
