"""The Absence page says when a department's lead is the organisation's, borrowed by the
shrinkage (review: a manager read "Balans loopt 2 maanden voor" for a department whose own
interval included zero: the figures were exactly the organisation's)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import duckdb
from test_pages import login

from dashboard import users
from dashboard.i18n import t
from dashboard.ui import fmt_num


def absence_page_as_hr(demo_published, tmp_path, monkeypatch):
    """The Absence page of a copy of the demo database, logged in as HR."""
    db = tmp_path / "d.duckdb"
    shutil.copy2(demo_published, db)
    monkeypatch.setenv("DRAAGKRACHT_DB", str(db))
    monkeypatch.delenv("DRAAGKRACHT_USERS", raising=False)
    users.add_user(tmp_path / "users.json", "hr", "hr-password-1", "hr")
    at = login(SimpleNamespace(passwords={"hr": "hr-password-1"}), "hr")
    return at.switch_page("views/absence.py").run()


def test_borrowed_lead_is_named(demo_published, tmp_path, monkeypatch):
    """The department's own result comes first, then the organisation's lead it leans on
    (UX review: "loopt 2 maanden voor … de afdeling alleen toont het niet" contradicted
    itself)."""
    con = duckdb.connect(str(demo_published), read_only=True)
    try:
        borrowed = con.execute("""
            select department_id, signal, lag_months, correlation, ci_low, ci_high,
                   shrunk_correlation, shrunk_ci_low, shrunk_ci_high
            from department_lead_lag
            where is_best_lag and lead_detected and ci_low <= 0 and ci_high >= 0
            order by department_id, signal""").fetchall()
    finally:
        con.close()
    assert borrowed, "the demo must have a department whose lead is borrowed"
    dep = borrowed[0][0]
    at = absence_page_as_hr(demo_published, tmp_path, monkeypatch)
    at.selectbox(key="ab_ll_unit").set_value(dep).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for d, signal, lag, r, low, high, sr, slow, shigh in borrowed:
        if d == dep:
            lag = int(lag)
            name = t(f"measure.{signal}", "nl")
            expected = t("ab.lead_borrowed", "nl", signal=name, signal_lc=name.lower(),
                         lag=t("ab.month" if lag == 1 else "ab.months", "nl", n=lag),
                         own_r=fmt_num(r, 2, "nl"), own_low=fmt_num(low, 2, "nl"),
                         own_high=fmt_num(high, 2, "nl"), r=fmt_num(sr, 2, "nl"),
                         low=fmt_num(slow, 2, "nl"), high=fmt_num(shigh, 2, "nl"))
            assert expected in text, signal
    # a lead the department shows on its own carries no such note
    assert text.count("de afdeling alleen toont geen voorsprong") == \
        len([b for b in borrowed if b[0] == dep])


def test_lead_table_says_whether_the_department_alone_shows_it(demo_published, tmp_path,
                                                                monkeypatch):
    con = duckdb.connect(str(demo_published), read_only=True)
    try:
        rows = con.execute("""
            select n.department_name, l.signal, l.lead_detected,
                   l.lag_months >= 1 and (case when l.expected_sign > 0 then l.ci_low > 0
                                               else l.ci_high < 0 end) as alone
            from department_lead_lag l
            join (select distinct department_id, department_name from org_structure) n
              using (department_id)
            where l.is_best_lag""").fetchall()
    finally:
        con.close()
    assert any(d and not a for _, _, d, a in rows), "the demo must have a borrowed lead"
    at = absence_page_as_hr(demo_published, tmp_path, monkeypatch)
    assert not at.exception
    alone_col = t("col.lead_detected_alone", "nl")
    table = next(d.value for d in at.dataframe if alone_col in d.value.columns)
    signal = {t(f"measure.{s}", "nl"): s for s in ("stressor", "strain", "balance")}
    shown = {(r[t("col.department_name", "nl")], signal[r[t("col.signal", "nl")]]):
             bool(r[alone_col]) for _, r in table.iterrows()}
    assert shown == {(d, s): bool(a) for d, s, _, a in rows}
