"""Reads of personal files: each takes the acting user, applies access.py, bounds its queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import AuditEvent, Role, StaffMembership, User
from maillage.core.services import audit_record
from maillage.pathways import file_summary
from maillage.pathways.access import (
    Action,
    FileAccess,
    ReferralAccess,
    alerts_filter,
    content_filter,
    file_access,
    file_organisation_ids,
    referral_access,
)
from maillage.pathways.display import (
    AlertLine,
    ConsentLine,
    MemberLine,
    NeedLine,
    NoticeLine,
    PathwayView,
    ReferralLine,
    StayLine,
)
from maillage.pathways.models import (
    Alert,
    AlertRule,
    Beneficiary,
    CareTeamMember,
    Consent,
    HospitalStay,
    InformationNotice,
    Need,
    Note,
    Notification,
    PathwayStep,
    PathwayTemplate,
    Referral,
    ReferralAttachment,
    ReferralEvent,
    TemplateStep,
)
from maillage.pathways.timeline import TimelinePage, timeline_page

TIMELINE_PAGE = 25  # the newest entries; older ones are one link away


class FileNotFound(Exception):
    """The file does not exist or the user may not know it exists: the same answer for both."""


def file_open(
    *, actor: User, beneficiary_id: Any, request: HttpRequest | None = None
) -> tuple[Beneficiary, FileAccess]:
    """Fetch a file with the actor's access; every read of its content is audited."""
    beneficiary = Beneficiary.objects.select_related("created_by").filter(pk=beneficiary_id).first()
    if beneficiary is None:
        raise FileNotFound
    access = file_access(actor, beneficiary)
    if not access.allows(Action.EXISTS):
        raise FileNotFound
    action = "beneficiary.read" if access.content else "beneficiary.existence"
    audit_record(
        actor=actor,
        action=action,
        obj=beneficiary,
        subject=beneficiary,
        request=request,
        detail={"relation": access.relation.value},
    )
    return beneficiary, access


@dataclass
class FilePage:
    """The file page's content, as rows of printable strings (see file_summary.py)."""

    beneficiary: Beneficiary
    access: FileAccess
    alerts: list[AlertLine] = field(default_factory=list)
    needs: list[NeedLine] = field(default_factory=list)
    hidden_needs: int = 0
    care_team: list[MemberLine] = field(default_factory=list)
    notices: list[NoticeLine] = field(default_factory=list)
    consents: list[ConsentLine] = field(default_factory=list)
    referrals: list[ReferralLine] = field(default_factory=list)
    stays: list[StayLine] = field(default_factory=list)
    pathways: list[PathwayView] = field(default_factory=list)
    timeline: TimelinePage | None = None


def file_page(
    *,
    actor: User,
    beneficiary: Beneficiary,
    access: FileAccess,
    timeline_before: str = "",
    timeline_after: str = "",
) -> FilePage:
    """Everything shown on the file page, in a fixed number of queries (one per section); the
    timeline shows one page, the newest or the one beyond a cursor (see timeline.py)."""
    page = FilePage(beneficiary=beneficiary, access=access)
    if access.allows(Action.ALERTS):
        page.alerts = file_summary.open_alerts(beneficiary.pk)
    if not access.content:
        return page
    page.needs, page.hidden_needs = file_summary.needs(beneficiary.pk, access)
    page.care_team = file_summary.care_team(beneficiary.pk)
    page.notices = file_summary.notices(beneficiary.pk)
    page.consents = file_summary.consents(beneficiary.pk)
    page.referrals = file_summary.recent_referrals(beneficiary.pk)
    page.stays = file_summary.recent_stays(beneficiary.pk)
    page.pathways = file_summary.pathways(beneficiary.pk)
    page.timeline = timeline_page(
        beneficiary,
        access,
        before=timeline_before,
        after=timeline_after,
        per_page=TIMELINE_PAGE,
    )
    return page


