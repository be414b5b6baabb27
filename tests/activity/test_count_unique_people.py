import datetime as dt

import pytest
from django.urls import reverse

from maillage.activity.models import CountRun, Figure
from maillage.activity.services import count_run_execute
from maillage.activity.tasks import count_unique_people
from maillage.core.models import AuditEvent, Role
from maillage.core.periodic import REGISTRY
from tests.activity.factories import make_hub, record
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

D2024, D2025 = dt.date(2024, 5, 2), dt.date(2025, 3, 4)


@pytest.fixture
def two_hubs():
    host = make_organisation("Association des deux quartiers")
    return make_hub("Pôle A", host=host), make_hub("Pôle B", host=host), host


def figure(scope, key="", year=2025):
    return Figure.objects.get(
        run=CountRun.objects.latest("started_at"), year=year, scope=scope, key=str(key)
    )


def test_it_links_two_spellings_of_one_person_across_two_hubs(two_hubs):
    hub_a, hub_b, host = two_hubs
    referent = make_user(role=Role.HUB_REFERENT, organisation=host)
    fatima = {"birth_date": "1982-03-14", "sex": "F", "date": D2025}
    record(referent, hub=hub_a, first_name="Fatima", last_name="Benali", **fatima)
    record(referent, hub=hub_a, first_name="Fatima", last_name="BENALI", **fatima)
    record(referent, hub=hub_b, first_name="Fatma", last_name="Ben Ali", **fatima)
    record(
        referent,
        hub=hub_b,
        first_name="Jean",
        last_name="Dupont",
        birth_date="1970-01-01",
        date=D2025,
    )
    record(referent, hub=hub_b, date=D2025)  # anonymous: one more person

    run = count_run_execute()

    assert run.status == CountRun.Status.DONE and run.contacts == 5 and run.people == 3
    network = figure("network")
    assert (network.contacts, network.people, network.multi_hub_people) == (5, 3, 1)
    assert (figure("hub", hub_a.pk).people, figure("hub", hub_b.pk).people) == (1, 3)
    assert figure("hub", hub_a.pk).multi_hub_people == 1
    assert figure("hubs_seen", "2").people == 1 and figure("hubs_seen", "1").people == 2
    assert figure("organisation", host.pk).people == 3


def test_it_counts_new_people_by_their_first_year_in_each_scope(two_hubs):
    hub_a, hub_b, host = two_hubs
    referent = make_user(role=Role.HUB_REFERENT, organisation=host)
    paul = {"first_name": "Paul", "last_name": "Martin", "birth_date": "1990-06-01"}
    record(referent, hub=hub_a, date=D2024, **paul)
    record(referent, hub=hub_b, date=D2025, **paul)
    record(
        referent,
        hub=hub_a,
        date=D2025,
        first_name="Lina",
        last_name="Haddad",
        birth_date="2001-09-09",
    )
    count_run_execute()

    assert figure("network", year=2024).new_people == 1
    assert (figure("network").people, figure("network").new_people) == (2, 1)
    assert figure("hub", hub_b.pk).new_people == 1  # new at hub B, known to the network


def test_it_runs_as_a_background_task_registered_as_periodic(two_hubs):
    hub_a, _, host = two_hubs
    record(make_user(role=Role.HUB_REFERENT, organisation=host), hub=hub_a, date=D2025)

    result = count_unique_people.enqueue()

    assert result.status == "SUCCESSFUL", result.errors
    assert CountRun.objects.get(pk=result.return_value).status == CountRun.Status.DONE
    assert REGISTRY["activity.count_unique_people"].task is count_unique_people
    assert AuditEvent.objects.filter(action="activity.count", actor=None).exists()


def test_it_keeps_only_the_last_runs(two_hubs):
    for _ in range(12):
        count_run_execute()
    assert CountRun.objects.count() == 10


def test_a_coordinator_recomputes_now_and_others_may_not(client, two_hubs):
    hub_a, _, host = two_hubs
    record(make_user(role=Role.HUB_REFERENT, organisation=host), hub=hub_a, date=D2025)
    referent = make_user(role=Role.HUB_REFERENT, organisation=host)
    client.force_login(referent)
    assert client.post(reverse("activity:recompute")).status_code == 403
    assert (
        reverse("activity:recompute")
        not in client.get(reverse("activity:figures")).content.decode()
    )
    assert not CountRun.objects.exists()

    client.force_login(make_user(role=Role.COORDINATOR))
    response = client.post(reverse("activity:recompute"), follow=True)
    assert response.status_code == 200
    assert reverse("activity:recompute") in response.content.decode()
    assert CountRun.objects.filter(status="done").count() == 1
    assert AuditEvent.objects.filter(action="activity.count_request").exists()
    assert response.context["page"].network.contacts == 1
    assert client.get(reverse("activity:recompute")).status_code == 405


def test_it_shows_the_overlap_of_each_pair_of_hubs(client, two_hubs):
    hub_a, hub_b, host = two_hubs
    referent = make_user(role=Role.HUB_REFERENT, organisation=host)
    people = [
        ("Ana", "Lopes", "1971-04-02"),
        ("Bilal", "Kaci", "1988-10-17"),
        ("Chantal", "Roussel", "1953-01-25"),
        ("Denis", "Caron", "1966-07-08"),
        ("Elif", "Aydin", "1999-12-30"),
    ]
    for first, last, born in people:
        for hub in (hub_a, hub_b):
            record(referent, hub=hub, first_name=first, last_name=last, birth_date=born, date=D2025)
    count_run_execute()
    assert figure("hub_pair", f"{hub_a.pk}-{hub_b.pk}").people == 5
    assert figure("hub_pair", f"{hub_a.pk}-{hub_b.pk}").label == "Pôle A × Pôle B"

    client.force_login(referent)
    page = client.get(reverse("activity:figures"), {"annee": 2025}).content.decode()
    matrix = page.split('id="hub-overlap"')[1].split("</table>")[0]
    assert '<th scope="row">Pôle A</th><td>—</td><td>5</td>' in matrix
