"""`GET /api/v1/services` (the search page's parameters, paginated) and `/api/v1/services/{id}`."""

from __future__ import annotations

from datetime import date
from datetime import time as Time
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from maillage.directory import selectors
from maillage.directory.forms import SearchForm
from maillage.directory.models import Location, Service

PREFIX = "/services"
router = Router(tags=["directory"])


class SearchQuery(Schema):
    q: str = Field("", description="Words (French stemming, accents ignored).")
    near: str = Field("", description="Commune, quartier, postcode or known address.")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius: Literal[1, 3, 10, 30, 100] | None = Field(None, description="Kilometres.")
    category: str = Field("", description="A data·inclusion category.")
    theme: str = Field("", description="A theme (data·inclusion's, or our health themes).")
    public: str = ""
    type: str = Field("", description="A data·inclusion service type.")
    condition: list[Literal["free", "without-appointment", "without-health-cover", "anonymous"]] = (
        Field(default_factory=list, description="All must hold.")
    )
    language: str = Field("", description="ISO 639-1 code, e.g. ar, ro.")
    mode: Literal["", "on-site", "phone", "home-visit", "remote"] = ""
    open: Literal["", "now", "at"] = ""
    day: int | None = Field(None, ge=0, le=6, description="0 = Monday: the coming such day.")
    time: Time | None = Field(None, description="HH:MM, Europe/Paris.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


class LocationOut(Schema):
    name: str
    address: str
    address_extra: str
    postcode: str
    city: str
    insee_code: str
    latitude: float | None
    longitude: float | None
    transit_stop: str


class ServiceOut(Schema):
    id: int
    name: str
    organisation: str
    description: str
    themes: list[str]
    types: list[str]
    publics: list[str]
    conditions: list[str]
    languages: list[str]
    modes: list[str]
    opening_hours: str
    what_to_bring: str
    phone: str
    email: str
    website: str
    last_verified_on: date | None
    is_stale: bool
    locations: list[LocationOut]


class HitOut(Schema):
    service: ServiceOut
    distance_km: float | None
    is_open: bool | None


class PlaceOut(Schema):
    label: str
    latitude: float
    longitude: float


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    place: PlaceOut | None
    results: list[HitOut]


class ErrorOut(Schema):
    detail: str | dict[str, list[str]]


def _location(location: Location) -> LocationOut:
    return LocationOut(**{field: getattr(location, field) for field in LocationOut.model_fields})


def service_out(service: Service) -> ServiceOut:
    fields = set(ServiceOut.model_fields) - {"organisation", "is_stale", "locations"}
    return ServiceOut(
        **{field: getattr(service, field) for field in fields},
        organisation=service.organisation.name,
        is_stale=service.is_stale(),
        locations=[_location(location) for location in service.locations.all()],
    )


@router.get("", response={200: SearchOut, 400: ErrorOut}, summary="Search the directory")
def services_search(request: HttpRequest, filters: Query[SearchQuery]):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return Status(400, {"detail": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    page = selectors.services_search(actor=request.user, params=form.params())
    if page.place_not_found:
        return Status(400, {"detail": "Unknown place."})
    return SearchOut(
        count=page.count,
        page=page.page,
        pages=page.pages,
        page_size=page.page_size,
        place=PlaceOut(**vars(page.place)) if page.place else None,
        results=[
            HitOut(
                service=service_out(hit.service),
                distance_km=round(hit.distance_km, 3) if hit.distance_km is not None else None,
                is_open=hit.is_open,
            )
            for hit in page.hits
        ],
    )


@router.get("/{id}", response={200: ServiceOut, 404: ErrorOut}, summary="One service")
def service_detail(request: HttpRequest, id: int):
    service = selectors.service_get(actor=request.user, service_id=id)
    if service is None:
        raise Http404("No such service.")
    return service_out(service)
