from datetime import date

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.network.models import Membership
from maillage.network.services import membership_create, membership_end
from tests.factories import make_network, make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_member_through_the_form(client) -> None:
    network, organisation = make_network(), make_organisation()
    client.force_login(make_user(role=Role.COORDINATOR))

    response = client.post(
        reverse("network:membership_create", args=[network.slug]),
        {
            "organisation": organisation.pk,
            "role": "associated",
            "started_on": "2019-01-01",
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(network=network)
    assert (membership.organisation, membership.role) == (organisation, "associated")
    assert AuditEvent.objects.filter(action="membership.create").count() == 1


def test_it_refuses_a_professional(client) -> None:
    network, organisation = make_network(), make_organisation()
    actor = make_user(role=Role.PROFESSIONAL)
    with pytest.raises(PermissionDenied):
        membership_create(actor=actor, network=network, organisation=organisation, role="partner")
    client.force_login(actor)
    response = client.post(
        reverse("network:membership_create", args=[network.slug]),
        {"organisation": organisation.pk, "role": "partner"},
    )
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_it_ends_a_membership_but_not_before_it_started() -> None:
    coordinator = make_user(role=Role.COORDINATOR)
    membership = membership_create(
        actor=coordinator,
        network=make_network(),
        organisation=make_organisation(),
        role="partner",
        started_on=date(2019, 1, 1),
    )
    with pytest.raises(ValueError):
        membership_end(actor=coordinator, membership=membership, ended_on=date(2018, 1, 1))
    membership_end(actor=coordinator, membership=membership, ended_on=date(2024, 6, 30))
    membership.refresh_from_db()
    assert membership.ended_on == date(2024, 6, 30)
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
