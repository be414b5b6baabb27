"""Writes of the reports app: request a computation, compute (the worker), publish, share.

No person's data is ever written or read here: reports hold protected counts only, so no
audit event names a subject.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import AuditAction
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Hub, Organisation
from maillage.network.selectors import primary_network
from maillage.programmes.models import LocalHealthContract
from maillage.reports import access
from maillage.reports.models import Report, ReportKind, ReportStatus

log = logging.getLogger(__name__)


class ReportError(ValueError):
    """A request the reports app cannot take, with a message naming the field."""


def _title(kind: str, year: int, hub: Hub | None, contract: LocalHealthContract | None) -> str:
    if kind == ReportKind.HUB and hub is not None:
        scope = hub.name
    elif kind == ReportKind.CONTRACT and contract is not None:
        scope = contract.title
    else:
        network = primary_network()
        scope = network.name if network else _("the network")
    return _("Annual report %(year)s — %(scope)s") % {"year": year, "scope": scope}


def report_request(
    *,
    actor: Any,
    kind: str,
    year: int,
    hub: Hub | None = None,
    contract: LocalHealthContract | None = None,
) -> Report:
    """Queue the computation of a new edition; the worker computes it."""
    if not access.can_manage_reports(actor):
        raise PermissionDenied(_("Only the network's coordinators compute reports."))
    if kind not in ReportKind.values:
        raise ReportError(_("kind: unknown kind of report %(kind)r") % {"kind": kind})
    if not 2000 <= year <= timezone.localdate().year:
        raise ReportError(_("year: %(year)s is not a year with figures") % {"year": year})
    if kind == ReportKind.HUB and hub is None:
        raise ReportError(_("hub: choose the hub of the report"))
    if kind == ReportKind.CONTRACT and contract is None:
        raise ReportError(_("contract: choose the contract of the report"))
    hub = hub if kind == ReportKind.HUB else None
    contract = contract if kind == ReportKind.CONTRACT else None
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind,
            year=year,
            hub=hub,
            contract=contract,
            title=_title(kind, year, hub, contract),
            requested_by=actor,
            step=_("Waiting for the worker"),
        )
        audit_record(actor=actor, action=AuditAction.REPORT_REQUEST, obj=report)
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _enqueue(report_id: int) -> None:
    from maillage.reports.tasks import compute_report

    compute_report.enqueue(report_id=report_id)


def _progress(report: Report, percent: int, step: str) -> None:
    Report.objects.filter(pk=report.pk).update(progress=percent, step=step)


def report_compute(*, report_id: int) -> Report:
    """The worker's computation of one edition; its progress is saved as it goes."""
    from maillage.reports.compute import compute

    report = Report.objects.get(pk=report_id)
    if report.status != ReportStatus.QUEUED:
        return report
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=5
    )
    try:
        content = compute(report, lambda percent, step: _progress(report, percent, step))
    except Exception as error:  # the page must say why, the worker must go on
        log.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=str(error)[:1000], step=""
        )
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.READY,
        content=content,
        computed_at=timezone.now(),
        progress=100,
        step=_("Ready for review"),
    )
    report.refresh_from_db()
    return report


def _funders(ids: Sequence[int]) -> list[Organisation]:
    found = list(Organisation.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ReportError(_("shared_with: an organisation does not exist"))
    return found


def report_publish(*, actor: Any, report: Report, shared_with: Sequence[int] = ()) -> Report:
    """Freeze a reviewed edition: its figures and its PDF are kept as they are."""
    from maillage.reports.documents import report_pdf

    if not access.can_manage_reports(actor):
        raise PermissionDenied(_("Only the network's coordinators publish reports."))
    funders = _funders(shared_with)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.READY:
            raise ReportError(_("status: only a computed edition awaiting review is published"))
        same = Report.objects.same_report(report)
        last = same.aggregate(n=Max("edition"))["n"] or 0
        same.filter(status=ReportStatus.PUBLISHED).update(status=ReportStatus.SUPERSEDED)
        report.status = ReportStatus.PUBLISHED
        report.edition = last + 1
        report.published_at = timezone.now()
        report.published_by = actor
        report.pdf = report_pdf(report)
        report.save()
        report.shared_with.set(funders)
        audit_record(
            actor=actor,
            action=AuditAction.REPORT_PUBLISH,
            obj=report,
            detail={"edition": report.edition, "shared_with": [f.pk for f in funders]},
        )
    return report


def report_share(*, actor: Any, report: Report, shared_with: Sequence[int]) -> Report:
    """Choose the funders who see a published edition (its figures do not change)."""
    if not access.can_manage_reports(actor):
        raise PermissionDenied(_("Only the network's coordinators share reports."))
    if not report.frozen:
        raise ReportError(_("status: only a published edition is shared"))
    funders = _funders(shared_with)
    with transaction.atomic():
        report.shared_with.set(funders)
        audit_record(
            actor=actor,
            action=AuditAction.REPORT_SHARE,
            obj=report,
            detail={"shared_with": [f.pk for f in funders]},
        )
    return report


def report_download_record(*, actor: Any, report: Report, form: str) -> None:
    """Who downloaded which edition, in which form (aggregated figures: no person)."""
    audit_record(actor=actor, action=AuditAction.REPORT_DOWNLOAD, obj=report, detail={"form": form})
