"""Run configuration: ``draagkracht.toml`` in the data folder, or ``--config FILE``.

All sections are optional. Input and anonymity keys are documented in README.md
("Configuration"); every scoring default, with its source, in docs/scoring.md
("Configuration reference").
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipelines.errors import ConfigError
from pipelines.scoring.params import (
    AbsenceSettings,
    AnonymitySettings,
    BucketSettings,
    LeadLagSettings,
    RiskSettings,
    SurveySettings,
    TrendSettings,
)

CONFIG_NAME = "draagkracht.toml"


class FilePins(BaseModel):
    """Dialect settings pinned for one input file, where detection is ambiguous."""

    model_config = ConfigDict(extra="forbid")
    encoding: Literal["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"] | None = None
    delimiter: Literal[",", ";"] | None = None
    decimal: Literal[".", ","] | None = None
    date_format: Literal["iso", "dmy", "mdy"] | None = None
    columns: dict[str, str] = {}
    # Contract columns the export lacks, set to one value for every row (e.g. the wave date
    # of a survey tool's export of one round).
    constants: dict[str, str] = {}


class InputSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Refuse the whole input when any file has a larger share of quarantined rows.
    max_rejected_share: float = Field(0.02, ge=0, le=1)
    # Source header -> contract name, for every file (per-file mappings in [input.files]).
    columns: dict[str, str] = {}
    # Source headers dropped on read (never stored). Privacy rules still apply to them.
    drop_columns: list[str] = []
    # Per-file pins, keyed by file name.
    files: dict[str, FilePins] = {}
    # Text longer than this (with spaces) in any cell counts as free text and is refused.
    free_text_max_chars: int = Field(60, ge=20)
    # The same for team and department names, which run longer: the longest single trust name
    # in the NHS staff survey 2021-2024 (shared/external-data) has 73 characters.
    name_max_chars: int = Field(80, ge=20)

    def pins_for(self, name: str) -> FilePins:
        return self.files.get(name, FilePins())

    def mapping_for(self, name: str) -> dict[str, str]:
        return {**self.columns, **self.pins_for(name).columns}


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    input: InputSettings = InputSettings()
    anonymity: AnonymitySettings = AnonymitySettings()
    survey: SurveySettings = SurveySettings()
    absence: AbsenceSettings = AbsenceSettings()
    bucket: BucketSettings = BucketSettings()
    trend: TrendSettings = TrendSettings()
    risk: RiskSettings = RiskSettings()
    lead_lag: LeadLagSettings = LeadLagSettings()


def load_settings(data_dir: Path, override: Path | None = None) -> tuple[Settings, str | None]:
    path = override if override is not None else Path(data_dir) / CONFIG_NAME
    if not path.exists():
        if override is not None:
            raise ConfigError(f"configuration file not found: {path}")
        return Settings(), None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(data), str(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: {where}: {err['msg']}") from e
