import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.core.services import audit_record
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_lets_an_administrator_search_the_trail_but_not_edit_it(mfa_login) -> None:
    admin = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    audit_record(
        actor=admin,
        action="directory.service.update",
        object_type="directory.service",
        object_id="abc-123",
    )
    audit_record(
        actor=admin, action="organisation.update", object_type="network.organisation", object_id="7"
    )
    client = mfa_login(admin)

    response = client.get(reverse("admin:core_auditevent_changelist"), {"q": "abc-123"})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [event.action for event in rows] == ["directory.service.update"]
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
