"""The one policy deciding who may see or change a person's file (CSP L1110-4, L1110-12).

Every selector, service, view and API endpoint of this app asks this module; the table in
docs/confidentiality.md states the same policy and a test checks that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from maillage.core.models import (
    HEALTH_PROFESSIONS,
    ROLES_OPENING_PERSONAL_FILES,
)
from maillage.core.permissions import can_open_personal_files, is_coordinator, organisation_ids
from maillage.pathways.models import (
    Beneficiary,
    CareTeamMember,
    Consent,
    InformationNotice,
    Need,
    Note,
    Referral,
)
from maillage.pathways.models.beneficiary import Sensitivity


class Relation(StrEnum):
    """How a user stands towards one file; the rows of the policy table."""

    CREATOR = "creator"
    CARE_TEAM = "care team, person informed"
    CARE_TEAM_UNINFORMED = "care team, person not informed"
    CONSENT = "outside the team, with consent"
    REFERRAL_RECEIVED = "referral received, not yet accepted"
    COORDINATOR = "coordinator outside the team"
    NONE = "no relation"


class Action(StrEnum):
    """What a user may do with a file; the columns of the policy table."""

    EXISTS = "know the file exists"
    ALERTS = "see its alerts"
    CONTENT = "see the file"
    ADD_NOTE = "add note"
    REFER = "refer"
    CLOSE = "close"
    EXPORT = "export"


# Relation -> actions allowed. Note-level rules are in `FileAccess.may_see_note`.
ALLOWED: dict[Relation, frozenset[Action]] = {
    Relation.CREATOR: frozenset(Action),
    Relation.CARE_TEAM: frozenset(Action),
    Relation.CARE_TEAM_UNINFORMED: frozenset({Action.EXISTS, Action.ALERTS}),
    Relation.CONSENT: frozenset({Action.EXISTS, Action.CONTENT}),
    Relation.REFERRAL_RECEIVED: frozenset({Action.EXISTS}),
    Relation.COORDINATOR: frozenset({Action.EXISTS, Action.ALERTS}),
    Relation.NONE: frozenset(),
}


def file_organisation_ids(user: Any) -> frozenset[int]:
    """Organisations for which the user may open files (a funder/viewer role opens none)."""
    return frozenset(organisation_ids(user, ROLES_OPENING_PERSONAL_FILES))


def is_health_professional(user: Any) -> bool:
    return getattr(user, "profession", None) in HEALTH_PROFESSIONS


@dataclass(frozen=True)
class FileAccess:
    user_id: int | None
    relation: Relation
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    health: bool = False
    consent_scope: str = ""

    def allows(self, action: Action) -> bool:
        return action in ALLOWED[self.relation]

    @property
    def content(self) -> bool:
        return self.allows(Action.CONTENT)

    @property
    def writes(self) -> bool:
        return self.allows(Action.ADD_NOTE)

    def may_see_note(self, note: Note) -> bool:
        if not self.content:
            return False
        if note.author_id == self.user_id:
            return True
        own = note.organisation_id in self.organisation_ids
        if note.sensitivity == Sensitivity.RESTRICTED:
            return own and self.relation in {Relation.CREATOR, Relation.CARE_TEAM}
        if note.visibility == Note.Visibility.ORGANISATION and not own:
            return False
        return self._may_see(note.sensitivity)

    def note_filter(self) -> Q:
        """The same rule as `may_see_note`, as a query filter for long timelines."""
        if not self.content:
            return Q(pk__in=[])
        own = Q(organisation_id__in=self.organisation_ids)
        restricted = Q(sensitivity=Sensitivity.RESTRICTED) & (
            own if self.relation in {Relation.CREATOR, Relation.CARE_TEAM} else Q(pk__in=[])
        )
        shared = ~Q(sensitivity=Sensitivity.RESTRICTED) & (
            Q(visibility=Note.Visibility.CARE_TEAM) | own
        )
        if not self._may_see(Sensitivity.HEALTH):
            shared &= ~Q(sensitivity=Sensitivity.HEALTH)
        return Q(author_id=self.user_id) | restricted | shared

    def may_see_need(self, domain: str) -> bool:
        return self.content and self._may_see(Need.sensitivity_of(domain))

    def _may_see(self, sensitivity: str) -> bool:
        if sensitivity != Sensitivity.HEALTH:
            return True
        if self.relation == Relation.CONSENT and self.consent_scope != "social_and_health":
            return False
        # CSP L1110-12: health information only to those whose mission needs it.
        return self.health


NO_ACCESS = FileAccess(user_id=None, relation=Relation.NONE)


def _active_team(beneficiary_id: Any, user: Any, orgs: frozenset[int]) -> Q:
    return Q(beneficiary_id=beneficiary_id, organisation_id__in=orgs) & (
        Q(professional=user) | Q(professional__isnull=True)
    )


def file_access(user: Any, beneficiary: Beneficiary) -> FileAccess:
    """How `user` stands towards `beneficiary`; at most five small queries."""
    if not can_open_personal_files(user):
        return NO_ACCESS
    orgs = file_organisation_ids(user)
    base = {"user_id": user.pk, "organisation_ids": orgs, "health": is_health_professional(user)}
    relation, scope = _relation(user, beneficiary, orgs)
    return FileAccess(relation=relation, consent_scope=scope, **base)


def _relation(user: Any, beneficiary: Beneficiary, orgs: frozenset[int]) -> tuple[Relation, str]:
    if beneficiary.created_by_id in orgs:
        return Relation.CREATOR, ""
    in_team = CareTeamMember.objects.active().filter(_active_team(beneficiary.pk, user, orgs))
    in_team_exists = in_team.exists()
    if in_team_exists and InformationNotice.objects.filter(beneficiary_id=beneficiary.pk).exists():
        return Relation.CARE_TEAM, ""
    scopes = set(
        Consent.objects.active()
        .filter(beneficiary_id=beneficiary.pk, recipients__in=orgs)
        .values_list("scope", flat=True)
    )
    if scopes:
        scope = "social_and_health" if "social_and_health" in scopes else "social"
        return Relation.CONSENT, scope
    if in_team_exists:
        return Relation.CARE_TEAM_UNINFORMED, ""
    if Referral.objects.filter(
        beneficiary_id=beneficiary.pk, to_organisation_id__in=orgs, status=Referral.Status.SENT
    ).exists():
        return Relation.REFERRAL_RECEIVED, ""
    if is_coordinator(user):
        return Relation.COORDINATOR, ""
    return Relation.NONE, ""


# Query-level forms of the same rules, for lists: they must agree with `_relation`.
#
# Each comes in two forms. The default reads each related set once (`file IN (subquery)`): right
# for a list that goes through every visible file anyway, such as the file list sorted by name.
# `per_row=True` asks the same question of each row (`EXISTS (...)` on indexed columns): right for
# a worklist read in an index's order and stopped after one page, where the set form would first
# read every care team and every information notice of the network. Walking that order only pays
# when the user's files are a fair share of the network: for a small organisation, the per-row
# form also names the few files it is related to, so the database starts from them instead.

FEW_FILES = 500


def _file_column(prefix: str) -> str:
    return f"{prefix.removesuffix('__')}_id" if prefix else "pk"


def _in_files(prefix: str, rows: QuerySet[Any], per_row: bool) -> Q:
    """The outer row's file is one of `rows`' files (`rows` have a `beneficiary_id`)."""
    column = _file_column(prefix)
    if per_row:
        return Q(Exists(rows.filter(beneficiary_id=OuterRef(column))))
    return Q(**{f"{column}__in": rows.values("beneficiary_id")})


def _among_few_files(prefix: str, orgs: frozenset[int]) -> Q:
    """`file IN (ids)` when at most FEW_FILES files are related to `orgs` (created, in their care
    team, consented to them: a superset of what the policy lets them see); no condition when
    there are more. The files created are counted first, the likeliest to be many: a large
    organisation pays one count. Every read stops after FEW_FILES + 1 rows."""
    created = Beneficiary.objects.filter(created_by_id__in=orgs).values_list("pk", flat=True)
    if created.order_by()[: FEW_FILES + 1].count() > FEW_FILES:
        return Q()
    related = set(created.order_by())
    for rows in (
        CareTeamMember.objects.filter(organisation_id__in=orgs).values_list("beneficiary_id"),
        Consent.objects.filter(recipients__in=orgs).values_list("beneficiary_id"),
    ):
        batch = list(rows.order_by()[: FEW_FILES + 1])
        if len(batch) > FEW_FILES:
            return Q()
        related.update(file for (file,) in batch)
    return Q(**{f"{_file_column(prefix)}__in": related})


def _teams(user: Any, orgs: frozenset[int]) -> QuerySet[CareTeamMember]:
    return CareTeamMember.objects.active().filter(
        Q(organisation_id__in=orgs) & (Q(professional=user) | Q(professional__isnull=True))
    )


def content_filter(user: Any, prefix: str = "", *, per_row: bool = False) -> Q:
    """Files whose content the user may see (creator, informed care team, consent)."""
    if not can_open_personal_files(user):
        return Q(pk__in=[])
    orgs = file_organisation_ids(user)
    team = _in_files(prefix, _teams(user, orgs), per_row)
    informed = _in_files(prefix, InformationNotice.objects.all(), per_row)
    consent = _in_files(prefix, Consent.objects.active().filter(recipients__in=orgs), per_row)
    visible = Q(**{f"{prefix}created_by_id__in": orgs}) | (team & informed) | consent
    return visible & _among_few_files(prefix, orgs) if per_row else visible


def alerts_filter(user: Any, prefix: str = "", *, per_row: bool = False) -> Q:
    """Files whose existence and alerts the user may see (coordinators: every file)."""
    if not can_open_personal_files(user):
        return Q(pk__in=[])
    if is_coordinator(user):
        return Q()
    orgs = file_organisation_ids(user)
    team = _in_files(prefix, _teams(user, orgs), per_row)
    visible = Q(**{f"{prefix}created_by_id__in": orgs}) | team
    return visible & _among_few_files(prefix, orgs) if per_row else visible


# Referrals: which side an actor is on, the moves each side may make, what each side sees.

SENDER, RECEIVER, EITHER = "sender", "receiver", "either"
_S = Referral.Status

# (from, to) -> which side may make the move. Anything else is refused.
REFERRAL_MOVES: dict[tuple[str, str], str] = {
    (_S.DRAFT, _S.SENT): SENDER,
    (_S.DRAFT, _S.CANCELLED): SENDER,
    (_S.SENT, _S.ACCEPTED): RECEIVER,
    (_S.SENT, _S.DECLINED): RECEIVER,
    (_S.SENT, _S.CANCELLED): SENDER,
    (_S.ACCEPTED, _S.APPOINTMENT_SET): RECEIVER,
    (_S.ACCEPTED, _S.CANCELLED): EITHER,
    (_S.APPOINTMENT_SET, _S.APPOINTMENT_SET): RECEIVER,
    (_S.APPOINTMENT_SET, _S.DONE): RECEIVER,
    (_S.APPOINTMENT_SET, _S.NO_SHOW): RECEIVER,
    (_S.APPOINTMENT_SET, _S.CANCELLED): EITHER,
}

# Once accepted, the receiver is part of the care team and sees the referral while it stays in
# it; a declined or cancelled referral closes the receiver's view (minimisation).
ACCEPTED_STATES = frozenset({_S.ACCEPTED, _S.APPOINTMENT_SET, _S.DONE, _S.NO_SHOW})


def moves_of(status: str, sides: frozenset[str]) -> tuple[str, ...]:
    """The statuses a referral in `status` may move to, for an actor on `sides`."""
    return tuple(
        to
        for (start, to), side in REFERRAL_MOVES.items()
        if start == status and (side in sides or (side == EITHER and sides))
    )


@dataclass(frozen=True)
class ReferralAccess:
    """Everything an actor may see and do on one referral, decided in one place."""

    sides: frozenset[str]
    moves: tuple[str, ...]
    attachments: bool
    file: FileAccess

    @property
    def sender(self) -> bool:
        return SENDER in self.sides

    @property
    def receiver(self) -> bool:
        return RECEIVER in self.sides

    @property
    def sees_referral(self) -> bool:
        return bool(self.sides) or self.file.content

    @property
    def sees_file(self) -> bool:
        """The receiver sees only the minimum needed to answer until it accepts."""
        return self.file.content


def referral_access(user: Any, referral: Referral) -> ReferralAccess:
    file = file_access(user, referral.beneficiary)
    orgs = file_organisation_ids(user)
    sides: set[str] = set()
    if referral.from_organisation_id in orgs and file.allows(Action.REFER):
        sides.add(SENDER)
    if referral.to_organisation_id in orgs and _receiver_still_involved(referral):
        sides.add(RECEIVER)
    frozen = frozenset(sides)
    attachments = SENDER in frozen or (RECEIVER in frozen and referral.status in ACCEPTED_STATES)
    return ReferralAccess(
        sides=frozen, moves=moves_of(referral.status, frozen), attachments=attachments, file=file
    )


def _receiver_still_involved(referral: Referral) -> bool:
    """Waiting for its answer, or accepted and still in the person's care team."""
    if referral.status == _S.SENT:
        return True
    if referral.status not in ACCEPTED_STATES:
        return False
    return (
        CareTeamMember.objects.active()
        .filter(beneficiary_id=referral.beneficiary_id, organisation_id=referral.to_organisation_id)
        .exists()
    )
