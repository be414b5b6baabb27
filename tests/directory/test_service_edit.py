import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.directory.models import Service
from maillage.directory.services import service_create, service_update
from tests.directory.factories import make_location, make_service
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Permanence vaccination",
    "description": "Vaccins du calendrier, gratuits.",
    "themes": ["sante--vaccination"],
    "conditions": ["free"],
    "languages": ["fr", "ar"],
    "modes": ["on-site"],
    "opening_hours": "We 13:30-17:00; PH off",
}


def test_it_lets_staff_add_a_service_through_the_form(client):
    organisation = make_organisation()
    location = make_location(organisation)
    user = make_user(role=Role.PROFESSIONAL, organisation=organisation)
    client.force_login(user)
    url = reverse("directory:service_create", args=[organisation.slug])
    response = client.post(url, {**FORM, "locations": [location.pk]})
    service = Service.objects.get(name="Permanence vaccination")
    assert response.status_code == 302
    assert list(service.locations.all()) == [location]
    assert service.slots.filter(weekday=2, start_minute=13 * 60 + 30).exists()
    assert AuditEvent.objects.filter(action="directory.service.create", actor=user).exists()


def test_it_explains_bad_opening_hours(client):
    organisation = make_organisation()
    client.force_login(make_user(organisation=organisation))
    url = reverse("directory:service_create", args=[organisation.slug])
    response = client.post(url, {**FORM, "opening_hours": "Mo-Fx 9h-12h"})
    assert response.status_code == 200
    assert "Invalid opening hours" in response.content.decode()
    assert not Service.objects.exists()


def test_it_audits_each_change_with_its_values(client):
    service = make_service("Ancien nom")
    user = make_user(organisation=service.organisation)
    client.force_login(user)
    response = client.post(
        reverse("directory:service_edit", args=[service.pk]), {**FORM, "name": "Nouveau nom"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="directory.service.update")
    assert event.detail["changes"]["name"] == ["Ancien nom", "Nouveau nom"]
    assert Service.objects.get(pk=service.pk).search_title.strip().startswith("nouveau")


def test_it_refuses_staff_of_another_organisation(client):
    service = make_service()
    other = make_user(organisation=make_organisation())
    client.force_login(other)
    assert client.get(reverse("directory:service_edit", args=[service.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        service_update(actor=other, service=service, data={"name": "Piraté"})


def test_it_refuses_funders_and_anonymous_people(client):
    organisation = make_organisation()
    funder = make_user(role=Role.FUNDER_VIEWER, organisation=organisation)
    with pytest.raises(PermissionDenied):
        service_create(actor=funder, organisation=organisation, data=FORM)
    url = reverse("directory:service_create", args=[organisation.slug])
    assert client.get(url).status_code == 302  # to the login page


def test_it_refuses_places_of_another_organisation():
    organisation = make_organisation()
    actor = make_user(organisation=organisation)
    with pytest.raises(PermissionDenied):
        service_create(
            actor=actor, organisation=organisation, data=FORM, locations=[make_location()]
        )
