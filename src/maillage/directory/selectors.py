"""Reads of the directory. `services_search` is THE search, used by the pages and the API.

Words: one normalised (unaccented, stemmed) token column searched by each database's own
full-text engine: SQLite FTS5, PostgreSQL `tsvector` ('simple' configuration, GIN index).
Relevance is computed by the same SQL arithmetic on both (title matches weigh more), then
distance (equirectangular, bounding box first), then id: the same ordered ids on both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from maillage.directory import hours, text
from maillage.directory.models import Location, Place, Service
from maillage.directory.services import FACET_KINDS

KM_PER_DEGREE = 111.32
DEFAULT_RADIUS_KM = 10.0
MAX_RADIUS_KM = 100.0
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
PLACE_KIND_ORDER = ["quartier", "commune", "postcode", "address", "metropole"]


@dataclass
class SearchParams:
    q: str = ""
    near: str = ""
    lat: float | None = None
    lon: float | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    category: str = ""
    theme: str = ""
    public: str = ""
    service_type: str = ""
    conditions: list[str] = field(default_factory=list)
    language: str = ""
    mode: str = ""
    open_now: bool = False
    open_day: int | None = None  # 0 = Monday: the coming such day
    open_time: time | None = None
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class ResolvedPlace:
    label: str
    latitude: float
    longitude: float


@dataclass
class Hit:
    service: Service
    distance_km: float | None
    location: Location | None
    is_open: bool | None
    is_stale: bool


@dataclass
class SearchPage:
    hits: list[Hit]
    count: int
    page: int
    pages: int
    page_size: int
    place: ResolvedPlace | None = None
    place_not_found: bool = False
    at: datetime | None = None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# --- places -------------------------------------------------------------------------------


def place_resolve(query: str) -> ResolvedPlace | None:
    """A commune, quartier, postcode or known address from the local index (no geocoding)."""
    query = query.strip()
    if not query:
        return None
    if re.fullmatch(r"\d{5}", query):
        return _postcode(query)
    key = text.key(query)
    found = _best_place(Place.objects.filter(key=key)) or _best_place(
        Place.objects.filter(key__startswith=key)
    )
    if found:
        return ResolvedPlace(found.label, found.latitude, found.longitude)
    return None


def _best_place(places: QuerySet[Place]) -> Place | None:
    candidates = list(places.order_by("id")[:50])
    rank = {kind: n for n, kind in enumerate(PLACE_KIND_ORDER)}
    candidates.sort(key=lambda place: (rank.get(place.kind, 9), len(place.key), place.id))
    return candidates[0] if candidates else None


def _postcode(code: str) -> ResolvedPlace | None:
    rows = (
        Location.objects.filter(postcode=code)
        .exclude(latitude=None)
        .values_list("latitude", "longitude")[:500]
    )
    points = [(lat, lon) for lat, lon in rows if lat is not None and lon is not None]
    if not points:
        return None
    latitude = sum(point[0] for point in points) / len(points)
    longitude = sum(point[1] for point in points) / len(points)
    return ResolvedPlace(code, latitude, longitude)


# --- the search ---------------------------------------------------------------------------


def search_moment(params: SearchParams, now: datetime | None = None) -> datetime | None:
    """The local time asked for: now, or the coming `open_day` at `open_time`."""
    now = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    if params.open_day is not None:
        days_ahead = (params.open_day - now.weekday()) % 7
        at_time = params.open_time or time(10, 0)
        return datetime.combine(now.date() + timedelta(days=days_ahead), at_time)
    if params.open_time is not None:
        return datetime.combine(now.date(), params.open_time)
    return now if params.open_now else None


def services_search(*, actor: Any, params: SearchParams, now: datetime | None = None) -> SearchPage:
    """Public directory search (anonymous allowed): relevance, then distance, then id."""
    place = _place(params)
    if params.near.strip() and place is None and params.lat is None:
        return SearchPage([], 0, 1, 1, params.page_size, None, place_not_found=True)
    at = search_moment(params, now)
    local_now = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    rows, count = _ranked(_build(params, at, place), params)
    hits = _hits(rows, place, at or local_now)
    pages = max(1, math.ceil(count / params.page_size))
    return SearchPage(hits, count, params.page, pages, params.page_size, place, at=at)


def _place(params: SearchParams) -> ResolvedPlace | None:
    if params.lat is not None and params.lon is not None:
        return ResolvedPlace(params.near or "", params.lat, params.lon)
    return place_resolve(params.near)


def _word_tokens(query: str) -> list[tuple[str, bool]]:
    """(token, is_prefix): the last word typed matches as a prefix when 3+ letters long."""
    words = text.words(query)
    result = [(text.stem(word), False) for word in words]
    if words and not query.rstrip().endswith(" ") and len(words[-1]) >= 3:
        result[-1] = (words[-1] if len(words[-1]) < 5 else text.stem(words[-1]), True)
    return list(dict.fromkeys(result))


def _facet_tokens(params: SearchParams) -> list[str]:
    values = {
        "c": [params.category],
        "t": [params.theme],
        "p": [params.public],
        "y": [params.service_type],
        "k": params.conditions,
        "l": [params.language],
        "m": [params.mode],
    }
    assert set(values) == {*FACET_KINDS.values(), "c"}
    return [text.facet_token(kind, v) for kind, vs in values.items() for v in vs if v]


def _fts_sql(tokens: list[tuple[str, bool]]) -> tuple[str, list[Any]]:
    if connection.vendor == "postgresql":
        query = " & ".join(f"{token}:*" if prefix else token for token, prefix in tokens)
        return (
            "SELECT id FROM directory_service WHERE "
            "search_tsv @@ to_tsquery('simple'::regconfig, %s)",
            [query],
        )
    query = " ".join(f'"{token}"*' if prefix else f'"{token}"' for token, prefix in tokens)
    return (
        "SELECT rowid FROM directory_service_fts WHERE directory_service_fts MATCH %s",
        [query],
    )


@dataclass
class _Sql:
    """The search as one SQL statement over the narrow tables (same text on both databases)."""

    joins: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=lambda: ["e.is_active"])
    params: list[Any] = field(default_factory=list)
    relevance: str = "0"
    relevance_params: list[Any] = field(default_factory=list)
    distance: str = ""
    distance_params: list[Any] = field(default_factory=list)
    radius2: float | None = None


def _build(params: SearchParams, at: datetime | None, place: ResolvedPlace | None) -> _Sql:
    sql = _Sql()
    words = _word_tokens(params.q)
    tokens = words + [(token, False) for token in _facet_tokens(params)]
    if tokens:
        fts, fts_params = _fts_sql(tokens)
        sql.where.append(f"e.service_id IN ({fts})")
        sql.params += fts_params
    if at is not None:
        sql.where.append(
            "EXISTS (SELECT 1 FROM directory_openingslot s WHERE s.service_id = e.service_id "
            "AND s.weekday = %s AND s.start_minute <= %s AND s.end_minute > %s)"
        )
        minute = hours.minute_of_day(at)
        sql.params += [at.weekday(), minute, minute]
    if words:
        sql.relevance = " + ".join("CASE WHEN e.title LIKE %s THEN 3 ELSE 1 END" for _ in words)
        sql.relevance_params = [f"% {tok}%" if pre else f"% {tok} %" for tok, pre in words]
    if place is not None:
        _near(sql, place, params.radius_km)
    return sql


def _near(sql: _Sql, place: ResolvedPlace, radius_km: float) -> None:
    radius = min(max(radius_km, 0.1), MAX_RADIUS_KM)
    ky = KM_PER_DEGREE
    kx = KM_PER_DEGREE * math.cos(math.radians(place.latitude))
    sql.joins.append("JOIN directory_servicepoint p ON p.service_id = e.service_id")
    sql.where.append("p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s")
    sql.params += [
        place.latitude - radius / ky,
        place.latitude + radius / ky,
        place.longitude - radius / kx,
        place.longitude + radius / kx,
    ]
    sql.distance = (
        "MIN(((p.latitude - %s) * %s) * ((p.latitude - %s) * %s)"
        " + ((p.longitude - %s) * %s) * ((p.longitude - %s) * %s))"
    )
    lat, lon = place.latitude, place.longitude
    sql.distance_params = [lat, ky, lat, ky, lon, kx, lon, kx]
    sql.radius2 = radius * radius


def _ranked(sql: _Sql, params: SearchParams) -> tuple[list[tuple[int, float | None]], int]:
    page = _page_slice(params)
    distance = sql.distance or "NULL"
    select = (
        f"SELECT e.service_id, {sql.relevance} AS relevance, {distance} AS d2, "
        "COUNT(*) OVER () AS total FROM directory_searchentry e "
        + " ".join(sql.joins)
        + " WHERE "
        + " AND ".join(sql.where)
        + " GROUP BY e.service_id, e.title"
    )
    arguments = sql.relevance_params + sql.distance_params + sql.params
    if sql.radius2 is not None:
        select += f" HAVING {sql.distance} <= %s"
        arguments += sql.distance_params + [sql.radius2]
    order = "relevance DESC, d2, e.service_id" if sql.distance else "relevance DESC, e.service_id"
    select += f" ORDER BY {order} LIMIT %s OFFSET %s"
    arguments += [page.stop - page.start, page.start]
    with connection.cursor() as cursor:
        cursor.execute(select, arguments)
        rows = cursor.fetchall()
    total = int(rows[0][3]) if rows else _count(select, arguments, page.start)
    return [(row[0], row[2]) for row in rows], total


def _count(select: str, arguments: list[Any], offset: int) -> int:
    """Past the last page the window total is not seen: count with the first page instead."""
    if offset == 0:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(select, arguments[:-2] + [1, 0])
        row = cursor.fetchone()
    return int(row[3]) if row else 0


def _page_slice(params: SearchParams) -> slice:
    start = (max(params.page, 1) - 1) * params.page_size
    return slice(start, start + params.page_size)


def _hits(
    rows: list[tuple[int, float | None]], place: ResolvedPlace | None, moment: datetime
) -> list[Hit]:
    if not rows:
        return []
    services = (
        Service.objects.filter(pk__in=[pk for pk, _d2 in rows])
        .defer("search_document", "search_title")
        .select_related("organisation")
        .prefetch_related("locations")
    )
    by_id = {service.pk: service for service in services}
    today = moment.date()
    return [_hit(by_id[pk], place, moment, today) for pk, _d2 in rows if pk in by_id]


def _hit(service: Service, place: ResolvedPlace | None, moment: datetime, today: Any) -> Hit:
    location, distance = nearest_location(service, place)
    return Hit(
        service=service,
        distance_km=distance,
        location=location,
        is_open=hours.is_open(service.opening_hours, moment),
        is_stale=service.is_stale(today),
    )


def nearest_location(
    service: Service, place: ResolvedPlace | None
) -> tuple[Location | None, float | None]:
    locations = list(service.locations.all())
    if place is None or not locations:
        return (locations[0] if locations else None), None
    located = [loc for loc in locations if loc.has_point]
    if not located:
        return locations[0], None
    best = min(
        located,
        key=lambda loc: haversine_km(place.latitude, place.longitude, loc.latitude, loc.longitude),
    )
    return best, haversine_km(place.latitude, place.longitude, best.latitude, best.longitude)


def haversine_km(lat1: float, lon1: float, lat2: Any, lon2: Any) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


# --- single records -----------------------------------------------------------------------


def service_get(*, actor: Any, service_id: int) -> Service | None:
    return (
        Service.objects.filter(pk=service_id, is_active=True)
        .select_related("organisation")
        .prefetch_related("locations")
        .first()
    )


def service_to_manage(*, service_id: int) -> Service:
    """A service, active or not, with its organisation (for its managers), or Http404."""
    return get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)


def service_to_edit(*, service: Service) -> Service:
    """A fresh copy for the form, so a failed form leaves `service` as stored."""
    return Service.objects.get(pk=service.pk)


def services_for_sheet(*, actor: Any, ids: list[int]) -> list[Service]:
    """The services picked for an orientation sheet, in the order picked (at most 12)."""
    ids = list(dict.fromkeys(ids))[:12]
    found = {
        service.pk: service
        for service in Service.objects.filter(pk__in=ids, is_active=True)
        .select_related("organisation")
        .prefetch_related("locations")
    }
    return [found[pk] for pk in ids if pk in found]


def organisation_services(*, actor: Any, organisation: Any) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation=organisation)
        .prefetch_related("locations")
        .order_by("name", "id")
    )


def organisation_locations(*, actor: Any, organisation: Any) -> QuerySet[Location]:
    return Location.objects.filter(organisation=organisation).order_by("city", "address", "id")


def active_services_by_name() -> QuerySet[Service]:
    """Choices of a form's service field: active services with their organisation."""
    return Service.objects.filter(is_active=True).select_related("organisation").order_by("name")


def locations_of(*, organisation: Any = None) -> QuerySet[Location]:
    """Choices of a service's location field: the organisation's places (all when None)."""
    locations = Location.objects.all()
    return locations.filter(organisation=organisation) if organisation is not None else locations
