"""The receiver's inbox shows only the minimum until it accepts; attachments follow access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.pathways import services
from maillage.pathways.models import Referral
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    sender = make_user()
    b = make_beneficiary(actor=sender, phone="06 00 00 00 00")
    services.note_add(actor=sender, beneficiary=b, text="Note confidentielle du PASS")
    pole = make_organisation()
    referral = services.referral_create(
        actor=sender, beneficiary=b, to_organisation=pole, reason="Bilan de santé"
    )
    services.attachment_add(
        actor=sender, referral=referral, upload=SimpleUploadedFile("courrier.txt", b"Courrier")
    )
    return sender, make_user(organisation=pole), referral


def test_it_shows_the_receiver_the_minimum_before_it_accepts(referral, mfa_login):
    _sender, receiver, r = referral
    client = mfa_login(receiver)
    inbox = client.get(reverse("pathways:worklist") + "?list=referrals").content.decode()
    assert r.beneficiary.last_name in inbox
    page = client.get(reverse("pathways:referral", args=[r.pk])).content.decode()
    assert "Bilan de santé" in page and "06 00 00 00 00" in page
    assert "courrier.txt" not in page
    assert client.get(reverse("pathways:file", args=[r.beneficiary_id])).status_code == 200
    file_page = client.get(reverse("pathways:file", args=[r.beneficiary_id])).content.decode()
    assert "Note confidentielle" not in file_page
    attachment = r.attachments.get()
    url = reverse("pathways:attachment", args=[r.pk, attachment.pk])
    assert client.get(url).status_code == 403


def test_it_lets_the_receiver_accept_set_an_appointment_and_read_attachments(referral, mfa_login):
    _sender, receiver, r = referral
    client = mfa_login(receiver)
    move = reverse("pathways:referral_move", args=[r.pk])
    assert client.post(move, {"to_status": "accepted"}).status_code == 302
    client.post(move, {"to_status": "appointment_set", "appointment_at": "2026-12-01T10:30"})
    assert Referral.objects.get(pk=r.pk).status == "appointment_set"
    attachment = r.attachments.get()
    response = client.get(reverse("pathways:attachment", args=[r.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Courrier"


def test_it_shows_an_illegal_move_as_an_error_message(referral, mfa_login):
    _sender, receiver, r = referral
    client = mfa_login(receiver)
    response = client.post(
        reverse("pathways:referral_move", args=[r.pk]), {"to_status": "done"}, follow=True
    )
    assert (
        "cannot go from" in response.content.decode() or "ne peut pas" in response.content.decode()
    )
    assert Referral.objects.get(pk=r.pk).status == "sent"


def test_it_hides_a_referral_from_an_unrelated_organisation(referral, mfa_login):
    _sender, _receiver, r = referral
    client = mfa_login(make_user())
    assert client.get(reverse("pathways:referral", args=[r.pk])).status_code == 404


def test_declining_closes_the_receivers_view(referral, mfa_login):
    _sender, receiver, r = referral
    client = mfa_login(receiver)
    client.post(
        reverse("pathways:referral_move", args=[r.pk]),
        {"to_status": "declined", "decline_reason": "Hors secteur"},
    )
    assert Referral.objects.get(pk=r.pk).status == "declined"
    assert client.get(reverse("pathways:referral", args=[r.pk])).status_code == 404
