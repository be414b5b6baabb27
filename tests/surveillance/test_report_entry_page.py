import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.models import Role
from maillage.surveillance.models import WeeklyReport
from maillage.surveillance.weeks import last_closed_week, week_label
from tests.factories import make_user
from tests.surveillance.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    make_signal("gale", name="Gale")
    partner = make_partner()
    user = make_user(role=Role.PROFESSIONAL, organisation=partner)
    client.force_login(user)
    return user


def test_a_partner_enters_and_then_corrects_a_week(client, staff, django_assert_max_num_queries):
    partner = staff.staff_memberships.get().organisation
    week = week_label(last_closed_week())
    form = client.get(reverse("surveillance:report_entry")).content.decode()
    assert 'type="week"' in form and f'value="{week}"' in form

    data = {"organisation": partner.pk, "week": week, "count_gale": "4", "comment": ""}
    response = client.post(reverse("surveillance:report_entry"), data)
    report = WeeklyReport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/rapports/{report.pk}/")

    prefilled = client.get(reverse("surveillance:report_entry") + f"?semaine={week}")
    assert 'value="4"' in prefilled.content.decode()
    client.post(reverse("surveillance:report_entry"), {**data, "count_gale": "6"})
    with django_assert_max_num_queries(10):
        page = client.get(reverse("surveillance:report", args=[report.pk])).content.decode()
    assert "revision 2" in page and "revision 1" in page


def test_the_form_shows_field_errors(client, staff):
    response = client.post(
        reverse("surveillance:report_entry"), {"week": "nope", "count_gale": "-2"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"organisation", "week", "count_gale"}


def test_the_report_list_is_bounded(client, staff, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(reverse("surveillance:reports")).status_code == 200


def test_a_csv_upload_reports_its_errors_on_the_page(client, staff):
    upload = SimpleUploadedFile("s.csv", b"organisation,week,gale\nnowhere,2025-W01,1\n")
    response = client.post(reverse("surveillance:report_import"), {"file": upload})
    assert response.status_code == 200
    assert "unknown organisation" in response.content.decode()
    assert not WeeklyReport.objects.exists()


def test_funders_may_not_enter_reports(client):
    make_signal("gale")
    client.force_login(make_user(role=Role.FUNDER_VIEWER))
    assert client.get(reverse("surveillance:report_entry")).status_code == 403


def test_a_report_of_another_organisation_is_not_found(client, staff):
    other = make_partner()
    coordinator = make_user(role=Role.COORDINATOR)
    client.force_login(coordinator)
    client.post(
        reverse("surveillance:report_entry"),
        {"organisation": other.pk, "week": week_label(last_closed_week()), "count_gale": "1"},
    )
    report = WeeklyReport.objects.get(organisation=other)
    client.force_login(staff)
    assert client.get(reverse("surveillance:report", args=[report.pk])).status_code == 404
