"""Regressions of the policy probe: access ends with the care-team membership, and on the day a
staff membership ends (docs/confidentiality.md, "Referrals" and "Staff")."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import User
from maillage.pathways import services
from maillage.pathways.access import file_access, referral_access
from maillage.pathways.models import CareTeamMember, Referral
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
API = "/api/v1/pathways"


@pytest.fixture
def accepted_then_removed(settings, tmp_path):
    """A referral the receiver accepted, whose organisation then left the person's care team."""
    settings.VAR_DIR = tmp_path
    sender = make_user()
    b = make_beneficiary(actor=sender, phone="06 11 22 33 44")
    pole = make_organisation()
    receiver = make_user(organisation=pole)
    referral = services.referral_create(
        actor=sender, beneficiary=b, to_organisation=pole, reason="Bilan bucco-dentaire"
    )
    services.attachment_add(
        actor=sender, referral=referral, upload=SimpleUploadedFile("courrier.txt", b"Courrier")
    )
    services.referral_transition(actor=receiver, referral=referral, to_status="accepted")
    member = CareTeamMember.objects.active().get(beneficiary=b, organisation=pole)
    assert referral_access(receiver, Referral.objects.get(pk=referral.pk)).receiver
    services.care_team_end(actor=sender, member=member)
    return receiver, Referral.objects.get(pk=referral.pk)


def test_a_receiver_out_of_the_care_team_no_longer_opens_the_referral(
    accepted_then_removed, mfa_login
):
    receiver, referral = accepted_then_removed
    client = mfa_login(receiver)

    page = client.get(reverse("pathways:referral", args=[referral.pk]))

    assert page.status_code == 404
    assert "06 11 22 33 44" not in page.content.decode()
    assert not referral_access(receiver, referral).sides


def test_a_receiver_out_of_the_care_team_no_longer_downloads_the_attachment(
    accepted_then_removed, mfa_login
):
    receiver, referral = accepted_then_removed
    attachment = referral.attachments.get()
    client = mfa_login(receiver)

    response = client.get(reverse("pathways:attachment", args=[referral.pk, attachment.pk]))

    assert response.status_code in {403, 404}
    assert b"Courrier" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_receiver_out_of_the_care_team_no_longer_moves_the_referral(
    accepted_then_removed, mfa_login
):
    receiver, referral = accepted_then_removed
    client = mfa_login(receiver)

    moved = client.post(
        f"{API}/referrals/{referral.pk}/transitions",
        {"to_status": "appointment_set", "appointment_at": "2026-12-10T10:00:00+01:00"},
        content_type="application/json",
    )
    page_move = client.post(
        reverse("pathways:referral_move", args=[referral.pk]), {"to_status": "done"}
    )

    assert moved.status_code in {403, 404}
    assert page_move.status_code in {403, 404}
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_a_staff_membership_ending_today_gives_no_access_today(mfa_login):
    worker = make_user()
    b = make_beneficiary(actor=worker)
    client = mfa_login(worker)
    assert client.get(reverse("pathways:file", args=[b.pk])).status_code == 200

    worker.staff_memberships.update(ended_on=timezone.localdate())

    assert not file_access(User.objects.get(pk=worker.pk), b).content
    page = client.get(reverse("pathways:file", args=[b.pk]), follow=True)
    assert page.status_code in {403, 404}
    assert b.last_name not in page.content.decode()
    response = client.post(
        reverse("pathways:note_add", args=[b.pk]), {"text": "Encore là"}, follow=True
    )
    assert response.status_code in {403, 404}
    assert not b.notes.filter(text="Encore là").exists()
