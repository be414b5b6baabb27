"""Pages: who sees what, the exports, and bounded query counts on the meeting and diagnosis."""

from __future__ import annotations

import datetime as dt

import pytest

from maillage.core.models import Role
from maillage.meetings.models import PARIS, CalendarFeed
from maillage.meetings.services import (
    AttendanceData,
    DecisionData,
    NeedData,
    ResidentEntry,
    attendance_record,
    decision_take,
    meeting_plan_next,
    minutes_write,
    need_raise,
)
from tests.factories import make_user
from tests.meetings.factories import make_hub_setup, make_series

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 1, 9, tzinfo=PARIS)
THEMES = ["sante--vaccination", "sante--nutrition", "sante--sante-mentale", "sante--addictions"]


def _busy_hub(meetings: int = 3, needs: int = 4):  # type: ignore[no-untyped-def]
    setup = make_hub_setup()
    series = make_series(setup)
    now = NOW
    held = []
    for _ in range(meetings):
        meeting = meeting_plan_next(actor=setup.referent, series=series, now=now)
        invited = meeting.participants.get(user=setup.partner)
        residents = [ResidentEntry("inhabitant", count=3), ResidentEntry("habitant_relais")]
        data = AttendanceData(staff={invited.pk: "present"}, residents=residents)
        attendance_record(actor=setup.referent, meeting=meeting, data=data)
        for n in range(needs):
            need = need_raise(
                actor=setup.referent,
                meeting=meeting,
                data=NeedData(f"Besoin {meeting.pk}-{n}", THEMES[n % 4], votes=n),
            )
            decision_take(
                actor=setup.referent,
                meeting=meeting,
                data=DecisionData(
                    f"Décision {need.pk}",
                    owner_organisation=setup.partner_organisation,
                    due_on=dt.date(2026, 1, 1),
                    needs=[need],
                ),
            )
        minutes_write(actor=setup.referent, meeting=meeting, text="Compte rendu")
        held.append(meeting)
        now = meeting.starts_at
    return setup, series, held


def test_the_meeting_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    setup, _series, held = _busy_hub(meetings=1, needs=6)
    client.force_login(setup.referent)
    with django_assert_max_num_queries(22):
        response = client.get(f"/reunions/{held[0].pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("Décision ") == 6


def test_the_diagnosis_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    setup, _series, _held = _busy_hub(meetings=3, needs=4)
    client.force_login(setup.partner)
    with django_assert_max_num_queries(18):
        response = client.get(f"/reunions/diagnostic/{setup.hub.slug}/")
    body = response.content.decode()
    assert response.status_code == 200 and body.count('<tr class="late">') == 12
    assert "Vaccination" in body and "2026-S1" in body


def test_the_diagnosis_exports_csv_and_pdf(client):
    setup, _series, _held = _busy_hub(meetings=1, needs=2)
    client.force_login(setup.referent)
    csv = client.get(f"/reunions/diagnostic/{setup.hub.slug}/export.csv")
    assert csv["Content-Type"].startswith("text/csv") and "Besoin" in csv.content.decode()
    pdf = client.get(f"/reunions/diagnostic/{setup.hub.slug}/export.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_the_attendance_sheet_is_a_pdf_for_the_referent_only(client):
    setup = make_hub_setup()
    meeting = meeting_plan_next(actor=setup.referent, series=make_series(setup), now=NOW)
    client.force_login(setup.referent)
    assert client.get(f"/reunions/{meeting.pk}/emargement.pdf").content.startswith(b"%PDF")
    client.force_login(setup.partner)
    assert client.get(f"/reunions/{meeting.pk}/emargement.pdf").status_code == 403


def test_partners_read_approved_minutes_only_and_strangers_nothing(client):
    setup, _series, held = _busy_hub(meetings=1, needs=0)
    client.force_login(setup.partner)
    page = client.get(f"/reunions/{held[0].pk}/").content.decode()
    assert "Compte rendu" not in page  # a draft
    client.force_login(make_user(role=Role.PROFESSIONAL))
    assert client.get(f"/reunions/{held[0].pk}/").status_code == 404


def test_funders_see_aggregated_figures_only(client):
    setup, _series, _held = _busy_hub(meetings=2, needs=0)
    funder = make_user(role=Role.FUNDER_VIEWER)
    client.force_login(funder)
    figures = client.get("/reunions/chiffres/").content.decode()
    assert "<td>2</td>" in figures and "<td>6</td>" in figures  # 2 meetings, 6 inhabitants
    assert client.get(f"/reunions/diagnostic/{setup.hub.slug}/").status_code == 302
    assert client.get("/reunions/").status_code == 302


def test_the_personal_feed_publishes_and_is_revoked_by_a_new_key(client):
    setup = make_hub_setup()
    series = make_series(setup)
    client.force_login(setup.partner)
    client.post("/reunions/agenda/")
    key = CalendarFeed.objects.get(user=setup.partner).key
    client.logout()
    feed = client.get(f"/reunions/agenda/{key}.ics")
    assert b"METHOD:PUBLISH" in feed.content and b"METHOD:REQUEST" not in feed.content
    assert series.uid.encode() in feed.content
    client.force_login(setup.partner)
    client.post("/reunions/agenda/")
    assert client.get(f"/reunions/agenda/{key}.ics").status_code == 404
