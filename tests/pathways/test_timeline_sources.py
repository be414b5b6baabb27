"""The timeline merges notes, referrals, stays, alerts and the activity app's contacts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.pathways import services
from maillage.pathways.access import file_access
from maillage.pathways.models import Beneficiary
from maillage.pathways.rules import rules_run
from maillage.pathways.timeline import timeline
from tests.activity.factories import record
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db


def test_it_merges_every_source_newest_first():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    services.note_add(actor=worker, beneficiary=b, text="Entretien")
    services.referral_create(
        actor=worker, beneficiary=b, to_organisation=make_organisation(), reason="Bilan"
    )
    services.stay_admit(actor=worker, beneficiary=b, establishment=make_organisation())
    record(worker, organisation=b.created_by, beneficiary=b, date=timezone.localdate())
    entries = timeline(b, file_access(worker, b))
    assert {"note", "referral", "stay", "contact"} <= {entry.kind for entry in entries}
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)


def test_a_recent_contact_keeps_the_no_contact_alert_away():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    Beneficiary.objects.filter(pk=b.pk).update(last_activity_at=timezone.now() - timedelta(days=90))
    record(worker, organisation=b.created_by, beneficiary=b, date=timezone.localdate())
    rules_run()
    assert not b.alerts.filter(kind="no_contact").exists()
