"""The admin behind the same door as the rest of the site: allauth's login and a second factor."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url


class MaillageAdminSite(admin.AdminSite):
    """Only an active staff account whose session was confirmed by a second factor enters.

    Django's own admin login checks the password alone; it is never shown: anonymous visitors
    are sent to allauth's login, which asks for the second factor (as `secure_admin_login` does).
    """

    def has_permission(self, request: HttpRequest) -> bool:
        from maillage.core.mfa import session_confirmed_by_second_factor

        return super().has_permission(request) and session_confirmed_by_second_factor(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), resolve_url("account_login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if self.has_permission(request):
            return redirect("admin:index")
        return redirect("core:mfa_required")
