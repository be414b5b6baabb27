"""The file page's sections, each read in one query as rows of printable strings.

The page is the most read page of a pathway: it reads the columns it prints (no model instances,
no related objects it does not show) and resolves labels, dates and links once per row, so that
the template prints strings. Each section's query is compiled to SQL once per process
(`CompiledRead`): only the file's id changes from one page to the next. The access policy has
already decided what the reader may see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from maillage.core.compiled import CompiledRead, Parameter
from maillage.pathways.access import FileAccess
from maillage.pathways.display import (
    STAND_IN_UUID,
    AlertLine,
    ConsentLine,
    MemberLine,
    NeedLine,
    NoticeLine,
    PathwayView,
    ReferralLine,
    StayLine,
    StepLine,
    day,
    labels,
    links,
    minute,
    organisation_label,
    person_label,
)
from maillage.pathways.models import (
    Alert,
    Beneficiary,
    CareTeamMember,
    Consent,
    HospitalStay,
    InformationNotice,
    Need,
    Pathway,
    PathwayStep,
    Referral,
)
from maillage.pathways.models.stay import CHECKLIST

RECENT = 10  # referrals and stays shown in their sections; the timeline holds the whole history


FILE = Parameter(Beneficiary._meta.pk, (UUID(int=1), UUID(int=2)))


def per_file(build: Callable[..., QuerySet[Any]]) -> CompiledRead:
    """A section's read, `build(beneficiary_id=…)`, compiled once."""
    return CompiledRead(build, beneficiary_id=FILE)


_OPEN_ALERTS = per_file(
    lambda beneficiary_id: (
        Alert.objects.filter(beneficiary_id=beneficiary_id, resolved_at__isnull=True)
        .order_by("-raised_at", "-id")
        .values_list("kind", "raised_at")
    )
)


def open_alerts(beneficiary_id: Any) -> list[AlertLine]:
    kinds = labels(Alert._meta.get_field("kind").flatchoices)
    rows = _OPEN_ALERTS(beneficiary_id=beneficiary_id)
    return [AlertLine(kind=kinds.get(kind, kind), raised_on=day(at)) for kind, at in rows]


_NEEDS = per_file(
    lambda beneficiary_id: (
        Need.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("created_at", "id")
        .values_list("id", "domain", "status", "description")
    )
)


def needs(beneficiary_id: Any, access: FileAccess) -> tuple[list[NeedLine], int]:
    """The needs the reader may see, and how many health needs are kept from them."""
    domains, statuses = labels(Need.Domain.choices), labels(Need.Status.choices)
    rows = _NEEDS(beneficiary_id=beneficiary_id)
    shown, hidden = [], 0
    status_url = links("pathways:need_status", beneficiary_id)
    for pk, domain, status, description in rows:
        if not access.may_see_need(domain):
            hidden += 1
            continue
        shown.append(
            NeedLine(pk, domains[domain], status, statuses[status], description, status_url(pk))
        )
    return shown, hidden


# The whole team, past members too (a person's team is a handful of rows): who is active is
# decided on the application's clock, as `CareTeamMember.objects.active()` does.
_CARE_TEAM = per_file(
    lambda beneficiary_id: (
        CareTeamMember.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("started_at", "id")
        .values_list(
            "id",
            "professional__first_name",
            "professional__last_name",
            "professional__email",
            "organisation__short_name",
            "organisation__name",
            "role",
            "basis",
            "started_at",
            "ended_at",
        )
    )
)


def care_team(beneficiary_id: Any) -> list[MemberLine]:
    roles, bases = labels(CareTeamMember.Role.choices), labels(CareTeamMember.Basis.choices)
    now = timezone.now()
    end_url = links("pathways:care_team_end", beneficiary_id)
    return [
        MemberLine(
            professional="" if email is None else person_label(first, last, email),
            organisation=organisation_label(short, name),
            role=roles[role],
            basis=bases[basis].lower(),
            end_url=end_url(pk),
        )
        for pk, first, last, email, short, name, role, basis, started, ended in _CARE_TEAM(
            beneficiary_id=beneficiary_id
        )
        if CareTeamMember.active_at(started, ended, now)
    ]


_NOTICES = per_file(
    lambda beneficiary_id: (
        InformationNotice.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("-informed_on", "-id")
        .values_list(
            "informed_on",
            "informed_by__first_name",
            "informed_by__last_name",
            "informed_by__email",
            "method",
        )
    )
)


def notices(beneficiary_id: Any) -> list[NoticeLine]:
    methods = labels(InformationNotice.Method.choices)
    rows = _NOTICES(beneficiary_id=beneficiary_id)
    return [
        NoticeLine(day(on), person_label(first, last, email), methods[method])
        for on, first, last, email, method in rows
    ]


_CONSENTS = per_file(
    lambda beneficiary_id: (
        Consent.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("-given_at", "-id", "recipients__name")
        .values_list("id", "scope", "withdrawn_at", "recipients__short_name", "recipients__name")
    )
)


