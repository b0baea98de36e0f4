"""Where the dashboard finds its data: the published database path (no Streamlit import)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "DRAAGKRACHT_DB"
DEFAULT_DB = Path("build/draagkracht.duckdb")


def db_path() -> Path:
    """The published database: ``$DRAAGKRACHT_DB`` or ``build/draagkracht.duckdb``."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)
