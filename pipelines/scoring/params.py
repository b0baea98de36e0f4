"""Scoring and anonymity parameters: sections of ``draagkracht.toml``.

Every threshold used by the SQL models and the Python scorers lives here, with its default
and source. The SQL reads them from the ``params`` table, never as literals.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AnonymitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Minimum responses for any survey figure (industry default 5, domain.md §5); < 5 refused.
    k_survey: int = Field(5, ge=5)
    # Minimum headcount for absence figures shown to managers (domain.md §5).
    k_absence: int = Field(10, ge=5)
