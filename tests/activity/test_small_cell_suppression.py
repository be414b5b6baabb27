import datetime as dt

import pytest
from django.urls import reverse

from maillage.activity.services import count_run_execute
from maillage.activity.suppression import suppress
from maillage.core.models import Role
from tests.activity.factories import make_hub, record
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 2)
PEOPLE = [
    ("Aminata", "Diallo"),
    ("Bernard", "Lefebvre"),
    ("Chloé", "Wozniak"),
    ("Driss", "Amrani"),
    ("Eugénie", "Vasseur"),
    ("Farid", "Boukhalfa"),
    ("Gisèle", "Nowak"),
    ("Hugo", "Carpentier"),
    ("Inès", "Meziane"),
    ("Jules", "Delattre"),
]


def test_it_shows_one_to_four_as_less_than_five():
    assert [suppress(n) for n in (0, 1, 2, 3, 4)] == ["0", "< 5", "< 5", "< 5", "< 5"]
    assert suppress(5) == "5" and suppress(None) == "—"


@pytest.fixture
def small_and_large_hubs():
    small, large = make_hub("Pôle Petit"), make_hub("Pôle Grand")
    for hub, people in ((small, PEOPLE[:3]), (large, PEOPLE[3:])):
        referent = make_user(role=Role.HUB_REFERENT, organisation=hub.host)
        for n, (first, last) in enumerate(people):
            record(
                referent,
                hub=hub,
                date=DAY,
                first_name=first,
                last_name=last,
                birth_date=f"19{50 + 3 * n}-0{1 + n}-1{n}",
            )
    count_run_execute()
    return small, large


def test_it_suppresses_small_cells_on_the_figures_page(
    client, small_and_large_hubs, django_assert_max_num_queries
):
    client.force_login(make_user(role=Role.FUNDER_VIEWER))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("activity:figures"), {"annee": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    row = page.split('<th scope="row">Pôle Petit</th>')[1].split("</tr>")[0]
    assert row.count("&lt; 5") == 3 and ">3<" not in row
    large = page.split('<th scope="row">Pôle Grand</th>')[1].split("</tr>")[0]
    assert "<td>7</td>" in large
    network = page.split('id="network-figures"')[1].split("</table>")[0]
    assert 'data-figure="people">10<' in network


def test_it_suppresses_small_cells_in_the_chart(client, small_and_large_hubs):
    client.force_login(make_user(role=Role.FUNDER_VIEWER))
    page = client.get(reverse("activity:figures")).content.decode()
    chart = page.split("<svg")[1].split("</svg>")[0]
    assert "<title" in chart and "<desc" in chart
    assert "&lt; 5" in chart and ">3<" not in chart


def test_it_suppresses_small_cells_in_the_export(client, small_and_large_hubs):
    client.force_login(make_user(role=Role.FUNDER_VIEWER))
    response = client.get(reverse("activity:figures_csv"), {"annee": 2025})
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    small = next(line for line in lines if ";Pôle Petit;" in line)
    assert small.split(";")[3:5] == ["< 5", "< 5"]
    assert not any(cell in {"1", "2", "3", "4"} for line in lines for cell in line.split(";")[3:])


def test_it_shows_figures_only_to_staff(client, small_and_large_hubs):
    assert client.get(reverse("activity:figures")).status_code == 302
    assert client.get(reverse("activity:figures_csv")).status_code == 302


def test_it_suppresses_small_cells_in_the_api(client, small_and_large_hubs):
    response = client.get("/api/v1/activity/figures", {"year": 2025})
    assert response.status_code == 401
    client.force_login(make_user(role=Role.FUNDER_VIEWER))
    body = client.get("/api/v1/activity/figures", {"year": 2025}).json()
    hubs = {f["label"]: f for f in body["figures"] if f["scope"] == "hub"}
    assert hubs["Pôle Petit"]["people"] == "< 5" and hubs["Pôle Grand"]["people"] == "7"
    assert body["year"] == 2025 and body["computed_at"]
