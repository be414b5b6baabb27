"""Detection runs: judge the weekly series with the engine, keep the verdicts, raise alerts."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.surveillance import detection_adapter
from maillage.surveillance.access import can_run_detection
from maillage.surveillance.models import (
    AlertEvent,
    AlertStatus,
    DetectionResult,
    DetectionRun,
    SignalDefinition,
    SurveillanceAlert,
)
from maillage.surveillance.series import SeriesSet, build_series
from maillage.surveillance.services.notifications import alerts_notify
from maillage.surveillance.weeks import current_week, last_closed_week, last_due_week, week_label

logger = logging.getLogger(__name__)


def detection_run_request(
    *,
    actor: User,
    week_start: dt.date | None = None,
    first_week: dt.date | None = None,
    request: HttpRequest | None = None,
) -> DetectionRun:
    """A coordinator's "run now": judge a closed week (by default the last) in the background."""
    if not can_run_detection(actor):
        raise PermissionDenied("Only coordinators may run the detection.")
    week_start = week_start or last_closed_week()
    if week_start >= current_week():
        raise ValueError(f"week {week_label(week_start)} has not ended yet")
    with transaction.atomic():
        run = DetectionRun.objects.create(
            week_start=week_start,
            first_week=min(first_week or week_start, week_start),
            trigger=DetectionRun.Trigger.MANUAL,
            requested_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.DETECTION_RUN_REQUEST,
            obj=run,
            request=request,
            detail={"week": run.week},
        )
    _enqueue(run)
    return run


def _enqueue(run: DetectionRun) -> None:
    from maillage.surveillance.tasks import run_detection

    run_detection.enqueue(run.pk)


def detection_run_schedule(*, today: dt.date | None = None) -> DetectionRun | None:
    """Once a week's reporting deadline has passed, judge it (once)."""
    week = last_due_week(today)
    done = DetectionRun.objects.filter(
        week_start=week, trigger=DetectionRun.Trigger.SCHEDULE
    ).exclude(status=DetectionRun.Status.FAILED)
    if done.exists():
        return None
    run = DetectionRun.objects.create(
        week_start=week, first_week=week, trigger=DetectionRun.Trigger.SCHEDULE
    )
    return detection_run_execute(run_id=run.pk)


def detection_run_now(*, week_start: dt.date, first_week: dt.date | None = None) -> DetectionRun:
    """An operator's run from the command line: judged at once, in this process."""
    if week_start >= current_week():
        raise ValueError(f"week {week_label(week_start)} has not ended yet")
    run = DetectionRun.objects.create(
        week_start=week_start,
        first_week=min(first_week or week_start, week_start),
        trigger=DetectionRun.Trigger.MANUAL,
    )
    audit_record(
        actor=None, action=AuditAction.DETECTION_RUN_REQUEST, obj=run, detail={"week": run.week}
    )
    return detection_run_execute(run_id=run.pk)


def detection_run_execute(*, run_id: int, notify: bool = True) -> DetectionRun:
    """Run the engine for a pending run; alerts already raised for a week are not raised again."""
    pending = DetectionRun.objects.filter(pk=run_id, status=DetectionRun.Status.PENDING)
    claimed = pending.update(status=DetectionRun.Status.RUNNING)
    run = DetectionRun.objects.get(pk=run_id)
    if not claimed:  # already run, or running elsewhere
        return run
    try:
        with transaction.atomic():
            new_alerts = _execute(run)
    except Exception as error:  # the run records why it failed, the worker goes on
        logger.exception("detection run %s failed", run.pk)
        run.status, run.error, run.finished_at = DetectionRun.Status.FAILED, str(error), _now()
        run.save(update_fields=["status", "error", "finished_at"])
        audit_record(
            actor=None, action=AuditAction.DETECTION_RUN_FAIL, obj=run, detail={"week": run.week}
        )
        return run
    if notify:
        alerts_notify(alerts=new_alerts)
    return run


def _now() -> dt.datetime:
    return timezone.now()


@dataclass(frozen=True)
class _Alarm:
    signal: SignalDefinition
    scope: str
    week: dt.date
    judgement: detection_adapter.Judgement


def _execute(run: DetectionRun) -> list[SurveillanceAlert]:
    signals = list(SignalDefinition.objects.filter(is_active=True))
    data = build_series(signals, run.week_start)
    alarms: list[_Alarm] = []
    summary: dict[str, dict[str, int]] = {}
    if data is not None:
        for signal in signals:
            alarms += _judge_signal(run, signal, data, summary)
    new_alerts = [a for a in (_raise(run, alarm, data) for alarm in alarms) if a is not None]
    run.status, run.finished_at = DetectionRun.Status.DONE, _now()
    run.summary = {"signals": summary, "alarms": len(alarms), "new_alerts": len(new_alerts)}
    run.save(update_fields=["status", "finished_at", "summary"])
    audit_record(actor=None, action=AuditAction.DETECTION_RUN_FINISH, obj=run, detail=run.summary)
    return new_alerts


def _judge_signal(
    run: DetectionRun, signal: SignalDefinition, data: SeriesSet, summary: dict
) -> list[_Alarm]:
    series = data.values.get(signal.pk, {})
    verdicts = detection_adapter.detect(series, signal.method, signal.params, start=data.first_week)
    results, alarms = [], []
    for scope, judgements in verdicts.items():
        for j in judgements:
            week = data.weeks[j.position]
            results.append(_result(run, signal, data, scope, week, j))
            if j.alarm and j.observed is not None and week >= run.first_week:
                alarms.append(_Alarm(signal, scope, week, j))
    _store(results)
    summary[signal.code] = {
        "series": len(series),
        "judged": sum(1 for v in verdicts.values() if v),
        "alarms": sum(1 for a in alarms),
    }
    return alarms


def _result(run, signal, data, scope, week, j) -> DetectionResult:  # type: ignore[no-untyped-def]
    return DetectionResult(
        signal=signal,
        scope=scope,
        territory=data.places.get(scope),
        week_start=week,
        observed=j.observed,
        expected=j.expected,
        upperbound=j.upperbound,
        alarm=j.alarm,
        run=run,
    )


def _store(results: list[DetectionResult]) -> None:
    DetectionResult.objects.bulk_create(
        results,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["signal", "scope", "week_start"],
        update_fields=["territory", "observed", "expected", "upperbound", "alarm", "run"],
    )


def _raise(run: DetectionRun, alarm: _Alarm, data: SeriesSet | None) -> SurveillanceAlert | None:
    """Create the alert unless this signal, place and week already has one."""
    j = alarm.judgement
    alert, created = SurveillanceAlert.objects.get_or_create(
        signal=alarm.signal,
        scope=alarm.scope,
        week_start=alarm.week,
        defaults={
            "territory": data.places.get(alarm.scope) if data else None,
            "observed": j.observed or 0,
            "expected": j.expected,
            "upperbound": j.upperbound,
            "raised_by": run,
        },
    )
    if not created:
        return None
    AlertEvent.objects.create(alert=alert, to_status=AlertStatus.NEW)
    audit_record(
        actor=None,
        action=AuditAction.SURVEILLANCE_ALERT_RAISE,
        obj=alert,
        detail={"signal": alarm.signal.code, "scope": alarm.scope, "week": alert.week},
    )
    return alert
