"""Weekly reports: every submission is a new revision; the current value is the latest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation
from maillage.surveillance.access import can_report_for
from maillage.surveillance.models import (
    SignalDefinition,
    WeeklyCount,
    WeeklyReport,
    WeeklyReportRevision,
)
from maillage.surveillance.weeks import current_week, is_late, week_label

Counts = dict[str, int | None]


class ReportError(ValueError):
    """The counts cannot be accepted as they are."""


def _check_counts(counts: Counts, signals: dict[str, SignalDefinition]) -> dict[str, int]:
    unknown = sorted(set(counts) - set(signals))
    if unknown:
        raise ReportError(f"unknown signal: {', '.join(unknown)}")
    for code, value in counts.items():
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ReportError(f"{code}: a count is a whole number, 0 or more")
    return {code: value for code, value in counts.items() if value is not None}


def check_week(week_start: dt.date) -> None:
    if week_start.weekday() != 0:
        raise ReportError("a week starts on a Monday")
    if week_start > current_week():
        raise ReportError(f"week {week_label(week_start)} has not started yet")


def active_signals() -> dict[str, SignalDefinition]:
    return {s.code: s for s in SignalDefinition.objects.filter(is_active=True)}


@transaction.atomic
def report_submit(
    *,
    actor: User | None,
    organisation: Organisation,
    week_start: dt.date,
    counts: Counts,
    source: str = WeeklyReportRevision.Source.FORM,
    comment: str = "",
    request: HttpRequest | None = None,
    signals: dict[str, SignalDefinition] | None = None,
) -> WeeklyReport:
    """Record an organisation's counts for a week; a resubmission becomes a new revision."""
    if source != WeeklyReportRevision.Source.DEMO and not can_report_for(actor, organisation):
        raise PermissionDenied("You may not report for this organisation.")
    signals = signals if signals is not None else active_signals()
    values = _check_counts(counts, signals)
    check_week(week_start)
    report, created = WeeklyReport.objects.select_for_update().get_or_create(
        organisation=organisation, week_start=week_start
    )
    if not created and values == _current_values(report):
        return report
    now = timezone.now()
    revision = WeeklyReportRevision.objects.create(
        report=report,
        number=report.revision_count + 1,
        submitted_at=now,
        submitted_by=actor if actor is not None and actor.is_authenticated else None,
        source=source,
        counts=values,
        is_late=is_late(week_start, timezone.localdate(now)),
        comment=comment,
    )
    _replace_counts(report, values, signals)
    report.revision_count, report.updated_at = revision.number, now
    report.save(update_fields=["revision_count", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.WEEKLY_REPORT_SUBMIT if created else "weekly_report.correct",
        obj=report,
        request=request,
        detail=_audit_detail(report, revision),
    )
    return report


def _audit_detail(report: WeeklyReport, revision: WeeklyReportRevision) -> dict[str, Any]:
    return {
        "organisation": report.organisation_id,
        "week": report.week,
        "revision": revision.number,
        "source": revision.source,
        "late": revision.is_late,
    }


def _current_values(report: WeeklyReport) -> dict[str, int]:
    return dict(report.counts.values_list("signal__code", "count"))


def _replace_counts(
    report: WeeklyReport, values: dict[str, int], signals: dict[str, SignalDefinition]
) -> None:
    WeeklyCount.objects.filter(report=report).delete()
    WeeklyCount.objects.bulk_create(
        WeeklyCount(report=report, signal=signals[code], count=count)
        for code, count in values.items()
    )
