"""Every write of the network and core apps refuses an actor without the right role."""

from collections.abc import Callable
from datetime import date

import pytest

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied, staff_membership_create
from maillage.network.services import (
    membership_create,
    membership_end,
    organisation_create,
    organisation_update,
)
from tests.factories import make_network, make_organisation, make_user

pytestmark = pytest.mark.django_db

NON_COORDINATORS = [
    Role.HUB_REFERENT,
    Role.PROFESSIONAL,
    Role.ASSOCIATION_STAFF,
    Role.FUNDER_VIEWER,
]


def writes() -> dict[str, Callable[..., object]]:
    return {
        "organisation_create": lambda actor: organisation_create(
            actor=actor, data={"name": "New", "kind": "association"}
        ),
        "organisation_update (other organisation)": lambda actor: organisation_update(
            actor=actor, organisation=make_organisation(), data={"name": "x"}
        ),
        "membership_create": lambda actor: membership_create(
            actor=actor, network=make_network(), organisation=make_organisation(), role="partner"
        ),
        "membership_end": lambda actor: membership_end(
            actor=actor,
            membership=membership_create(
                actor=make_user(role=Role.COORDINATOR),
                network=make_network(),
                organisation=make_organisation(),
                role="partner",
            ),
            ended_on=date(2030, 1, 1),
        ),
        "staff_membership_create (other organisation)": lambda actor: staff_membership_create(
            actor=actor, user=make_user(), organisation=make_organisation(), role=Role.PROFESSIONAL
        ),
    }


@pytest.mark.parametrize("role", NON_COORDINATORS)
@pytest.mark.parametrize("write", list(writes()))
def test_it_refuses_and_audits_nothing(role: Role, write: str) -> None:
    actor = make_user(role=role)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        writes()[write](actor)
    assert AuditEvent.objects.filter(actor=actor).count() == 0
    assert AuditEvent.objects.count() - before <= 1  # only the setup's own audited write


@pytest.mark.parametrize("write", list(writes()))
def test_a_coordinator_may(write: str) -> None:
    actor = make_user(role=Role.COORDINATOR)
    writes()[write](actor)
    assert AuditEvent.objects.filter(actor=actor).exists()
