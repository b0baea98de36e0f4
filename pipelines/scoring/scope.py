"""The viewer-scope rule for organisation (and multi-department) totals (issue 3, domain §5).

A viewer whose scope is part of the organisation may see a total over more than their scope
only when what lies outside their scope is at least ``min_groups`` departments and ``k``
people; otherwise scope total and organisation total together give away the rest.
The published table ``scope_totals_visible`` holds the answer for every single-department
scope; this function answers it for any scope from published figures only (the dashboard has
them: department sizes of visible departments, organisation size, number of departments).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def org_total_visible(scope: Iterable[str], org_people: float | None,
                      department_people: Mapping[str, float | None], *, k: int,
                      min_groups: int = 2) -> bool:
    """True when a viewer scoped to ``scope`` may see the organisation total.

    org_people: the published organisation size (None if the total is hidden);
    department_people: published size per department of the organisation (None where the
    department is hidden). A hidden department inside the scope makes the answer False: its
    size is unknown, so the rest cannot be shown to be large enough. Outside the scope only
    departments with a published size above zero count towards ``min_groups``: a hidden one
    may have nobody in it (a department without respondents is hidden too), and a rest of
    one department with people and one without is that one department's figure."""
    scope = set(scope)
    if org_people is None:
        return False
    if not scope or scope >= set(department_people):
        return True  # nothing outside the scope: the total reveals nothing else
    outside = [d for d in department_people if d not in scope]
    if sum((department_people[d] or 0) > 0 for d in outside) < min_groups:
        return False
    inside = [department_people.get(d) for d in scope]
    if any(p is None for p in inside):
        return False
    return org_people - sum(inside) >= k
