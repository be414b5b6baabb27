import re

import pytest
from django.urls import reverse

from maillage.activity.models import Contact, CountRun, PreventionEvent
from maillage.demo.activity import people_per_year
from maillage.demo.loader import load_demo
from maillage.network.models import Hub
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_loads_two_years_at_the_five_poles_and_counts_them_once(client):
    load_demo(skip={"reports"})
    assert set(Contact.objects.dates("date", "year").values_list("date__year", flat=True)) == {
        2015,
        2016,
    }
    assert Contact.objects.filter(hub__isnull=False).values("hub").distinct().count() == 5
    assert Contact.objects.filter(encoding__isnull=False).count() > 0.9 * Contact.objects.count()
    run = CountRun.objects.get()
    people_2015 = run.figures.get(year=2015, scope="network").people
    assert 0.9 * people_per_year()[2015] <= people_2015 <= 1.15 * people_per_year()[2015]

    counts = [Contact.objects.count(), PreventionEvent.objects.count(), CountRun.objects.count()]
    load_demo(skip={"reports"})
    assert [Contact.objects.count(), PreventionEvent.objects.count(), CountRun.objects.count()] == (
        counts
    )

    nocta = PreventionEvent.objects.get(title__startswith="Nocta'Lille")
    assert sum(nocta.audience.values_list("count", flat=True)) == 5780
    assert PreventionEvent.objects.filter(title__startswith="Modéra'teuf").count() >= 2

    client.force_login(make_user(role="coordinator"))
    page = client.get(reverse("activity:figures"), {"annee": 2016}).content.decode()
    for hub in Hub.objects.all():
        assert hub.name in page
    assert "Nocta" not in page  # 2014 is not shown for 2016
    events = client.get(reverse("activity:events")).content.decode()
    assert re.search(r"<td>5\W?780", events)  # grouped as the active language does
