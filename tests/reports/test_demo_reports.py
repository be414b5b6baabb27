"""The demo's published reports: the pôles' 2015 and 2016 reports, the network's (close to the
seeds' 1,926 and 2,410 people), the Rosny CLS's; shared with the ARS."""

import pytest

from maillage.activity.models import CountRun, Figure
from maillage.core.models import User
from maillage.demo.activity import PEOPLE_PER_YEAR, TEST_SCALE
from maillage.demo.loader import load_demo
from maillage.reports import selectors
from maillage.reports.models import Report, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


def _people(report: Report) -> int:
    block = next(b for b in report.content["blocks"] if b["key"] == "people")
    return block["rows"][0]["cells"][0][0]


def test_the_demo_publishes_the_poles_network_and_cls_reports_from_the_unique_people():
    load_demo()
    published = Report.objects.filter(status=ReportStatus.PUBLISHED)
    assert published.filter(kind=ReportKind.HUB, year=2015).count() == 5
    assert published.filter(kind=ReportKind.HUB, year=2016).count() == 5
    assert published.filter(kind=ReportKind.CONTRACT, contract__slug="cls-rosny-sous-bois").exists()
    run = CountRun.objects.filter(status=CountRun.Status.DONE).latest("started_at")
    for year, seeds in PEOPLE_PER_YEAR.items():  # the tests' demo has a twentieth of them
        seeds = round(seeds * TEST_SCALE)
        network = published.get(kind=ReportKind.NETWORK, year=year)
        people = _people(network)
        assert people == Figure.objects.get(run=run, year=year, scope="network").people
        assert abs(people - seeds) / seeds < 0.15  # close to what the pôles reported
        assert all(bytes(r.pdf).startswith(b"%PDF") for r in published.filter(year=year))
    network_2016 = published.get(kind=ReportKind.NETWORK, year=2016)
    assert network_2016.content["previous_source"].startswith("edition:")
    funder = User.objects.get(email="financeur.ars@demo.maillage.test")
    seen = selectors.reports_for(actor=funder)
    assert {r.kind for r in seen} == {ReportKind.NETWORK, ReportKind.CONTRACT}
