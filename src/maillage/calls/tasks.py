"""Background work of the calls app: calls closed at their instant, and the daily reminders
(drafts two days before the deadline, reviews not submitted, tranches and final reports due)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from maillage.core.periodic import register


@task
def close_calls() -> int:
    """Close the calls whose closing instant has come; returns the e-mails to drafts' owners.

    The deadline itself never waits for this job: every write checks it at its own instant.
    Closing moves the submitted applications to review and tells the drafts' owners."""
    from maillage.calls.reminders import calls_close

    return calls_close()


@task
def send_reminders() -> int:
    from maillage.calls.reminders import reminders_send

    return reminders_send()


register("calls.close_calls", every=timedelta(minutes=5), task=close_calls)
register("calls.send_reminders", every=timedelta(hours=24), task=send_reminders)
