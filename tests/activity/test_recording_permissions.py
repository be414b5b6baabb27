import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activity.models import Contact
from maillage.core.models import Role
from maillage.core.services import PermissionDenied
from tests.activity.factories import make_hub, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_refuses_staff_of_another_organisation_recording_for_a_hub(client):
    hub = make_hub()
    outsider = make_user(role=Role.HUB_REFERENT)  # referent of another organisation
    with pytest.raises(PermissionDenied):
        record(outsider, hub=hub, first_name="Anne", last_name="Durand")

    client.force_login(outsider)
    page = client.get(reverse("activity:quick_entry")).content.decode()
    assert f"hub:{hub.pk}" not in page
    response = client.post(
        reverse("activity:quick_entry"),
        {
            "kind": "information",
            "sex": "U",
            "age_band": "unknown",
            "new_or_known": "new",
            "date": timezone.localdate().isoformat(),
            "place": f"hub:{hub.pk}",
        },
    )
    assert response.status_code == 400 and "place" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_it_lets_staff_of_the_host_and_coordinators_record():
    hub = make_hub()
    for role in (Role.HUB_REFERENT, Role.PROFESSIONAL, Role.ASSOCIATION_STAFF):
        record(make_user(role=role, organisation=hub.host), hub=hub)
    record(make_user(role=Role.COORDINATOR), hub=hub)
    assert Contact.objects.filter(hub=hub).count() == 4


def test_it_refuses_funders_and_viewers_even_of_the_host(client):
    hub = make_hub()
    viewer = make_user(role=Role.FUNDER_VIEWER, organisation=hub.host)
    with pytest.raises(PermissionDenied):
        record(viewer, hub=hub)
    client.force_login(viewer)
    assert client.get(reverse("activity:quick_entry")).status_code == 403
    assert client.get(reverse("activity:import")).status_code == 403
    assert client.get(reverse("activity:event_create")).status_code == 403


def test_it_refuses_an_ended_staff_membership():
    hub = make_hub()
    former = make_user(role=Role.HUB_REFERENT, organisation=hub.host)
    former.staff_memberships.update(ended_on=timezone.localdate() - timezone.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        record(former, hub=hub)


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("activity:quick_entry"))
    assert response.status_code == 302 and "/compte/login/" in response.url
