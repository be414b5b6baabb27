"""Test factories and fixtures shared by every app (plain functions, real database)."""

from __future__ import annotations

import itertools
import re
import time

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse

from maillage.core.models import Profession, Role, StaffMembership, User
from maillage.network.models import Network, Organisation, Territory

PASSWORD = "a-long-test-password-2026"
_sequence = itertools.count(1)


def make_territory(name: str = "", kind: str = "commune", **fields: object) -> Territory:
    n = next(_sequence)
    name = name or f"Commune {n}"
    return Territory.objects.create(name=name, slug=f"t-{n}", kind=kind, **fields)


def make_organisation(name: str = "", kind: str = "association", **fields: object) -> Organisation:
    n = next(_sequence)
    return Organisation.objects.create(
        name=name or f"Organisation {n}", slug=f"o-{n}", kind=kind, **fields
    )


def make_network(name: str = "", **fields: object) -> Network:
    n = next(_sequence)
    return Network.objects.create(name=name or f"Network {n}", slug=f"n-{n}", **fields)


def make_user(
    *,
    role: str = Role.PROFESSIONAL,
    organisation: Organisation | None = None,
    profession: str = Profession.SOCIAL_WORKER,
    totp_secret: str | None = None,
    **fields: object,
) -> User:
    n = next(_sequence)
    user = User.objects.create_user(
        f"user{n}@example.org", PASSWORD, profession=profession, **fields
    )
    organisation = organisation or make_organisation()
    StaffMembership.objects.create(user=user, organisation=organisation, role=role)
    if totp_secret:
        TOTP.activate(user, totp_secret)
        user._test_totp_secret = totp_secret  # type: ignore[attr-defined]
    return user


def totp_code(secret: str, margin: float = 1.0) -> str:
    """The current TOTP code, from a time step with at least `margin` seconds left. The server
    accepts the current step only (allauth's default tolerance): a code read in the last moment
    of a step would reach it in the next one, and the login would fail by chance."""
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < margin:
        time.sleep(left + 0.05)
    return totp.now()


def login_with_mfa(client: Client, user: User, secret: str) -> None:
    """The real allauth flow: password, then the TOTP code."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302, re.sub(r"\s+", " ", response.content.decode())[:800]


@pytest.fixture
def mfa_login():
    """Log a client in through password + TOTP; returns the client."""

    def _login(user: User, client: Client | None = None) -> Client:
        client = client or Client()
        secret = getattr(user, "_test_totp_secret", None)
        if secret is None:
            secret = pyotp.random_base32()
            TOTP.activate(user, secret)
        login_with_mfa(client, user, secret)
        return client

    return _login