@dataclass
class FileRecord:
    """The file's records as objects, for the API and the person's export (not for printing)."""

    alerts: list[Alert] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    care_team: list[CareTeamMember] = field(default_factory=list)
    notices: list[InformationNotice] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)


def file_record(*, beneficiary: Beneficiary, access: FileAccess) -> FileRecord:
    """What `access` allows of the file's records, in a fixed number of queries."""
    record = FileRecord()
    if access.allows(Action.ALERTS):
        record.alerts = list(beneficiary.alerts.filter(resolved_at__isnull=True))
    if not access.content:
        return record
    record.needs = [n for n in beneficiary.needs.all() if access.may_see_need(n.domain)]
    record.care_team = list(
        CareTeamMember.objects.active()
        .filter(beneficiary=beneficiary)
        .select_related("professional", "organisation")
    )
    record.notices = list(beneficiary.information_notices.select_related("informed_by"))
    record.consents = list(beneficiary.consents.prefetch_related("recipients"))
    record.referrals = list(
        beneficiary.referrals.select_related("from_organisation", "to_organisation")[
            : file_summary.RECENT
        ]
    )
    return record


def beneficiaries_visible_to(*, actor: User, query: str = "") -> QuerySet[Beneficiary]:
    """Files whose content the actor may see."""
    files = Beneficiary.objects.filter(content_filter(actor)).select_related("created_by")
    for word in query.split():
        files = files.filter(last_name__icontains=word) | files.filter(first_name__icontains=word)
    return files.order_by("last_name", "first_name", "id")


# Worklists: each is sortable and paginated; the sort keys are whitelisted. Each order ends with
# the id in the same direction, as in the indexes that serve them: a page is then read in index
# order and stops after its rows (see `per_row` in access.py).

ALERT_SORTS = {
    "raised": ("-raised_at", "-id"),
    "-raised": ("raised_at", "id"),
    "kind": ("kind", "subject"),  # one open alert per kind and subject: the unique index's order
}
REFERRAL_SORTS = {
    "sent": ("sent_at", "id"),
    "-sent": ("-sent_at", "-id"),
    "urgency": ("-urgency", "id"),
}
DISCHARGE_SORTS = {
    "planned": ("planned_discharge_on", "id"),
    "-planned": ("-planned_discharge_on", "-id"),
}


def _sort(sorts: Mapping[str, tuple[str, ...]], key: str) -> tuple[str, tuple[str, ...]]:
    chosen = key if key in sorts else next(iter(sorts))
    return chosen, sorts[chosen]


def alerts_for(*, actor: User, sort: str = "") -> tuple[str, QuerySet[Alert]]:
    """Open alerts on files the actor may know about (coordinators: every file)."""
    key, order = _sort(ALERT_SORTS, sort)
    alerts = (
        Alert.objects.filter(resolved_at__isnull=True)
        .filter(alerts_filter(actor, prefix="beneficiary__", per_row=True))
        .order_by(*order)
    )
    return key, alerts


def referrals_to_answer(*, actor: User, sort: str = "") -> tuple[str, QuerySet[Referral]]:
    """The inbox: referrals sent to one of the actor's organisations and not yet answered."""
    key, order = _sort(REFERRAL_SORTS, sort)
    referrals = Referral.objects.filter(
        to_organisation_id__in=file_organisation_ids(actor), status=Referral.Status.SENT
    ).order_by(*order)
    return key, referrals


def discharges_this_week(*, actor: User, sort: str = "") -> tuple[str, QuerySet[HospitalStay]]:
    """Stays whose discharge is planned this week, on files whose content the actor may see."""
    key, order = _sort(DISCHARGE_SORTS, sort)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    stays = (
        HospitalStay.objects.filter(
            planned_discharge_on__gte=monday, planned_discharge_on__lt=monday + timedelta(days=7)
        )
        .filter(content_filter(actor, prefix="beneficiary__", per_row=True))
        .order_by(*order)
    )
    return key, stays


