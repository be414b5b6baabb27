import pytest
from django.test import RequestFactory

from maillage.core.models import AuditEvent
from maillage.core.services import audit_record
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_to_which_object_and_from_where() -> None:
    user = make_user()
    organisation = make_organisation()
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")

    event = audit_record(
        actor=user,
        action="organisation.update",
        obj=organisation,
        request=request,
        detail={"changes": {"name": ["a", "b"]}},
    )

    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == user.email
    assert (event.object_type, event.object_id) == ("network.organisation", str(organisation.pk))
    assert event.ip_address == "10.1.2.3"
    assert event.detail["changes"]["name"] == ["a", "b"]


def test_it_refuses_to_change_an_event() -> None:
    event = audit_record(actor=None, action="detection_run.request", object_type="system")
    event.action = "something.else"
    with pytest.raises(PermissionError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "detection_run.request"


def test_it_refuses_to_delete_an_event() -> None:
    event = audit_record(actor=None, action="detection_run.request", object_type="system")
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_records_an_anonymous_actor_as_system() -> None:
    event = audit_record(actor=None, action="detection_run.finish", object_type="task")
    assert event.actor is None and event.actor_label == "system"
