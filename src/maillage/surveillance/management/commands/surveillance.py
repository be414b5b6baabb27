"""`maillage surveillance run|import`: the operator's side of the surveillance app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core.models import User
from maillage.surveillance.services import detection_run_now, reports_import_csv
from maillage.surveillance.weeks import last_closed_week, parse_week, week_label


def _week(text: str | None, default: dt.date | None) -> dt.date | None:
    if not text:
        return default
    try:
        return parse_week(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


class Command(BaseCommand):
    help = "Run the outbreak detection, or import weekly reports from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Judge a closed week (default: the last one).")
        run.add_argument("--week", help="ISO week to judge, e.g. 2026-W47")
        run.add_argument("--since", help="raise alerts from this ISO week on (default: --week)")
        imp = sub.add_parser("import", help="Import a CSV: organisation,week,<signal codes>…")
        imp.add_argument("file", type=Path)
        imp.add_argument("--user", required=True, help="e-mail of the account reporting")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "run":
            self._run(options["week"], options["since"])
        else:
            self._import(options["file"], options["user"])

    def _run(self, week_text: str | None, since_text: str | None) -> None:
        week = _week(week_text, last_closed_week())
        assert week is not None
        self.stderr.write(f"surveillance: judging week {week_label(week)}…")
        try:
            run = detection_run_now(week_start=week, first_week=_week(since_text, None))
        except ValueError as error:
            raise CommandError(str(error)) from None
        if run.status != run.Status.DONE:
            raise CommandError(f"the run failed: {run.error}")
        self.stdout.write(f"{run.week}: {run.summary.get('new_alerts', 0)} new alert(s)")

    def _import(self, path: Path, email: str) -> None:
        user = User.objects.filter(email=email.lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"no active account {email}")
        result = reports_import_csv(actor=user, text=path.read_text(encoding="utf-8-sig"))
        for error in result.errors:
            self.stderr.write(f"line {error.line}: {error.message}")
        if not result.ok:
            raise CommandError("nothing was imported")
        self.stdout.write(f"{result.imported} weekly report(s) imported")
