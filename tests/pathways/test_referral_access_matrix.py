"""The referral table of docs/confidentiality.md, row by row, against `referral_access`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from maillage.core.models import User
from maillage.pathways import services
from maillage.pathways.access import referral_access
from maillage.pathways.models import CareTeamMember, Referral
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary
from tests.pathways.test_access_matrix import table_rows

pytestmark = pytest.mark.django_db


TABLE = table_rows("Relation to the referral")


def _sent() -> tuple[User, User, Referral]:
    sender = make_user()
    b = make_beneficiary(actor=sender)
    pole = make_organisation()
    receiver = make_user(organisation=pole)
    referral = services.referral_create(
        actor=sender, beneficiary=b, to_organisation=pole, reason="Bilan"
    )
    return sender, receiver, referral


def _accepted() -> tuple[User, User, Referral]:
    sender, receiver, referral = _sent()
    services.referral_transition(actor=receiver, referral=referral, to_status="accepted")
    return sender, receiver, referral


def _not_answered() -> tuple[User, Referral]:
    _, receiver, referral = _sent()
    return receiver, referral


def _in_team() -> tuple[User, Referral]:
    _, receiver, referral = _accepted()
    return receiver, referral


def _team_ended() -> tuple[User, Referral]:
    sender, receiver, referral = _accepted()
    member = CareTeamMember.objects.active().get(
        beneficiary=referral.beneficiary, organisation=referral.to_organisation
    )
    services.care_team_end(actor=sender, member=member)
    return receiver, referral


def _declined() -> tuple[User, Referral]:
    _, receiver, referral = _sent()
    services.referral_transition(
        actor=receiver, referral=referral, to_status="declined", decline_reason="Complet"
    )
    return receiver, referral


def _cancelled() -> tuple[User, Referral]:
    sender, receiver, referral = _sent()
    services.referral_transition(actor=sender, referral=referral, to_status="cancelled")
    return receiver, referral


def _other() -> tuple[User, Referral]:
    _, _, referral = _sent()
    return make_user(), referral


def _sender_leaving_today() -> tuple[User, Referral]:
    sender, _, referral = _sent()
    sender.staff_memberships.update(ended_on=timezone.localdate())
    return sender, referral


def _as_sender() -> tuple[User, Referral]:
    sender, _, referral = _sent()
    return sender, referral


VIEWERS: dict[str, Callable[[], tuple[User, Referral]]] = {
    "sender organisation": _as_sender,
    "receiver, not yet answered": _not_answered,
    "receiver, accepted, in the care team": _in_team,
    "receiver, accepted, care-team membership ended": _team_ended,
    "receiver, declined": _declined,
    "receiver, cancelled by the sender": _cancelled,
    "other organisation": _other,
    "sender, staff membership ending today": _sender_leaving_today,
}


def test_every_relation_of_the_table_is_built_and_nothing_more() -> None:
    assert set(TABLE) == set(VIEWERS)


@pytest.mark.parametrize("relation", sorted(VIEWERS))
def test_it_matches_the_referral_table(relation: str) -> None:
    user, referral = VIEWERS[relation]()
    user = User.objects.get(pk=user.pk)  # a fresh request: no cached memberships
    access = referral_access(user, Referral.objects.get(pk=referral.pk))
    row = TABLE[relation]

    assert access.sees_referral == (row["see the referral"] == "yes")
    assert access.sees_file == (row["see the file"] == "yes")
    assert access.attachments == (row["attachments"] == "yes")
    assert bool(access.moves) == (row["move it"] == "yes")
