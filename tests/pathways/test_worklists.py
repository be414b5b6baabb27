"""The worklists show the rows of the files the user may see, sorted, one page at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.pathways import access, services
from maillage.pathways.models import Alert, Beneficiary
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
WORKLIST = reverse("pathways:worklist")


@pytest.fixture(params=["small organisation", "large organisation"])
def organisation_size(request, monkeypatch) -> None:
    """A small organisation's worklists start from its few files; a large one's walk the list."""
    if request.param == "large organisation":
        monkeypatch.setattr(access, "FEW_FILES", 0)


def raise_alert(b: Beneficiary, days_ago: int = 0) -> Alert:
    return Alert.objects.create(
        beneficiary=b,
        kind="no_contact",
        subject=f"file:{b.pk}",
        organisation=b.created_by,
        raised_at=timezone.now() - timedelta(days=days_ago),
    )


def page(client, query: str) -> str:
    response = client.get(f"{WORKLIST}?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_alerts_of_my_files_only(mfa_login, organisation_size):
    worker = make_user()
    mine, theirs = make_beneficiary(actor=worker), make_beneficiary()
    raise_alert(mine), raise_alert(theirs)
    content = page(mfa_login(worker), "list=alerts")
    assert mine.reference in content
    assert theirs.reference not in content


def test_it_lists_the_discharges_planned_this_week_of_files_i_may_see(mfa_login, organisation_size):
    worker = make_user()
    hospital = make_organisation(kind="hospital")
    today = timezone.localdate()
    for b, planned in [
        (make_beneficiary(actor=worker, last_name="Cettesemaine"), today),
        (make_beneficiary(actor=worker, last_name="Plustard"), today + timedelta(days=8)),
        (make_beneficiary(last_name="Autrestructure"), today),
    ]:
        creator = b.created_by_user
        services.stay_admit(
            actor=creator, beneficiary=b, establishment=hospital, planned_discharge_on=planned
        )
    content = page(mfa_login(worker), "list=discharges")
    assert "Cettesemaine" in content and "5 items missing" in content
    assert "Plustard" not in content and "Autrestructure" not in content


def test_it_sorts_and_pages_the_alerts(mfa_login, organisation_size):
    worker = make_user()
    files = [make_beneficiary(actor=worker) for _ in range(27)]
    for days_ago, b in enumerate(files):
        raise_alert(b, days_ago=days_ago)
    client = mfa_login(worker)
    newest = page(client, "list=alerts&sort=raised")
    assert files[0].reference in newest and files[24].reference in newest
    assert files[25].reference not in newest and "page=2" in newest
    second = page(client, "list=alerts&sort=raised&page=2")
    assert files[25].reference in second and files[26].reference in second
    assert files[0].reference not in second
    oldest = page(client, "list=alerts&sort=-raised")
    assert files[26].reference in oldest and files[0].reference not in oldest


def test_it_shows_the_referrals_waiting_for_my_answer(mfa_login, organisation_size):
    receiver = make_user()
    b = make_beneficiary(last_name="Orientee")
    services.referral_create(
        actor=b.created_by_user,
        beneficiary=b,
        to_organisation=receiver.staff_memberships.get().organisation,
        reason="Bilan",
    )
    content = page(mfa_login(receiver), "list=referrals")
    assert "Orientee" in content
