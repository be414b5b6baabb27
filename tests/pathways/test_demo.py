"""The demo people show each feature, and loading twice adds nothing."""

from __future__ import annotations

import pytest

from maillage.demo.loader import load_demo
from maillage.pathways.models import Alert, Beneficiary, HospitalStay, PathwayStep, Referral

pytestmark = pytest.mark.django_db


def test_it_loads_fictitious_people_with_every_feature_and_is_idempotent() -> None:
    load_demo(skip={"reports"})
    counts = (Beneficiary.objects.count(), Referral.objects.count(), Alert.objects.count())
    assert counts[0] == 5
    assert all("ictif" in b.last_name or "ictive" in b.last_name for b in Beneficiary.objects.all())
    kinds = set(Alert.objects.filter(resolved_at__isnull=True).values_list("kind", flat=True))
    assert {
        "cover_expiring",
        "repeated_no_show",
        "referral_unanswered",
        "step_overdue",
        "discharge_no_follow_up",
    } <= kinds
    assert Referral.objects.filter(status="appointment_set", service__isnull=False).exists()
    assert HospitalStay.objects.filter(discharged_at__isnull=True, via_emergency=True).exists()
    assert PathwayStep.objects.filter(status="done").exists()
    load_demo(skip={"reports"})
    assert (Beneficiary.objects.count(), Referral.objects.count(), Alert.objects.count()) == counts