def consents(beneficiary_id: Any) -> list[ConsentLine]:
    """Each consent with its recipients, from one read (one row per recipient)."""
    scopes = labels(Consent.Scope.choices)
    rows = _CONSENTS(beneficiary_id=beneficiary_id)
    withdraw_url = links("pathways:consent_withdraw", beneficiary_id)
    fhir_url = links("pathways:consent_fhir", beneficiary_id)
    lines: dict[int, ConsentLine] = {}
    for pk, scope, withdrawn_at, short, name in rows:
        line = lines.get(pk)
        if line is None:
            line = lines[pk] = ConsentLine(
                scope=scopes[scope],
                withdrawn_on=day(withdrawn_at),
                withdraw_url=withdraw_url(pk),
                fhir_url=fhir_url(pk),
                recipients=[],
            )
        if name is not None:
            line.recipients.append(organisation_label(short, name))
    return list(lines.values())


_RECENT_REFERRALS = per_file(
    lambda beneficiary_id: (
        Referral.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("-created_at", "-id")
        .values_list(
            "id",
            "created_at",
            "from_organisation__short_name",
            "from_organisation__name",
            "to_organisation__short_name",
            "to_organisation__name",
            "status",
            "appointment_at",
        )[:RECENT]
    )
)


def recent_referrals(beneficiary_id: Any) -> list[ReferralLine]:
    statuses = labels(Referral.Status.choices)
    rows = _RECENT_REFERRALS(beneficiary_id=beneficiary_id)
    url = links("pathways:referral", stand_in=STAND_IN_UUID)
    return [
        ReferralLine(
            url=url(pk),
            created_on=day(created_at),
            sender=organisation_label(from_short, from_name),
            receiver=organisation_label(to_short, to_name),
            status=statuses[status],
            appointment=minute(appointment_at) or "—",
        )
        for pk, created_at, from_short, from_name, to_short, to_name, status, appointment_at in rows
    ]


_RECENT_STAYS = per_file(
    lambda beneficiary_id: (
        HospitalStay.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("-admitted_at", "-id")
        .values_list(
            "id",
            "establishment__short_name",
            "establishment__name",
            "admitted_at",
            "via_emergency",
            "discharged_at",
            "missing_at_discharge",
        )[:RECENT]
    )
)


def recent_stays(beneficiary_id: Any) -> list[StayLine]:
    items = labels(CHECKLIST)
    rows = _RECENT_STAYS(beneficiary_id=beneficiary_id)
    url = links("pathways:stay", beneficiary_id)
    return [
        StayLine(
            url=url(pk),
            place=organisation_label(short, name),
            admitted_on=day(admitted_at),
            via_emergency=via_emergency,
            discharged_on=day(discharged_at),
            missing=", ".join(items.get(item, item) for item in missing or []),
        )
        for pk, short, name, admitted_at, via_emergency, discharged_at, missing in rows
    ]


_PATHWAYS = per_file(
    lambda beneficiary_id: (
        Pathway.objects.filter(beneficiary_id=beneficiary_id)
        .order_by("-started_on", "-id", "steps__order", "steps__id")
        .values_list(
            "id",
            "template__name",
            "started_on",
            "steps__id",
            "steps__order",
            "steps__name",
            "steps__organisation__short_name",
            "steps__organisation__name",
            "steps__target_days",
            "steps__due_on",
            "steps__completed_on",
            "steps__status",
        )
    )
)


def pathways(beneficiary_id: Any, today: date | None = None) -> list[PathwayView]:
    """Each care pathway with its steps, from one read (one row per step)."""
    today = today or timezone.localdate()
    statuses = labels(PathwayStep.Status.choices)
    rows = _PATHWAYS(beneficiary_id=beneficiary_id)
    complete_url = links("pathways:step_complete", beneficiary_id)
    views: dict[int, PathwayView] = {}
    for pk, template, started_on, step_pk, *step in rows:
        view = views.get(pk)
        if view is None:
            view = views[pk] = PathwayView(pk, template, day(started_on), steps=[])
        if step_pk is not None:
            view.steps.append(_step_line(step_pk, step, statuses, today, complete_url))
    return list(views.values())


def _step_line(
    pk: int,
    step: list[Any],
    statuses: dict[str, str],
    today: date,
    complete_url: Callable[[Any], str],
) -> StepLine:
    order, name, short, organisation, target_days, due_on, completed_on, status = step
    pending = status == PathwayStep.Status.PENDING and due_on is not None
    return StepLine(
        title=f"{order}. {name}",
        organisation=organisation_label(short, organisation),
        target=f"{target_days} j",
        due_on=day(due_on) or "—",
        status=statuses[status],
        delay_days=PathwayStep.delay_between(due_on, completed_on, today),
        complete_url=complete_url(pk) if pending else "",
    )
