"""Open Referral HSDS 3.0 JSON: organizations, locations, and compiled services.

Identifiers are UUIDs derived from ours (uuid5), so a re-export gives the same ids. Weekly
opening slots become HSDS `schedules` (RFC 5545 style: WEEKLY, byday, opens_at, closes_at);
the OSM expression is kept in each schedule's `description`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from maillage.directory import hours
from maillage.directory import vocabulary as V
from maillage.directory.models import Location, Service
from maillage.network.models import Organisation

NAMESPACE = uuid.UUID("6f1c1f8e-3a52-4c64-9b77-2d1f6a0b9c10")
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _id(kind: str, pk: Any) -> str:
    return str(uuid.uuid5(NAMESPACE, f"maillage:{kind}:{pk}"))


def organization(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": _id("organization", organisation.pk),
        "name": organisation.name,
        "alternate_name": organisation.short_name or None,
        "description": organisation.description or organisation.name,
        "website": organisation.website or None,
        "tax_id": organisation.siret or None,
        "phones": [{"id": _id("org-phone", organisation.pk), "number": organisation.phone}]
        if organisation.phone
        else [],
    }


def location(place: Location) -> dict[str, Any]:
    return {
        "id": _id("location", place.pk),
        "location_type": "physical",
        "organization_id": _id("organization", place.organisation_id),
        "name": place.name or place.one_line,
        "transportation": place.transit_stop or None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "external_identifier": place.insee_code or None,
        "external_identifier_type": "INSEE code" if place.insee_code else None,
        "addresses": [
            {
                "id": _id("address", place.pk),
                "location_id": _id("location", place.pk),
                "address_1": place.address,
                "address_2": place.address_extra or None,
                "city": place.city,
                "region": None,
                "state_province": "",
                "postal_code": place.postcode,
                "country": "FR",
                "address_type": "physical",
            }
        ],
    }


def schedules(service: Service) -> list[dict[str, Any]]:
    slots = hours.week_slots(service.opening_hours, timezone.localdate())
    return [
        {
            "id": _id("schedule", f"{service.pk}:{n}"),
            "service_id": _id("service", service.pk),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": BYDAY[slot.weekday],
            "opens_at": hours.format_minute(slot.start_minute),
            "closes_at": hours.format_minute(slot.end_minute),
            "description": service.opening_hours,
        }
        for n, slot in enumerate(sorted(slots, key=lambda s: (s.weekday, s.start_minute)))
    ]


def service(record: Service) -> dict[str, Any]:
    service_id = _id("service", record.pk)
    return {
        "id": service_id,
        "organization_id": _id("organization", record.organisation_id),
        "name": record.name,
        "description": record.description,
        "url": record.website or None,
        "email": record.email or None,
        "status": "active" if record.is_active else "inactive",
        "fees_description": "Gratuit" if record.is_free else None,
        "eligibility_description": record.publics_note or record.access_note or None,
        "application_process": record.what_to_bring or None,
        "assured_date": record.last_verified_on.isoformat() if record.last_verified_on else None,
        "last_modified": record.updated_at.isoformat(),
        "organization": organization(record.organisation),
        "phones": [{"id": _id("phone", record.pk), "number": record.phone}] if record.phone else [],
        "languages": [
            {"id": _id("language", f"{record.pk}:{code}"), "code": code, "name": V.LANGUAGES[code]}
            for code in record.languages
            if code in V.LANGUAGES
        ],
        "schedules": schedules(record),
        "service_at_locations": [
            {
                "id": _id("service-at-location", f"{record.pk}:{place.pk}"),
                "service_id": service_id,
                "location": location(place),
            }
            for place in record.locations.all()
        ],
        "attributes": [
            {
                "id": _id("attribute", f"{record.pk}:{term}"),
                "link_id": service_id,
                "link_type": "service",
                "taxonomy_term": {
                    "id": _id("term", term),
                    "code": term,
                    "name": str(V.THEMES.get(term) or V.CONDITIONS.get(term) or term),
                    "taxonomy": "maillage-data-inclusion",
                },
            }
            for term in [*record.themes, *record.conditions]
        ],
    }
