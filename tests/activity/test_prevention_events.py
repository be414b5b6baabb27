import pytest
from django.urls import reverse

from maillage.activity.models import AudienceCount, PreventionEvent
from maillage.core.models import AuditEvent, Role
from tests.activity.factories import make_hub
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def event_data(organiser, **fields):
    return {
        "title": "Nocta'Lille — soirée d'intégration",
        "kind": "awareness",
        "date": "2014-10-02",
        "organiser": organiser.pk,
        "themes": ["alcohol"],
        "audience_18_25_F": "310",
        "audience_18_25_M": "290",
        "audience_0_17_U": "4",
    } | fields


def test_it_records_an_event_with_its_audience_and_partners(client):
    organiser, partner = make_organisation("Ville"), make_organisation("LMDE")
    staff = make_user(role=Role.PROFESSIONAL, organisation=organiser)
    client.force_login(staff)
    page = client.get(reverse("activity:event_create")).content.decode()
    assert 'name="audience_65plus_F"' in page and "<caption" in page

    response = client.post(
        reverse("activity:event_create"), event_data(organiser, partners=[partner.pk])
    )
    assert response.status_code == 302
    event = PreventionEvent.objects.get()
    assert list(event.partners.all()) == [partner] and event.themes == ["alcohol"]
    cells = {(c.age_band, c.sex): c.count for c in AudienceCount.objects.all()}
    assert cells == {("18-25", "F"): 310, ("18-25", "M"): 290, ("0-17", "U"): 4}
    assert AuditEvent.objects.filter(action="prevention_event.create").exists()


def test_it_refuses_an_event_for_another_organisation(client):
    organiser = make_organisation()
    client.force_login(make_user(role=Role.PROFESSIONAL))
    response = client.post(reverse("activity:event_create"), event_data(organiser))
    assert response.status_code == 400 and "organiser" in response.context["form"].errors
    assert not PreventionEvent.objects.exists()


def test_it_checks_that_a_hub_event_is_organised_by_its_host(client):
    hub = make_hub()
    other = make_organisation()
    client.force_login(make_user(role=Role.COORDINATOR))
    response = client.post(reverse("activity:event_create"), event_data(other, hub=hub.pk))
    assert response.status_code == 400 and "hub" in response.context["form"].errors


def test_it_lists_events_with_suppressed_small_audiences_in_bounded_queries(
    client, django_assert_max_num_queries
):
    organiser = make_organisation()
    staff = make_user(role=Role.PROFESSIONAL, organisation=organiser)
    client.force_login(staff)
    for n in range(30):
        client.post(
            reverse("activity:event_create"),
            event_data(
                organiser,
                title=f"Stand {n}",
                audience_18_25_F=str(n),
                audience_18_25_M="",
                audience_0_17_U="",
            ),
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("activity:events"), {"annee": 2014})
    page = response.content.decode()
    assert response.status_code == 200 and len(response.context["events"]) == 25
    assert "Stand 29" in page
    assert "&lt; 5" not in page.split("Stand 29")[1].split("</tr>")[0]
    last = client.get(reverse("activity:events"), {"annee": 2014, "page": 2}).content.decode()
    assert "&lt; 5" in last.split("Stand 3")[1].split("</tr>")[0]
