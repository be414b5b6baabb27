"""Two-factor authentication rules on top of django-allauth's MFA."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from maillage.core.permissions import can_open_personal_files


def session_used_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    return any(record.get("method") == "mfa" for record in records)


def personal_data_allowed(request: HttpRequest) -> bool:
    """A page showing a person needs a role that opens files and a session confirmed by 2FA."""
    user = request.user
    return (
        user.is_authenticated
        and can_open_personal_files(user)
        and is_mfa_enabled(user)
        and session_used_mfa(request)
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
