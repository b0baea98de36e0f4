"""Local-first: a logged-in session on every page requests nothing from another host (the
tab icon was fetched from Google's font servers on every page load)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.browser.test_dashboard_browser import PAGES, Session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCAL = {"127.0.0.1", "localhost", "::1"}


def test_no_request_leaves_the_machine(browser, server, passwords):
    s = Session(browser, server, "nl")
    requested: list[str] = []
    s.page.on("request", lambda r: requested.append(r.url))
    try:
        s.login("hr", passwords["hr"])
        for nav in PAGES:
            s.visit(nav)
    finally:
        s.context.close()
    remote = sorted({u for u in requested
                     if urlparse(u).scheme in ("http", "https", "ws", "wss")
                     and urlparse(u).hostname not in LOCAL})
    assert len(requested) > 20  # the pages were loaded through this listener
    assert remote == []
    # the tab icon is the shipped PNG, served by the dashboard itself
    assert any("favicon" in u or u.endswith(".png") for u in requested)
