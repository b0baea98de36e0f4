"""Login for the dashboard: the local user store (default) or OIDC via ``st.login``.

The viewer's role and departments are resolved on the server on every script run:

- local login: the password is checked once against the user store; the session then holds
  only an opaque random token. The token maps, in this process's memory, to the user name and
  the Streamlit session it was issued to; the user's record (role, departments) is re-read
  from the store on every run, so a removed user or a changed scope takes effect at once.
- OIDC (when ``[auth]`` is configured in ``.streamlit/secrets.toml``): the identity provider
  proves the e-mail address; the role and departments come from the user store record with
  that e-mail, looked up on every run. An unknown e-mail sees nothing.

Nothing in session state, widget state or the URL can widen a viewer's scope: the only thing
read from session state is the token, and a token that this process did not issue to this
session is ignored.
"""

from __future__ import annotations

import importlib.util
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import users
from dashboard.config import db_path
from dashboard.i18n import t
from dashboard.users import Viewer

TOKEN_KEY = "_dk_token"
SESSION_TTL_S = 8 * 3600
MAX_FAILURES = 5
LOCKOUT_S = 15 * 60


@dataclass
class _Session:
    username: str
    session_id: str
    expires: float


_sessions: dict[str, _Session] = {}
_failures: dict[str, list[float]] = {}
_lock = threading.Lock()


def store_path() -> Path:
    return users.store_path_for(db_path())


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False
    except Exception:  # a broken secrets file must not open the door, nor crash the page
        return False


def current_viewer() -> Viewer | None:
    """The logged-in viewer for this run, or None. Re-resolved from the store every run."""
    if oidc_configured() and st.user.is_logged_in:
        return users.viewer_for_email(store_path(), str(st.user.get("email") or ""))
    token = st.session_state.get(TOKEN_KEY)
    if not isinstance(token, str):
        return None
    now = time.monotonic()
    with _lock:
        sess = _sessions.get(token)
        if sess is None or sess.session_id != _session_id() or sess.expires < now:
            if sess is not None and sess.expires < now:
                _sessions.pop(token, None)
            return None
        sess.expires = now + SESSION_TTL_S
        username = sess.username
    return users.viewer_for(store_path(), username)


def _locked_out(username: str) -> bool:
    now = time.monotonic()
    with _lock:
        recent = [f for f in _failures.get(username, []) if now - f < LOCKOUT_S]
        _failures[username] = recent
        return len(recent) >= MAX_FAILURES


def _record_failure(username: str) -> None:
    with _lock:
        _failures.setdefault(username, []).append(time.monotonic())


def log_in(username: str, password: str) -> Viewer | None:
    """Check the password; on success bind a new token to this session."""
    username = (username or "").strip()
    if _locked_out(username):
        return None
    viewer = users.verify(store_path(), username, password)
    if viewer is None:
        _record_failure(username)
        return None
    token = secrets.token_urlsafe(32)
    with _lock:
        _failures.pop(username, None)
        _sessions[token] = _Session(username, _session_id(), time.monotonic() + SESSION_TTL_S)
    st.session_state[TOKEN_KEY] = token
    return viewer


def log_out() -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    if isinstance(token, str):
        with _lock:
            _sessions.pop(token, None)
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def login_page() -> None:
    """The page shown to anyone who is not logged in (a narrow, centred column)."""
    _, mid, _ = st.columns([1, 2, 1])
    with mid:
        _login_form()


def _login_form() -> None:
    st.title(t("login.title"))
    st.write(t("login.intro"))
    if oidc_configured():
        if st.user.is_logged_in:
            # Identity proven, but no user record with this e-mail: refuse, show nothing.
            st.error(t("login.oidc_unknown", email=str(st.user.get("email") or "?")))
            if st.button(t("login.logout")):
                st.logout()
            return
        if importlib.util.find_spec("authlib") is None:
            st.warning(t("login.oidc_missing"))
        elif st.button(t("login.oidc_button"), type="primary"):
            st.login()
        st.divider()
    try:
        has_users = bool(users.list_users(store_path()))
    except users.UserStoreError:
        has_users = False
    if not has_users:
        st.warning(t("login.no_users", store=str(store_path())))
    with st.form("login", clear_on_submit=False, border=True):
        username = st.text_input(t("login.username"), autocomplete="username")
        password = st.text_input(t("login.password"), type="password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        if _locked_out((username or "").strip()):
            st.error(t("login.locked"))
        elif log_in(username, password) is None:
            st.error(t("login.failed"))
        else:
            st.rerun()


def require_viewer() -> Viewer:
    """For pages: the viewer, or stop the script with a refusal (defence in depth)."""
    viewer = current_viewer()
    if viewer is None:
        st.error(t("login.required"))
        st.stop()
    return viewer
