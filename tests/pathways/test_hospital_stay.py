"""Admission notifies the care team; discharge needs the checklist, or flags what is missing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from maillage.pathways import services
from maillage.pathways.models import HospitalStay, Notification
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def stay(django_capture_on_commit_callbacks):
    pass_worker = make_user()
    b = make_beneficiary(actor=pass_worker)
    member = make_member(b)
    chru = make_organisation(name="CHRU (fictif)", kind="hospital")
    with django_capture_on_commit_callbacks(execute=True):
        stay = services.stay_admit(
            actor=pass_worker,
            beneficiary=b,
            establishment=chru,
            unit="Pneumologie",
            via_emergency=True,
        )
    return pass_worker, member, stay


def test_it_notifies_the_care_team_of_an_admission_without_details(stay):
    _worker, member, s = stay
    assert Notification.objects.filter(recipient=member).count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Pneumologie" not in mail.outbox[0].body
    assert s.beneficiary.last_name not in mail.outbox[0].body


def test_it_refuses_the_discharge_while_the_checklist_is_incomplete(stay):
    worker, _member, s = stay
    services.stay_checklist_update(actor=worker, stay=s, data={"housing_at_discharge": True})
    with pytest.raises(services.ChecklistIncomplete) as error:
        services.stay_discharge(actor=worker, stay=s)
    assert "rights_opened" in error.value.missing
    assert HospitalStay.objects.get(pk=s.pk).discharged_at is None


def test_it_records_a_forced_discharge_with_the_missing_items_flagged(stay):
    worker, _member, s = stay
    services.stay_discharge(actor=worker, stay=s, force=True)
    s.refresh_from_db()
    assert s.discharged_at is not None
    assert "follow_up_booked" in s.missing_at_discharge


def test_it_records_a_complete_discharge(stay, mfa_login):
    worker, _member, s = stay
    client = mfa_login(worker)
    data = {
        name: "on"
        for name in [
            "housing_at_discharge",
            "rights_opened",
            "follow_up_booked",
            "treatment_available",
            "transport_arranged",
        ]
    }
    data.update(follow_up_on="2026-12-01", discharge="1")
    response = client.post(reverse("pathways:stay", args=[s.beneficiary_id, s.pk]), data)
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.discharged_at is not None and s.missing_at_discharge == []
