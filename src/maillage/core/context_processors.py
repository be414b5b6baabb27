from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from maillage.core.appkit import navigation_entries
from maillage.core.models import Role
from maillage.core.permissions import can_open_personal_files, has_role, is_coordinator


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def _visible(audience: str, request: HttpRequest) -> bool:
    user = request.user
    if audience == "everyone":
        return True
    if not user.is_authenticated:
        return False
    if audience == "files":
        return can_open_personal_files(user)
    if audience == "activity":
        return has_role(
            user,
            Role.HUB_REFERENT,
            Role.PROFESSIONAL,
            Role.ASSOCIATION_STAFF,
            Role.COORDINATOR,
            Role.ADMINISTRATOR,
        )
    if audience == "coordinator":
        return is_coordinator(user) and user.is_staff
    return True


@cache
def _entries(urlconf: Any, prefix: str) -> list[tuple[Any, str, str]]:
    """(label, url, audience) of every app's entries, reversed once per URL setup."""
    return [
        (entry.label, reverse(entry.url_name, urlconf=urlconf), entry.audience)
        for entry in navigation_entries()
    ]


def navigation(request: HttpRequest) -> dict[str, object]:
    items = []
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    for label, url, audience in _entries(urlconf, get_script_prefix()):
        if not _visible(audience, request):
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append(NavItem(label=str(label), url=url, current=current))
    return {"nav_items": items}
