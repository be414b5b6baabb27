"""The file's timeline: each source is one function; adding a source is adding one function.

Entries are ordered newest first by (time, source, row id), one order across all sources. A page
continues from a cursor, the key of the entry next to it: each source reads at most one page of
rows beyond the cursor, in the order of its own index, so the thousandth entry costs what the
first does. Each page's reads are compiled to SQL once (see `_evaluate`). Sources apply the
access policy themselves (notes through `note_filter`).

Apps above this one add their sources with `register_source` when they start (activity's
contacts: `ActivityConfig.ready`); this module imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    DateTimeField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from maillage.core.compiled import CompiledRead, Parameter
from maillage.pathways.access import FileAccess
from maillage.pathways.display import labels
from maillage.pathways.file_summary import FILE
from maillage.pathways.models import Alert, Beneficiary, HospitalStay, Note, Referral, ReferralEvent
from maillage.pathways.models.alert import AlertKind
from maillage.pathways.models.beneficiary import Sensitivity

# Each source's rank in the order of entries sharing the same time; CONTACTS is activity's.
NOTES, REFERRALS, ADMISSIONS, DISCHARGES, ALERTS, CONTACTS = range(6)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Cursor:
    """The key of one entry: entries sort by it, and a page starts after one."""

    at: datetime
    source: int
    row: int

    def __str__(self) -> str:
        return f"{(self.at - EPOCH) // timedelta(microseconds=1)}.{self.source}.{self.row}"

    @classmethod
    def parse(cls, token: str) -> Cursor | None:
        """The cursor written by `str`, or None for anything else (a source that does not exist,
        a row id no table can hold)."""
        try:
            micros, source, row = (int(part) for part in token.split("."))
            at = EPOCH + timedelta(microseconds=micros)
        except (ValueError, OverflowError):
            return None
        if source not in range(CONTACTS + 1) or row not in range(2**63):
            return None
        return cls(at, source, row)


@dataclass(frozen=True)
class Span:
    """What a source reads: `limit` rows (all when None) beyond `cursor`, older ones by default,
    newer ones (oldest of them first) with `newer`."""

    limit: int | None = None
    cursor: Cursor | None = None
    newer: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    sensitivity: str = Sensitivity.SOCIAL  # notes have their own; the rest is social
    badge: str = ""  # the sensitivity's label when it is not social
    source: int = 0
    row: int = 0

    @property
    def cursor(self) -> Cursor:
        return Cursor(self.at, self.source, self.row)

    @property
    def when(self) -> str:
        return timezone.localtime(self.at).strftime("%d/%m/%Y %H:%M")

    def html(self) -> SafeString:
        """The entry's list item, escaped: one template node per entry instead of a dozen."""
        badge = format_html(' <span class="badge">{}</span>', self.badge) if self.badge else ""
        detail = format_html("<br>{}", linebreaksbr(self.detail, autoescape=True))
        return format_html(
            '<li class="sensitivity-{}"><span class="meta">{}</span> <strong>{}</strong>{}{}</li>',
            self.sensitivity,
            self.when,
            self.title,
            badge,
            detail if self.detail else "",
        )


Source = Callable[[Beneficiary, FileAccess, Span], list[TimelineEntry]]


def read_rows(
    rows: Callable[[Any], QuerySet[Any]],
    b: Beneficiary,
    field: str,
    source: int,
    span: Span,
    dates: bool = False,
    reader: Hashable = None,
) -> Iterable[tuple[Any, ...]]:
    """`rows(file id)` beyond the span's cursor, in the span's direction, at most `limit` of
    them. `reader` names what `rows` depends on besides the file (the access filter)."""

    def ranged(beneficiary_id: Any, at: datetime | None = None, row: int = 0) -> QuerySet[Any]:
        selected = rows(beneficiary_id)
        cursor = _moved(span.cursor, at, row)
        if cursor is not None:
            selected = selected.filter(_beyond(cursor, span.newer, field, source, dates))
        selected = selected.order_by(*((field, "id") if span.newer else (f"-{field}", "-id")))
        return selected if span.limit is None else selected[: span.limit]

    return _evaluate(ranged, b, span, (source, reader), dates)


def _moved(cursor: Cursor | None, at: datetime | None, row: int) -> Cursor | None:
    """The span's cursor with the time and row given (stand-ins, when compiling a read)."""
    return None if cursor is None or at is None else Cursor(at, cursor.source, row)


# Reads of one page, compiled once (see core/compiled.py): by source, access filter, direction,
# page size and the source of the cursor's entry (which decides the shape of the SQL).
_PAGES: dict[Hashable, CompiledRead] = {}
_PAGES_MAX = 1_000  # distinct access filters are a few per user: forget them all past this
_AT = Parameter(
    DateTimeField(),
    (datetime(1901, 1, 1, 12, 0, 0, 1, tzinfo=UTC), datetime(1901, 1, 2, 12, 0, 0, 1, tzinfo=UTC)),
)
_ROW = Parameter(BigIntegerField(), (2**62 + 1, 2**62 + 3))


