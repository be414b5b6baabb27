"""The `maillage` console script: one entry point for operators.

Pure engines (`detect`, `dedupe`, `protect`) run without Django so they start fast and work
on any CSV; every other sub-command is a Django management command.
"""

from __future__ import annotations

import importlib
import os
import sys

PURE_COMMANDS: dict[str, str] = {
    "detect": "maillage.detection.cli",
    "dedupe": "maillage.linkage.cli",
    "protect": "maillage.disclosure.cli",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[0]])
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["maillage", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
