"""Writes of the directory: each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.permissions import can_manage_organisation
from maillage.core.services import PermissionDenied, audit_record
from maillage.directory import hours, text
from maillage.directory import vocabulary as V
from maillage.directory.models import (
    Location,
    OpeningSlot,
    Place,
    SearchEntry,
    Service,
    ServicePoint,
)
from maillage.network.models import Organisation, Territory

SERVICE_FIELDS = (
    "name",
    "description",
    "themes",
    "types",
    "publics",
    "publics_note",
    "conditions",
    "access_note",
    "what_to_bring",
    "languages",
    "modes",
    "opening_hours",
    "phone",
    "email",
    "contact_name",
    "website",
    "last_verified_on",
    "is_active",
)
LOCATION_FIELDS = (
    "name",
    "address",
    "address_extra",
    "postcode",
    "city",
    "insee_code",
    "latitude",
    "longitude",
    "territory",
    "transit_stop",
)
VOCABULARIES: dict[str, dict[str, Any]] = {
    "themes": V.THEMES,
    "types": V.SERVICE_TYPES,
    "publics": V.PUBLICS,
    "conditions": V.CONDITIONS,
    "languages": V.LANGUAGES,
    "modes": V.MODES,
}
FACET_KINDS = {"themes": "t", "types": "y", "publics": "p", "conditions": "k"}
FACET_KINDS |= {"languages": "l", "modes": "m"}


# --- derived search data ------------------------------------------------------------------


def search_fields(service: Service, organisation: Organisation | None = None) -> None:
    """Fill the normalised search columns (words and facet tokens) before saving."""
    organisation = organisation or service.organisation
    labels = [*service.theme_labels(), *service.type_labels(), *service.public_labels()]
    words = text.document(
        service.name,
        organisation.name,
        organisation.short_name,
        " ".join(labels),
        service.description,
    )
    facets = [
        text.facet_token(kind, value)
        for field, kind in FACET_KINDS.items()
        for value in getattr(service, field)
    ]
    facets += [text.facet_token("c", V.theme_category(theme)) for theme in service.themes]
    service.search_document = words + " ".join(dict.fromkeys(facets)) + " "
    service.search_title = text.document(service.name, organisation.short_name)


def slot_rows(service: Service, start: date) -> list[OpeningSlot]:
    return [
        OpeningSlot(
            service=service,
            weekday=slot.weekday,
            start_minute=slot.start_minute,
            end_minute=slot.end_minute,
        )
        for slot in hours.week_slots(service.opening_hours, start)
    ]


def slots_refresh(*, services: Iterable[Service], start: date | None = None) -> int:
    """Recompute the open slots of the seven days from `start` (today by default)."""
    start = start or timezone.localdate()
    services = list(services)
    ids = [service.pk for service in services]
    OpeningSlot.objects.filter(service_id__in=ids).delete()
    rows = [row for service in services for row in slot_rows(service, start)]
    OpeningSlot.objects.bulk_create(rows, batch_size=2000)
    Service.objects.filter(pk__in=ids).update(slots_from=start)
    return len(rows)


def search_index_refresh(*, services: Iterable[Service]) -> None:
    """Rewrite the narrow search rows (title, active, points) of these services."""
    services = list(services)
    ids = [service.pk for service in services]
    SearchEntry.objects.filter(service_id__in=ids).delete()
    ServicePoint.objects.filter(service_id__in=ids).delete()
    SearchEntry.objects.bulk_create(
        [
            SearchEntry(service_id=s.pk, title=s.search_title, is_active=s.is_active)
            for s in services
        ],
        batch_size=2000,
    )
    points = (
        Service.locations.through.objects.filter(service_id__in=ids)
        .exclude(location__latitude=None)
        .exclude(location__longitude=None)
        .values_list("service_id", "location__latitude", "location__longitude")
    )
    ServicePoint.objects.bulk_create(
        [
            ServicePoint(service_id=pk, latitude=lat, longitude=lon)
            for pk, lat, lon in points
            if lat is not None and lon is not None  # excluded above; narrows the types
        ],
        batch_size=2000,
    )


def _clean_vocabularies(data: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for field, vocabulary in VOCABULARIES.items():
        unknown = [value for value in data.get(field) or [] if value not in vocabulary]
        if unknown:
            errors[field] = _("Unknown value(s): %s") % ", ".join(map(str, unknown))
    publics = data.get("publics") or []
    if "tous-publics" in publics and len(publics) > 1:
        errors["publics"] = _("“tous-publics” cannot be combined with other publics.")
    return errors


def service_validate(service: Service) -> None:
    errors = _clean_vocabularies({field: getattr(service, field) for field in VOCABULARIES})
    try:
        hours.validate(service.opening_hours)
    except ValidationError as error:
        errors["opening_hours"] = error.messages[0]
    try:
        service.full_clean(exclude=["organisation", "locations"])
    except ValidationError as error:
        errors |= {field: messages[0] for field, messages in error.message_dict.items()}
    if errors:
        raise ValidationError(errors)


def service_save_derived(service: Service, *, start: date | None = None) -> None:
    """Save with its search columns and open slots (for imports and generators too)."""
    search_fields(service)
    service.save()
    slots_refresh(services=[service], start=start)
    search_index_refresh(services=[service])


# --- services -----------------------------------------------------------------------------


def _check(actor: User | None, organisation: Organisation) -> None:
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("You may not manage the services of this organisation."))


def _changes(instance: Any, data: dict[str, Any]) -> dict[str, list[str]]:
    return {
        field: [str(getattr(instance, field)), str(value)]
        for field, value in data.items()
        if getattr(instance, field) != value
    }


@transaction.atomic
def service_create(
    *,
    actor: User,
    organisation: Organisation,
    data: dict[str, Any],
    locations: Iterable[Location] = (),
) -> Service:
    _check(actor, organisation)
    service = Service(organisation=organisation)
    for field in SERVICE_FIELDS:
        if field in data:
            setattr(service, field, data[field])
    service_validate(service)
    service_save_derived(service)
    service.locations.set(_own_locations(organisation, locations))
    search_index_refresh(services=[service])
    audit_record(actor=actor, action=AuditAction.SERVICE_CREATE, obj=service)
    return service


def _own_locations(organisation: Organisation, locations: Iterable[Location]) -> list[Location]:
    locations = list(locations)
    if any(location.organisation_id != organisation.pk for location in locations):
        raise PermissionDenied(_("A service can only be offered at its organisation's places."))
    return locations


@transaction.atomic
def service_update(
    *,
    actor: User,
    service: Service,
    data: dict[str, Any],
    locations: Iterable[Location] | None = None,
) -> Service:
    _check(actor, service.organisation)
    fields = {field: data[field] for field in SERVICE_FIELDS if field in data}
    changes = _changes(service, fields)
    for field, value in fields.items():
        setattr(service, field, value)
    service_validate(service)
    service_save_derived(service)
    if locations is not None:
        service.locations.set(_own_locations(service.organisation, locations))
        search_index_refresh(services=[service])
    audit_record(
        actor=actor, action=AuditAction.SERVICE_UPDATE, obj=service, detail={"changes": changes}
    )
    return service


@transaction.atomic
def service_verify(*, actor: User, service: Service, on: date | None = None) -> Service:
    """The organisation confirms the record is still right."""
    _check(actor, service.organisation)
    service.last_verified_on = on or timezone.localdate()
    service.save(update_fields=["last_verified_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.SERVICE_VERIFY,
        obj=service,
        detail={"on": service.last_verified_on.isoformat()},
    )
    return service


@transaction.atomic
def location_save(
    *,
    actor: User,
    organisation: Organisation,
    data: dict[str, Any],
    location: Location | None = None,
) -> Location:
    _check(actor, organisation)
    location = location or Location(organisation=organisation)
    if location.organisation_id != organisation.pk:
        raise PermissionDenied(_("This place belongs to another organisation."))
    fields = {field: data[field] for field in LOCATION_FIELDS if field in data}
    changes = _changes(location, fields) if location.pk else {}
    for field, value in fields.items():
        setattr(location, field, value)
    location.full_clean()
    location.save()
    place_for_location(location)
    search_index_refresh(services=location.services.all())
    location_geocode_later(location)
    audit_record(
        actor=actor, action=AuditAction.LOCATION_SAVE, obj=location, detail={"changes": changes}
    )
    return location


def location_geocode_later(location: Location) -> None:
    """Geocode after commit, in the background (at once in tests)."""
    from maillage.directory.tasks import location_geocode

    if location.has_point and location.geocoded_at is None and location.insee_code:
        return
    pk = location.pk
    transaction.on_commit(lambda: location_geocode.enqueue(location_id=pk))


def location_apply_geocode(location: Location) -> bool:
    """Ask the geocoder for this address and store the point; False when it had no answer."""
    from maillage.directory.geocoding import geocode

    result = geocode(location.address, location.postcode, location.city)
    if result is None:
        return False
    location.latitude, location.longitude = result.latitude, result.longitude
    location.geocode_score = result.score
    location.insee_code = location.insee_code or result.insee_code
    location.postcode = location.postcode or result.postcode
    location.geocoded_at = timezone.now()
    location.territory = location.territory or _territory_for(result.insee_code)
    location.save()
    place_for_location(location)
    search_index_refresh(services=location.services.all())
    audit_record(
        actor=None,
        action=AuditAction.LOCATION_GEOCODE,
        obj=location,
        detail={"score": result.score},
    )
    return True


def _territory_for(insee_code: str) -> Territory | None:
    if not insee_code:
        return None
    return Territory.objects.filter(kind="commune", insee_code=insee_code).first()


# --- the local place index ----------------------------------------------------------------


def place_for_location(location: Location) -> None:
    Place.objects.filter(location=location).delete()
    latitude, longitude = location.latitude, location.longitude
    if latitude is None or longitude is None:
        return
    label = f"{location.address}, {location.postcode} {location.city}".strip(", ")
    Place.objects.create(
        kind=Place.Kind.ADDRESS,
        label=label,
        key=text.key(label),
        latitude=latitude,
        longitude=longitude,
        location=location,
    )


def places_rebuild() -> int:
    """Rebuild the territory part of the place index (names, postcodes stay with locations)."""
    Place.objects.filter(location__isnull=True).delete()
    rows = []
    for territory in Territory.objects.exclude(latitude=None).exclude(longitude=None):
        latitude, longitude = territory.latitude, territory.longitude
        if latitude is None or longitude is None:  # excluded above; narrows the types
            continue
        rows.append(
            Place(
                kind=territory.kind,
                label=territory.name,
                key=text.key(territory.name),
                latitude=latitude,
                longitude=longitude,
                territory=territory,
            )
        )
    Place.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
