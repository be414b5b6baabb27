"""Pages of the person's file. Every view here shows a person: 2FA is required (outermost)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core import web
from maillage.core.mfa import personal_data_required
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.pathways import forms, selectors, services
from maillage.pathways.access import Action
from maillage.pathways.display import labels
from maillage.pathways.models import Need
from maillage.pathways.views.common import found as _found
from maillage.pathways.views.common import open_file


@personal_data_required
def file_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    files = selectors.beneficiaries_visible_to(actor=request.user, query=query)
    page = web.window(files, request.GET.get("page"))
    return render(request, "pathways/file_list.html", {"page": page, "query": query})


@personal_data_required
def file_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.BeneficiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = services.beneficiary_create(actor=request.user, data=form.cleaned_data)
        except PermissionDenied:
            return forbidden(request)
        messages.success(request, _("The file was opened."))
        return redirect("pathways:file", beneficiary.pk)
    return render(request, "pathways/form.html", {"form": form, "title": _("Open a file")})


@personal_data_required
def file_detail(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    beneficiary, access = open_file(request, beneficiary_id)
    page = selectors.file_page(
        actor=request.user,
        beneficiary=beneficiary,
        access=access,
        timeline_before=request.GET.get("before", "")[:80],
        timeline_after=request.GET.get("after", "")[:80],
    )
    context = {
        "file": page,
        "b": beneficiary,
        "access": access,
        "timeline": page.timeline,
        "can_write": access.allows(Action.ADD_NOTE),
        "need_statuses": list(labels(Need.Status.choices).items()),
    }
    return render(request, "pathways/file_detail.html", context)


@personal_data_required
def file_edit(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    beneficiary, access = open_file(request, beneficiary_id)
    if not access.writes:
        return forbidden(request)
    form = forms.BeneficiaryForm(request.POST or None, instance=beneficiary)
    if request.method == "POST" and form.is_valid():
        services.beneficiary_update(
            actor=request.user, beneficiary=beneficiary, data=form.cleaned_data
        )
        return redirect("pathways:file", beneficiary.pk)
    return render(
        request, "pathways/form.html", {"form": form, "title": _("Edit the file"), "b": beneficiary}
    )


def _file_form(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, form_class: type, title: str, save
) -> HttpResponse:  # type: ignore[no-untyped-def]
    """GET shows the form; POST validates it and calls `save(beneficiary, data)`."""
    beneficiary, access = open_file(request, beneficiary_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(beneficiary, form.cleaned_data)
        except PermissionDenied:
            return forbidden(request)
        messages.success(request, _("Saved."))
        return redirect("pathways:file", beneficiary.pk)
    return render(request, "pathways/form.html", {"form": form, "title": title, "b": beneficiary})


@personal_data_required
def note_add(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.note_add(actor=request.user, beneficiary=beneficiary, **data)

    return _file_form(request, beneficiary_id, forms.NoteForm, _("Add a note"), save)


@personal_data_required
def need_add(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.need_add(actor=request.user, beneficiary=beneficiary, **data)

    return _file_form(request, beneficiary_id, forms.NeedForm, _("Add a need"), save)


@personal_data_required
def notice_add(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.information_notice_record(actor=request.user, beneficiary=beneficiary, **data)

    title = _("Record that the person was informed")
    return _file_form(request, beneficiary_id, forms.NoticeForm, title, save)


@personal_data_required
def consent_add(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.consent_record(actor=request.user, beneficiary=beneficiary, **data)

    return _file_form(request, beneficiary_id, forms.ConsentForm, _("Record a consent"), save)


@personal_data_required
def care_team_add(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.care_team_add(actor=request.user, beneficiary=beneficiary, **data)

    title = _("Add to the care team")
    return _file_form(request, beneficiary_id, forms.CareTeamForm, title, save)


@personal_data_required
def stay_add(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.stay_admit(actor=request.user, beneficiary=beneficiary, **data)

    return _file_form(request, beneficiary_id, forms.StayForm, _("Record an admission"), save)


@personal_data_required
def pathway_start(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    def save(beneficiary, data):  # type: ignore[no-untyped-def]
        services.pathway_start(actor=request.user, beneficiary=beneficiary, **data)

    title = _("Follow a care pathway")
    return _file_form(request, beneficiary_id, forms.PathwayStartForm, title, save)


@personal_data_required
@require_POST
def consent_withdraw(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, consent_id: int
) -> HttpResponse:
    beneficiary, _access = open_file(request, beneficiary_id)
    consent = _found(selectors.consent_in_file(beneficiary=beneficiary, consent_id=consent_id))
    return _run(
        request, beneficiary, lambda: services.consent_withdraw(actor=request.user, consent=consent)
    )


@personal_data_required
@require_POST
def care_team_end(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, member_id: int
) -> HttpResponse:
    beneficiary, _access = open_file(request, beneficiary_id)
    member = _found(selectors.member_in_file(beneficiary=beneficiary, member_id=member_id))
    return _run(
        request, beneficiary, lambda: services.care_team_end(actor=request.user, member=member)
    )


@personal_data_required
@require_POST
def need_status(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, need_id: int
) -> HttpResponse:
    beneficiary, _access = open_file(request, beneficiary_id)
    need = _found(selectors.need_in_file(beneficiary=beneficiary, need_id=need_id))
    status = request.POST.get("status", "")
    if status not in Need.Status.values:
        return forbidden(request)
    return _run(
        request,
        beneficiary,
        lambda: services.need_set_status(actor=request.user, need=need, status=status),
    )


@personal_data_required
@require_POST
def file_close(request: AuthenticatedHttpRequest, beneficiary_id: UUID) -> HttpResponse:
    beneficiary, _access = open_file(request, beneficiary_id)
    return _run(
        request,
        beneficiary,
        lambda: services.beneficiary_close(actor=request.user, beneficiary=beneficiary),
    )


@personal_data_required
@require_POST
def step_complete(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, step_id: int
) -> HttpResponse:
    beneficiary, _access = open_file(request, beneficiary_id)
    step = _found(selectors.step_in_file(beneficiary=beneficiary, step_id=step_id))
    return _run(
        request, beneficiary, lambda: services.pathway_step_complete(actor=request.user, step=step)
    )


def _run(request: AuthenticatedHttpRequest, beneficiary, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        action()
    except PermissionDenied:
        return forbidden(request)
    messages.success(request, _("Saved."))
    return redirect("pathways:file", beneficiary.pk)
