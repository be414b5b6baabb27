"""A user without 2FA cannot reach any page that shows a person."""

from __future__ import annotations

import uuid

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from maillage import urls as project_urls
from maillage.core.mfa import personal_data_required
from maillage.core.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@personal_data_required
def person_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Jeanne Exemple, born 1970")


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
urlpatterns = [path("person/", person_page, name="person"), *project_urls.urlpatterns]


def personal_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every route whose view is marked as showing a person."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += personal_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "personal_data", False):
            found.append(prefix + str(entry.pattern))
    return found


def concrete_url(pattern: str) -> str:
    """Fill route converters with plausible values; the check happens before any lookup."""
    import re

    url = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), pattern)
    url = re.sub(r"<int:\w+>", "1", url)
    url = re.sub(r"<(slug:|str:|path:)?\w+>", "x", url)
    return "/" + url.lstrip("^").rstrip("$")


@override_settings(ROOT_URLCONF=__name__)
def test_it_sends_a_professional_without_two_factors_to_set_them_up() -> None:
    client = Client()
    client.force_login(make_user(role=Role.PROFESSIONAL))
    response = client.get("/person/")
    assert response.status_code == 302
    assert response.url == reverse("core:mfa_required")


@override_settings(ROOT_URLCONF=__name__)
def test_it_shows_the_page_after_a_login_with_two_factors(mfa_login) -> None:
    client = mfa_login(make_user(role=Role.PROFESSIONAL, totp_secret=SECRET))
    assert client.get("/person/").content.startswith(b"Jeanne")


@override_settings(ROOT_URLCONF=__name__)
def test_it_refuses_a_funder_even_with_two_factors(mfa_login) -> None:
    client = mfa_login(make_user(role=Role.FUNDER_VIEWER, totp_secret=SECRET))
    assert client.get("/person/").status_code == 302


def test_every_personal_page_of_the_project_refuses_a_session_without_two_factors() -> None:
    client = Client()
    client.force_login(make_user(role=Role.PROFESSIONAL))
    for pattern in personal_patterns():
        response = client.get(concrete_url(pattern))
        assert response.status_code == 302, pattern
        assert response.url == reverse("core:mfa_required"), pattern
