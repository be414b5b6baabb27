"""Referral pages: creation from a file, the referral's page with its moves, attachments."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.mfa import personal_data_required
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.pathways import forms, selectors, services
from maillage.pathways.views.common import found, open_file


def _open(request: AuthenticatedHttpRequest, referral_id: UUID) -> selectors.ReferralView:
    try:
        return selectors.referral_open(actor=request.user, referral_id=referral_id, request=request)
    except selectors.FileNotFound as error:
        raise Http404 from error


@personal_data_required
def referral_create(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    beneficiary, access = open_file(request, beneficiary_id)
    form = forms.ReferralForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        try:
            referral = services.referral_create(
                actor=request.user,
                beneficiary=beneficiary,
                attachments=[upload] if upload else [],
                **data,
            )
        except PermissionDenied:
            return forbidden(request)
        messages.success(request, _("The referral was sent."))
        return redirect("pathways:referral", referral.pk)
    title = _("Refer the person")
    return render(
        request,
        "pathways/form.html",
        {"form": form, "title": title, "b": beneficiary, "multipart": True},
    )


@personal_data_required
def referral_detail(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    view = _open(request, referral_id)
    moves = view.access.moves
    context = {
        "view": view,
        "referral": view.referral,
        "events": selectors.referral_events(referral=view.referral),
        "moves": moves,
        "move_labels": {m: services.referrals.S(m).label for m in moves},
        "attachments": selectors.referral_attachments(view=view),
        "form": forms.MoveForm(),
    }
    return render(request, "pathways/referral_detail.html", context)


@personal_data_required
@require_POST
def referral_move(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    view = _open(request, referral_id)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("pathways:referral", referral_id)
    try:
        services.referral_transition(
            actor=request.user, referral=view.referral, **form.cleaned_data
        )
    except PermissionDenied:
        return forbidden(request)
    except services.IllegalTransition as error:
        messages.error(request, str(error))
        return redirect("pathways:referral", referral_id)
    messages.success(request, _("The referral was updated."))
    return redirect("pathways:referral", referral_id)


@personal_data_required
def attachment_download(
    request: AuthenticatedHttpRequest, referral_id: UUID, attachment_id: int
) -> HttpResponse:
    view = _open(request, referral_id)
    if not view.access.attachments:
        return forbidden(request)
    attachment = found(
        selectors.attachment_open(
            actor=request.user, view=view, attachment_id=attachment_id, request=request
        )
    )
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    return cast(HttpResponse, response)  # streamed: a FileResponse is not an HttpResponse
