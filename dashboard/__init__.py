"""Draagkracht dashboard: Streamlit pages over the published DuckDB database (read-only)."""
