"""Two-factor authentication rules on top of django-allauth's MFA."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from maillage.core.permissions import can_open_personal_files


def session_used_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    return any(record.get("method") == "mfa" for record in records)


def session_confirmed_by_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return user.is_authenticated and is_mfa_enabled(user) and session_used_mfa(request)


def must_set_up_second_factor(user: Any) -> bool:
    """Staff and admin accounts are refused everywhere until they have a second factor."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser)) and not (
        is_mfa_enabled(user)
    )


class StaffSecondFactorMiddleware:
    """Sends a staff or admin account without a second factor to set one up, whatever it asks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if must_set_up_second_factor(request.user) and not self._open_without_it(request.path):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _open_without_it(path: str) -> bool:
        open_paths = (
            reverse("mfa_index"),
            reverse("account_login"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("core:healthz"),
            settings.STATIC_URL or "/static/",
        )
        return path.startswith(open_paths)


def personal_data_allowed(request: HttpRequest) -> bool:
    """A page showing a person needs a role that opens files and a session confirmed by 2FA."""
    user = request.user
    return (
        user.is_authenticated
        and can_open_personal_files(user)
        and session_confirmed_by_second_factor(request)
    )


def personal_data_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate (outermost) every view that shows a person: without 2FA, set it up first."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not personal_data_allowed(request):
            return redirect("core:mfa_required")
        return view(request, *args, **kwargs)

    wrapper.personal_data = True  # type: ignore[attr-defined]
    return wrapper
