"""Geocoder adapter: IGN's Géoplateforme (successor of the BAN API) in production.

`GET {GEOCODER_URL}/search?q=…&postcode=…&limit=1` answers a GeoJSON FeatureCollection whose
features carry `geometry.coordinates` = [lon, lat] and `properties` (score, citycode, postcode,
label). Called when a location is saved (through a background task), never during a search.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5
MIN_SCORE = 0.5


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    score: float
    insee_code: str
    postcode: str
    label: str


def geocode(address: str, postcode: str = "", city: str = "") -> GeocodeResult | None:
    """The best match for an address, or None (disabled, unreachable, or too uncertain)."""
    if not settings.GEOCODER_ENABLED:
        return None
    query = " ".join(part for part in [address, postcode, city] if part).strip()
    if not query:
        return None
    params = {"q": query, "limit": "1", "index": "address"}
    if postcode:
        params["postcode"] = postcode
    url = f"{settings.GEOCODER_URL.rstrip('/')}/search?{urlencode(params)}"
    try:
        with urlopen(
            Request(url, headers={"Accept": "application/json"}), timeout=TIMEOUT_SECONDS
        ) as r:
            payload = json.load(r)
    except (URLError, TimeoutError, OSError, ValueError) as error:
        logger.warning("geocoder unavailable: %s", error.__class__.__name__)
        return None
    return _best(payload)


def _best(payload: dict) -> GeocodeResult | None:
    features = payload.get("features") or []
    if not features:
        return None
    feature = features[0]
    properties = feature.get("properties") or {}
    score = float(properties.get("score") or 0)
    if score < MIN_SCORE:
        return None
    longitude, latitude = feature["geometry"]["coordinates"][:2]
    return GeocodeResult(
        latitude=float(latitude),
        longitude=float(longitude),
        score=score,
        insee_code=str(properties.get("citycode") or ""),
        postcode=str(properties.get("postcode") or ""),
        label=str(properties.get("label") or ""),
    )
