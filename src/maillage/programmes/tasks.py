"""Background work of the programmes app: computed indicators and the leads' reminders."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from maillage.core.periodic import register


@task
def recompute_indicators(action_id: int | None = None) -> int:
    """Recompute the computed indicators (of one action, or all); returns measurements recorded.

    The sources (contacts, events, counts, meetings) change without telling this app, which
    sits above them: the periodic run catches every change within the hour.
    """
    from maillage.programmes import selectors, services

    indicators = (
        selectors.indicators_of_action(action_id=action_id)
        if action_id is not None
        else selectors.computed_indicators()
    )
    return sum(services.indicator_recompute(indicator=i) for i in indicators)


@task
def send_reminders() -> int:
    from maillage.programmes.services import reminders_send

    return reminders_send()


register("programmes.recompute_indicators", every=timedelta(hours=1), task=recompute_indicators)
register("programmes.send_reminders", every=timedelta(hours=24), task=send_reminders)
