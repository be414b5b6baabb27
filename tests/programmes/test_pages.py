import datetime as dt

import pytest
from icalendar import Calendar

from maillage.programmes.models import Action, ActionStatus, Indicator, Measurement
from tests.programmes.factories import make_contract_setup

pytestmark = pytest.mark.django_db


def test_the_contract_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    small = make_contract_setup(actions_per_axis=1)
    client.force_login(small.coordinator)
    with django_assert_max_num_queries(20) as small_run:
        assert client.get("/programmes/cls-test/").status_code == 200
    Action.objects.all().delete()
    for axis in small.axes:
        for i in range(1, 9):
            action = Action.objects.create(axis=axis, number=f"{axis.number}.{i}", title="A")
            Indicator.objects.create(action=action, definition="Entered")
    with django_assert_max_num_queries(len(small_run.captured_queries)):
        assert client.get("/programmes/cls-test/").status_code == 200


def test_the_action_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    setup = make_contract_setup()
    action = Action.objects.get(number="1.1")
    action.events.add(*setup.events)
    client.force_login(setup.lead)
    with django_assert_max_num_queries(30):
        response = client.get(f"/programmes/actions/{action.pk}/")
    assert response.status_code == 200
    assert "Stand 1" in response.content.decode()


def test_readers_and_strangers(client):
    setup = make_contract_setup()
    action = Action.objects.get(number="1.1")
    client.force_login(setup.signatory)
    assert client.get("/programmes/cls-test/").status_code == 200
    page = client.get(f"/programmes/actions/{action.pk}/").content.decode()
    assert "Add the note" not in page
    assert client.post(f"/programmes/actions/{action.pk}/note/", {"text": "x"}).status_code == 403
    client.force_login(setup.stranger)
    assert client.get("/programmes/cls-test/").status_code == 403
    assert client.get(f"/programmes/actions/{action.pk}/").status_code == 403
    assert client.get("/programmes/").content.decode().count("cls-test") == 0


def test_a_late_action_is_flagged_and_the_filter_narrows(client):
    setup = make_contract_setup()
    Action.objects.filter(number="2.1").update(
        planned_end=dt.date(2020, 12, 31), status=ActionStatus.IN_PROGRESS
    )
    Action.objects.filter(number="2.2").update(status=ActionStatus.DONE)
    client.force_login(setup.coordinator)
    page = client.get("/programmes/cls-test/").content.decode()
    late = page.split('id="late-actions"')[1].split("</ul>")[0]
    assert "2.1" in late and "1.1" not in late
    filtered = client.get("/programmes/cls-test/?status=done").content.decode()
    assert "Action 2.2" in filtered and "Action 1.1" not in filtered


def test_a_lead_enters_a_measurement_and_it_is_audited(client):
    setup = make_contract_setup()
    action = Action.objects.get(number="1.1")
    indicator = Indicator.objects.create(action=action, definition="Jeunes sensibilisés")
    client.force_login(setup.lead)
    response = client.post(
        f"/programmes/indicateurs/{indicator.pk}/mesure/", {"year": 2025, "value": 5780}
    )
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=indicator).value == 5780
    client.force_login(setup.signatory)
    client.post(f"/programmes/indicateurs/{indicator.pk}/mesure/", {"year": 2025, "value": 1})
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_the_coordinator_creates_an_action_and_links_events(
    client, django_capture_on_commit_callbacks
):
    setup = make_contract_setup()
    client.force_login(setup.coordinator)
    response = client.post(
        "/programmes/cls-test/axes/1/action/",
        {
            "number": "1.9",
            "title": "Prévention en milieu festif",
            "priority": "high",
            "participation": "none",
            "status": "in_progress",
            "publics": ["jeunes"],
        },
    )
    action = Action.objects.get(number="1.9")
    assert response.status_code == 302 and action.publics == ["jeunes"]
    Indicator.objects.create(action=action, definition="Public", source="audience")
    ids = [e.pk for e in setup.events[:2]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/programmes/actions/{action.pk}/evenements/", {"events": ids})
    latest = Measurement.objects.filter(indicator__action=action).latest("recorded_at")
    assert (latest.year, latest.value) == (2025, 21 + 22)
    duplicate = client.post(
        "/programmes/cls-test/axes/1/action/",
        {"number": "1.9", "title": "x", "priority": "high", "participation": "none",
         "status": "planned"},
    )  # fmt: skip
    assert duplicate.status_code == 200 and "already exists" in duplicate.content.decode()


def test_the_campaign_calendar_month_list_and_feed(client):
    setup = make_contract_setup()
    client.force_login(setup.signatory)
    month = client.get("/programmes/campagnes/?mois=2025-10").content.decode()
    assert month.count("Modéra&#x27;teuf") >= 31
    listing = client.get("/programmes/campagnes/?vue=liste").content.decode()
    assert "Modéra&#x27;teuf" in listing
    detail = client.get("/programmes/campagnes/moderateuf/").content.decode()
    assert 'id="campaign-audience">66<' in detail  # 21 + 22 + 23
    feed = client.get("/programmes/campagnes.ics").content
    (event,) = Calendar.from_ical(feed).walk("VEVENT")
    assert str(event["uid"]) == "campaign-moderateuf@maillage"
    assert client.get("/programmes/campagnes.ics").content == feed


def test_the_coordinator_creates_a_campaign_and_others_may_not(client):
    setup = make_contract_setup()
    form = {"title": "Mois sans tabac 2027", "slug": "mois-sans-tabac-2027", "scope": "national",
            "starts_on": "2027-11-01", "ends_on": "2027-11-30", "themes": ["tobacco"]}  # fmt: skip
    client.force_login(setup.signatory)
    assert client.post("/programmes/campagnes/nouvelle/", form).status_code == 403
    client.force_login(setup.coordinator)
    response = client.post("/programmes/campagnes/nouvelle/", form)
    assert response.status_code == 302
    assert response["Location"] == "/programmes/campagnes/mois-sans-tabac-2027/"
    again = client.post("/programmes/campagnes/nouvelle/", form)
    assert again.status_code == 200 and "already has this short name" in again.content.decode()
