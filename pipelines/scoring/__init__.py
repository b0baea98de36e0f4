"""Scoring: marts built from the staged working database (issue: scoring)."""
