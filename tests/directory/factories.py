"""Directory factories: services saved through the same derivation as the app (search, slots)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from maillage.directory.models import Location, Service
from maillage.directory.services import (
    place_for_location,
    search_index_refresh,
    service_save_derived,
)
from maillage.network.models import Organisation
from tests.factories import make_organisation

_sequence = itertools.count(1)
MONDAY = date(2026, 11, 23)  # slots are computed for the week starting on this Monday


def make_location(
    organisation: Organisation | None = None,
    latitude: float | None = 50.6320,
    longitude: float | None = 3.0900,
    **fields: Any,
) -> Location:
    n = next(_sequence)
    location = Location.objects.create(
        organisation=organisation or make_organisation(),
        address=fields.pop("address", f"{n} rue de l'Exemple"),
        postcode=fields.pop("postcode", "59000"),
        city=fields.pop("city", "Lille"),
        latitude=latitude,
        longitude=longitude,
        **fields,
    )
    place_for_location(location)
    return location


def make_service(
    name: str = "",
    *,
    organisation: Organisation | None = None,
    locations: list[Location] | None = None,
    start: date = MONDAY,
    **fields: Any,
) -> Service:
    n = next(_sequence)
    organisation = organisation or (locations[0].organisation if locations else None)
    organisation = organisation or make_organisation()
    service = Service(
        organisation=organisation,
        name=name or f"Service {n}",
        description=fields.pop("description", "Un service du réseau."),
        source=fields.pop("source", "test"),
        source_id=fields.pop("source_id", f"test-{n}"),
        last_verified_on=fields.pop("last_verified_on", date(2026, 10, 1)),
        **fields,
    )
    service_save_derived(service, start=start)
    if locations is None:
        locations = [make_location(organisation)]
    service.locations.set(locations)
    search_index_refresh(services=[service])
    return service
