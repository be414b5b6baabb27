import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.network.services import organisation_update
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_it_lets_staff_edit_their_own_organisation_and_audits_the_change() -> None:
    organisation = make_organisation(name="Association A")
    staff = make_user(role=Role.ASSOCIATION_STAFF, organisation=organisation)

    organisation_update(actor=staff, organisation=organisation, data={"phone": "03 20 00 00 00"})

    organisation.refresh_from_db()
    assert organisation.phone == "03 20 00 00 00"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == staff and event.object_id == str(organisation.pk)
    assert event.detail["changes"]["phone"] == ["", "03 20 00 00 00"]


def test_it_refuses_staff_of_another_organisation() -> None:
    first, second = make_organisation(name="A"), make_organisation(name="B")
    intruder = make_user(role=Role.ASSOCIATION_STAFF, organisation=second)

    with pytest.raises(PermissionDenied):
        organisation_update(actor=intruder, organisation=first, data={"name": "Hijacked"})

    first.refresh_from_db()
    assert first.name == "A"
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


def test_the_edit_page_refuses_staff_of_another_organisation(client) -> None:
    first, second = make_organisation(name="A"), make_organisation(name="B")
    client.force_login(make_user(role=Role.PROFESSIONAL, organisation=second))

    url = reverse("network:organisation_edit", args=[first.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "Hijacked", "kind": "association"})

    assert response.status_code == 403
    first.refresh_from_db()
    assert first.name == "A"


def test_it_refuses_a_funder_of_the_same_organisation() -> None:
    organisation = make_organisation()
    viewer = make_user(role=Role.FUNDER_VIEWER, organisation=organisation)
    with pytest.raises(PermissionDenied):
        organisation_update(actor=viewer, organisation=organisation, data={"phone": "1"})


def test_a_coordinator_edits_any_organisation_through_the_form(client) -> None:
    organisation = make_organisation(name="Old name")
    client.force_login(make_user(role=Role.COORDINATOR))

    response = client.post(
        reverse("network:organisation_edit", args=[organisation.slug]),
        {"name": "New name", "kind": "ccas"},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.kind) == ("New name", "ccas")
