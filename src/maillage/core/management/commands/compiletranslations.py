"""Compile every app's French catalogue (.po) into the .mo Django reads, without GNU gettext.

The .mo files are build output and are not kept in the repository; `make demo` and `make test`
compile them first, on machines that may lack `msgfmt` (what `compilemessages` needs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand

import maillage

PACKAGE = Path(maillage.__file__).resolve().parent


def catalogues() -> list[Path]:
    return sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) of every app."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = [compile_catalogue(path) for path in catalogues()]
        self.stdout.write(f"{len(compiled)} catalogues compiled")
