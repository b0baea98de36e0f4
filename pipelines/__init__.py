"""Draagkracht pipelines: validated loading of HR exports into DuckDB, and scoring."""

__version__ = "0.1.0"
