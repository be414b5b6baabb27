import datetime as dt

import pytest

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
            "sex": "female",
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
