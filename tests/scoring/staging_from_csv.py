"""Read the clean CSVs of ``pipelines/generate.py`` straight into the staging schema.

A stand-in for the lead's ingest pipeline in the scoring tests (no validation: the generator's
clean output satisfies the guarantees of docs/working-database.md).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd

from pipelines.instrument import Instrument, builtin_instrument
from tests.scoring.staging import answers_long


def read_generated(folder: Path, instrument: Instrument | None = None,
                   as_of: date | None = None) -> dict:
    """Keyword arguments for tests.scoring.staging.write_staging."""
    folder = Path(folder)
    instrument = instrument or builtin_instrument("pulse")
    org = pd.read_csv(folder / "org.csv", dtype={"team_id": str, "department_id": str},
                      parse_dates=["month"])
    survey = pd.concat([pd.read_csv(f, dtype={"response_id": str, "team_id": str},
                                    parse_dates=["wave"])
                        for f in sorted(folder.glob("survey*.csv"))], ignore_index=True)
    absence = pd.concat([pd.read_csv(f, dtype={"employee_ref": str, "team_id": str},
                                     parse_dates=["start_date", "end_date"])
                         for f in sorted(folder.glob("absence*.csv"))], ignore_index=True)
    items = [i for i in instrument.items if i in survey.columns]
    answers = answers_long(survey[["response_id", "wave", *items]], items)
    answers["value"] = answers["value"].astype(int)
    if as_of is None:
        as_of = (org["month"].max() + pd.offsets.MonthEnd(0)).date()
    return {"org": org, "responses": survey[["response_id", "team_id", "wave"]],
            "answers": answers, "absence": absence, "as_of": as_of, "instrument": instrument}


def read_truth(folder: Path) -> tuple[pd.DataFrame, list[str]]:
    """Teams of ground_truth.json with month indices for drift start and crossing."""
    truth = json.loads((Path(folder) / "ground_truth.json").read_text(encoding="utf-8"))
    months = truth["months"]
    pos = {m: i for i, m in enumerate(months)}
    rows = [{"team_id": t["team_id"], "department_id": t["department_id"],
             "scenario": t["scenario"],
             "drift_start": pos.get(t["drift_start"], -1),
             "crossing_month": pos.get(t["crossing_month"], -1)} for t in truth["teams"]]
    return pd.DataFrame(rows), months
