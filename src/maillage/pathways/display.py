"""What the pages print, computed once per row: dates in local time, choice labels translated
once per page, links reversed in Python. The templates then print strings and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext


def day(value: date | datetime | None) -> str:
    """`value|date:"d/m/Y"`, in the local time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def minute(value: datetime | None) -> str:
    """`value|date:"d/m/Y H:i"`, in the local time zone."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


# Ids no row will have: a link is reversed once with one, then each row's id replaces it.
STAND_IN_ID = 2_147_483_647
STAND_IN_UUID = UUID(int=0)


def links(name: str, *args: Any, stand_in: Any = STAND_IN_ID) -> Callable[[Any], str]:
    """`reverse(name, args=[*args, id])` for each row's id, at the cost of one reverse."""
    head, _, tail = reverse(name, args=[*args, stand_in]).rpartition(str(stand_in))
    return lambda pk: f"{head}{pk}{tail}"


def labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Choice labels translated once per page, not once per row."""
    return {value: str(label) for value, label in choices}


def items_missing(count: int) -> str:
    if not count:
        return ""
    return ngettext("%(n)s item missing", "%(n)s items missing", count) % {"n": count}


@dataclass(frozen=True)
class ReferralLine:
    url: str
    created_on: str
    sender: str
    receiver: str
    status: str
    appointment: str


@dataclass(frozen=True)
class StayLine:
    url: str
    place: str
    admitted_on: str
    via_emergency: bool
    discharged_on: str  # "" while in hospital
    missing: str  # the checklist items missing at discharge


def organisation_label(short_name: str, name: str) -> str:
    return short_name or name


def person_label(first_name: str, last_name: str, email: str) -> str:
    """What `str(user)` prints: the full name, else the e-mail address."""
    return f"{first_name} {last_name}".strip() or email


@dataclass(frozen=True)
class AlertLine:
    kind: str
    raised_on: str


@dataclass(frozen=True)
class NeedLine:
    pk: int
    domain: str
    status: str  # the value, to select the current option
    status_label: str
    description: str
    status_url: str


@dataclass(frozen=True)
class MemberLine:
    professional: str
    organisation: str
    role: str
    basis: str
    end_url: str


@dataclass(frozen=True)
class NoticeLine:
    informed_on: str
    informed_by: str
    method: str


@dataclass
class ConsentLine:
    scope: str
    withdrawn_on: str
    withdraw_url: str
    fhir_url: str
    recipients: list[str]

    @property
    def recipients_label(self) -> str:
        return ", ".join(self.recipients)


@dataclass(frozen=True)
class StepLine:
    title: str
    organisation: str
    target: str
    due_on: str
    status: str
    delay_days: int | None
    complete_url: str  # "" unless the step can be marked done (pending and due)


@dataclass
class PathwayView:
    pk: int
    name: str
    started_on: str
    steps: list[StepLine]
