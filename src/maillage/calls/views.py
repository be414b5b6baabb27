"""Pages of the calls app: parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from maillage.calls import selectors
from maillage.core.types import AuthenticatedHttpRequest


@login_required
def call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "open_calls": selectors.calls_open_for(actor=request.user),
        "my_applications": selectors.applications_of(actor=request.user),
        "instructed": selectors.calls_instructed_by(actor=request.user),
        "reviews": selectors.reviews_of(actor=request.user),
    }
    return render(request, "calls/call_list.html", context)