def _evaluate(
    ranged: Callable[..., QuerySet[Any]], b: Beneficiary, span: Span, key: Hashable, dates: bool
) -> Iterable[tuple[Any, ...]]:
    """`ranged(file id, cursor's time, cursor's row)` evaluated. A page's read is compiled once;
    `key` must name everything `ranged` depends on besides the file, the span and the cursor.
    Not compiled: the whole history (the export), and pages of a source dated by day beyond a
    cursor, whose SQL changes with whether the cursor falls on a midnight."""
    cursor = span.cursor
    if span.limit is None or (dates and cursor is not None):
        return ranged(b.pk, *((cursor.at, cursor.row) if cursor else ()))
    key = (key, span.newer, span.limit, None if cursor is None else cursor.source)
    read = _PAGES.get(key)
    if read is None:
        if len(_PAGES) >= _PAGES_MAX:
            _PAGES.clear()
        moving = {"at": _AT, "row": _ROW} if cursor else {}
        read = _PAGES[key] = CompiledRead(ranged, beneficiary_id=FILE, **moving)
    if cursor is None:
        return read(beneficiary_id=b.pk)
    return read(beneficiary_id=b.pk, at=cursor.at, row=cursor.row)


def _beyond(cursor: Cursor, newer: bool, field: str, source: int, dates: bool = False) -> Q:
    """Rows whose key (field, source, id) is after the cursor (`newer`) or before it."""
    side = "gt" if newer else "lt"
    value: datetime | date = cursor.at
    if dates:  # a date stands for its local midnight
        value = timezone.localtime(cursor.at).date()
        if midnight(value) != cursor.at:
            return Q(**{f"{field}__{'gt' if newer else 'lte'}": value})
    strictly = Q(**{f"{field}__{side}": value})
    if source == cursor.source:
        return strictly | Q(**{field: value, f"id__{side}": cursor.row})
    if (source < cursor.source) != newer:  # at the same time, a lower source is older
        return strictly | Q(**{field: value})
    return strictly


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def notes_source(b: Beneficiary, access: FileAccess, span: Span) -> list[TimelineEntry]:
    visible = access.note_filter()

    def rows(beneficiary_id: Any) -> QuerySet[Any]:
        return (
            Note.objects.filter(beneficiary_id=beneficiary_id)
            .filter(visible)
            .values_list(
                "created_at",
                "id",
                "author__first_name",
                "author__last_name",
                "author__email",
                "organisation__short_name",
                "organisation__name",
                "text",
                "sensitivity",
            )
        )

    title = _("Note by %(who)s (%(org)s)")
    badges = {**labels(Sensitivity.choices), Sensitivity.SOCIAL: ""}
    return [
        TimelineEntry(
            at,
            "note",
            title % {"who": f"{first} {last}".strip() or email, "org": short or name},
            text,
            sensitivity,
            badges[sensitivity],
            NOTES,
            pk,
        )
        for at, pk, first, last, email, short, name, text, sensitivity in read_rows(
            rows, b, "created_at", NOTES, span, reader=visible
        )
    ]


def referrals_source(b: Beneficiary, access: FileAccess, span: Span) -> list[TimelineEntry]:
    def rows(beneficiary_id: Any) -> QuerySet[Any]:
        return ReferralEvent.objects.filter(referral__beneficiary_id=beneficiary_id).values_list(
            "at", "id", "to_status", "referral__to_organisation__name", "comment"
        )

    statuses = labels(Referral.Status.choices)
    title = _("Referral to %(org)s: %(status)s")
    return [
        TimelineEntry(
            at,
            "referral",
            title % {"org": org, "status": statuses[status]},
            comment,
            source=REFERRALS,
            row=pk,
        )
        for at, pk, status, org, comment in read_rows(rows, b, "at", REFERRALS, span)
    ]


