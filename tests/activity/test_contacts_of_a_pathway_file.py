import datetime as dt

import pytest
from django.urls import reverse

from maillage.activity.selectors import contacts_for_beneficiary
from maillage.activity.services import count_run_execute
from maillage.core.models import Role
from maillage.core.services import PermissionDenied
from maillage.pathways import services as pathways
from tests.activity.factories import make_hub, record
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 2, 3)


@pytest.fixture
def file_and_worker():
    pass_unit = make_organisation("PASS", kind="pass_unit")
    worker = make_user(role=Role.PROFESSIONAL, organisation=pass_unit)
    beneficiary = pathways.beneficiary_create(
        actor=worker,
        data={
            "first_name": "Fatima",
            "last_name": "Benali",
            "birth_year": 1982,
            "birth_month": 3,
            "birth_day": 14,
            "sex": "F",
        },
    )
    pathways.information_notice_record(actor=worker, beneficiary=beneficiary, method="oral")
    return beneficiary, worker, pass_unit


def test_it_encodes_a_files_contacts_so_they_link_with_anonymous_ones(file_and_worker):
    beneficiary, worker, pass_unit = file_and_worker
    linked = record(worker, organisation=pass_unit, beneficiary=beneficiary, date=DAY)
    hub = make_hub()
    referent = make_user(role=Role.HUB_REFERENT, organisation=hub.host)
    record(
        referent,
        hub=hub,
        first_name="Fatma",
        last_name="Ben Ali",
        birth_date="1982-03-14",
        sex="F",
        date=DAY,
    )

    assert linked.source == "pathway" and linked.encoding is not None
    assert list(contacts_for_beneficiary(beneficiary_id=beneficiary.pk)) == [linked]
    run = count_run_execute()
    assert (run.contacts, run.people) == (2, 1)


def test_it_links_a_files_contacts_even_when_encodings_differ(file_and_worker):
    beneficiary, worker, pass_unit = file_and_worker
    record(worker, organisation=pass_unit, beneficiary=beneficiary, date=DAY)
    beneficiary.first_name, beneficiary.last_name = "Zoé", "Autrenom"  # corrected later
    record(worker, organisation=pass_unit, beneficiary=beneficiary, date=DAY)
    assert count_run_execute().people == 1


def test_it_refuses_to_record_on_a_file_outside_ones_care_team(file_and_worker):
    beneficiary, _, pass_unit = file_and_worker
    colleague_elsewhere = make_user(role=Role.PROFESSIONAL)
    other = make_organisation()
    with pytest.raises(PermissionDenied):
        record(colleague_elsewhere, organisation=other, beneficiary=beneficiary, date=DAY)
    coordinator = make_user(role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        record(coordinator, organisation=pass_unit, beneficiary=beneficiary, date=DAY)
    assert not contacts_for_beneficiary(beneficiary_id=beneficiary.pk).exists()


def test_it_records_from_the_file_page_behind_two_factors(client, mfa_login, file_and_worker):
    beneficiary, worker, pass_unit = file_and_worker
    url = reverse("activity:file_contact", args=[beneficiary.pk])
    client.force_login(worker)  # password only
    assert client.get(url).url == reverse("core:mfa_required")

    client = mfa_login(worker)
    page = client.get(url).content.decode()
    assert "Fatima Benali" in page and 'name="last_name"' not in page
    response = client.post(
        url,
        {
            "age_band": "unknown",
            "kind": "accompaniment",
            "themes": ["rights"],
            "new_or_known": "known",
            "date": DAY.isoformat(),
            "place": f"org:{pass_unit.pk}",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("pathways:file", args=[beneficiary.pk])
    [contact] = contacts_for_beneficiary(beneficiary_id=beneficiary.pk)
    assert (contact.sex, contact.age_band, contact.is_new) == ("F", "26-44", False)
    assert contact.encoding is not None


def test_it_hides_a_file_from_staff_outside_its_team(mfa_login, file_and_worker):
    beneficiary, _, _ = file_and_worker
    outsider = make_user(role=Role.HUB_REFERENT)
    client = mfa_login(outsider)
    url = reverse("activity:file_contact", args=[beneficiary.pk])
    assert client.get(url).status_code == 404