@dataclass(frozen=True)
class ReferralView:
    referral: Referral
    access: ReferralAccess

    @property
    def full(self) -> bool:
        """The receiver sees only the minimum until it accepts."""
        return self.access.sees_file


def referral_open(
    *, actor: User, referral_id: Any, request: HttpRequest | None = None
) -> ReferralView:
    referral = (
        Referral.objects.select_related(
            "beneficiary__created_by",
            "from_organisation",
            "to_organisation",
            "from_user",
            "service",
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise FileNotFound
    access = referral_access(actor, referral)
    if not access.sees_referral:
        raise FileNotFound
    audit_record(
        actor=actor,
        action=AuditAction.REFERRAL_READ,
        obj=referral,
        subject=referral.beneficiary,
        request=request,
    )
    return ReferralView(referral, access)


def referral_attachments(*, view: ReferralView) -> list[ReferralAttachment]:
    if not view.access.attachments:
        return []
    return list(ReferralAttachment.objects.filter(referral=view.referral))


def attachment_open(
    *, actor: User, view: ReferralView, attachment_id: int, request: HttpRequest | None = None
) -> ReferralAttachment | None:
    """An attachment of a referral the actor may read the attachments of; the read is audited."""
    if not view.access.attachments:
        return None
    attachment = ReferralAttachment.objects.filter(referral=view.referral, pk=attachment_id).first()
    if attachment is not None:
        audit_record(
            actor=actor,
            action=AuditAction.REFERRAL_ATTACHMENT_READ,
            obj=attachment,
            subject=view.referral.beneficiary,
            request=request,
        )
    return attachment


def referral_events(*, referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("by", "organisation"))


def notifications_for(*, actor: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor).order_by("-created_at", "-id")


def unread_notifications_count(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


@dataclass(frozen=True)
class AccessLine:
    at: Any
    who: str
    organisations: tuple[str, ...]  # the reader's organisations on that day
    action: str
    action_label: str


def access_log(*, beneficiary: Beneficiary) -> list[AccessLine]:
    """Everyone who read or changed the person's data, through the file or anything that carries
    it (a referral, an attachment, an export, the API): the person's right of access."""
    events = list(
        AuditEvent.objects.filter(
            subject_type=ContentType.objects.get_for_model(Beneficiary),
            subject_id=str(beneficiary.pk),
        ).order_by("at", "id")
    )
    memberships = StaffMembership.objects.filter(
        user_id__in={event.actor_id for event in events if event.actor_id}
    ).select_related("organisation")
    return [
        AccessLine(
            at=event.at,
            who=event.actor_label,
            organisations=_organisations_on(memberships, event),
            action=event.action,
            action_label=AuditAction(event.action).label,
        )
        for event in events
    ]


def _organisations_on(memberships: QuerySet[StaffMembership], event: AuditEvent) -> tuple[str, ...]:
    day = timezone.localdate(event.at)
    return tuple(
        sorted(
            {
                m.organisation.name
                for m in memberships
                if m.user_id == event.actor_id
                and m.started_on <= day
                and (m.ended_on is None or m.ended_on > day)
            }
        )
    )


def alert_rules() -> list[AlertRule]:
    from maillage.pathways.rules import ensure_rules

    return ensure_rules()


def pathway_templates() -> QuerySet[PathwayTemplate]:
    steps = TemplateStep.objects.select_related("organisation")
    return PathwayTemplate.objects.prefetch_related(Prefetch("steps", queryset=steps))


def organisation_staff(*, organisation_id: int) -> list[User]:
    """People who act for an organisation on files (not funders/viewers)."""
    return list(
        User.objects.filter(
            staff_memberships__in=StaffMembership.objects.active()
            .filter(organisation_id=organisation_id)
            .exclude(role=Role.FUNDER_VIEWER),
            is_active=True,
        ).distinct()
    )


# Parts of a file already opened through `file_open`: looked up inside that file only.


def stay_in_file(*, beneficiary: Beneficiary, stay_id: int) -> HospitalStay | None:
    stay = beneficiary.stays.select_related("establishment").filter(pk=stay_id).first()
    if stay is not None:
        stay.beneficiary = beneficiary
    return stay


def consent_in_file(*, beneficiary: Beneficiary, consent_id: int) -> Consent | None:
    return beneficiary.consents.filter(pk=consent_id).select_related("beneficiary").first()


def member_in_file(*, beneficiary: Beneficiary, member_id: int) -> CareTeamMember | None:
    return beneficiary.care_team.filter(pk=member_id).select_related("beneficiary").first()


def step_in_file(*, beneficiary: Beneficiary, step_id: int) -> PathwayStep | None:
    return (
        PathwayStep.objects.filter(pk=step_id, pathway__beneficiary=beneficiary)
        .select_related("pathway__beneficiary")
        .first()
    )


def need_in_file(*, beneficiary: Beneficiary, need_id: int) -> Need | None:
    need = beneficiary.needs.filter(pk=need_id).first()
    if need is not None:
        need.beneficiary = beneficiary
    return need


def file_notes(*, beneficiary: Beneficiary) -> QuerySet[Note]:
    """The file's notes with their organisation; the caller has opened the file for the actor."""
    return beneficiary.notes.select_related("organisation")


def pathway_templates_by_name() -> QuerySet[PathwayTemplate]:
    return PathwayTemplate.objects.order_by("name")


# --- the annual reports' reads: counts and delays, never a person ---------------------------


@dataclass(frozen=True)
class ReferralYear:
    by_status: dict[str, int]  # referrals sent in the year, by their status today
    days_to_answer: list[float]  # sent -> accepted or declined
    days_to_close: list[float]  # sent -> done or no-show


def _year_bounds(year: int) -> tuple[Any, Any]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def report_referrals(*, year: int, organisation_ids: list[int] | None = None) -> ReferralYear:
    """Referrals sent in a year (from or to the given organisations), in three queries."""
    start, end = _year_bounds(year)
    sent = Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)
    if organisation_ids is not None:
        sent = sent.filter(
            Q(from_organisation_id__in=organisation_ids)
            | Q(to_organisation_id__in=organisation_ids)
        )
    by_status = {
        row["status"]: row["n"] for row in sent.values("status").annotate(n=Count("pk")).order_by()
    }
    answered = sent.filter(answered_at__isnull=False).values_list("sent_at", "answered_at")
    closing = ReferralEvent.objects.filter(
        referral__in=sent.values("pk"),
        to_status__in=[Referral.Status.DONE, Referral.Status.NO_SHOW],
    ).values_list("referral__sent_at", "at")
    return ReferralYear(
        by_status=by_status,
        days_to_answer=[(b - a).total_seconds() / 86400 for a, b in answered if a and b],
        days_to_close=[(b - a).total_seconds() / 86400 for a, b in closing if a and b],
    )


def report_discharges(*, year: int) -> dict[str, int]:
    """Hospital discharges of a year, with and without a follow-up appointment booked."""
    start, end = _year_bounds(year)
    stays = HospitalStay.objects.filter(discharged_at__gte=start, discharged_at__lt=end)
    counts = stays.aggregate(
        followed=Count("pk", filter=Q(follow_up_booked=True)),
        not_followed=Count("pk", filter=Q(follow_up_booked=False)),
    )
    return {key: value or 0 for key, value in counts.items()}


def report_alerts(*, year: int, organisation_ids: list[int] | None = None) -> list[Any]:
    """Rupture alerts raised in a year, by rule and whether they are resolved."""
    start, end = _year_bounds(year)
    alerts = Alert.objects.filter(raised_at__gte=start, raised_at__lt=end)
    if organisation_ids is not None:
        alerts = alerts.filter(organisation_id__in=organisation_ids)
    return list(
        alerts.values("kind")
        .annotate(
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
        )
        .order_by("kind")
    )
