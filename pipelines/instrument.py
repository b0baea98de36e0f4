"""Survey instruments: which item codes form which scale, in which block.

An instrument is a TOML file (schema in README "Data contract"). Built-in instruments live
in ``pipelines/instruments/``; ``pulse`` is the default.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipelines.errors import ConfigError

BUILTIN_DIR = Path(__file__).parent / "instruments"
Block = Literal["demands", "resources", "recovery", "strain"]


class Range(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max <= self.min:
            raise ValueError(f"scale max ({self.max}) must be above min ({self.min})")
        return self


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    block: Block
    items: list[str] = Field(min_length=1)
    reverse: list[str] = []
    label: dict[str, str] = {}
    scale: Range | None = None
    cutoffs: dict[str, float] = {}

    def unreachable_bands(self, rng: Range) -> list[str]:
        """The bands of ``cutoffs`` that no scale score can fall into: a score is the mean of
        1..n answered items on whole points ``rng``, and a band runs from its cut-off up to
        the next one (``normal`` from the minimum). Such a band's share is always 0; e.g.
        the BAT exhaustion cut-offs 3.05 / 3.31 on a mean of three 1-5 items (scores 3.00,
        3.33, ...) leave ``at_risk`` empty."""
        if not self.cutoffs:
            return []
        n = len(self.items)
        scores = {rng.min + step / j for j in range(1, n + 1)
                  for step in range(j * (rng.max - rng.min) + 1)}
        edges = sorted([(rng.min, "normal"), *((v, k) for k, v in self.cutoffs.items())])
        bands = [(name, low, edges[i + 1][0] if i + 1 < len(edges) else None)
                 for i, (low, name) in enumerate(edges)]
        eps = 1e-9  # scores such as 10/3 are not exact
        return [name for name, low, high in bands
                if not any(v >= low - eps and (high is None or v < high - eps) for v in scores)]

    @model_validator(mode="after")
    def _reverse_subset(self) -> Scale:
        unknown = set(self.reverse) - set(self.items)
        if unknown:
            raise ValueError(f"scale {self.id}: reverse items not in items: {sorted(unknown)}")
        return self


class Instrument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    version: str = "unversioned"
    scale: Range
    scales: list[Scale] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Instrument:
        ids = [s.id for s in self.scales]
        if len(ids) != len(set(ids)):
            raise ValueError("scale ids must be unique")
        items = [i for s in self.scales for i in s.items]
        dup = sorted({i for i in items if items.count(i) > 1})
        if dup:
            raise ValueError(f"items belong to more than one scale: {dup}")
        return self

    @property
    def items(self) -> list[str]:
        return [i for s in self.scales for i in s.items]

    def item_range(self, item: str) -> Range:
        for s in self.scales:
            if item in s.items:
                return s.scale or self.scale
        raise KeyError(item)

    def item_rows(self) -> list[dict]:
        """One row per item: the table ``instrument_items`` in the working database."""
        rows = []
        for s in self.scales:
            rng = s.scale or self.scale
            for item in s.items:
                rows.append(
                    {
                        "item": item,
                        "scale_id": s.id,
                        "block": s.block,
                        "reversed": item in s.reverse,
                        "min_value": rng.min,
                        "max_value": rng.max,
                    }
                )
        return rows

    def scale_rows(self) -> list[dict]:
        """One row per scale: the table ``instrument_scales``."""
        rows = []
        for s in self.scales:
            rng = s.scale or self.scale
            rows.append(
                {
                    "scale_id": s.id,
                    "block": s.block,
                    "label_nl": s.label.get("nl", s.id),
                    "label_en": s.label.get("en", s.id),
                    "min_value": rng.min,
                    "max_value": rng.max,
                    "cutoff_at_risk": s.cutoffs.get("at_risk"),
                    "cutoff_very_high": s.cutoffs.get("very_high"),
                    "n_items": len(s.items),
                    "unreachable_bands": ",".join(s.unreachable_bands(rng)) or None,
                }
            )
        return rows


def load_instrument(path: Path) -> Instrument:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        return Instrument.model_validate(data)
    except FileNotFoundError as e:
        raise ConfigError(f"instrument file not found: {path}") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    except ValidationError as e:
        raise ConfigError(f"{path}: invalid instrument: {_first_error(e)}") from e


def builtin_instrument(name: str = "pulse") -> Instrument:
    return load_instrument(BUILTIN_DIR / f"{name}.toml")


def resolve_instrument(data_dir: Path, override: Path | None) -> tuple[Instrument, str]:
    """Instrument for a run: ``--instrument``, else ``DATA_DIR/instrument.toml``, else pulse."""
    if override is not None:
        return load_instrument(override), str(override)
    local = Path(data_dir) / "instrument.toml"
    if local.exists():
        return load_instrument(local), str(local)
    return builtin_instrument("pulse"), "built-in:pulse"


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]
