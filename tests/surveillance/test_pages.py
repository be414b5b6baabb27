import pytest
from django.urls import reverse

from maillage.core.models import Role, User
from maillage.surveillance.models import AlertStatus, SurveillanceAlert
from maillage.surveillance.weeks import last_closed_week, week_label
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_it_shows_the_coordinator_the_dashboard_with_its_alerts_and_run_button(
    client, raised, django_assert_max_num_queries
):
    client = _client(client, raised["coordinator"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("surveillance:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gale" in page and week_label(last_closed_week()) in page
    assert reverse("surveillance:runs") in page
    assert page.count(reverse("surveillance:alert", args=[SurveillanceAlert.objects.first().pk]))


def test_it_shows_funders_the_dashboard_read_only(client, raised):
    funder = make_user(role=Role.FUNDER_VIEWER)
    page = _client(client, funder).get(reverse("surveillance:dashboard")).content.decode()
    assert "Gale" in page
    assert reverse("surveillance:runs") not in page
    assert reverse("surveillance:report_entry") not in page


def test_it_refuses_the_dashboard_to_accounts_without_a_role(client, raised):
    nobody = User.objects.create_user("nobody@example.org", "a-long-test-password-2026")
    assert _client(client, nobody).get(reverse("surveillance:dashboard")).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client, raised):
    response = client.get(reverse("surveillance:dashboard"))
    assert response.status_code == 302 and "/compte/login/" in response.url


def test_the_signal_page_draws_an_accessible_svg_chart_with_its_data_table(
    client, raised, django_assert_max_num_queries
):
    client = _client(client, raised["coordinator"])
    territory = raised["partner"].territory
    url = reverse("surveillance:signal", args=["gale"]) + f"?lieu={territory.slug}"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="sv-chart"' in page and 'role="img"' in page
    assert '<title id="chart-title">' in page and '<desc id="chart-desc">' in page
    assert "<caption>" in page and 'scope="row"' in page
    assert 'class="bar-alarm"' in page
    assert "<style" not in page and "style=" not in page  # the CSP allows no inline style


def test_the_alert_page_lets_a_coordinator_move_the_alert_on(client, raised):
    alert = SurveillanceAlert.objects.get(territory__isnull=True)
    client = _client(client, raised["coordinator"])
    url = reverse("surveillance:alert", args=[alert.pk])
    assert 'name="to_status"' in client.get(url).content.decode()

    response = client.post(
        reverse("surveillance:alert_transition", args=[alert.pk]),
        {"to_status": AlertStatus.INVESTIGATING, "comment": "Appel au centre."},
    )

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.INVESTIGATING
    assert "Appel au centre." in client.get(url).content.decode()


def test_the_alert_page_is_read_only_for_partners(client, raised):
    alert = SurveillanceAlert.objects.get(territory__isnull=True)
    client = _client(client, raised["staff"])
    assert (
        'name="to_status"'
        not in client.get(reverse("surveillance:alert", args=[alert.pk])).content.decode()
    )
    response = client.post(
        reverse("surveillance:alert_transition", args=[alert.pk]),
        {"to_status": AlertStatus.INVESTIGATING},
    )
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NEW


def test_the_alert_list_is_paginated_with_bounded_queries(
    client, raised, django_assert_max_num_queries
):
    client = _client(client, raised["coordinator"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("surveillance:alerts") + "?statut=new")
    assert response.status_code == 200 and response.context["page"].paginator.count == 3


def test_the_run_now_button_runs_the_detection(client, raised):
    client = _client(client, raised["coordinator"])
    response = client.post(reverse("surveillance:runs"), {"week": ""})
    assert response.status_code == 302
    assert SurveillanceAlert.objects.count() == 3  # nothing new, nothing twice


def test_partners_may_not_run_the_detection(client, raised):
    response = _client(client, raised["staff"]).post(reverse("surveillance:runs"), {})
    assert response.status_code == 403


def test_the_notifications_page_lists_the_user_s_notices(
    client, raised, django_assert_max_num_queries
):
    client = _client(client, raised["staff"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("surveillance:notifications"))
    assert response.status_code == 200 and response.context["page"].paginator.count == 3
    notice = response.context["page"][0]
    response = client.post(reverse("surveillance:notification_read", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_the_alert_and_runs_pages_have_bounded_queries(
    client, raised, django_assert_max_num_queries
):
    client = _client(client, raised["coordinator"])
    alert = SurveillanceAlert.objects.get(territory__isnull=True)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("surveillance:alert", args=[alert.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("surveillance:runs")).status_code == 200