def stays_source(b: Beneficiary, access: FileAccess, span: Span) -> list[TimelineEntry]:
    """Admissions and discharges: up to two entries per stay, from one read of the stays. Each
    stay is ranked by its entry nearest the cursor, so the first `limit` stays hold the first
    `limit` entries (a person's stays are few: they are sorted, not read from an index)."""

    def ranged(beneficiary_id: Any, at: datetime | None = None, row: int = 0) -> QuerySet[Any]:
        discharged = Q(discharged_at__isnull=False)
        # Reading older entries, the nearest is the later one (the discharge on a tie); reading
        # newer ones, the earlier one (the admission on a tie).
        later = (
            Q(discharged_at__lt=F("admitted_at"))
            if span.newer
            else Q(discharged_at__gte=F("admitted_at"))
        )
        beyond = Q()
        cursor = _moved(span.cursor, at, row)
        if cursor is not None:
            admitted = _beyond(cursor, span.newer, "admitted_at", ADMISSIONS)
            discharged &= _beyond(cursor, span.newer, "discharged_at", DISCHARGES)
            beyond = admitted | discharged
            later |= ~admitted
        nearest_is_discharge = discharged & later
        rows = (
            HospitalStay.objects.filter(beyond, beneficiary_id=beneficiary_id)
            .annotate(
                at=Case(
                    When(nearest_is_discharge, then=F("discharged_at")), default=F("admitted_at")
                ),
                source=Case(
                    When(nearest_is_discharge, then=Value(DISCHARGES)), default=Value(ADMISSIONS)
                ),
            )
            .order_by(*(("at", "source", "id") if span.newer else ("-at", "-source", "-id")))
            .values_list(
                "admitted_at", "discharged_at", "id", "establishment__name", "via_emergency", "unit"
            )
        )
        return rows if span.limit is None else rows[: span.limit]

    entered, left = _("Admission at %(place)s"), _("Discharge from %(place)s")
    emergency = _("via the emergency department")
    entries = []
    for admitted_at, discharged_at, pk, place, via_emergency, unit in _evaluate(
        ranged, b, span, (ADMISSIONS, None), dates=False
    ):
        if _within(span, admitted_at, ADMISSIONS, pk):
            detail = emergency if via_emergency else unit
            entries.append(
                TimelineEntry(
                    admitted_at,
                    "stay",
                    entered % {"place": place},
                    detail,
                    source=ADMISSIONS,
                    row=pk,
                )
            )
        if discharged_at is not None and _within(span, discharged_at, DISCHARGES, pk):
            entries.append(
                TimelineEntry(
                    discharged_at, "stay", left % {"place": place}, source=DISCHARGES, row=pk
                )
            )
    return entries


def _within(span: Span, at: datetime, source: int, row: int) -> bool:
    """The entry is beyond the span's cursor: `_beyond`, for one entry already read."""
    if span.cursor is None:
        return True
    key, cursor = (at, source, row), (span.cursor.at, span.cursor.source, span.cursor.row)
    return key > cursor if span.newer else key < cursor


def alerts_source(b: Beneficiary, access: FileAccess, span: Span) -> list[TimelineEntry]:
    def rows(beneficiary_id: Any) -> QuerySet[Any]:
        return Alert.objects.filter(beneficiary_id=beneficiary_id).values_list(
            "raised_at", "id", "kind"
        )

    rules = labels(AlertKind.choices)
    title = _("Alert: %s")
    return [
        TimelineEntry(at, "alert", title % rules[kind], source=ALERTS, row=pk)
        for at, pk, kind in read_rows(rows, b, "raised_at", ALERTS, span)
    ]


SOURCES: list[Source] = [
    notes_source,
    referrals_source,
    stays_source,
    alerts_source,
]


def register_source(source: Source) -> None:
    """Add a source from an app that depends on this one (read with `read_rows`, ranked by a
    constant above); registering it again does nothing."""
    if source not in SOURCES:
        SOURCES.append(source)


def _merged(beneficiary: Beneficiary, access: FileAccess, span: Span) -> list[TimelineEntry]:
    """The span's entries of every source, in the span's reading order."""
    if not access.content:
        return []
    entries = [entry for source in SOURCES for entry in source(beneficiary, access, span)]
    entries.sort(key=lambda e: (e.at, e.source, e.row), reverse=not span.newer)
    return entries[: span.limit]


def timeline(
    beneficiary: Beneficiary, access: FileAccess, limit: int | None = None
) -> list[TimelineEntry]:
    """The newest `limit` entries of all sources merged (all entries when `limit` is None)."""
    return _merged(beneficiary, access, Span(limit=limit))


@dataclass(frozen=True)
class TimelinePage:
    """One page, newest first, and the query strings of the pages around it (None: no page)."""

    entries: list[TimelineEntry]
    newer: str | None = None
    older: str | None = None


def timeline_page(
    beneficiary: Beneficiary,
    access: FileAccess,
    *,
    before: str = "",
    after: str = "",
    per_page: int = 25,
) -> TimelinePage:
    """The entries older than the `before` cursor, or newer than `after`, or the newest."""
    later = Cursor.parse(after)
    cursor = later or Cursor.parse(before)
    newer = later is not None
    entries = _merged(beneficiary, access, Span(per_page + 1, cursor, newer))
    more = len(entries) > per_page
    entries = entries[:per_page]
    if newer:
        entries.reverse()
    if not entries:
        return TimelinePage(entries, newer="" if cursor else None)
    has_newer = more if newer else cursor is not None
    has_older = more or newer
    return TimelinePage(
        entries,
        newer=f"after={entries[0].cursor}" if has_newer else None,
        older=f"before={entries[-1].cursor}" if has_older else None,
    )
