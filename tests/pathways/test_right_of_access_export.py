"""The person's right of access: their file as JSON and PDF, listing who accessed it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role
from tests.factories import make_user
from tests.pathways.factories import make_beneficiary, make_member

pytestmark = pytest.mark.django_db


def test_it_exports_the_file_as_json_with_who_accessed_it(mfa_login):
    worker = make_user()
    b = make_beneficiary(actor=worker)
    member = make_member(b)
    mfa_login(member).get(reverse("pathways:file", args=[b.pk]))
    client = mfa_login(worker)
    response = client.get(reverse("pathways:export", args=[b.pk, "json"]))
    assert response.status_code == 200
    data = response.json()
    assert data["identity"]["last_name"] == b.last_name
    readers = {row["who"] for row in data["accesses"] if row["action"] == "beneficiary.read"}
    assert member.email in readers


def test_it_exports_the_file_as_pdf(mfa_login):
    worker = make_user()
    b = make_beneficiary(actor=worker)
    response = mfa_login(worker).get(reverse("pathways:export", args=[b.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_coordinator_outside_the_team_cannot_export(mfa_login):
    b = make_beneficiary()
    client = mfa_login(make_user(role=Role.COORDINATOR))
    assert client.get(reverse("pathways:export", args=[b.pk, "json"])).status_code == 403
