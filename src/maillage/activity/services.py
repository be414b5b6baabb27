"""Writes of the activity app: each checks permission first, runs in a transaction, is audited.

No service stores or audits a name: identities are encoded before the row is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from maillage.activity.access import can_recompute, can_record_for
from maillage.activity.counting import NETWORK_KEY, Cell, ContactRow, count
from maillage.activity.identity import Identity, encode, identity_of_beneficiary
from maillage.activity.models import (
    AgeBand,
    AudienceCount,
    Contact,
    CountRun,
    Figure,
    Kind,
    PreventionEvent,
    Scope,
    Sex,
    Source,
    Theme,
)
from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Hub, Organisation, Territory
from maillage.pathways.access import file_access


@dataclass(frozen=True)
class ContactData:
    """Everything about one contact except who records it."""

    organisation: Organisation
    kind: str
    date: dt.date
    hub: Hub | None = None
    themes: Sequence[str] = ()
    identity: Identity = field(default_factory=Identity)
    beneficiary: Any = None
    quartier: Territory | None = None
    age_band: str = AgeBand.UNKNOWN
    sex: str = Sex.UNKNOWN
    is_new: bool = True


def _check_values(data: ContactData) -> None:
    if data.kind not in Kind.values:
        raise ValueError(f"Unknown contact kind {data.kind!r}")
    if unknown := set(data.themes) - set(Theme.values):
        raise ValueError(f"Unknown themes {sorted(unknown)}")
    if data.hub is not None and data.hub.host_id != data.organisation.pk:
        raise ValueError("A hub's contacts belong to its host organisation.")


def _build_contact(*, actor: User, data: ContactData, source: str) -> Contact:
    _check_values(data)
    if not can_record_for(actor, organisation_id=data.organisation.pk):
        raise PermissionDenied("You may not record activity for this organisation.")
    identity = data.identity
    if data.beneficiary is not None:
        # CSP L1110-4: only those who may write on the file record its contacts.
        if not file_access(actor, data.beneficiary).writes:
            raise PermissionDenied("You may not record on this pathway file.")
        # Encoded like anonymous contacts so that the count links them across partners.
        identity = identity_of_beneficiary(data.beneficiary)
    contact = Contact(
        date=data.date,
        organisation=data.organisation,
        hub=data.hub,
        kind=data.kind,
        themes=sorted(set(data.themes)),
        encoding=encode(identity),
        quartier=data.quartier,
        age_band=data.age_band,
        sex=identity.sex if data.sex == Sex.UNKNOWN else data.sex,
        is_new=data.is_new,
        source=source,
        recorded_by=actor,
    )
    if data.beneficiary is not None:
        contact.beneficiary = data.beneficiary
        contact.source = Source.PATHWAY
    return contact


def _audit_detail(contact: Contact) -> dict[str, Any]:
    return {
        "organisation": contact.organisation_id,
        "hub": contact.hub_id,
        "date": contact.date.isoformat(),
        "kind": contact.kind,
        "source": contact.source,
        "encoded": contact.encoding is not None,
        "beneficiary": str(contact.beneficiary_id) if contact.beneficiary_id else None,
    }


@transaction.atomic
def contact_record(
    *,
    actor: User,
    data: ContactData,
    source: str = Source.QUICK_ENTRY,
    request: HttpRequest | None = None,
) -> Contact:
    contact = _build_contact(actor=actor, data=data, source=source)
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.CONTACT_RECORD,
        obj=contact,
        subject=contact.beneficiary,  # a contact recorded from a person's file concerns them
        request=request,
        detail=_audit_detail(contact),
    )
    return contact


@transaction.atomic
def contacts_record_many(
    *,
    actor: User,
    rows: Iterable[ContactData],
    source: str = Source.IMPORT,
    request: HttpRequest | None = None,
    note: str = "",
) -> list[Contact]:
    """Record a batch (a partner's yearly file) in one transaction and one audit event."""
    contacts = [_build_contact(actor=actor, data=row, source=source) for row in rows]
    Contact.objects.bulk_create(contacts, batch_size=500)
    dates = sorted(c.date for c in contacts)
    audit_record(
        actor=actor,
        action=AuditAction.CONTACT_IMPORT,
        object_type=Contact._meta.label_lower,
        request=request,
        detail={
            "count": len(contacts),
            "organisations": sorted({c.organisation_id for c in contacts}),
            "from": dates[0].isoformat() if dates else None,
            "to": dates[-1].isoformat() if dates else None,
            "note": note,
        },
    )
    return contacts


@dataclass(frozen=True)
class EventData:
    title: str
    kind: str
    date: dt.date
    organiser: Organisation
    ended_on: dt.date | None = None
    hub: Hub | None = None
    quartier: Territory | None = None
    partners: Sequence[Organisation] = ()
    themes: Sequence[str] = ()
    description: str = ""
    # (age band, sex) -> people reached
    audience: dict[tuple[str, str], int] = field(default_factory=dict)


def _check_event(data: EventData) -> None:
    if data.kind not in PreventionEvent.Kind.values:
        raise ValueError(f"Unknown event kind {data.kind!r}")
    if unknown := set(data.themes) - set(Theme.values):
        raise ValueError(f"Unknown themes {sorted(unknown)}")
    if data.ended_on and data.ended_on < data.date:
        raise ValueError("An event cannot end before it starts.")
    if any(count < 0 for count in data.audience.values()):
        raise ValueError("Audience counts cannot be negative.")


@transaction.atomic
def prevention_event_create(
    *, actor: User, data: EventData, request: HttpRequest | None = None
) -> PreventionEvent:
    if not can_record_for(actor, organisation_id=data.organiser.pk):
        raise PermissionDenied("You may not record events for this organisation.")
    _check_event(data)
    event = PreventionEvent.objects.create(
        title=data.title,
        kind=data.kind,
        date=data.date,
        ended_on=data.ended_on,
        organiser=data.organiser,
        hub=data.hub,
        quartier=data.quartier,
        themes=sorted(set(data.themes)),
        description=data.description,
        recorded_by=actor,
    )
    event.partners.set(data.partners)
    AudienceCount.objects.bulk_create(
        AudienceCount(event=event, age_band=band, sex=sex, count=count)
        for (band, sex), count in data.audience.items()
        if count
    )
    audit_record(
        actor=actor,
        action=AuditAction.PREVENTION_EVENT_CREATE,
        obj=event,
        request=request,
        detail={"organiser": data.organiser.pk, "audience": sum(data.audience.values())},
    )
    return event


KEEP_RUNS = 10


def _contact_rows() -> Iterator[ContactRow]:
    fields = [
        "id",
        "date",
        "hub_id",
        "organisation_id",
        "quartier_id",
        "themes",
        "encoding",
        "beneficiary_id",
    ]
    for values in Contact.objects.values(*fields).order_by("id").iterator(chunk_size=2000):
        beneficiary = values.get("beneficiary_id")
        yield ContactRow(
            id=values["id"],
            year=values["date"].year,
            hub_id=values["hub_id"],
            organisation_id=values["organisation_id"],
            quartier_id=values["quartier_id"],
            themes=tuple(values["themes"] or ()),
            encoding=values["encoding"],
            beneficiary_id=str(beneficiary) if beneficiary else None,
        )


def _labels() -> dict[str, dict[str, str]]:
    return {
        "network": {NETWORK_KEY: str(Scope.NETWORK.label)},
        "hub": {str(pk): name for pk, name in Hub.objects.values_list("pk", "name")},
        "organisation": {
            str(pk): short or name
            for pk, short, name in Organisation.objects.values_list("pk", "short_name", "name")
        },
        "quartier": {str(pk): name for pk, name in Territory.objects.values_list("pk", "name")},
        "theme": {code: str(label) for code, label in Theme.choices},
        "hubs_seen": {"1": "1", "2": "2", "3+": "3+"},
    }


def count_run_execute() -> CountRun:
    """Recount unique people over every contact and store the figures (system task)."""
    run = CountRun.objects.create()
    try:
        rows = list(_contact_rows())
        cells = count(rows)
    except Exception:
        CountRun.objects.filter(pk=run.pk).update(
            status=CountRun.Status.FAILED, finished_at=timezone.now()
        )
        raise
    _store_figures(run, rows, cells)
    return run


def _label(labels: dict[str, dict[str, str]], scope: str, key: str) -> str:
    if scope == "hub_pair":
        return " × ".join(labels["hub"].get(part, part) for part in key.split("-"))
    return labels[scope].get(key, key)


@transaction.atomic
def _store_figures(run: CountRun, rows: list[ContactRow], cells: dict[tuple, Cell]) -> None:
    labels = _labels()
    Figure.objects.bulk_create(
        (
            Figure(
                run=run,
                year=year,
                scope=scope,
                key=key,
                label=_label(labels, scope, key)[:200],
                contacts=cell.contacts,
                people=len(cell.people),
                new_people=cell.new_people,
                multi_hub_people=cell.multi_hub_people,
            )
            for (year, scope, key), cell in cells.items()
        ),
        batch_size=1000,
    )
    run.contacts = len(rows)
    run.people = len(
        {p for (_, scope, _), cell in cells.items() if scope == "network" for p in cell.people}
    )
    run.status = CountRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    old = CountRun.objects.order_by("-started_at", "-id").values_list("pk", flat=True)[KEEP_RUNS:]
    CountRun.objects.filter(pk__in=list(old)).delete()
    audit_record(
        actor=None,
        action=AuditAction.ACTIVITY_COUNT,
        obj=run,
        detail={"contacts": run.contacts, "people": run.people},
    )


def count_request(*, actor: User, request: HttpRequest | None = None) -> None:
    """A coordinator asks for the count now; the worker runs it (at once in tests)."""
    from maillage.activity.tasks import count_unique_people

    if not can_recompute(actor):
        raise PermissionDenied("Only a network coordinator may recompute the figures.")
    audit_record(
        actor=actor,
        action=AuditAction.ACTIVITY_COUNT_REQUEST,
        object_type=CountRun._meta.label_lower,
        request=request,
    )
    count_unique_people.enqueue()
