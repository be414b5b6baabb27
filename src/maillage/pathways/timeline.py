"""The file's timeline: each source is one function; adding a source is adding one function.

A source returns its newest `limit` entries (all when `limit` is None), so a page of a long
timeline reads a bounded number of rows from each source, whatever the file's history.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.pathways.access import FileAccess
from maillage.pathways.models import Alert, Beneficiary, HospitalStay, Note, Referral, ReferralEvent
from maillage.pathways.models.alert import AlertKind


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    sensitivity: str = ""


Source = Callable[[Beneficiary, FileAccess, int | None], list[TimelineEntry]]


def notes_source(b: Beneficiary, access: FileAccess, limit: int | None) -> list[TimelineEntry]:
    rows = (
        Note.objects.filter(beneficiary=b)
        .filter(access.note_filter())
        .order_by("-created_at", "-id")
        .values_list(
            "created_at",
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
    return [
        TimelineEntry(
            at,
            "note",
            title % {"who": f"{first} {last}".strip() or email, "org": short or name},
            text,
            sensitivity,
        )
        for at, first, last, email, short, name, text, sensitivity in rows[:limit]
    ]


def referrals_source(b: Beneficiary, access: FileAccess, limit: int | None) -> list[TimelineEntry]:
    rows = (
        ReferralEvent.objects.filter(referral__beneficiary=b)
        .order_by("-at", "-id")
        .values_list("at", "to_status", "referral__to_organisation__name", "comment")
    )
    labels = dict(Referral.Status.choices)
    title = _("Referral to %(org)s: %(status)s")
    return [
        TimelineEntry(at, "referral", title % {"org": org, "status": labels[status]}, comment)
        for at, status, org, comment in rows[:limit]
    ]


def stays_source(b: Beneficiary, access: FileAccess, limit: int | None) -> list[TimelineEntry]:
    rows = (
        HospitalStay.objects.filter(beneficiary=b)
        .order_by("-admitted_at")
        .values_list("admitted_at", "discharged_at", "establishment__name", "via_emergency", "unit")
    )
    admitted, discharged = _("Admission at %(place)s"), _("Discharge from %(place)s")
    emergency = _("via the emergency department")
    entries = []
    for at, out, place, via_emergency, unit in rows[:limit]:
        entries.append(
            TimelineEntry(
                at, "stay", admitted % {"place": place}, emergency if via_emergency else unit
            )
        )
        if out:
            entries.append(TimelineEntry(out, "stay", discharged % {"place": place}))
    return entries


def alerts_source(b: Beneficiary, access: FileAccess, limit: int | None) -> list[TimelineEntry]:
    rows = (
        Alert.objects.filter(beneficiary=b).order_by("-raised_at").values_list("raised_at", "kind")
    )
    labels = dict(AlertKind.choices)
    title = _("Alert: %s")
    return [TimelineEntry(at, "alert", title % labels[kind]) for at, kind in rows[:limit]]


def contacts_source(b: Beneficiary, access: FileAccess, limit: int | None) -> list[TimelineEntry]:
    """Contacts recorded by the activity app (its selector, once it exists)."""
    try:
        selectors: Any = importlib.import_module("maillage.activity.selectors")
    except ModuleNotFoundError:
        return []
    contacts_for = getattr(selectors, "contacts_for_beneficiary", None)
    if contacts_for is None:
        return []
    contacts = contacts_for(beneficiary_id=b.pk)
    return [TimelineEntry(_as_datetime(c), "contact", _contact_title(c)) for c in contacts[:limit]]


def _as_datetime(contact: Any) -> datetime:
    value = getattr(contact, "at", None) or getattr(contact, "date", None)
    if isinstance(value, datetime):
        return value
    if value is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(value, datetime.min.time()))


def _contact_title(contact: Any) -> str:
    display = getattr(contact, "get_kind_display", None)
    kind = display() if callable(display) else getattr(contact, "kind", "")
    return _("Contact: %s") % kind if kind else _("Contact")


SOURCES: list[Source] = [
    notes_source,
    referrals_source,
    stays_source,
    alerts_source,
    contacts_source,
]


def timeline(
    beneficiary: Beneficiary, access: FileAccess, limit: int | None = None
) -> list[TimelineEntry]:
    """The newest `limit` entries of all sources merged (all entries when `limit` is None)."""
    if not access.content:
        return []
    entries = [entry for source in SOURCES for entry in source(beneficiary, access, limit)]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def timeline_page(
    beneficiary: Beneficiary, access: FileAccess, number: int, per_page: int = 100
) -> TimelinePage:
    entries = timeline(beneficiary, access, limit=number * per_page + 1)
    start = (number - 1) * per_page
    return TimelinePage(
        entries=entries[start : start + per_page],
        number=number,
        has_next=len(entries) > number * per_page,
    )
