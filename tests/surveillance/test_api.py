import pytest

from maillage.core.models import Role
from maillage.surveillance.models import WeeklyReport
from maillage.surveillance.weeks import last_closed_week, week_label
from tests.factories import make_organisation, make_user
from tests.surveillance.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


def test_a_partner_reports_through_the_api(client):
    make_signal("gale")
    partner = make_partner()
    client.force_login(make_user(role=Role.PROFESSIONAL, organisation=partner))
    payload = {
        "organisation": partner.slug,
        "week": week_label(last_closed_week()),
        "counts": {"gale": 3},
    }

    response = client.post("/api/v1/surveillance/reports", payload, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 1 and response.json()["counts"] == {"gale": 3}
    assert WeeklyReport.objects.get().revisions.get().source == "api"


def test_the_api_refuses_another_organisation_and_bad_weeks(client):
    make_signal("gale")
    partner = make_partner()
    client.force_login(make_user(role=Role.PROFESSIONAL, organisation=make_organisation()))
    payload = {"organisation": partner.slug, "week": "2025-W03", "counts": {"gale": 3}}
    url = "/api/v1/surveillance/reports"
    assert client.post(url, payload, content_type="application/json").status_code == 403
    payload["week"] = "soon"
    assert client.post(url, payload, content_type="application/json").status_code == 422
    assert not WeeklyReport.objects.exists()


def test_the_api_lists_aggregated_alerts(client, raised):
    client.force_login(make_user(role=Role.FUNDER_VIEWER))
    response = client.get("/api/v1/surveillance/alerts?status=new")
    assert response.status_code == 200
    alerts = response.json()
    assert len(alerts) == 3 and {a["signal"] for a in alerts} == {"gale"}
    assert set(alerts[0]) == {
        "id",
        "signal",
        "place",
        "week",
        "observed",
        "expected",
        "upperbound",
        "status",
    }


def test_the_api_needs_a_session(client):
    assert client.get("/api/v1/surveillance/alerts").status_code == 401
