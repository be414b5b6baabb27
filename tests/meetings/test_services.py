"""Writes of the meetings app: planning, attendance, the needs register, decisions, minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.meetings.identifiers import IdentifiersFound, find_identifiers
from maillage.meetings.models import (
    PARIS,
    AgendaKind,
    DecisionStatus,
    MeetingStatus,
    MinutesStatus,
    NeedStatus,
    ParticipantKind,
)
from maillage.meetings.selectors import funder_figures
from maillage.meetings.services import (
    AttendanceData,
    DecisionData,
    NeedData,
    ResidentEntry,
    TransitionRefused,
    attachment_add,
    attendance_record,
    decision_take,
    meeting_cancel,
    meeting_plan_next,
    minutes_approve,
    minutes_circulate,
    minutes_write,
    need_discuss,
    need_raise,
)
from tests.factories import make_user
from tests.meetings.factories import make_hub_setup, make_series
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 1, 9, tzinfo=PARIS)


def _held(setup, series, now=NOW):  # type: ignore[no-untyped-def]
    meeting = meeting_plan_next(actor=setup.referent, series=series, now=now)
    invited = meeting.participants.get(user=setup.partner)
    data = AttendanceData(
        staff={invited.pk: "present"},
        residents=[
            ResidentEntry(ParticipantKind.INHABITANT, count=3),
            ResidentEntry(ParticipantKind.HABITANT_RELAIS, first_name="Nadia Exemple"),
        ],
    )
    return attendance_record(actor=setup.referent, meeting=meeting, data=data)


def test_it_plans_the_next_meeting_with_open_needs_and_decisions_due_on_the_agenda():
    setup = make_hub_setup()
    series = make_series(setup, agenda=({"title": "Tour de table", "kind": "information"},))
    first = _held(setup, series)
    need = need_raise(
        actor=setup.referent,
        meeting=first,
        data=NeedData("Accès à la C2S", "sante--droits-complementaire-sante-solidaire", votes=5),
    )
    decision_take(
        actor=setup.referent,
        meeting=first,
        data=DecisionData(
            "Permanence CPAM",
            owner_organisation=setup.partner_organisation,
            due_on=dt.date(2026, 3, 1),
            needs=[need],
        ),
    )
    minutes_write(actor=setup.referent, meeting=first, text="Échanges sur la C2S.")
    second = meeting_plan_next(actor=setup.referent, series=series, now=first.starts_at)
    kinds = list(second.agenda.values_list("kind", "title"))
    assert kinds[0][0] == AgendaKind.MINUTES
    assert (AgendaKind.INFORMATION, "Tour de table") in kinds
    assert (AgendaKind.NEED, "Accès à la C2S") in kinds
    assert (AgendaKind.DECISION, "Permanence CPAM") in kinds
    assert second.recurrence_id == dt.datetime(2026, 4, 7, 14, tzinfo=PARIS)
    need.refresh_from_db()
    assert need.status == NeedStatus.BEING_ADDRESSED
    assert AuditEvent.objects.filter(action="meeting.plan").count() == 2


def test_attendance_counts_residents_and_keeps_a_first_name_at_most():
    setup = make_hub_setup()
    meeting = _held(setup, make_series(setup))
    assert meeting.status == MeetingStatus.HELD
    relais = meeting.participants.get(kind=ParticipantKind.HABITANT_RELAIS)
    assert relais.first_name == "Nadia" and relais.count == 1
    (row,) = funder_figures(year=2026)
    assert (
        row.meetings_held,
        row.partner_organisations,
        row.inhabitants,
        row.habitants_relais,
    ) == (1, 1, 3, 1)
    corrected = AttendanceData(residents=[ResidentEntry(ParticipantKind.INHABITANT, count=2)])
    attendance_record(actor=setup.referent, meeting=meeting, data=corrected)
    assert funder_figures(year=2026)[0].inhabitants == 2  # replaced, not added
    assert funder_figures(year=2026)[0].habitants_relais == 0


def test_a_cancelled_meeting_has_no_attendance():
    setup = make_hub_setup()
    meeting = meeting_plan_next(actor=setup.referent, series=make_series(setup), now=NOW)
    meeting_cancel(actor=setup.referent, meeting=meeting)
    with pytest.raises(TransitionRefused):
        attendance_record(actor=setup.referent, meeting=meeting, data=AttendanceData())


def test_only_the_hub_referent_or_the_coordinator_manage_the_series():
    setup = make_hub_setup()
    series = make_series(setup)
    with pytest.raises(PermissionDenied):
        meeting_plan_next(actor=setup.partner, series=series, now=NOW)
    other_referent = make_user(role=Role.HUB_REFERENT)
    with pytest.raises(PermissionDenied):
        meeting_plan_next(actor=other_referent, series=series, now=NOW)
    coordinator = make_user(role=Role.COORDINATOR)
    assert meeting_plan_next(actor=coordinator, series=series, now=NOW).pk


def test_the_need_moves_through_the_register_by_allowed_steps_only():
    setup = make_hub_setup()
    series = make_series(setup)
    first = _held(setup, series)
    need = need_raise(
        actor=setup.referent,
        meeting=first,
        data=NeedData("Asthme et logement", "sante--environnement-interieur-asthme"),
    )
    second = _held(setup, series, now=first.starts_at)
    need_discuss(
        actor=setup.referent, meeting=second, need=need, votes=9, status=NeedStatus.PRIORITISED
    )
    need.refresh_from_db()
    assert (need.status, need.priority, need.discussions.count()) == (NeedStatus.PRIORITISED, 9, 2)
    with pytest.raises(TransitionRefused):
        need_discuss(
            actor=setup.referent, meeting=second, need=need, votes=9, status=NeedStatus.ADDRESSED
        )


def test_minutes_are_approved_at_a_later_meeting_then_locked():
    setup = make_hub_setup()
    series = make_series(setup)
    first = _held(setup, series)
    minutes = minutes_write(actor=setup.referent, meeting=first, text="Brouillon")
    minutes = minutes_circulate(actor=setup.referent, minutes=minutes)
    with pytest.raises(TransitionRefused):
        minutes_approve(actor=setup.referent, minutes=minutes, at_meeting=first)
    second = meeting_plan_next(actor=setup.referent, series=series, now=first.starts_at)
    minutes = minutes_approve(actor=setup.referent, minutes=minutes, at_meeting=second)
    assert minutes.status == MinutesStatus.APPROVED
    with pytest.raises(TransitionRefused):
        minutes_write(actor=setup.referent, meeting=first, text="Changé après coup")


def test_text_with_a_persons_identifiers_is_refused_until_confirmed():
    setup = make_hub_setup()
    meeting = _held(setup, make_series(setup))
    text = "Mme X, née le 12/03/1961, tél. 06 12 34 56 78, NIR 2 61 03 59 350 123 54"
    with pytest.raises(IdentifiersFound) as raised:
        minutes_write(actor=setup.referent, meeting=meeting, text=text)
    kinds = [f.kind for f in raised.value.findings]
    assert {"phone", "birth_date"} <= set(kinds)
    assert (
        minutes_write(actor=setup.referent, meeting=meeting, text=text, confirmed=True).text == text
    )
    assert find_identifiers("Réunion le 12/03/2026 à la Maison de quartier") == []


def test_a_name_matches_only_a_file_the_author_can_see():
    setup = make_hub_setup()
    text = "Situation de Josiane Vandermeersch évoquée"
    stranger = make_user(role=Role.PROFESSIONAL)
    make_beneficiary(actor=stranger, first_name="Josiane", last_name="Vandermeersch")
    assert find_identifiers(text, setup.referent) == []  # not a file the referent can see
    make_beneficiary(actor=setup.referent, first_name="Josiane", last_name="Vandermeersch")
    (finding,) = find_identifiers(text, setup.referent)
    assert finding.kind == "name" and finding.text == "Josiane Vandermeersch"


def test_a_decision_has_an_owner():
    setup = make_hub_setup()
    meeting = _held(setup, make_series(setup))
    with pytest.raises(ValueError):
        decision_take(actor=setup.referent, meeting=meeting, data=DecisionData("Sans porteur"))
    decision = decision_take(
        actor=setup.referent, meeting=meeting, data=DecisionData("Avec", owner_user=setup.partner)
    )
    assert decision.status == DecisionStatus.OPEN and decision.owner_label() == "Paul Partenaire"


def test_attachments_are_checked_for_type_content_and_size():
    setup = make_hub_setup()
    meeting = _held(setup, make_series(setup))
    good = SimpleUploadedFile("ordre.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    assert (
        attachment_add(
            actor=setup.referent, meeting=meeting, title="Ordre du jour", upload=good
        ).size
        == 12
    )
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValueError):
        attachment_add(actor=setup.referent, meeting=meeting, title="x", upload=fake)
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
    with pytest.raises(ValueError):
        attachment_add(actor=setup.referent, meeting=meeting, title="x", upload=exe)
