"""`maillage meetings ics --hub SLUG --out FILE.ics`: a hub's partner-meeting calendar.

Every meeting of the hub's series, past and future, as a subscribed feed carries them
(METHOD:PUBLISH, the rule plus its moved occurrences, cancelled ones excluded).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.meetings import calendar as ical
from maillage.meetings.selectors import hub_calendar
from maillage.network.models import Hub


class Command(BaseCommand):
    help = "Meetings: export calendars."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        ics = commands.add_parser("ics", help="Write a hub's partner-meeting calendar (.ics).")
        ics.add_argument("--hub", required=True, help="the hub's slug, e.g. pole-fives")
        ics.add_argument("--out", required=True, help="the .ics file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "ics":
            self._ics(options["hub"], Path(options["out"]))

    def _ics(self, slug: str, out: Path) -> None:
        hub = Hub.objects.filter(slug=slug).first()
        if hub is None:
            raise CommandError(f"No hub with the slug {slug!r}.")
        items = hub_calendar(hub=hub)
        calendar = ical.feed(items, name=hub.name)
        out.write_bytes(calendar.to_ical())
        count = sum(len(i.meetings) for i in items)
        self.stdout.write(f"{out}: {len(items)} series, {count} meetings kept as rows")
