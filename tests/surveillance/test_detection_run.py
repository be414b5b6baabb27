import datetime as dt

import pytest
from django.core import mail

from maillage.core.models import Role
from maillage.core.services import PermissionDenied
from maillage.surveillance.models import (
    AlertStatus,
    DetectionResult,
    DetectionRun,
    Notification,
    SignalDefinition,
    SurveillanceAlert,
)
from maillage.surveillance.services import (
    detection_run_request,
    detection_run_schedule,
    report_submit,
)
from maillage.surveillance.weeks import last_closed_week, last_due_week
from tests.factories import make_user
from tests.surveillance.factories import make_partner, make_signal, seed_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def spike():
    """Ten calm weeks, then a burst of scabies in one quartier's partner."""
    signal = make_signal("gale")
    partner = make_partner()
    seed_history(partner, {"gale": [2, 1, 2, 3, 2, 2, 1, 2, 2, 2]})
    staff = make_user(role=Role.PROFESSIONAL, organisation=partner)
    report_submit(
        actor=staff, organisation=partner, week_start=last_closed_week(), counts={"gale": 20}
    )
    return signal, partner, staff


def test_it_raises_one_alert_per_place_when_a_count_is_abnormal(spike):
    signal, partner, _ = spike
    coordinator = make_user(role=Role.COORDINATOR)

    run = detection_run_request(actor=coordinator)

    run.refresh_from_db()
    assert run.status == DetectionRun.Status.DONE
    alerts = SurveillanceAlert.objects.filter(signal=signal, week_start=last_closed_week())
    quartier = partner.territory
    assert {a.territory for a in alerts} == {None, quartier, quartier.parent}
    assert {a.status for a in alerts} == {AlertStatus.NEW}
    assert all(a.observed == 20 and a.upperbound < 20 for a in alerts)


def test_it_does_not_duplicate_alerts_when_run_again_for_the_same_week(
    spike, django_capture_on_commit_callbacks
):
    coordinator = make_user(role=Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        detection_run_request(actor=coordinator)
    first = set(SurveillanceAlert.objects.values_list("pk", flat=True))
    outbox = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        second = detection_run_request(actor=coordinator)

    second.refresh_from_db()
    assert second.status == DetectionRun.Status.DONE and second.summary["new_alerts"] == 0
    assert set(SurveillanceAlert.objects.values_list("pk", flat=True)) == first
    assert len(mail.outbox) == outbox
    assert DetectionResult.objects.filter(week_start=last_closed_week()).count() == 3


def test_it_notifies_coordinators_and_the_reporting_partner_in_app_and_by_email(
    spike, django_capture_on_commit_callbacks
):
    _, partner, staff = spike
    coordinator = make_user(role=Role.COORDINATOR)
    funder = make_user(role=Role.FUNDER_VIEWER, organisation=partner)
    bystander = make_user(role=Role.PROFESSIONAL)

    with django_capture_on_commit_callbacks(execute=True):
        detection_run_request(actor=coordinator)

    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted([coordinator.email, staff.email])  # one e-mail each
    assert funder.email not in recipients and bystander.email not in recipients
    assert Notification.objects.filter(recipient=staff).count() == 3
    signal = spike[0]
    assert all(signal.name in m.subject for m in mail.outbox)
    assert all(m.body.count("/veille/alertes/") == 3 for m in mail.outbox)  # the three places


def test_it_notifies_only_coordinators_when_the_signal_says_so(
    spike, django_capture_on_commit_callbacks
):
    signal, _, staff = spike
    SignalDefinition.objects.filter(pk=signal.pk).update(
        notify=SignalDefinition.Notify.COORDINATORS
    )
    coordinator = make_user(role=Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        detection_run_request(actor=coordinator)
    assert {m.to[0] for m in mail.outbox} == {coordinator.email}


def test_it_stays_quiet_when_counts_are_usual():
    make_signal("gale")
    partner = make_partner()
    seed_history(
        partner,
        {"gale": [2, 1, 2, 3, 2, 2, 1, 2, 2, 2, 2]},
        last=last_closed_week() + dt.timedelta(weeks=1),
    )
    detection_run_request(actor=make_user(role=Role.COORDINATOR))
    assert not SurveillanceAlert.objects.exists()
    assert DetectionResult.objects.filter(alarm=False).exists()


def test_only_coordinators_may_run_the_detection(spike):
    _, _, staff = spike
    with pytest.raises(PermissionDenied):
        detection_run_request(actor=staff)
    assert not DetectionRun.objects.exists()


def test_the_scheduled_job_judges_each_due_week_once(spike):
    first = detection_run_schedule()
    again = detection_run_schedule()
    assert first is not None and first.week_start == last_due_week()
    assert first.trigger == DetectionRun.Trigger.SCHEDULE
    assert again is None
