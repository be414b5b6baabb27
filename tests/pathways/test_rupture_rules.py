"""Each rupture rule, its configurable delay, and idempotence; the worker runs them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.core.models import Role
from maillage.core.services import PermissionDenied
from maillage.pathways import services
from maillage.pathways.models import Alert, AlertRule, Beneficiary, Referral
from maillage.pathways.rules import ensure_rules, rules_run
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def open_kinds(b: Beneficiary) -> set[str]:
    return set(b.alerts.filter(resolved_at__isnull=True).values_list("kind", flat=True))


def test_it_raises_no_contact_after_the_configured_delay_and_resolves_it_on_contact():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    Beneficiary.objects.filter(pk=b.pk).update(last_activity_at=timezone.now() - 61 * DAY)
    rules_run()
    assert "no_contact" in open_kinds(b)
    services.note_add(actor=worker, beneficiary=b, text="Appel")
    rules_run()
    assert "no_contact" not in open_kinds(b)


def test_it_is_idempotent():
    b = make_beneficiary()
    Beneficiary.objects.filter(pk=b.pk).update(last_activity_at=timezone.now() - 100 * DAY)
    first = rules_run()
    second = rules_run()
    assert first["no_contact"]["raised"] == 1 and second["no_contact"]["raised"] == 0
    assert Alert.objects.filter(beneficiary=b).count() == 1


def test_a_coordinator_changes_a_delay():
    rule = next(r for r in ensure_rules() if r.kind == "no_contact")
    with pytest.raises(PermissionDenied):
        services.alert_rule_update(actor=make_user(), rule=rule, delay_days=10, enabled=True)
    coordinator = make_user(role=Role.COORDINATOR)
    services.alert_rule_update(actor=coordinator, rule=rule, delay_days=10, enabled=True)
    b = make_beneficiary()
    Beneficiary.objects.filter(pk=b.pk).update(last_activity_at=timezone.now() - 11 * DAY)
    rules_run()
    assert "no_contact" in open_kinds(b)


def test_it_raises_an_unanswered_referral():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    r = services.referral_create(
        actor=worker, beneficiary=b, to_organisation=make_organisation(), reason="Bilan"
    )
    Referral.objects.filter(pk=r.pk).update(sent_at=timezone.now() - 8 * DAY)
    rules_run()
    assert "referral_unanswered" in open_kinds(b)


def test_it_raises_a_discharge_without_follow_up_within_seven_days():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    stay = services.stay_admit(
        actor=worker, beneficiary=b, establishment=make_organisation(kind="hospital")
    )
    services.stay_discharge(actor=worker, stay=stay, force=True)
    rules_run()
    assert "discharge_no_follow_up" in open_kinds(b)
    later = timezone.localdate() + 3 * DAY
    services.stay_checklist_update(
        actor=worker, stay=stay, data={"follow_up_booked": True, "follow_up_on": later}
    )
    rules_run()
    assert "discharge_no_follow_up" not in open_kinds(b)


def test_it_raises_two_no_shows_in_a_row_but_not_one():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    pole = make_organisation()
    receiver = make_user(organisation=pole)

    def no_show() -> None:
        r = services.referral_create(
            actor=worker, beneficiary=b, to_organisation=pole, reason="RDV"
        )
        services.referral_transition(actor=receiver, referral=r, to_status="accepted")
        services.referral_transition(
            actor=receiver, referral=r, to_status="appointment_set", appointment_at=timezone.now()
        )
        services.referral_transition(actor=receiver, referral=r, to_status="no_show")

    no_show()
    rules_run()
    assert "repeated_no_show" not in open_kinds(b)
    no_show()
    rules_run()
    assert "repeated_no_show" in open_kinds(b)


def test_it_raises_health_cover_expiring_within_thirty_days():
    soon = make_beneficiary(
        health_cover="ame", health_cover_expires_on=timezone.localdate() + 20 * DAY
    )
    later = make_beneficiary(
        health_cover="ame", health_cover_expires_on=timezone.localdate() + 45 * DAY
    )
    rules_run()
    assert "cover_expiring" in open_kinds(soon)
    assert "cover_expiring" not in open_kinds(later)


def test_a_disabled_rule_raises_nothing():
    ensure_rules()
    AlertRule.objects.filter(kind="no_contact").update(enabled=False)
    b = make_beneficiary()
    Beneficiary.objects.filter(pk=b.pk).update(last_activity_at=timezone.now() - 100 * DAY)
    rules_run()
    assert "no_contact" not in open_kinds(b)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_rules_once():
    """The worker's task runner closes connections: a transactional test, as in production."""
    b = make_beneficiary()
    Beneficiary.objects.filter(pk=b.pk).update(last_activity_at=timezone.now() - 100 * DAY)
    call_command("worker", "--once")
    assert "no_contact" in open_kinds(b)
