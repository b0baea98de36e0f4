"""Errors the CLI maps to exit codes: 1 = input refused, 2 = usage or configuration."""


class ConfigError(Exception):
    """A configuration or instrument file is invalid (exit code 2)."""


class Refusal(Exception):
    """The whole input is refused (exit code 1); carries structured refusals."""

    def __init__(self, refusals: list[dict]):
        self.refusals = refusals
        super().__init__("; ".join(r["message"] for r in refusals))
