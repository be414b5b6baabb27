"""The file's timeline: each source is one function; adding a source is adding one function."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.pathways.access import FileAccess
from maillage.pathways.models import Alert, Beneficiary, HospitalStay, Note, ReferralEvent


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    sensitivity: str = ""


Source = Callable[[Beneficiary, FileAccess], Iterable[TimelineEntry]]


def notes_source(beneficiary: Beneficiary, access: FileAccess) -> Iterable[TimelineEntry]:
    notes = Note.objects.filter(beneficiary=beneficiary).select_related("organisation", "author")
    for note in notes:
        if access.may_see_note(note):
            yield TimelineEntry(
                note.created_at,
                "note",
                _("Note by %(who)s (%(org)s)")
                % {"who": note.author, "org": note.organisation.short_name or note.organisation},
                note.text,
                note.sensitivity,
            )


def referrals_source(beneficiary: Beneficiary, access: FileAccess) -> Iterable[TimelineEntry]:
    events = ReferralEvent.objects.filter(referral__beneficiary=beneficiary).select_related(
        "referral__to_organisation", "organisation"
    )
    for event in events:
        yield TimelineEntry(
            event.at,
            "referral",
            _("Referral to %(org)s: %(status)s")
            % {"org": event.referral.to_organisation, "status": event.get_to_status_display()},
            event.comment,
        )


def stays_source(beneficiary: Beneficiary, access: FileAccess) -> Iterable[TimelineEntry]:
    for stay in HospitalStay.objects.filter(beneficiary=beneficiary).select_related(
        "establishment"
    ):
        yield TimelineEntry(
            stay.admitted_at,
            "stay",
            _("Admission at %(place)s") % {"place": stay.establishment},
            _("via the emergency department") if stay.via_emergency else stay.unit,
        )
        if stay.discharged_at:
            yield TimelineEntry(
                stay.discharged_at,
                "stay",
                _("Discharge from %(place)s") % {"place": stay.establishment},
            )


def alerts_source(beneficiary: Beneficiary, access: FileAccess) -> Iterable[TimelineEntry]:
    for alert in Alert.objects.filter(beneficiary=beneficiary):
        yield TimelineEntry(alert.raised_at, "alert", _("Alert: %s") % alert.get_kind_display())


def contacts_source(beneficiary: Beneficiary, access: FileAccess) -> Iterable[TimelineEntry]:
    """Contacts recorded by the activity app, once it provides its selector."""
    try:
        selectors: Any = importlib.import_module("maillage.activity.selectors")
    except ModuleNotFoundError:
        return
    contacts_for = getattr(selectors, "contacts_for_beneficiary", None)
    if contacts_for is None:
        return
    for contact in contacts_for(beneficiary_id=beneficiary.pk):
        yield TimelineEntry(_as_datetime(contact), "contact", _contact_title(contact))


def _as_datetime(contact: Any) -> datetime:
    value = getattr(contact, "at", None) or getattr(contact, "date", None)
    if isinstance(value, datetime):
        return value
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


def timeline(beneficiary: Beneficiary, access: FileAccess) -> list[TimelineEntry]:
    if not access.content:
        return []
    entries = [entry for source in SOURCES for entry in source(beneficiary, access)]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
