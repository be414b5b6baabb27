"""data·inclusion `structures` and `services`: export, and all-or-nothing import.

Every exported record passes `data-inclusion-schema` validation. What the standard cannot carry
(our health themes, languages, conditions, several places, transport stops, what to bring)
travels in an `extension_maillage` object that the standard's models ignore, so that an
export → import round trip is lossless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pydantic
from data_inclusion.schema import v1
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.core.services import audit_record
from maillage.directory import hours
from maillage.directory import vocabulary as V
from maillage.directory.models import Location, Service
from maillage.directory.services import (
    VOCABULARIES,
    location_geocode_later,
    place_for_location,
    search_fields,
    search_index_refresh,
    slots_refresh,
)
from maillage.network.models import Organisation

SOURCE = "maillage"
EXT = "extension_maillage"
DI_MODES = {"en-presentiel": "on-site", "a-distance": "remote"}
MOBILISATION = {"phone": "telephoner", "on-site": "se-presenter"}

# --- export -------------------------------------------------------------------------------


def _none(value: Any) -> Any:
    return value if value not in ("", [], None) else None


def _digits(value: str, length: int) -> str | None:
    return value if value and value.isdigit() and len(value) == length else None


def structure_id(organisation: Organisation) -> str:
    return f"{SOURCE}--{organisation.slug}"


def structure_record(organisation: Organisation, updated: date) -> dict[str, Any]:
    description = organisation.description if len(organisation.description) >= 5 else None
    return {
        "source": SOURCE,
        "id": structure_id(organisation),
        "nom": organisation.name[:150],
        "date_maj": updated.isoformat(),
        "description": description,
        "siret": _digits(organisation.siret, 14),
        "commune": _none(organisation.city),
        "code_postal": _digits(organisation.postcode, 5),
        "adresse": _none(organisation.address),
        "telephone": _none(organisation.phone),
        "site_web": _none(organisation.website),
    }


def location_id(location: Location) -> str:
    return location.source_id or f"{SOURCE}--lieu-{location.pk}"


def _place(location: Location) -> dict[str, Any]:
    return {
        "id": location_id(location),
        "nom": location.name,
        "adresse": location.address,
        "complement_adresse": location.address_extra,
        "code_postal": location.postcode,
        "commune": location.city,
        "code_insee": location.insee_code,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "quartier": location.territory.slug if location.territory else "",
        "arret_transport": location.transit_stop,
    }


def service_date(service: Service) -> date:
    today = timezone.localdate()
    return min(service.last_verified_on or service.updated_at.date(), today)


def service_record(service: Service) -> dict[str, Any]:
    locations = list(service.locations.all())
    first = locations[0] if locations else None
    di_themes = sorted({V.THEME_TO_DI[theme] for theme in service.themes})
    modes_accueil = sorted({V.MODE_TO_DI[mode] for mode in service.modes})
    mobilisation = sorted({MOBILISATION[m] for m in service.modes if m in MOBILISATION})
    return {
        "source": service.source or SOURCE,
        "structure_id": structure_id(service.organisation),
        "id": service.source_id or f"{SOURCE}--{service.pk}",
        "nom": service.name,
        "description": service.description,
        "date_maj": service_date(service).isoformat(),
        "type": service.types[0] if service.types else None,
        "thematiques": di_themes or None,
        "frais": "gratuit" if service.is_free else None,
        "publics": _none(service.publics),
        "publics_precisions": _none(service.publics_note),
        "conditions_acces": _none(service.access_note),
        "commune": first.city if first else None,
        "code_postal": _digits(first.postcode, 5) if first else None,
        "code_insee": _digits(first.insee_code, 5) if first else None,
        "adresse": first.address if first else None,
        "complement_adresse": _none(first.address_extra) if first else None,
        "latitude": first.latitude if first else None,
        "longitude": first.longitude if first else None,
        "telephone": _none(service.phone),
        "courriel": _none(service.email),
        "contact_nom_prenom": _none(service.contact_name),
        "lien_source": _none(service.website),
        "modes_accueil": modes_accueil or None,
        "modes_mobilisation": mobilisation or None,
        "horaires_accueil": _none(service.opening_hours),
        EXT: {
            "thematiques": service.themes,
            "types": service.types,
            "conditions": service.conditions,
            "langues": service.languages,
            "modes": service.modes,
            "a_apporter": service.what_to_bring,
            "verifie_le": service.last_verified_on.isoformat()
            if service.last_verified_on
            else None,
            "actif": service.is_active,
            "lieux": [_place(location) for location in locations],
        },
    }


def export_records(
    services: Iterable[Service], progress: Callable[[Iterable[Any]], Iterable[Any]] = iter
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(structures, services), each validated by `data-inclusion-schema`."""
    service_rows: list[dict[str, Any]] = []
    latest: dict[int, tuple[Organisation, date]] = {}
    for service in progress(services):
        record = service_record(service)
        v1.Service.model_validate(record)
        service_rows.append(record)
        organisation = service.organisation
        updated = service_date(service)
        if organisation.pk not in latest or latest[organisation.pk][1] < updated:
            latest[organisation.pk] = (organisation, updated)
    structures = []
    for organisation, updated in sorted(latest.values(), key=lambda item: item[0].slug):
        record = structure_record(organisation, updated)
        v1.Structure.model_validate(record)
        structures.append(record)
    service_rows.sort(key=lambda record: record["id"])
    return structures, service_rows


