"""Background work of the directory: geocoding on save, daily refresh of open slots."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from maillage.core.periodic import register
from maillage.directory.models import Location, Service
from maillage.directory.services import location_apply_geocode, slots_refresh

BATCH = 2000


@task
def location_geocode(location_id: int) -> bool:
    location = Location.objects.filter(pk=location_id).first()
    return bool(location and location_apply_geocode(location))


@task
def slots_refresh_all() -> int:
    """Open slots cover the seven days from today: roll them forward every day."""
    today = timezone.localdate()
    stale = Service.objects.exclude(slots_from=today).only("id", "opening_hours")
    total = 0
    ids = list(stale.values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = Service.objects.filter(pk__in=ids[start : start + BATCH]).only(
            "id", "opening_hours"
        )
        total += slots_refresh(services=batch, start=today)
    return total


register("directory.slots_refresh", every=timedelta(hours=6), task=slots_refresh_all)
