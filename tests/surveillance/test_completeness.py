import datetime as dt

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.surveillance.models import ReportingPartner
from maillage.surveillance.selectors import completeness
from maillage.surveillance.services import report_submit
from maillage.surveillance.weeks import last_closed_week
from tests.factories import make_user
from tests.surveillance.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    make_signal("gale")
    on_time, late, silent = (make_partner() for _ in range(3))
    gone = make_partner()
    ReportingPartner.objects.filter(organisation=gone).update(ended_on=dt.date(2021, 1, 1))
    coordinator = make_user(role=Role.COORDINATOR)
    week = last_closed_week()
    report_submit(actor=coordinator, organisation=on_time, week_start=week, counts={"gale": 1})
    old = week - dt.timedelta(weeks=3)
    report_submit(actor=coordinator, organisation=late, week_start=old, counts={"gale": 1})
    return {"on_time": on_time, "late": late, "silent": silent, "coordinator": coordinator}


def test_it_lists_who_has_not_reported_first(partners):
    rows = completeness(week=last_closed_week())
    assert rows[0].organisation == partners["late"] or rows[0].organisation == partners["silent"]
    missing = {r.organisation for r in rows if r.report is None}
    assert missing == {partners["late"], partners["silent"]}
    assert len(rows) == 3  # the partner that stopped reporting in 2021 is not expected


def test_it_flags_late_reports(partners):
    rows = completeness(week=last_closed_week() - dt.timedelta(weeks=3))
    late = next(r for r in rows if r.organisation == partners["late"])
    assert late.report is not None and late.late


def test_the_page_is_for_coordinators(client, partners, django_assert_max_num_queries):
    client.force_login(partners["coordinator"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("surveillance:completeness"))
    assert response.status_code == 200
    assert partners["silent"].name in response.content.decode()

    staff = make_user(role=Role.PROFESSIONAL, organisation=partners["silent"])
    client.force_login(staff)
    assert client.get(reverse("surveillance:completeness")).status_code == 403
