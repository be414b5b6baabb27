from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent
from tests.directory.factories import make_service
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_it_flags_services_not_verified_for_six_months_on_the_dashboard(
    client, django_assert_max_num_queries
):
    organisation = make_organisation()
    today = timezone.localdate()
    make_service("Vérifié", organisation=organisation, last_verified_on=today)
    make_service("Ancien", organisation=organisation, last_verified_on=today - timedelta(days=200))
    make_service("Jamais", organisation=organisation, last_verified_on=None)
    client.force_login(make_user(organisation=organisation))
    url = reverse("directory:organisation", args=[organisation.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert "2 services have not been verified for six months" in html
    assert html.count("to verify") == 2


def test_it_marks_a_service_verified_today(client):
    service = make_service(last_verified_on=date(2024, 1, 1))
    user = make_user(organisation=service.organisation)
    client.force_login(user)
    response = client.post(reverse("directory:service_verify", args=[service.pk]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_verified_on == timezone.localdate() and not service.is_stale()
    assert AuditEvent.objects.filter(action="directory.service.verify", actor=user).exists()


def test_it_keeps_the_dashboard_to_the_organisation_staff(client):
    organisation = make_organisation()
    client.force_login(make_user(organisation=make_organisation()))
    assert (
        client.get(reverse("directory:organisation", args=[organisation.slug])).status_code == 403
    )
