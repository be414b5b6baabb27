"""Reads of the calls app: open calls, applications as each side sees them, the review board,
the envelope, and the grants (for the exports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from maillage.calls import access
from maillage.calls.models import (
    Application,
    ApplicationDocument,
    ApplicationState,
    CallForProjects,
    CallStatus,
    Criterion,
    Grant,
    Review,
)
from maillage.core.models import Role
from maillage.core.permissions import organisation_ids
from maillage.core.services import PermissionDenied
from maillage.network.models import Organisation


def call_by_slug(*, slug: str) -> CallForProjects:
    call = CallForProjects.objects.select_related("funder").filter(slug=slug).first()
    if call is None:
        raise Http404
    return call


def open_calls(*, now: dt.datetime | None = None) -> QuerySet[CallForProjects]:
    now = now or timezone.now()
    return CallForProjects.objects.filter(
        status=CallStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now
    ).select_related("funder")


def applicant_organisations(*, actor: Any) -> QuerySet[Organisation]:
    ids = organisation_ids(actor, access.APPLICANT_ROLES)
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def calls_open_for(*, actor: Any, now: dt.datetime | None = None) -> list[CallForProjects]:
    """Open calls one of the user's organisations may apply to."""
    kinds = set(applicant_organisations(actor=actor).values_list("kind", flat=True))
    return [c for c in open_calls(now=now) if not c.eligible_kinds or kinds & set(c.eligible_kinds)]


def calls_instructed_by(*, actor: Any) -> list[CallForProjects]:
    calls = CallForProjects.objects.select_related("funder").order_by("-closes_at")
    return [c for c in calls if access.reads_call(actor, c)]


def applications_of(*, actor: Any) -> QuerySet[Application]:
    ids = organisation_ids(actor, access.APPLICANT_ROLES)
    return (
        Application.objects.filter(organisation_id__in=ids)
        .select_related("call", "organisation")
        .order_by("-updated_at")
    )


def reviews_of(*, actor: Any) -> QuerySet[Review]:
    return Review.objects.filter(reviewer=actor, conflict_declared=False).select_related(
        "application__call", "application__organisation"
    )


def application_open(
    *, actor: Any, application_id: Any
) -> tuple[Application, access.ApplicationAccess]:
    """The application with what the user may do on it; 404 when unknown, PermissionDenied
    when the policy refuses it (a reviewer with a conflict of interest included)."""
    try:
        application = (
            Application.objects.select_related("call__funder", "organisation", "created_by")
            .filter(pk=application_id)
            .first()
        )
    except (ValueError, TypeError):
        application = None
    if application is None:
        raise Http404
    rights = access.application_access(actor, application)
    if not rights.read:
        raise PermissionDenied
    return application, rights


def document_open(*, actor: Any, document_id: int) -> ApplicationDocument:
    document = (
        ApplicationDocument.objects.select_related("application__call")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404
    application_open(actor=actor, application_id=document.application_id)
    return document


@dataclass
class EnvelopeStatus:
    envelope: Decimal
    granted: Decimal
    remaining: Decimal
    by_theme: list[tuple[str, Decimal, Decimal]]  # theme, envelope, granted


def envelope_status(*, call: CallForProjects) -> EnvelopeStatus:
    from maillage.calls.services import granted_total

    granted = granted_total(call)
    by_theme = [
        (theme, Decimal(str(amount)), granted_total(call, theme))
        for theme, amount in call.envelope_by_theme.items()
    ]
    return EnvelopeStatus(call.envelope, granted, call.envelope - granted, by_theme)


@dataclass
class ReviewerScore:
    reviewer: Any
    score: float | None  # weighted, 0–5; None until submitted
    comments: str


@dataclass
class BoardRow:
    application: Application
    score: float | None
    reviewers: list[ReviewerScore]
    grant: Grant | None


def weighted(scores: dict[str, int], criteria: list[Criterion]) -> float | None:
    total = sum(c.weight for c in criteria)
    if not scores or not total:
        return None
    return round(sum(scores.get(str(c.pk), 0) * c.weight for c in criteria) / total, 2)


def board(*, call: CallForProjects) -> list[BoardRow]:
    """Applications under review or decided, ranked by their mean weighted score."""
    criteria = list(call.criteria.all())
    shown = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
             ApplicationState.CORRECTION_REQUESTED, ApplicationState.ACCEPTED,
             ApplicationState.REFUSED)  # fmt: skip
    applications = (
        call.applications.filter(state__in=shown)
        .select_related("organisation", "grant")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
    )
    rows = []
    for application in applications:
        reviewers = [
            ReviewerScore(
                r.reviewer, weighted(r.scores, criteria) if r.submitted_at else None, r.comments
            )
            for r in application.reviews.all()
            if not r.conflict_declared
        ]
        scored = [r.score for r in reviewers if r.score is not None]
        score = round(sum(scored) / len(scored), 2) if scored else None
        rows.append(BoardRow(application, score, reviewers, getattr(application, "grant", None)))
    return sorted(rows, key=lambda row: (row.score is None, -(row.score or 0)))


def call_applications(
    *, call: CallForProjects, state: str = "", theme: str = ""
) -> QuerySet[Application]:
    applications = call.applications.select_related("organisation").prefetch_related("documents")
    if state:
        applications = applications.filter(state=state)
    if theme:
        applications = applications.filter(theme=theme)
    return applications


def grants_of(*, call: CallForProjects | None = None) -> QuerySet[Grant]:
    grants = Grant.objects.select_related(
        "application__organisation", "application__call__funder"
    ).prefetch_related("tranches")
    if call is not None:
        grants = grants.filter(application__call=call)
    return grants.order_by("application__call", "application__organisation__name")


