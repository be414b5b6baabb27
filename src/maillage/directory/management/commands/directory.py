"""`maillage directory export|import|refresh`: exchange files and derived data, with progress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from maillage.directory.exchange import datainclusion, files, hsds
from maillage.directory.models import Location, Service
from maillage.directory.services import places_rebuild
from maillage.directory.tasks import slots_refresh_all


def _progress(label: str, total: int | None = None) -> Any:
    return lambda items: tqdm(items, desc=label, total=total, file=sys.stderr, unit="rec")


class Command(BaseCommand):
    help = "Export or import the directory (data·inclusion, HSDS); refresh its derived data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the directory to a folder.")
        export.add_argument("--format", choices=["data-inclusion", "hsds"], required=True)
        export.add_argument("--out", required=True, type=Path)
        export.add_argument("--csv", action="store_true", help="Also write CSV files.")
        load = sub.add_parser("import", help="Read data·inclusion structures and services.")
        load.add_argument("--format", choices=["data-inclusion"], default="data-inclusion")
        load.add_argument("folder", type=Path)
        load.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the skipped ones.",
        )
        sub.add_parser("refresh", help="Recompute open slots and the place index.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            self.export(options["format"], options["out"], options["csv"])
        elif action == "import":
            self.load(options["folder"], options["skip_invalid"])
        else:
            slots = slots_refresh_all.call()
            places = places_rebuild()
            self.stdout.write(f"{slots} open slots, {places} places indexed.")

    def export(self, fmt: str, out: Path, with_csv: bool) -> None:
        out.mkdir(parents=True, exist_ok=True)
        services = datainclusion.services_for_export()
        progress = _progress("services", services.count())
        if fmt == "data-inclusion":
            structures, records = datainclusion.export_records(services, progress)
            files.write_json(out / "structures.json", structures)
            files.write_json(out / "services.json", records)
            if with_csv:
                files.write_csv(out / "structures.csv", structures)
                files.write_csv(out / "services.csv", records)
            self.stdout.write(f"{len(structures)} structures, {len(records)} services → {out}")
            return
        compiled = [hsds.service(service) for service in progress(services)]
        organisations = {s["organization"]["id"]: s["organization"] for s in compiled}
        places = Location.objects.filter(services__in=Service.objects.all()).distinct()
        files.write_json(out / "services.json", compiled)
        files.write_json(out / "organizations.json", list(organisations.values()))
        files.write_json(out / "locations.json", [hsds.location(p) for p in places])
        self.stdout.write(f"HSDS 3.0: {len(compiled)} services → {out}")

    def load(self, folder: Path, skip_invalid: bool) -> None:
        try:
            structures = files.read_records(folder, "structures")
            services = files.read_records(folder, "services")
        except ValueError as error:
            raise CommandError(str(error)) from error
        if services is None:
            raise CommandError(f"{folder}: services.json or services.csv is required")
        structure_rows = structures[1] if structures else []
        names = (structures[0].name if structures else "structures", services[0].name)
        try:
            report = datainclusion.import_records(
                structure_rows,
                services[1],
                names=names,
                skip_invalid=skip_invalid,
                progress=_progress("services", len(services[1])),
            )
        except datainclusion.ImportFailed as failure:
            for row_error in failure.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"Nothing was imported: {len(failure.errors)} error(s). "
                "Fix the rows, or use --skip-invalid."
            ) from failure
        for row_error in report.skipped:
            self.stderr.write(f"skipped: {row_error}")
        self.stdout.write(
            f"{report.structures_created} structures created, {report.services_created} services "
            f"created, {report.services_updated} updated, "
            f"{len({(e.file, e.row) for e in report.skipped})} rows skipped."
        )
