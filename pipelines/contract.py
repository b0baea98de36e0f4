"""The input contract: which files a data folder holds and which columns each has."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceKind:
    name: str
    pattern: str  # file-name pattern, case-insensitive
    required: tuple[str, ...]
    optional: dict[str, str] = field(default_factory=dict)  # column -> default text value
    types: dict[str, str] = field(default_factory=dict)  # column -> id|text|int|decimal|date|month
    has_items: bool = False  # survey: one column per instrument item

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + tuple(self.optional)


ORG = SourceKind(
    name="org",
    pattern="org.csv",
    required=("team_id", "team_name", "department_id", "department_name", "month",
              "headcount", "fte"),
    types={"team_id": "id", "team_name": "text", "department_id": "id",
           "department_name": "text", "month": "month", "headcount": "int", "fte": "decimal"},
)
SURVEY = SourceKind(
    name="survey",
    pattern="survey*.csv",
    required=("response_id", "team_id", "wave"),
    types={"response_id": "id", "team_id": "id", "wave": "date"},
    has_items=True,
)
ABSENCE = SourceKind(
    name="absence",
    pattern="absence*.csv",
    required=("employee_ref", "team_id", "start_date", "end_date"),
    optional={"incapacity_pct": "100", "fte": "1"},
    types={"employee_ref": "id", "team_id": "id", "start_date": "date", "end_date": "date",
           "incapacity_pct": "decimal", "fte": "decimal"},
)
KINDS = (ORG, SURVEY, ABSENCE)


def classify(path: Path) -> SourceKind | None:
    name = path.name.lower()
    for kind in KINDS:
        if fnmatch.fnmatch(name, kind.pattern):
            return kind
    return None


def discover(data_dir: Path) -> tuple[list[tuple[Path, SourceKind]], list[Path]]:
    """Input files by kind (sorted by name), and CSV files that match no kind."""
    known, unknown = [], []
    for path in sorted(Path(data_dir).iterdir()):
        if not path.is_file() or path.name.startswith((".", "~")):
            continue
        if path.suffix.lower() != ".csv":
            continue
        kind = classify(path)
        if kind is None:
            unknown.append(path)
        else:
            known.append((path, kind))
    return known, unknown