def possible_reviewers(*, call: CallForProjects) -> QuerySet[Any]:
    """Staff of the network who may review (not funder viewers)."""
    from django.contrib.auth import get_user_model

    roles = (Role.COORDINATOR, Role.HUB_REFERENT, Role.PROFESSIONAL)
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_memberships__role__in=roles)
        .filter(Q(staff_memberships__ended_on__isnull=True))
        .distinct()
        .order_by("last_name", "first_name")
    )


def drafts_due(*, before: dt.datetime, after: dt.datetime) -> QuerySet[Application]:
    """Drafts of published calls closing between `after` and `before` (the two-day reminder)."""
    return Application.objects.filter(
        state=ApplicationState.DRAFT,
        call__status=CallStatus.PUBLISHED,
        call__closes_at__gt=after,
        call__closes_at__lte=before,
    ).select_related("call", "created_by")


def calls_to_close(*, now: dt.datetime) -> QuerySet[CallForProjects]:
    return CallForProjects.objects.filter(status=CallStatus.PUBLISHED, closes_at__lte=now)


# --- reads of the pages -----------------------------------------------------------------------


def application_territories() -> QuerySet[Any]:
    from maillage.network.models import Territory

    return Territory.objects.order_by("kind", "name")


@dataclass
class ApplicationPage:
    application: Application
    access: access.ApplicationAccess
    transitions: list[Any]
    documents: list[ApplicationDocument]
    budget_lines: list[Any]
    territories: list[Any]
    grant: Grant | None
    tranches: list[Any]
    reviews: list[Review]


def application_page(*, actor: Any, application_id: Any) -> ApplicationPage:
    """The application with its history, documents, budget and grant (PermissionDenied/404 as
    `application_open`)."""
    application, rights = application_open(actor=actor, application_id=application_id)
    grant = Grant.objects.filter(application=application).first()
    reviews = (
        list(application.reviews.select_related("reviewer").order_by("assigned_at"))
        if rights.instruct
        else []
    )
    return ApplicationPage(
        application=application,
        access=rights,
        transitions=list(application.transitions.select_related("actor")),
        documents=list(application.documents.all()),
        budget_lines=list(application.budget_lines.all()),
        territories=list(application.territories.all()),
        grant=grant,
        tranches=list(grant.tranches.all()) if grant is not None else [],
        reviews=reviews,
    )


def review_open(*, actor: Any, review_id: int) -> tuple[Review, ApplicationPage]:
    """The user's own review and the application it is about; PermissionDenied when the
    reviewer has (or declared) a conflict of interest."""
    review = (
        Review.objects.select_related("application").filter(pk=review_id, reviewer=actor).first()
    )
    if review is None:
        raise Http404
    page = application_page(actor=actor, application_id=review.application_id)
    if page.access.review is None or page.access.review.pk != review.pk:
        raise PermissionDenied
    return page.access.review, page


def call_criteria(*, call: CallForProjects) -> list[Criterion]:
    return list(Criterion.objects.filter(call=call).order_by("pk"))


def reviewer_for(*, call: CallForProjects, user_id: Any) -> Any:
    try:
        return possible_reviewers(call=call).filter(pk=int(user_id)).first()
    except (TypeError, ValueError):
        return None


def tranche_open(*, actor: Any, tranche_id: int) -> Any:
    from maillage.calls.models import Tranche

    tranche = (
        Tranche.objects.select_related("grant__application__call__funder")
        .filter(pk=tranche_id)
        .first()
    )
    if tranche is None:
        raise Http404
    if not access.instructs(actor, tranche.grant.application.call):
        raise PermissionDenied
    return tranche


def call_applications_checked(
    *, call: CallForProjects, state: str = "", theme: str = "", complete: str = ""
) -> list[tuple[Application, list[str]]]:
    """The call's applications with what each still misses (`complete`: "yes", "no" or "");
    one query per application remains, for the kinds of its documents."""
    from maillage.calls.services import missing_items

    applications = call_applications(call=call, state=state, theme=theme).prefetch_related(
        "budget_lines"
    )
    rows = [(application, missing_items(application)) for application in applications]
    if complete:
        rows = [(a, missing) for a, missing in rows if (not missing) == (complete == "yes")]
    return rows


# --- the annual reports' reads ---------------------------------------------------------------


@dataclass(frozen=True)
class CallYear:
    title: str
    applications: int  # submitted (drafts never count)
    accepted: int
    grants: int
    amount: Decimal


def report_calls(*, year: int, contract_id: int | None = None) -> list[CallYear]:
    """Calls closing in a year (of one contract's actions if given), in one query."""
    calls = CallForProjects.objects.filter(closes_at__year=year)
    if contract_id is not None:
        linked = CallForProjects.objects.filter(actions__axis__contract_id=contract_id)
        calls = calls.filter(pk__in=linked.values("pk"))  # no join to multiply the sums
    calls = calls.annotate(
        submitted=Count(
            "applications",
            filter=Q(applications__submitted_at__isnull=False),
            distinct=True,
        ),
        accepted=Count(
            "applications",
            filter=Q(applications__state=ApplicationState.ACCEPTED),
            distinct=True,
        ),
        granted=Count("applications__grant", distinct=True),
        amount=Sum("applications__grant__amount"),
    ).order_by("closes_at", "title")
    return [
        CallYear(c.title, c.submitted, c.accepted, c.granted, c.amount or Decimal(0)) for c in calls
    ]