def services_for_export() -> Any:
    return (
        Service.objects.select_related("organisation")
        .prefetch_related("locations__territory")
        .order_by("id")
    )


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    file: str
    row: int  # 1-based record number (for CSV: the data row, header excluded)
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field “{self.field}”: {self.message}"


@dataclass
class ImportReport:
    structures_created: int = 0
    services_created: int = 0
    services_updated: int = 0
    skipped: list[RowError] = field(default_factory=list)


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def _pydantic_errors(
    model: type[pydantic.BaseModel], record: Any, file: str, row: int
) -> list[RowError]:
    if not isinstance(record, dict):
        return [RowError(file, row, "*", "a record (object) is expected")]
    try:
        model.model_validate(record)
    except pydantic.ValidationError as error:
        return [
            RowError(file, row, ".".join(str(p) for p in item["loc"]) or "*", item["msg"])
            for item in error.errors()
        ]
    return []


# Our columns are narrower than the standard allows for these fields.
MAX_LENGTHS = {
    "telephone": 30,
    "contact_nom_prenom": 200,
    "publics_precisions": 500,
    "adresse": 250,
    "complement_adresse": 250,
    "commune": 100,
    "horaires_accueil": 500,
    "lien_source": 200,
    "courriel": 254,
}


def _extension_errors(record: dict[str, Any], file: str, row: int) -> list[RowError]:
    errors = [
        RowError(file, row, name, f"at most {limit} characters")
        for name, limit in MAX_LENGTHS.items()
        if len(str(record.get(name) or "")) > limit
    ]
    extension = record.get(EXT) or {}
    if not isinstance(extension, dict):
        return [RowError(file, row, EXT, "an object is expected")]
    named = {"thematiques": "themes", "types": "types", "conditions": "conditions"}
    named |= {"langues": "languages", "modes": "modes"}
    for key, vocabulary in named.items():
        unknown = [v for v in extension.get(key) or [] if v not in VOCABULARIES[vocabulary]]
        if unknown:
            errors.append(RowError(file, row, f"{EXT}.{key}", f"unknown value(s): {unknown}"))
    try:
        hours.validate(record.get("horaires_accueil") or "")
    except Exception as error:  # ValidationError with the parser's message
        message = getattr(error, "messages", [str(error)])[0]
        errors.append(RowError(file, row, "horaires_accueil", message))
    return errors


def validate_files(
    structures: list[Any], services: list[Any], names: tuple[str, str]
) -> tuple[set[int], set[int], list[RowError]]:
    """Indexes of the invalid structures and services, and every error found."""
    errors: list[RowError] = []
    bad_structures, bad_services = set(), set()
    for n, record in enumerate(structures):
        found = _pydantic_errors(v1.Structure, record, names[0], n + 1)
        if found:
            bad_structures.add(n)
            errors += found
    known = {r.get("id") for i, r in enumerate(structures) if i not in bad_structures}
    known |= {structure_id(o) for o in Organisation.objects.only("slug")}
    for n, record in enumerate(services):
        found = _pydantic_errors(v1.Service, record, names[1], n + 1)
        if not found:
            found = _extension_errors(record, names[1], n + 1)
            if record["structure_id"] not in known:
                found.append(RowError(names[1], n + 1, "structure_id", "unknown structure"))
        if found:
            bad_services.add(n)
            errors += found
    return bad_structures, bad_services, errors


def import_records(
    structures: list[Any],
    services: list[Any],
    *,
    names: tuple[str, str] = ("structures", "services"),
    skip_invalid: bool = False,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = iter,
) -> ImportReport:
    """Validate everything first; import nothing if a row fails (unless `skip_invalid`)."""
    bad_structures, bad_services, errors = validate_files(structures, services, names)
    if errors and not skip_invalid:
        raise ImportFailed(errors)
    report = ImportReport(skipped=errors)
    with transaction.atomic():
        organisations = {}
        for n, record in enumerate(structures):
            if n not in bad_structures:
                organisations[record["id"]] = _structure(record, report)
        touched = []
        for n, record in enumerate(progress(services)):
            if n not in bad_services:
                touched.append(_service(record, organisations, report))
        slots_refresh(services=touched)
        search_index_refresh(services=touched)
        audit_record(
            actor=None,
            action="directory.import",
            detail={
                "structures_created": report.structures_created,
                "services_created": report.services_created,
                "services_updated": report.services_updated,
                "skipped_rows": len({(e.file, e.row) for e in errors}),
            },
        )
    return report


