"""A referral's closed loop: each move by the right side, timestamped, notified without details."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from maillage.core.services import PermissionDenied
from maillage.pathways import services
from maillage.pathways.access import file_access, referral_access
from maillage.pathways.models import Notification, Referral
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def sent():
    sender = make_user()
    b = make_beneficiary(actor=sender)
    pole = make_organisation(name="Pôle ressources santé Fives (fictif)")
    receiver = make_user(organisation=pole)
    referral = services.referral_create(
        actor=sender,
        beneficiary=b,
        to_organisation=pole,
        reason="Suivi diabète, renouvellement traitement",
        urgency="soon",
    )
    return sender, receiver, referral


def test_it_goes_through_the_whole_loop_with_one_event_per_step(sent):
    sender, receiver, referral = sent
    services.referral_transition(actor=receiver, referral=referral, to_status=S.ACCEPTED)
    when = timezone.now() + timedelta(days=3)
    services.referral_transition(
        actor=receiver, referral=referral, to_status=S.APPOINTMENT_SET, appointment_at=when
    )
    services.referral_transition(actor=receiver, referral=referral, to_status=S.DONE)
    referral.refresh_from_db()
    assert referral.status == S.DONE and referral.appointment_at == when
    events = list(referral.events.values_list("from_status", "to_status", "by_id"))
    assert events == [
        ("", S.DRAFT, sender.pk),
        (S.DRAFT, S.SENT, sender.pk),
        (S.SENT, S.ACCEPTED, receiver.pk),
        (S.ACCEPTED, S.APPOINTMENT_SET, receiver.pk),
        (S.APPOINTMENT_SET, S.DONE, receiver.pk),
    ]
    assert all(event.at for event in referral.events.all())


def test_it_refuses_an_illegal_move_with_a_clear_message(sent):
    _sender, receiver, referral = sent
    with pytest.raises(services.IllegalTransition, match="cannot go from"):
        services.referral_transition(actor=receiver, referral=referral, to_status=S.DONE)


def test_it_refuses_a_move_by_the_wrong_side(sent):
    sender, receiver, referral = sent
    with pytest.raises(PermissionDenied):
        services.referral_transition(actor=sender, referral=referral, to_status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.referral_transition(actor=make_user(), referral=referral, to_status=S.ACCEPTED)


def test_it_needs_a_reason_to_decline(sent):
    _sender, receiver, referral = sent
    with pytest.raises(services.IllegalTransition):
        services.referral_transition(actor=receiver, referral=referral, to_status=S.DECLINED)
    services.referral_transition(
        actor=receiver, referral=referral, to_status=S.DECLINED, decline_reason="Hors secteur"
    )
    assert Referral.objects.get(pk=referral.pk).decline_reason == "Hors secteur"


def test_it_makes_the_receiver_part_of_the_care_team_once_it_accepts(sent):
    _sender, receiver, referral = sent
    assert not file_access(receiver, referral.beneficiary).content
    services.referral_transition(actor=receiver, referral=referral, to_status=S.ACCEPTED)
    receiver = type(receiver).objects.get(pk=receiver.pk)
    assert file_access(receiver, referral.beneficiary).content


def test_it_notifies_each_side_in_the_app_and_by_mail_without_details(
    django_capture_on_commit_callbacks,
):
    sender = make_user()
    b = make_beneficiary(actor=sender)
    pole = make_organisation(name="Pôle ressources santé Fives (fictif)")
    receiver = make_user(organisation=pole)
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.referral_create(
            actor=sender, beneficiary=b, to_organisation=pole, reason="Suivi diabète, traitement"
        )
    assert Notification.objects.filter(recipient=receiver).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_transition(actor=receiver, referral=referral, to_status=S.ACCEPTED)
    assert Notification.objects.filter(recipient=sender).count() == 1
    assert [m.to for m in mail.outbox] == [[receiver.email], [sender.email]]
    b = referral.beneficiary
    for message in mail.outbox:
        text = message.subject + message.body
        for secret in ["diabète", "traitement", b.first_name, b.last_name]:
            assert secret not in text


def test_it_cancels_from_the_sender_side(sent):
    sender, _receiver, referral = sent
    services.referral_transition(actor=sender, referral=referral, to_status=S.CANCELLED)
    assert Referral.objects.get(pk=referral.pk).status == S.CANCELLED


def test_the_mail_leaves_only_once_the_change_is_committed(
    sent, django_capture_on_commit_callbacks
):
    _sender, receiver, referral = sent
    with django_capture_on_commit_callbacks() as callbacks:
        services.referral_transition(actor=receiver, referral=referral, to_status=S.ACCEPTED)
        assert mail.outbox == []
    assert mail.outbox == []  # the test's transaction never commits: nothing has left
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_it_lists_the_moves_each_side_may_make(sent):
    sender, receiver, referral = sent
    assert referral_access(sender, referral).moves == (S.CANCELLED,)
    assert referral_access(receiver, referral).moves == (S.ACCEPTED, S.DECLINED)
    assert referral_access(make_user(), referral).moves == ()
