"""Periodic jobs: apps register tasks here; `maillage worker` enqueues them when due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from maillage.core.models import PeriodicRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Any  # a django.tasks Task


REGISTRY: dict[str, PeriodicJob] = {}


def register(name: str, *, every: timedelta, task: Any) -> None:
    """Call from an app's `tasks.py` at import time."""
    REGISTRY[name] = PeriodicJob(name=name, every=every, task=task)


def due_jobs(now: Any = None) -> list[PeriodicJob]:
    now = now or timezone.now()
    last = dict(PeriodicRun.objects.values_list("name", "last_enqueued_at"))
    return [
        job
        for job in REGISTRY.values()
        if job.name not in last or last[job.name] + job.every <= now
    ]


def enqueue_due_jobs() -> list[str]:
    now = timezone.now()
    names = []
    for job in due_jobs(now):
        job.task.enqueue()
        PeriodicRun.objects.update_or_create(name=job.name, defaults={"last_enqueued_at": now})
        names.append(job.name)
    return names
