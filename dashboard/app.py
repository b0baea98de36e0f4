"""Entry point: page config, language switch, login gate and navigation. Pages render elsewhere.

Run with ``draagkracht serve --db PATH`` (or ``streamlit run dashboard/app.py`` with
``DRAAGKRACHT_DB`` set).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # started as a script by `streamlit run`: make the package importable
    _root = str(Path(__file__).resolve().parents[1])
    if _root not in sys.path:
        sys.path.insert(0, _root)

import streamlit as st

from dashboard import auth, db, ui
from dashboard.i18n import t

VIEWS = Path(__file__).resolve().parent / "views"
# shipped with the app: a Material icon as page_icon makes the browser fetch it from Google's
# font servers on every page load (local-first: nothing leaves the machine)
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"

st.set_page_config(page_title="Draagkracht", page_icon=str(FAVICON),
                   layout="wide", initial_sidebar_state="expanded")
ui.language_switch()
status = db.status()

# Paths of the pages, so that a deep link opened before logging in (or without a database)
# shows the login or help page instead of Streamlit's "page not found", and opens the page
# itself once the viewer has logged in.
PAGE_PATHS = ("overview", "department", "absence", "data", "method")


def gate(page, title: str, path: str) -> list:
    """One visible gate page plus hidden aliases for every page path."""
    return [st.Page(page, title=title, url_path=path, default=True),
            *[st.Page(page, title=title, url_path=p, visibility="hidden")
              for p in PAGE_PATHS]]


if not status.ok:
    nav = st.navigation(gate(ui.no_database_page, t("nodb.title"), "status"), position="hidden")
else:
    viewer = auth.current_viewer()
    if viewer is None:
        nav = st.navigation(gate(auth.login_page, t("login.title"), "login"), position="hidden")
    else:
        ui.sidebar_user(viewer)
        nav = st.navigation([
            st.Page(VIEWS / "overview.py", title=t("nav.overview"), url_path="overview",
                    icon=":material/dashboard:", default=True),
            st.Page(VIEWS / "department_team.py", title=t("nav.department_team"),
                    url_path="department", icon=":material/groups:"),
            st.Page(VIEWS / "absence.py", title=t("nav.absence"), url_path="absence",
                    icon=":material/sick:"),
            st.Page(VIEWS / "data_quality.py", title=t("nav.data_quality"),
                    url_path="data", icon=":material/fact_check:"),
            st.Page(VIEWS / "method.py", title=t("nav.method"), url_path="method",
                    icon=":material/menu_book:"),
        ])
nav.run()
