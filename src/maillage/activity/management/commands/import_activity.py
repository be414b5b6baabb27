"""`maillage import_activity FILE --organisation SLUG --actor EMAIL`: a partner's yearly file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.activity.imports import ImportRejected, parse
from maillage.activity.services import contacts_record_many
from maillage.core.models import User
from maillage.core.services import PermissionDenied
from maillage.network.models import Organisation


class Command(BaseCommand):
    help = "Import a partner's yearly activity (CSV); all rows or none, errors per row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="The partner's slug.")
        parser.add_argument("--actor", required=True, help="E-mail of the person importing.")

    def handle(self, *args: Any, file: Path, organisation: str, actor: str, **options: Any):
        partner = Organisation.objects.filter(slug=organisation).first()
        user = User.objects.filter(email=actor.lower()).first()
        if partner is None or user is None:
            raise CommandError("Unknown organisation or actor.")
        try:
            rows = parse(file.read_bytes(), organisation=partner)
            contacts = contacts_record_many(actor=user, rows=rows, note=f"{partner.name} (CLI)")
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"row {error.row}, {error.field}: {error.message}")
            raise CommandError(f"{len(rejected.errors)} error(s): nothing imported.") from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{len(contacts)} contacts imported.")
