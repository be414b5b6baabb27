import datetime as dt

import pytest

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.surveillance.models import WeeklyCount, WeeklyReportRevision
from maillage.surveillance.services import ReportError, report_submit
from maillage.surveillance.weeks import current_week, last_closed_week
from tests.factories import make_organisation, make_user
from tests.surveillance.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    signal = make_signal("gale")
    partner = make_partner()
    staff = make_user(role=Role.PROFESSIONAL, organisation=partner)
    return signal, partner, staff


def test_it_records_a_report_as_its_first_revision(setup):
    signal, partner, staff = setup
    week = last_closed_week()
    report = report_submit(actor=staff, organisation=partner, week_start=week, counts={"gale": 3})

    assert report.revision_count == 1
    assert WeeklyCount.objects.get(report=report, signal=signal).count == 3
    revision = report.revisions.get()
    assert revision.counts == {"gale": 3} and revision.submitted_by == staff
    assert AuditEvent.objects.filter(action="weekly_report.submit", object_id=str(report.pk))


def test_it_keeps_the_history_of_a_corrected_report_and_serves_the_latest_value(setup):
    signal, partner, staff = setup
    week = last_closed_week()
    report_submit(actor=staff, organisation=partner, week_start=week, counts={"gale": 3})
    report = report_submit(actor=staff, organisation=partner, week_start=week, counts={"gale": 5})

    assert report.revision_count == 2
    assert list(report.revisions.values_list("number", "counts")) == [
        (2, {"gale": 5}),
        (1, {"gale": 3}),
    ]
    assert WeeklyCount.objects.get(report=report, signal=signal).count == 5
    assert AuditEvent.objects.filter(action="weekly_report.correct").count() == 1


def test_it_does_not_add_a_revision_when_nothing_changed(setup):
    _, partner, staff = setup
    week = last_closed_week()
    report_submit(actor=staff, organisation=partner, week_start=week, counts={"gale": 3})
    report = report_submit(actor=staff, organisation=partner, week_start=week, counts={"gale": 3})
    assert report.revisions.count() == 1


def test_it_flags_a_report_sent_after_the_deadline_as_late(setup):
    _, partner, staff = setup
    old_week = last_closed_week() - dt.timedelta(weeks=4)
    report = report_submit(
        actor=staff, organisation=partner, week_start=old_week, counts={"gale": 1}
    )
    assert report.revisions.get().is_late is True


def test_it_treats_an_empty_count_as_not_counted_rather_than_zero(setup):
    signal, partner, staff = setup
    report = report_submit(
        actor=staff, organisation=partner, week_start=last_closed_week(), counts={"gale": None}
    )
    assert not WeeklyCount.objects.filter(report=report).exists()


@pytest.mark.parametrize(
    "counts, week_offset",
    [({"gale": -1}, 1), ({"unknown": 2}, 1), ({"gale": 2}, -1)],
    ids=["negative", "unknown signal", "future week"],
)
def test_it_refuses_bad_counts_and_weeks(setup, counts, week_offset):
    _, partner, staff = setup
    week = current_week() - dt.timedelta(weeks=week_offset)
    with pytest.raises(ReportError):
        report_submit(actor=staff, organisation=partner, week_start=week, counts=counts)
    assert not WeeklyReportRevision.objects.exists()


def test_it_refuses_staff_of_another_organisation_and_funders(setup):
    _, partner, _ = setup
    outsider = make_user(role=Role.PROFESSIONAL, organisation=make_organisation())
    funder = make_user(role=Role.FUNDER_VIEWER, organisation=partner)
    for actor in (outsider, funder):
        with pytest.raises(PermissionDenied):
            report_submit(
                actor=actor, organisation=partner, week_start=last_closed_week(), counts={}
            )


def test_it_lets_a_coordinator_report_for_a_partner(setup):
    _, partner, _ = setup
    coordinator = make_user(role=Role.COORDINATOR)
    report = report_submit(
        actor=coordinator, organisation=partner, week_start=last_closed_week(), counts={"gale": 0}
    )
    assert report.counts.get().count == 0
