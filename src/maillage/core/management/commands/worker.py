import importlib
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from maillage.core.periodic import enqueue_due_jobs


def import_app_tasks() -> None:
    """Importing each app's tasks module registers its periodic jobs."""
    for config in apps.get_app_configs():
        if config.name.startswith("maillage."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tasks":
                    raise


class Command(BaseCommand):
    help = "Run background tasks and the periodic rules (rupture alerts, counts, detection)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue due jobs, run all, exit.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between polls.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        import_app_tasks()
        while True:
            for name in enqueue_due_jobs():
                self.stderr.write(f"worker: enqueued {name}")
            self._drain()
            if once:
                return
            time.sleep(interval)

    def _drain(self) -> None:
        Worker(
            queue_names=["*"],
            interval=0.1,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="maillage-worker",
            excluded_queue_names=[],
        ).run()
