"""Local user store: who may log in, with which role and which departments.

The store is a JSON file beside the published database (``<db dir>/users.json``), written
atomically with mode 0600. Passwords are hashed with argon2id (argon2-cffi); the file never
holds a plain password. Roles: ``hr`` and ``consultant`` see the whole organisation, a
``manager`` sees only the departments listed on their record.

``Viewer`` is the scope every data-access function filters on. It is built on the server from
this store on every script run, never from widget state, URL parameters or session state.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.config import db_path

Role = Literal["hr", "manager", "consultant"]
ROLES: tuple[str, ...] = ("hr", "manager", "consultant")
STORE_NAME = "users.json"
STORE_VERSION = 1
MIN_PASSWORD_CHARS = 8
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
DEPARTMENT_RE = re.compile(r"^[^\s].{0,99}$")

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as much as a wrong password.
_DUMMY_HASH = _hasher.hash("draagkracht-no-such-user")


class UserStoreError(ValueError):
    """A user-store operation was refused (bad name, role, password or a corrupt file)."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the scope of every query. ``departments=None`` means all departments."""

    username: str
    role: Role
    departments: tuple[str, ...] | None

    @property
    def sees_all(self) -> bool:
        return self.departments is None

    def allows(self, department_id: str) -> bool:
        return self.departments is None or department_id in self.departments


def store_path_for(db: Path) -> Path:
    """The user store that belongs to a published database (``DRAAGKRACHT_USERS`` overrides)."""
    override = os.environ.get("DRAAGKRACHT_USERS")
    return Path(override) if override else Path(db).parent / STORE_NAME


def _empty() -> dict:
    return {"version": STORE_VERSION, "users": {}}


def _read(store: Path) -> dict:
    try:
        raw = Path(store).read_text(encoding="utf-8")
    except FileNotFoundError:
        return _empty()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise UserStoreError(f"{store}: not a valid user store ({e.msg})") from e
    if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
        raise UserStoreError(f"{store}: not a valid user store (no 'users' object)")
    return data


