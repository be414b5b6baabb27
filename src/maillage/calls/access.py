"""Who sees and does what in a call for projects.

- Applicants (an association's staff) see and edit only their organisation's applications.
- Reviewers open only the applications assigned to them, and never one where they have a
  conflict of interest: declared, or because they belong to the applying organisation or to one
  of the project's partners.
- The coordinators of the organisation running a call (its funder) see everything of that
  call and instruct it; the funder's viewers read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.calls.models import Application, CallForProjects, Review
from maillage.core.models import Role
from maillage.core.permissions import has_role, organisation_ids

APPLICANT_ROLES = frozenset(
    {Role.ASSOCIATION_STAFF, Role.HUB_REFERENT, Role.PROFESSIONAL, Role.COORDINATOR}
)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _runners(call: CallForProjects) -> set[int]:
    """The funder and its parent organisation run the call (a city and its health service)."""
    ids = {call.funder_id}
    if call.funder.parent_id:
        ids.add(call.funder.parent_id)
    return ids


def instructs(user: Any, call: CallForProjects) -> bool:
    """A coordinator of the organisation running the call (or an administrator)."""
    if not _authenticated(user):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return bool(_runners(call) & organisation_ids(user, {Role.COORDINATOR}))


def reads_call(user: Any, call: CallForProjects) -> bool:
    """The instructors, and the funder's own staff and viewers."""
    return instructs(user, call) or (
        _authenticated(user) and call.funder_id in organisation_ids(user)
    )


def applies_for(user: Any, organisation_id: int) -> bool:
    return _authenticated(user) and organisation_id in organisation_ids(user, APPLICANT_ROLES)


def has_conflict(user: Any, application: Application, review: Review | None = None) -> bool:
    if review is not None and review.conflict_declared:
        return True
    linked = {application.organisation_id}
    linked |= set(application.project_partners.values_list("pk", flat=True))
    return bool(linked & organisation_ids(user))


@dataclass(frozen=True)
class ApplicationAccess:
    read: bool
    edit: bool  # the applicant while the state allows it
    review: Review | None  # the user's own assigned review, when they may review
    instruct: bool
    conflict: bool

    @property
    def applicant(self) -> bool:
        return self.edit or (self.read and not self.instruct and self.review is None)


def application_access(user: Any, application: Application) -> ApplicationAccess:
    """Everything the user may see and do on one application, in one call."""
    call = application.call
    instruct = instructs(user, call)
    applicant = applies_for(user, application.organisation_id)
    review = (
        application.reviews.filter(reviewer_id=user.pk).first() if _authenticated(user) else None
    )
    conflict = review is not None and has_conflict(user, application, review)
    reviewer = review is not None and not conflict
    return ApplicationAccess(
        read=applicant or instruct or reviewer or reads_call(user, call),
        edit=applicant,
        review=review if reviewer else None,
        instruct=instruct,
        conflict=conflict,
    )
