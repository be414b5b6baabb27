"""CSV upload of weekly reports: all rows are written, or none, with an error per bad row."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation
from maillage.surveillance.access import can_report_for
from maillage.surveillance.models import SignalDefinition, WeeklyReportRevision
from maillage.surveillance.services.reports import (
    Counts,
    ReportError,
    active_signals,
    check_week,
    report_submit,
)
from maillage.surveillance.weeks import parse_week

MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    line: int
    organisation: Organisation
    week_start: dt.date
    counts: Counts


def _count(text: str, code: str) -> int | None:
    text = text.strip()
    if text == "":
        return None
    if not text.isdigit():
        raise ReportError(f"{code}: {text!r} is not a whole number, 0 or more")
    return int(text)


def _parse_row(
    line: int,
    row: dict[str, str],
    actor: User,
    organisations: dict[str, Organisation],
    codes: list[str],
) -> _Row:
    slug = (row.get("organisation") or "").strip()
    organisation = organisations.get(slug)
    if organisation is None:
        raise ReportError(f"unknown organisation {slug!r}")
    if not can_report_for(actor, organisation):
        raise ReportError(f"you may not report for {organisation.name}")
    try:
        week_start = parse_week(row.get("week") or "")
    except ValueError:
        raise ReportError(f"week {row.get('week')!r} is not an ISO week like 2026-W07") from None
    check_week(week_start)
    counts = {code: _count(row.get(code) or "", code) for code in codes}
    return _Row(line, organisation, week_start, counts)


def _header_errors(fields: list[str], signals: dict[str, SignalDefinition]) -> list[RowError]:
    missing = {"organisation", "week"} - set(fields)
    unknown = set(fields) - {"organisation", "week"} - set(signals)
    errors = [RowError(1, f"missing column: {name}") for name in sorted(missing)]
    errors += [RowError(1, f"unknown signal column: {name}") for name in sorted(unknown)]
    return errors


def _parse(
    text: str, actor: User, signals: dict[str, SignalDefinition]
) -> tuple[list[_Row], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = [f.strip() for f in reader.fieldnames or []]
    reader.fieldnames = fields
    errors = _header_errors(fields, signals)
    if errors:
        return [], errors
    codes = [f for f in fields if f in signals]
    organisations = {o.slug: o for o in Organisation.objects.all()}
    rows, seen = [], set()
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            errors.append(RowError(number, f"more than {MAX_ROWS} rows"))
            break
        try:
            row = _parse_row(number, raw, actor, organisations, codes)
        except ReportError as error:
            errors.append(RowError(number, str(error)))
            continue
        if (row.organisation.pk, row.week_start) in seen:
            errors.append(RowError(number, "the same organisation and week appear twice"))
        seen.add((row.organisation.pk, row.week_start))
        rows.append(row)
    return rows, errors


def reports_import_csv(
    *, actor: User, text: str, request: HttpRequest | None = None
) -> ImportResult:
    """Import a wide CSV: `organisation,week,<signal code>,…` (blank = not counted)."""
    signals = active_signals()
    rows, errors = _parse(text, actor, signals)
    if not errors and not rows:
        errors.append(RowError(1, "the file has no rows"))
    if errors:
        return ImportResult(errors=errors)
    try:
        with transaction.atomic():
            for row in rows:
                _submit(actor, row, signals, request)
            audit_record(
                actor=actor,
                action=AuditAction.WEEKLY_REPORT_IMPORT,
                object_type="surveillance.weeklyreport",
                request=request,
                detail={"rows": len(rows)},
            )
    except _RowFailed as failure:
        return ImportResult(errors=[failure.error])
    return ImportResult(imported=len(rows))


class _RowFailed(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


def _submit(
    actor: User, row: _Row, signals: dict[str, SignalDefinition], request: HttpRequest | None
) -> None:
    try:
        report_submit(
            actor=actor,
            organisation=row.organisation,
            week_start=row.week_start,
            counts=row.counts,
            source=WeeklyReportRevision.Source.CSV,
            signals=signals,
            request=request,
        )
    except (ReportError, PermissionDenied) as error:
        raise _RowFailed(RowError(row.line, str(error))) from error
