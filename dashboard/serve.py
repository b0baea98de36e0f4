"""``draagkracht serve``: start the Streamlit dashboard on a published database.

The hardened settings of ``.streamlit/config.toml`` are passed as command-line options too, so
they hold wherever the command is started from (Streamlit reads ``.streamlit/config.toml`` only
from the working directory). The database path reaches the app as ``$DRAAGKRACHT_DB``; without
``--db`` it is ``$DRAAGKRACHT_DB`` or ``build/draagkracht.duckdb``, as for ``draagkracht users``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dashboard.config import ENV_DB, db_path

APP = Path(__file__).resolve().parent / "app.py"

# Mirrors .streamlit/config.toml (a test keeps the two equal).
HARDENED_OPTIONS: dict[str, str] = {
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "server.maxUploadSize": "1",
    "server.enableXsrfProtection": "true",
    "server.enableCORS": "true",
    "server.headless": "true",
    "runner.magicEnabled": "false",
    "theme.base": "light",
}
# Only for serving: no file watcher, no reload on save.
SERVE_ONLY_OPTIONS: dict[str, str] = {
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
}


def streamlit_args(port: int, address: str = "127.0.0.1") -> list[str]:
    """Arguments for ``streamlit``: ``run <app> --option=value ...``."""
    opts = {**HARDENED_OPTIONS, **SERVE_ONLY_OPTIONS,
            "server.port": str(int(port)), "server.address": address}
    return ["run", str(APP), *[f"--{k}={v}" for k, v in opts.items()]]


def command(db: Path, port: int, address: str = "127.0.0.1") -> list[str]:
    """The equivalent shell command (for documentation and for tests that start a server)."""
    return [sys.executable, "-m", "streamlit", *streamlit_args(port, address)]


def resolve_db(db: Path | None) -> Path:
    """The database to serve: ``db``, else ``$DRAAGKRACHT_DB``, else ``build/draagkracht.duckdb``
    (``dashboard.config.db_path``, the default of ``draagkracht users --db`` too), absolute."""
    return Path(db if db is not None else db_path()).expanduser().resolve()


def environment(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[ENV_DB] = str(resolve_db(db))
    return env


def port_free(address: str, port: int) -> bool:
    """Whether ``address:port`` can be bound now (checked before the URL is announced)."""
    import socket

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # like the server (tornado): connections of a stopped server waiting out TIME_WAIT do
        # not make the port busy, a listening server does
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, int(port)))
        except OSError:
            return False
    return True


def serve(db: Path | None, port: int, address: str = "127.0.0.1") -> int:
    """Run the dashboard in this process until interrupted; returns the exit code.

    ``db`` None serves ``$DRAAGKRACHT_DB`` or ``build/draagkracht.duckdb`` (``resolve_db``).
    Streamlit runs in-process (no child process that could outlive a stopped parent); it
    stops on Ctrl-C or SIGTERM.
    """
    db = resolve_db(db)
    if not db.exists():
        print(f"draagkracht serve: no database at {db} yet; the dashboard explains how to "
              f"build one (draagkracht run DATA_DIR --db {db}).", file=sys.stderr)
    if address not in ("127.0.0.1", "localhost", "::1"):
        print(f"draagkracht serve: listening on {address}: reachable from other machines.",
              file=sys.stderr)
    if not port_free(address, port):
        print(f"draagkracht serve: port {port} on {address} is in use (another dashboard?); "
              f"choose another with --port", file=sys.stderr)
        return 2
    os.environ[ENV_DB] = str(db)
    print(f"Draagkracht dashboard: http://{address}:{port}  (database {db})", flush=True)
    from streamlit.web import cli as stcli

    try:
        stcli.main.main(args=streamlit_args(port, address), prog_name="streamlit",
                        standalone_mode=False)
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else 1
    except KeyboardInterrupt:
        return 0
    return 0
