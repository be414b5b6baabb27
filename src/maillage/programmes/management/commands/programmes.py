"""`maillage programmes import CONTRACT_SLUG FILE`: read a contract's action plan from a
spreadsheet (.xlsx, every sheet) or a CSV file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.programmes.models import LocalHealthContract
from maillage.programmes.plan_io import ImportReport, PlanFileError, plan_import


class Command(BaseCommand):
    help = "Import a contract's action plan from a spreadsheet (.xlsx) or a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import",
            help="Create and update the axes and actions of a contract from a file; "
            "nothing is written if a row has an error.",
        )
        load.add_argument("contract", metavar="CONTRACT_SLUG")
        load.add_argument("file", type=Path, metavar="FILE", help="A .xlsx or .csv file.")
        load.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.load(options["contract"], Path(options["file"]), options["dry_run"])

    def load(self, slug: str, path: Path, dry_run: bool) -> None:
        contract = _contract(slug)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            report = plan_import(contract, path, dry_run=dry_run)
        except PlanFileError as error:
            raise CommandError(str(error)) from error
        for warning in report.warnings:
            self.stderr.write(warning)
        if not report.ok:
            self.refuse(report)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written. The import would give:"))
        self.stdout.write(_summary(report))

    def refuse(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stderr.write(str(error))
        count = len(report.errors)
        raise CommandError(
            ngettext(
                "Nothing was imported: %(count)s error.",
                "Nothing was imported: %(count)s errors.",
                count,
            )
            % {"count": count}
        )


def _contract(slug: str) -> LocalHealthContract:
    try:
        return LocalHealthContract.objects.get(slug=slug)
    except LocalHealthContract.DoesNotExist:
        known = ", ".join(
            LocalHealthContract.objects.order_by("slug").values_list("slug", flat=True)
        )
        message = _("No contract has the slug “%(slug)s”.") % {"slug": slug}
        if known:
            message += " " + _("Known contracts: %(slugs)s.") % {"slugs": known}
        raise CommandError(message) from None


def _summary(report: ImportReport) -> str:
    return (
        _(
            "Axes created: %(axes_created)s; actions created: %(actions_created)s, updated: "
            "%(actions_updated)s, unchanged: %(actions_unchanged)s; budget lines set: "
            "%(budget_lines_set)s."
        )
        % report.counts()
    )
