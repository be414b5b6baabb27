"""The pathways API: same operations, same policy, same 2FA requirement as the pages."""

from __future__ import annotations

import random
import uuid

import pytest
from django.test import Client

from maillage.core.models import Role
from maillage.pathways import services
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary, make_member

pytestmark = pytest.mark.django_db
API = "/api/v1/pathways"


def test_it_refuses_a_session_without_two_factors():
    client = Client()
    client.force_login(make_user())
    assert client.get(f"{API}/files").status_code == 401


def test_it_refuses_a_funder_even_with_two_factors(mfa_login):
    client = mfa_login(make_user(role=Role.FUNDER_VIEWER))
    assert client.get(f"{API}/files").status_code == 401


def test_it_lists_gets_adds_a_note_refers_and_moves_a_referral(mfa_login):
    worker = make_user()
    b = make_beneficiary(actor=worker)
    client = mfa_login(worker)
    assert [row["id"] for row in client.get(f"{API}/files").json()] == [str(b.pk)]
    response = client.post(
        f"{API}/files/{b.pk}/notes", {"text": "Vu ce jour"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert client.get(f"{API}/files/{b.pk}").json()["notes"][0]["text"] == "Vu ce jour"
    pole = make_organisation()
    response = client.post(
        f"{API}/files/{b.pk}/referrals",
        {"to_organisation": pole.pk, "reason": "Bilan", "urgency": "soon"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "sent"
    referral_id = response.json()["id"]
    receiver = mfa_login(make_user(organisation=pole))
    moved = receiver.post(
        f"{API}/referrals/{referral_id}/transitions",
        {"to_status": "accepted"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "accepted"
    illegal = receiver.post(
        f"{API}/referrals/{referral_id}/transitions",
        {"to_status": "done"},
        content_type="application/json",
    )
    assert illegal.status_code == 409
    bundle = client.get(f"{API}/referrals/{referral_id}/fhir").json()
    assert bundle["resourceType"] == "Bundle"
    assert client.get(f"{API}/files/{b.pk}/export").json()["file"] == str(b.pk)


def test_fuzzed_ids_never_reveal_another_organisations_data(mfa_login):
    """Every id of every organisation, and random ones, on every endpoint, for every user."""
    rng = random.Random(2026)
    worlds = []
    for n in range(3):
        worker = make_user()
        b = make_beneficiary(actor=worker, last_name=f"Secret{n}Nom")
        services.note_add(actor=worker, beneficiary=b, text=f"Secret{n}Note")
        make_member(b)
        referral = services.referral_create(
            actor=worker,
            beneficiary=b,
            to_organisation=make_organisation(),
            reason=f"Secret{n}Motif",
        )
        consent = services.consent_record(
            actor=worker,
            beneficiary=b,
            scope="social",
            recipients=[make_organisation()],
            method="oral",
        )
        worlds.append((worker, b, referral, consent))
    ids = [str(uuid.uuid4()) for _ in range(5)] + [str(w[1].pk) for w in worlds]
    referral_ids = [str(uuid.uuid4()) for _ in range(5)] + [str(w[2].pk) for w in worlds]
    consent_ids = [w[3].pk for w in worlds] + [rng.randint(1, 10_000) for _ in range(3)]
    for n, (worker, _b, _r, _c) in enumerate(worlds):
        client = mfa_login(worker)
        others = [f"Secret{m}" for m in range(3) if m != n]
        for file_id in ids:
            for url in [f"{API}/files/{file_id}", f"{API}/files/{file_id}/export"] + [
                f"{API}/files/{file_id}/consents/{c}/fhir" for c in consent_ids
            ]:
                _assert_nothing_of(others, client.get(url))
            posted = client.post(
                f"{API}/files/{file_id}/notes", {"text": "x"}, content_type="application/json"
            )
            assert posted.status_code in {201, 404}
            if posted.status_code == 201:
                assert file_id == str(worlds[n][1].pk)
        for referral_id in referral_ids:
            for url in [f"{API}/referrals/{referral_id}", f"{API}/referrals/{referral_id}/fhir"]:
                _assert_nothing_of(others, client.get(url))
            moved = client.post(
                f"{API}/referrals/{referral_id}/transitions",
                {"to_status": "cancelled"},
                content_type="application/json",
            )
            assert moved.status_code in {200, 404}
            if moved.status_code == 200:
                assert referral_id == str(worlds[n][2].pk)
        _assert_nothing_of(others, client.get(f"{API}/files"))


def _assert_nothing_of(others: list[str], response) -> None:
    assert response.status_code in {200, 403, 404}, response.status_code
    body = response.content.decode()
    for secret in others:
        assert secret not in body
