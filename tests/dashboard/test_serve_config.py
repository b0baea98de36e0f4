"""`draagkracht serve` command line, and the hardened Streamlit configuration."""

from __future__ import annotations

import tomllib
from pathlib import Path

from dashboard import serve

ROOT = Path(__file__).resolve().parents[2]


def _config() -> dict[str, str]:
    data = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flat = {}
    for section, values in data.items():
        for k, v in values.items():
            flat[f"{section}.{k}"] = str(v).lower() if isinstance(v, bool) else str(v)
    return flat


def test_config_is_hardened():
    c = _config()
    assert c["browser.gatherUsageStats"] == "false"
    assert c["client.showErrorDetails"] == "none"
    assert int(c["server.maxUploadSize"]) <= 10
    assert c["server.enableXsrfProtection"] == "true"
    assert c["server.enableCORS"] == "true"
    assert c["server.address"] == "127.0.0.1"


def test_serve_passes_the_same_hardening_wherever_it_starts():
    c = _config()
    c.pop("server.address")  # serve passes the address it is given
    assert c == serve.HARDENED_OPTIONS


def test_command_and_environment(tmp_path):
    db = tmp_path / "x.duckdb"
    cmd = serve.command(db, 8765)
    assert cmd[1:4] == ["-m", "streamlit", "run"]
    assert Path(cmd[4]) == ROOT / "dashboard" / "app.py"
    assert "--server.port=8765" in cmd and "--server.address=127.0.0.1" in cmd
    assert "--client.showErrorDetails=none" in cmd
    assert serve.environment(db)["DRAAGKRACHT_DB"] == str(db.resolve())


def test_a_busy_port_is_refused_before_the_url_is_announced(tmp_path, capsys):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not serve.port_free("127.0.0.1", port)
        assert serve.serve(tmp_path / "d.duckdb", port) == 2
    out = capsys.readouterr()
    assert f"port {port} on 127.0.0.1 is in use" in out.err and "--port" in out.err
    assert "http://" not in out.out
    assert serve.port_free("127.0.0.1", port)  # free again once the listener is gone
