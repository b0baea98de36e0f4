"""Local user store: argon2 hashes, roles and departments, atomic 0600 writes, CLI."""

from __future__ import annotations

import argparse
import io
import json
import stat

import pytest

from dashboard import users
from dashboard.users import UserStoreError, Viewer


@pytest.fixture
def store(tmp_path):
    return tmp_path / "data" / "users.json"


def test_add_and_verify_hr_sees_everything(store):
    users.add_user(store, "anna", "correct horse", "hr")
    assert users.verify(store, "anna", "correct horse") == Viewer("anna", "hr", None)


def test_manager_scope_is_exactly_the_given_departments(store):
    users.add_user(store, "bram", "battery staple", "manager", ["D-ICT", "D-FIN"])
    v = users.verify(store, "bram", "battery staple")
    assert v.departments == ("D-ICT", "D-FIN")
    assert v.allows("D-ICT") and not v.allows("D-ZRG")


def test_wrong_password_and_unknown_user_are_refused(store):
    users.add_user(store, "anna", "correct horse", "hr")
    assert users.verify(store, "anna", "wrong horse") is None
    assert users.verify(store, "nobody", "correct horse") is None
    assert users.verify(store, "anna", "") is None


def test_store_holds_argon2_hashes_not_passwords(store):
    users.add_user(store, "anna", "correct horse", "hr")
    raw = store.read_text()
    assert "correct horse" not in raw
    assert json.loads(raw)["users"]["anna"]["hash"].startswith("$argon2id$")


def test_store_file_is_private(store):
    users.add_user(store, "anna", "correct horse", "hr")
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert [p.name for p in store.parent.iterdir()] == ["users.json"]  # no temp file left


def test_manager_without_department_is_refused(store):
    with pytest.raises(UserStoreError, match="at least one department"):
        users.add_user(store, "bram", "battery staple", "manager", [])


def test_hr_with_department_is_refused(store):
    with pytest.raises(UserStoreError, match="every department"):
        users.add_user(store, "anna", "correct horse", "hr", ["D-ICT"])


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "../etc", "-rf"])
def test_bad_user_names_are_refused(store, name):
    with pytest.raises(UserStoreError, match="invalid user name"):
        users.add_user(store, name, "correct horse", "hr")


def test_unknown_role_and_short_password_are_refused(store):
    with pytest.raises(UserStoreError, match="invalid role"):
        users.add_user(store, "anna", "correct horse", "admin")
    with pytest.raises(UserStoreError, match="too short"):
        users.add_user(store, "anna", "short", "hr")


def test_duplicate_needs_replace(store):
    users.add_user(store, "anna", "correct horse", "hr")
    with pytest.raises(UserStoreError, match="exists"):
        users.add_user(store, "anna", "other password", "consultant")
    users.add_user(store, "anna", "other password", "consultant", replace=True)
    assert users.verify(store, "anna", "other password").role == "consultant"
    assert users.verify(store, "anna", "correct horse") is None


def test_remove_and_list_never_show_hashes(store):
    users.add_user(store, "anna", "correct horse", "hr")
    users.add_user(store, "bram", "battery staple", "manager", ["D-ICT"], email="Bram@X.nl")
    listed = users.list_users(store)
    assert [u["username"] for u in listed] == ["anna", "bram"]
    assert all("hash" not in u for u in listed)
    assert listed[1]["email"] == "bram@x.nl"
    users.remove_user(store, "anna")
    assert [u["username"] for u in users.list_users(store)] == ["bram"]
    with pytest.raises(UserStoreError):
        users.remove_user(store, "anna")


def test_scope_is_reread_from_the_store(store):
    users.add_user(store, "bram", "battery staple", "manager", ["D-ICT"])
    users.add_user(store, "bram", "battery staple", "manager", ["D-FIN"], replace=True)
    assert users.viewer_for(store, "bram").departments == ("D-FIN",)
    users.remove_user(store, "bram")
    assert users.viewer_for(store, "bram") is None


def test_oidc_lookup_by_email(store):
    users.add_user(store, "bram", "battery staple", "manager", ["D-ICT"], email="bram@x.nl")
    assert users.viewer_for_email(store, "BRAM@x.nl") == Viewer("bram", "manager", ("D-ICT",))
    assert users.viewer_for_email(store, "eve@x.nl") is None
    assert users.viewer_for_email(store, "") is None


def test_corrupt_store_refuses_logins(store):
    store.parent.mkdir(parents=True)
    store.write_text("{not json")
    assert users.verify(store, "anna", "correct horse") is None
    with pytest.raises(UserStoreError, match="not a valid user store"):
        users.list_users(store)


def _cli(argv, stdin=""):
    parser = argparse.ArgumentParser(prog="draagkracht")
    sub = parser.add_subparsers(dest="command", required=True)
    users.add_users_subparser(sub)
    args = parser.parse_args(argv)
    old = users.sys.stdin
    users.sys.stdin = io.StringIO(stdin)
    try:
        return args.func(args)
    finally:
        users.sys.stdin = old


def test_cli_add_list_remove(tmp_path, capsys):
    db = tmp_path / "draagkracht.duckdb"
    assert _cli(["users", "add", "bram", "--role", "manager", "--department", "D-ICT",
                 "--password-stdin", "--db", str(db)], stdin="battery staple\n") == 0
    assert users.verify(tmp_path / "users.json", "bram", "battery staple") is not None
    assert _cli(["users", "list", "--json", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    listed = json.loads(out[out.index("["):])
    assert listed[0]["departments"] == ["D-ICT"]
    assert "argon2" not in out
    assert _cli(["users", "remove", "bram", "--db", str(db)]) == 0
    assert users.list_users(tmp_path / "users.json") == []


def test_cli_refusal_exits_2(tmp_path, capsys):
    db = tmp_path / "draagkracht.duckdb"
    code = _cli(["users", "add", "bram", "--role", "manager", "--password", "battery staple",
                 "--db", str(db)])
    assert code == 2
    assert "at least one department" in capsys.readouterr().err


def test_cli_without_a_terminal_asks_for_password_stdin(tmp_path, capsys):
    """No --password and no terminal (a script, a pipe from /dev/null): a refusal that says
    what to do, exit 2, no traceback (getpass ended in EOFError)."""
    db = tmp_path / "draagkracht.duckdb"
    code = _cli(["users", "add", "carl", "--role", "hr", "--db", str(db)], stdin="")
    assert code == 2
    assert "--password-stdin" in capsys.readouterr().err
    assert not (tmp_path / "users.json").exists()


def test_cli_warns_about_a_department_the_database_does_not_know(tmp_path, capsys):
    import duckdb

    db = tmp_path / "draagkracht.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table org_structure as select * from (values ('afd-01'), ('afd-02'))"
                " t(department_id)")
    con.close()
    assert _cli(["users", "add", "mgr", "--role", "manager", "--department", "afd-99",
                 "--department", "afd-01", "--password-stdin", "--db", str(db)],
                stdin="battery staple\n") == 0
    err = capsys.readouterr().err
    assert "department afd-99 is not in the published database" in err
    assert "afd-01, afd-02" in err and "afd-01," not in err.split("(")[0]
    # a known department: no warning
    assert _cli(["users", "add", "mgr2", "--role", "manager", "--department", "afd-02",
                 "--password-stdin", "--db", str(db)], stdin="battery staple\n") == 0
    assert "warning" not in capsys.readouterr().err
