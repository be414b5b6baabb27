"""Who may compute, publish, read and download reports (aggregated figures only).

The coordinator computes, reviews, publishes and shares every report. Staff of the network's
organisations read the published editions; a funder reads only the editions shared with one
of their organisations. Nobody but the coordinator sees an edition before it is published.
"""

from __future__ import annotations

from typing import Any

from maillage.core.models import Role
from maillage.core.permissions import active_roles, is_coordinator, organisation_ids
from maillage.reports.models import Report


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_manage_reports(user: Any) -> bool:
    return _authenticated(user) and is_coordinator(user)


def is_funder_only(user: Any) -> bool:
    return active_roles(user) == {Role.FUNDER_VIEWER}


def can_read_report(user: Any, report: Report, shared_ids: set[int] | None = None) -> bool:
    if not _authenticated(user):
        return False
    if can_manage_reports(user):
        return True
    if not report.frozen or not active_roles(user):
        return False
    if not is_funder_only(user):
        return True
    shared = (
        shared_ids
        if shared_ids is not None
        else set(report.shared_with.values_list("pk", flat=True))
    )
    return bool(shared & organisation_ids(user, {Role.FUNDER_VIEWER}))