def _structure(record: dict[str, Any], report: ImportReport) -> Organisation:
    """Existing organisations are left as the network app keeps them; new ones are created."""
    key = record["id"]
    slug = key.removeprefix(f"{SOURCE}--") if key.startswith(f"{SOURCE}--") else slugify(key)
    organisation = Organisation.objects.filter(slug=slug[:200]).first()
    if organisation is not None:
        return organisation
    report.structures_created += 1
    return Organisation.objects.create(
        slug=slug[:200],
        name=record["nom"],
        kind=Organisation.Kind.OTHER,
        description=record.get("description") or "",
        siret=record.get("siret") or "",
        address=record.get("adresse") or "",
        postcode=record.get("code_postal") or "",
        city=record.get("commune") or "",
        phone=record.get("telephone") or "",
        website=record.get("site_web") or "",
    )


def _organisation_for(key: str, organisations: dict[str, Organisation]) -> Organisation:
    if key in organisations:
        return organisations[key]
    return Organisation.objects.get(slug=key.removeprefix(f"{SOURCE}--"))


def _service(
    record: dict[str, Any], organisations: dict[str, Organisation], report: ImportReport
) -> Service:
    organisation = _organisation_for(record["structure_id"], organisations)
    service = Service.objects.filter(source=record["source"], source_id=record["id"]).first()
    if service is None:
        service = Service(source=record["source"], source_id=record["id"])
        report.services_created += 1
    else:
        report.services_updated += 1
    service.organisation = organisation
    for name, value in _service_fields(record).items():
        setattr(service, name, value)
    search_fields(service, organisation)
    service.save()
    service.locations.set(_locations(record, organisation))
    return service


def _service_fields(record: dict[str, Any]) -> dict[str, Any]:
    ext = record.get(EXT) or {}
    di_modes = [DI_MODES[m] for m in record.get("modes_accueil") or [] if m in DI_MODES]
    verified = ext.get("verifie_le") if EXT in record else record.get("date_maj")
    return {
        "name": record["nom"],
        "description": record["description"],
        "themes": ext.get("thematiques") or sorted(record.get("thematiques") or []),
        "types": ext.get("types") or ([record["type"]] if record.get("type") else []),
        "publics": sorted(record.get("publics") or []),
        "publics_note": record.get("publics_precisions") or "",
        "conditions": ext.get("conditions")
        or (["free"] if record.get("frais") == "gratuit" else []),
        "access_note": record.get("conditions_acces") or "",
        "what_to_bring": ext.get("a_apporter") or "",
        "languages": ext.get("langues") or [],
        "modes": ext.get("modes") or sorted(set(di_modes)),
        "opening_hours": record.get("horaires_accueil") or "",
        "phone": record.get("telephone") or "",
        "email": record.get("courriel") or "",
        "contact_name": record.get("contact_nom_prenom") or "",
        "website": record.get("lien_source") or "",
        "last_verified_on": date.fromisoformat(verified) if verified else None,
        "is_active": ext.get("actif", True),
    }


def _locations(record: dict[str, Any], organisation: Organisation) -> list[Location]:
    ext = record.get(EXT) or {}
    places = ext.get("lieux")
    if places is None:
        places = [_place_from_standard(record)] if record.get("adresse") else []
    return [_location(place, organisation) for place in places]


def _place_from_standard(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{record['id']}--lieu",
        "adresse": record.get("adresse"),
        "complement_adresse": record.get("complement_adresse"),
        "code_postal": record.get("code_postal"),
        "commune": record.get("commune"),
        "code_insee": record.get("code_insee"),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
    }


def _location(place: dict[str, Any], organisation: Organisation) -> Location:
    from maillage.network.models import Territory

    quartier = place.get("quartier")
    territory = Territory.objects.filter(slug=quartier).first() if quartier else None
    own = place["id"].removeprefix(f"{SOURCE}--lieu-")
    if own.isdigit() and Location.objects.filter(pk=own, organisation=organisation).exists():
        lookup: dict[str, Any] = {"pk": int(own)}
    else:
        lookup = {"organisation": organisation, "source_id": place["id"]}
    location, _ = Location.objects.update_or_create(
        **lookup,
        defaults={
            "organisation": organisation,
            "name": place.get("nom") or "",
            "address": place.get("adresse") or "",
            "address_extra": place.get("complement_adresse") or "",
            "postcode": place.get("code_postal") or "",
            "city": place.get("commune") or "",
            "insee_code": place.get("code_insee") or "",
            "latitude": _float(place.get("latitude")),
            "longitude": _float(place.get("longitude")),
            "territory": territory,
            "transit_stop": place.get("arret_transport") or "",
        },
    )
    place_for_location(location)
    if not location.has_point:
        location_geocode_later(location)
    return location


def _float(value: Any) -> float | None:
    return None if value in (None, "") else float(value)
