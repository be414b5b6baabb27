"""The worker's jobs on calls: closing at the instant, and reminders sent once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from maillage.calls import reminders, services
from maillage.calls.models import ApplicationState, CallStatus, Review, Transition
from maillage.calls.tasks import close_calls, send_reminders
from maillage.core.audit import AuditAction
from maillage.core.models import AuditEvent
from maillage.core.periodic import REGISTRY
from tests.calls.factories import CLOSES, make_call_setup, make_complete_application

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)


def test_the_jobs_are_registered() -> None:
    assert REGISTRY["calls.close_calls"].every == dt.timedelta(minutes=5)
    assert REGISTRY["calls.close_calls"].task is close_calls
    assert REGISTRY["calls.send_reminders"].every == dt.timedelta(hours=24)
    assert REGISTRY["calls.send_reminders"].task is send_reminders


def test_a_call_is_not_closed_a_second_before_its_instant() -> None:
    setup = make_call_setup()
    assert services.call_close(call=setup.call, now=CLOSES - SECOND) == []
    setup.call.refresh_from_db()
    assert setup.call.status == CallStatus.PUBLISHED
    assert reminders.calls_close(now=CLOSES - SECOND) == 0


def test_closing_sends_submitted_to_review_and_tells_the_draft_owner(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    setup = make_call_setup()
    submitted = make_complete_application(setup)
    services.application_submit(actor=setup.applicant, application=submitted, now=CLOSES - SECOND)
    draft = make_complete_application(setup)
    draft.title = "Brouillon oublié"
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.calls_close(now=CLOSES) == 1
    submitted.refresh_from_db()
    draft.refresh_from_db()
    setup.call.refresh_from_db()
    assert setup.call.status == CallStatus.CLOSED
    assert submitted.state == ApplicationState.UNDER_REVIEW
    assert draft.state == ApplicationState.DRAFT
    assert Transition.objects.filter(
        application=submitted, event="review", from_state="submitted", to_state="under_review"
    ).exists()
    assert not Transition.objects.filter(application=draft).exists()
    (message,) = mail.outbox
    assert message.to == [setup.applicant.email]
    assert "Brouillon oublié" in message.subject
    assert AuditEvent.objects.filter(action=AuditAction.CALL_CLOSE).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.calls_close(now=CLOSES + DAY) == 0  # closed once
    assert len(mail.outbox) == 1


def test_drafts_are_reminded_two_days_before_the_deadline_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    setup = make_call_setup()
    make_complete_application(setup)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.drafts_remind(now=CLOSES - 3 * DAY) == 0
        assert reminders.drafts_remind(now=CLOSES - 2 * DAY) == 1
        assert reminders.drafts_remind(now=CLOSES - DAY) == 0
    (message,) = mail.outbox
    assert message.to == [setup.applicant.email] and "15/01/2018 00:00" in message.subject
    setup.call.refresh_from_db()
    assert setup.call.drafts_reminded_at == CLOSES - 2 * DAY
    assert AuditEvent.objects.filter(action=AuditAction.CALLS_REMINDER_SEND).count() == 1


def test_reviewers_are_reminded_once_a_week(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    setup = make_call_setup()
    application = make_complete_application(setup)
    services.application_submit(actor=setup.applicant, application=application, now=CLOSES - SECOND)
    review = services.review_assign(
        actor=setup.coordinator, application=application, reviewer=setup.reviewer
    )
    Review.objects.filter(pk=review.pk).update(assigned_at=CLOSES)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.reviews_remind(now=CLOSES + 6 * DAY) == 0  # assigned less than a week
        assert reminders.reviews_remind(now=CLOSES + 7 * DAY) == 1
        assert reminders.reviews_remind(now=CLOSES + 8 * DAY) == 0
        assert reminders.reviews_remind(now=CLOSES + 14 * DAY) == 1
    assert [m.to for m in mail.outbox] == [[setup.reviewer.email]] * 2
    services.review_submit(
        actor=setup.reviewer, review=review, scores={c.pk: 4 for c in setup.criteria}
    )
    assert reminders.reviews_remind(now=CLOSES + 30 * DAY) == 0


def test_grantees_are_reminded_of_tranches_and_reports_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    setup = make_call_setup()
    application = make_complete_application(setup, requested=10_000)
    services.application_submit(actor=setup.applicant, application=application, now=CLOSES - SECOND)
    grant = services.grant_decide(
        actor=setup.coordinator,
        application=application,
        amount=Decimal(10_000),
        report_due_on=dt.date(2018, 12, 31),
    )
    first, last = grant.tranches.order_by("pk")
    first.due_on, last.due_on = dt.date(2018, 3, 1), dt.date(2018, 12, 31)
    first.save()
    last.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.grantees_remind(today=dt.date(2018, 2, 1)) == 0
        assert reminders.grantees_remind(today=dt.date(2018, 2, 20)) == 1  # the first tranche
        assert reminders.grantees_remind(today=dt.date(2018, 2, 21)) == 0
        # a month before the report: the report and the last tranche that comes with it
        assert reminders.grantees_remind(today=dt.date(2018, 12, 1)) == 1
        assert reminders.grantees_remind(today=dt.date(2018, 12, 20)) == 1
        assert reminders.grantees_remind(today=dt.date(2018, 12, 21)) == 0
        assert reminders.grantees_remind(today=dt.date(2019, 1, 2)) == 1  # overdue, once more
        assert reminders.grantees_remind(today=dt.date(2019, 1, 3)) == 0
    subjects = [m.subject for m in mail.outbox]
    assert "01/03/2018" in subjects[0] and "31/12/2018" in subjects[1]
    assert all(m.to == [setup.applicant.email] for m in mail.outbox)
    grant.refresh_from_db()
    assert grant.report_reminded_on == dt.date(2019, 1, 2)


def test_the_daily_task_runs_every_reminder() -> None:
    setup = make_call_setup()
    make_complete_application(setup)
    assert reminders.reminders_send(now=CLOSES - DAY) == 1
    assert reminders.reminders_send(now=CLOSES - DAY) == 0
