import pytest

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.surveillance.models import AlertEvent, AlertStatus, SurveillanceAlert
from maillage.surveillance.services import IllegalTransition, alert_comment, alert_transition
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(raised):
    return SurveillanceAlert.objects.get(territory__isnull=True)


def test_it_goes_new_investigating_confirmed_and_audits_every_move(raised, alert):
    coordinator = raised["coordinator"]
    alert_transition(actor=coordinator, alert=alert, to_status=AlertStatus.INVESTIGATING)
    alert = alert_transition(
        actor=coordinator, alert=alert, to_status=AlertStatus.CONFIRMED, comment="Foyer confirmé"
    )

    assert alert.status == AlertStatus.CONFIRMED
    moves = list(AlertEvent.objects.filter(alert=alert).values_list("from_status", "to_status"))
    assert moves == [("", "new"), ("new", "investigating"), ("investigating", "confirmed")]
    audited = AuditEvent.objects.filter(
        action="surveillance_alert.transition", object_id=str(alert.pk)
    )
    assert [e.detail["to"] for e in audited.order_by("at", "id")] == ["investigating", "confirmed"]


def test_it_can_dismiss_an_alert_under_investigation(raised, alert):
    coordinator = raised["coordinator"]
    alert_transition(actor=coordinator, alert=alert, to_status=AlertStatus.INVESTIGATING)
    alert = alert_transition(actor=coordinator, alert=alert, to_status=AlertStatus.DISMISSED)
    assert alert.status == AlertStatus.DISMISSED


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], AlertStatus.CONFIRMED),
        ([], AlertStatus.DISMISSED),
        ([], AlertStatus.NEW),
        ([AlertStatus.INVESTIGATING], AlertStatus.NEW),
        ([AlertStatus.INVESTIGATING, AlertStatus.CONFIRMED], AlertStatus.DISMISSED),
        ([AlertStatus.INVESTIGATING, AlertStatus.DISMISSED], AlertStatus.INVESTIGATING),
        ([], "closed"),
    ],
)
def test_it_refuses_illegal_transitions(raised, alert, path, refused):
    coordinator = raised["coordinator"]
    for status in path:
        alert = alert_transition(actor=coordinator, alert=alert, to_status=status)
    events = AlertEvent.objects.count()
    with pytest.raises(IllegalTransition):
        alert_transition(actor=coordinator, alert=alert, to_status=refused)
    alert.refresh_from_db()
    assert alert.status == (path[-1] if path else AlertStatus.NEW)
    assert AlertEvent.objects.count() == events


def test_only_coordinators_manage_alerts(raised, alert):
    for actor in (raised["staff"], make_user(role=Role.FUNDER_VIEWER)):
        with pytest.raises(PermissionDenied):
            alert_transition(actor=actor, alert=alert, to_status=AlertStatus.INVESTIGATING)
        with pytest.raises(PermissionDenied):
            alert_comment(actor=actor, alert=alert, comment="?")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NEW


def test_it_keeps_comments_in_the_alert_history(raised, alert):
    event = alert_comment(actor=raised["coordinator"], alert=alert, comment="  Appelé le CHU  ")
    assert event.comment == "Appelé le CHU" and event.to_status == ""
    assert AuditEvent.objects.filter(action="surveillance_alert.comment").count() == 1
