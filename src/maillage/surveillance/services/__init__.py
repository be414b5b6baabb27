"""Writes of the surveillance app: reports, imports, detection runs, alerts, notifications."""

from maillage.surveillance.services.alerts import IllegalTransition, alert_comment, alert_transition
from maillage.surveillance.services.detection import (
    detection_run_execute,
    detection_run_now,
    detection_run_request,
    detection_run_schedule,
)
from maillage.surveillance.services.imports import ImportResult, RowError, reports_import_csv
from maillage.surveillance.services.notifications import alerts_notify, notification_mark_read
from maillage.surveillance.services.reports import ReportError, report_submit
from maillage.surveillance.services.signals import signal_create, signal_update

__all__ = [
    "IllegalTransition",
    "ImportResult",
    "ReportError",
    "RowError",
    "alert_comment",
    "alert_transition",
    "alerts_notify",
    "detection_run_execute",
    "detection_run_now",
    "detection_run_request",
    "detection_run_schedule",
    "notification_mark_read",
    "report_submit",
    "reports_import_csv",
    "signal_create",
    "signal_update",
]