def _write(store: Path, data: dict) -> None:
    """Write the store atomically: temporary file (0600) in the same folder, fsync, replace."""
    store = Path(store)
    store.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".users-", suffix=".tmp", dir=store.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, store)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(store.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _check_user_fields(username: str, role: str, departments: list[str] | tuple[str, ...] | None):
    if not USERNAME_RE.match(username or ""):
        raise UserStoreError(
            f"invalid user name {username!r}: 1-64 letters, digits or . _ @ + -"
        )
    if role not in ROLES:
        raise UserStoreError(f"invalid role {role!r}: choose one of {', '.join(ROLES)}")
    deps = tuple(dict.fromkeys(d.strip() for d in departments or () if d.strip()))
    if role == "manager" and not deps:
        raise UserStoreError("a manager needs at least one department (--department ID)")
    if role != "manager" and deps:
        raise UserStoreError(f"role {role} sees every department; do not pass --department")
    for d in deps:
        if not DEPARTMENT_RE.match(d):
            raise UserStoreError(f"invalid department id {d!r}")
    return deps


def add_user(
    store: Path,
    username: str,
    password: str,
    role: str,
    departments: list[str] | tuple[str, ...] | None = None,
    email: str | None = None,
    replace: bool = False,
) -> None:
    """Add a user (or replace one with ``replace=True``); the password is stored as argon2id."""
    deps = _check_user_fields(username, role, departments)
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise UserStoreError(f"password too short: at least {MIN_PASSWORD_CHARS} characters")
    data = _read(store)
    if username in data["users"] and not replace:
        raise UserStoreError(f"user {username!r} exists (use --replace to change it)")
    email = (email or "").strip().lower() or None
    if email:
        for other, rec in data["users"].items():
            if other != username and rec.get("email") == email:
                raise UserStoreError(f"e-mail {email} already belongs to user {other!r}")
    data["users"][username] = {
        "hash": _hasher.hash(password),
        "role": role,
        "departments": list(deps) if role == "manager" else None,
        "email": email,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    _write(store, data)


def remove_user(store: Path, username: str) -> None:
    data = _read(store)
    if username not in data["users"]:
        raise UserStoreError(f"no user {username!r}")
    del data["users"][username]
    _write(store, data)


def list_users(store: Path) -> list[dict]:
    """Users without their hashes: username, role, departments, email, created."""
    data = _read(store)
    return [
        {
            "username": name,
            "role": rec.get("role"),
            "departments": rec.get("departments"),
            "email": rec.get("email"),
            "created": rec.get("created"),
        }
        for name, rec in sorted(data["users"].items())
    ]


def _viewer(username: str, rec: dict) -> Viewer | None:
    role = rec.get("role")
    if role not in ROLES:
        return None
    if role == "manager":
        deps = tuple(str(d) for d in rec.get("departments") or ())
        if not deps:
            return None
        return Viewer(username, role, deps)
    return Viewer(username, role, None)


def viewer_for(store: Path, username: str) -> Viewer | None:
    """The current scope of an already authenticated user (re-read on every run)."""
    try:
        rec = _read(store)["users"].get(username)
    except UserStoreError:
        return None
    return _viewer(username, rec) if isinstance(rec, dict) else None


def viewer_for_email(store: Path, email: str) -> Viewer | None:
    """Scope for an OIDC identity: the user whose record carries this e-mail address."""
    email = (email or "").strip().lower()
    if not email:
        return None
    try:
        users = _read(store)["users"]
    except UserStoreError:
        return None
    for name, rec in users.items():
        if isinstance(rec, dict) and rec.get("email") == email:
            return _viewer(name, rec)
    return None


def verify(store: Path, username: str, password: str) -> Viewer | None:
    """Check a password; the user's scope on success, else None (same cost for unknown users)."""
    try:
        data = _read(store)
    except UserStoreError:
        return None
    rec = data["users"].get(username or "")
    if not isinstance(rec, dict):
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password or "")
        return None
    try:
        _hasher.verify(rec.get("hash", ""), password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(rec["hash"]):
        rec["hash"] = _hasher.hash(password)
        with contextlib.suppress(OSError):
            _write(store, data)
    return _viewer(username, rec)


# ---------------------------------------------------------------- CLI: draagkracht users ...


def add_users_subparser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``users add|remove|list`` on the CLI; the parsed args carry ``handler``."""
    p = subparsers.add_parser(
        "users",
        help="manage dashboard users (local user store beside the database)",
        description="Manage dashboard users. The store is users.json beside the database "
        "(or $DRAAGKRACHT_USERS).",
    )
    p.set_defaults(func=users_cli, handler=users_cli)
    sub = p.add_subparsers(dest="users_command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--db",
            type=Path,
            default=db_path(),
            help="published database; the user store is users.json in its folder "
            "(default: $DRAAGKRACHT_DB or build/draagkracht.duckdb)",
        )

    add = sub.add_parser("add", help="add a user (password read from a prompt or stdin)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="ID",
        help="department id a manager may see (repeat for more than one)",
    )
    add.add_argument("--email", help="e-mail address used for single sign-on (OIDC)")
    pw = add.add_mutually_exclusive_group()
    pw.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    pw.add_argument(
        "--password",
        help="password on the command line: for demos only (visible in shell history and ps)",
    )
    add.add_argument("--replace", action="store_true", help="replace an existing user")
    common(add)

    rm = sub.add_parser("remove", help="remove a user")
    rm.add_argument("username")
    common(rm)

    ls = sub.add_parser("list", help="list users (never shows password hashes)")
    ls.add_argument("--json", action="store_true", help="one JSON array on stdout")
    common(ls)
    return p


def _read_password(args: argparse.Namespace) -> str:
    if args.password is not None:
        return args.password
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserStoreError("no terminal to ask for the password: pipe it in with "
                             "--password-stdin")
    try:
        first = getpass.getpass("Password: ")
        again = getpass.getpass("Repeat password: ")
    except (EOFError, KeyboardInterrupt):
        raise UserStoreError("no password given") from None
    if again != first:
        raise UserStoreError("passwords do not match")
    return first


def unknown_departments(db: Path, departments: list[str] | None) -> tuple[list[str], list[str]]:
    """The departments of ``departments`` that the published database at ``db`` does not
    know, and the ones it knows; nothing when there is no readable database yet."""
    if not departments or not Path(db).exists():
        return [], []
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
        try:
            known = sorted(r[0] for r in con.execute(
                "select distinct department_id from org_structure").fetchall())
        finally:
            con.close()
    except duckdb.Error:
        return [], []
    return [d for d in departments if d not in known], known


def users_cli(args: argparse.Namespace) -> int:
    """Run ``draagkracht users ...``: 0 on success, 2 when the request is refused."""
    store = store_path_for(args.db)
    try:
        if args.users_command == "add":
            add_user(
                store,
                args.username,
                _read_password(args),
                args.role,
                args.department,
                email=args.email,
                replace=args.replace,
            )
            print(f"user {args.username} ({args.role}) saved in {store}")
            missing, known = unknown_departments(args.db, args.department)
            if missing:
                print(f"warning: department {', '.join(missing)} is not in the published "
                      f"database {args.db} (its departments: {', '.join(known)}); the "
                      f"manager sees nothing of it until it is", file=sys.stderr)
        elif args.users_command == "remove":
            remove_user(store, args.username)
            print(f"user {args.username} removed from {store}")
        else:
            users = list_users(store)
            if args.json:
                print(json.dumps(users, indent=2))
            elif not users:
                print(f"no users in {store}")
            else:
                for u in users:
                    deps = ", ".join(u["departments"]) if u["departments"] else "all"
                    mail = f"  <{u['email']}>" if u["email"] else ""
                    print(f"{u['username']:<24} {u['role']:<11} {deps}{mail}")
    except UserStoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0
