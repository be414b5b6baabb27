from allauth.account.views import reauthenticate as allauth_password_reauthentication
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from maillage.core.mfa import personal_data_allowed
from maillage.core.permissions import active_roles, can_open_personal_files
from maillage.core.selectors import dashboard_for
from maillage.core.types import AuthenticatedHttpRequest


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "roles": sorted(active_roles(request.user)),
        "needs_mfa": can_open_personal_files(request.user) and not personal_data_allowed(request),
        **dashboard_for(user=request.user),
    }
    return render(request, "core/dashboard.html", context)


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "core/mfa_required.html", status=403)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def password_reauthentication(request: HttpRequest) -> HttpResponse:
    """Once a second factor exists, re-authenticating means using it, not the password alone."""
    if request.user.is_authenticated and is_mfa_enabled(request.user):
        target = reverse("mfa_reauthenticate")
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target)
    return allauth_password_reauthentication(request)
