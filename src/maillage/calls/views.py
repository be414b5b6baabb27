"""Pages of the calls app: parse input, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.calls import access, forms, selectors, services
from maillage.calls.models import CallForProjects, CallStatus, DocumentKind
from maillage.calls.services import CallClosed, InvalidChange
from maillage.calls.workflow import NotAllowed
from maillage.core.audit import AuditAction
from maillage.core.services import PermissionDenied, audit_record
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden

REFUSALS = (InvalidChange, CallClosed, NotAllowed)


def _refusal_message(error: Exception) -> str:
    if isinstance(error, NotAllowed):
        return _("The application's state does not allow this change.")
    return str(error)


@login_required
def call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "open_calls": selectors.calls_open_for(actor=request.user),
        "my_applications": selectors.applications_of(actor=request.user),
        "instructed": selectors.calls_instructed_by(actor=request.user),
        "reviews": selectors.reviews_of(actor=request.user),
    }
    return render(request, "calls/call_list.html", context)


@login_required
def my_reviews(request: AuthenticatedHttpRequest) -> HttpResponse:
    reviews = selectors.reviews_of(actor=request.user)
    return render(request, "calls/my_reviews.html", {"reviews": reviews})


def _readable_call(request: AuthenticatedHttpRequest, slug: str) -> CallForProjects:
    call = selectors.call_by_slug(slug=slug)
    if call.status == CallStatus.DRAFT and not access.reads_call(request.user, call):
        raise PermissionDenied
    return call


@login_required
def call_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        call = _readable_call(request, slug)
    except PermissionDenied:
        return forbidden(request)
    form = forms.ApplyForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                application = services.application_create(
                    actor=request.user, call=call, request=request,
                    organisation=form.cleaned_data["organisation"],
                    title=form.cleaned_data["title"],
                )  # fmt: skip
            except PermissionDenied:
                return forbidden(request)
            except REFUSALS as error:
                form.add_error(None, _refusal_message(error))
            else:
                messages.success(request, _("Your application has been created."))
                return redirect("calls:application", application.pk)
    context = {
        "call": call,
        "form": form,
        "may_apply": call.is_open() and bool(form.fields["organisation"].queryset),  # type: ignore[attr-defined]
        "instructs": access.instructs(request.user, call),
        "criteria": selectors.call_criteria(call=call),
        "documents": _document_labels(call),
    }
    return render(request, "calls/call_detail.html", context)


def _document_labels(call: CallForProjects) -> list[str]:
    labels = dict(DocumentKind.choices)
    return [str(labels.get(kind, kind)) for kind in call.required_documents]


@login_required
@require_POST
def call_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    call = selectors.call_by_slug(slug=slug)
    try:
        services.call_publish(actor=request.user, call=call, request=request)
    except PermissionDenied:
        return forbidden(request)
    except REFUSALS as error:
        messages.error(request, _refusal_message(error))
    else:
        messages.success(request, _("The call is published."))
    return redirect("calls:instruct", call.slug)


# --- the applicant ----------------------------------------------------------------------------


def _application_context(
    request: AuthenticatedHttpRequest, page: selectors.ApplicationPage, **forms_given: Any
) -> dict[str, Any]:
    application = page.application
    rights = page.access
    context: dict[str, Any] = {"page": page, "application": application, "call": application.call}
    if rights.edit:
        form = forms_given.get("form") or forms.ApplicationForm(
            call=application.call, initial=forms.ApplicationForm.initial_of(application, page)
        )
        context |= {
            "form": form,
            "document_form": forms_given.get("document_form") or forms.DocumentForm(),
            "missing": services.missing_items(application),
            "final_report_form": forms_given.get("final_report_form") or forms.FinalReportForm(),
            "events": set(_allowed(application)),
            "call_open": application.call.is_open(),
        }
    if rights.instruct:
        call = application.call
        context |= {
            "assign_form": forms_given.get("assign_form") or forms.AssignForm(call=call),
            "correction_form": forms_given.get("correction_form") or forms.CorrectionRequestForm(),
            "events": set(_allowed(application)),
        }
    return context


def _allowed(application: Any) -> list[str]:
    from maillage.calls.workflow import allowed_events

    return allowed_events(application)


def _page(request: AuthenticatedHttpRequest, application_id: Any) -> selectors.ApplicationPage:
    return selectors.application_page(actor=request.user, application_id=application_id)


@login_required
def application_detail(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    if page.access.review is not None and not (page.access.instruct or page.access.edit):
        return redirect("calls:review", page.access.review.pk)
    return render(request, "calls/application.html", _application_context(request, page))


def _back(application: Any, anchor: str = "") -> HttpResponse:
    return redirect(reverse("calls:application", args=[application.pk]) + anchor)


@login_required
@require_POST
def application_save(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    application = page.application
    if not page.access.edit:
        return forbidden(request)
    form = forms.ApplicationForm(request.POST, call=application.call)
    if form.is_valid():
        try:
            services.application_save(
                actor=request.user, application=application, data=form.payload(), request=request
            )
        except PermissionDenied:
            return forbidden(request)
        except REFUSALS as error:
            form.add_error(None, _refusal_message(error))
        else:
            messages.success(request, _("Your application has been saved."))
            return _back(application)
    page = _page(request, application_id)
    context = _application_context(request, page, form=form)
    return render(request, "calls/application.html", context, status=400)


@login_required
@require_POST
def document_upload(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    application = page.application
    if not page.access.edit:
        return forbidden(request)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(
                actor=request.user, application=application, request=request,
                kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
            )  # fmt: skip
        except PermissionDenied:
            return forbidden(request)
        except REFUSALS as error:
            form.add_error("file", _refusal_message(error))
        else:
            messages.success(request, _("The document has been added."))
            return _back(application, "#documents")
    context = _application_context(request, page, document_form=form)
    return render(request, "calls/application.html", context, status=400)


@login_required
def document_download(
    request: AuthenticatedHttpRequest, document_id: int
) -> HttpResponse | FileResponse:
    try:
        document = selectors.document_open(actor=request.user, document_id=document_id)
    except PermissionDenied:
        return forbidden(request)
    audit_record(
        actor=request.user, action=AuditAction.APPLICATION_DOCUMENT_READ, obj=document,
        request=request, detail={"application": str(document.application_id)},
    )  # fmt: skip
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def application_submit(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
        services.application_submit(
            actor=request.user, application=page.application, request=request
        )
    except PermissionDenied:
        return forbidden(request)
    except REFUSALS as error:
        messages.error(request, _refusal_message(error))
    else:
        messages.success(request, _("Your application has been submitted."))
    return _back(page.application)


APPLICANT_EVENTS = {"resubmit", "withdraw"}
INSTRUCTOR_EVENTS = {"request_correction", "refuse", "close_without_decision"}


@login_required
@require_POST
def application_transition(
    request: AuthenticatedHttpRequest, application_id: Any, event: str
) -> HttpResponse:
    if event not in APPLICANT_EVENTS | INSTRUCTOR_EVENTS:
        return forbidden(request)
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    form: forms.forms.Form = (
        forms.CorrectionRequestForm(request.POST)
        if event == "request_correction"
        else forms.ReasonForm(request.POST)
        if event in {"refuse", "close_without_decision"}
        else forms.forms.Form(request.POST)
    )
    if not form.is_valid():
        messages.error(request, _("Say why: a reason is required."))
        return _back(page.application)
    try:
        services.application_transition(
            actor=request.user, application=page.application, event=event, request=request,
            reason=form.cleaned_data.get("reason", ""), due_on=form.cleaned_data.get("due_on"),
        )  # fmt: skip
    except PermissionDenied:
        return forbidden(request)
    except REFUSALS as error:
        messages.error(request, _refusal_message(error))
    else:
        messages.success(request, _("The application's state has changed."))
    return _back(page.application)


@login_required
def convention_download(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    from maillage.calls.documents import convention_pdf

    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    if page.grant is None:
        return forbidden(request)
    response = HttpResponse(convention_pdf(page.grant), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-{page.grant.pk}.pdf"'
    return response


@login_required
@require_POST
def final_report(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.FinalReportForm(request.POST)
    if page.grant is None or not page.access.edit:
        return forbidden(request)
    if form.is_valid():
        try:
            services.final_report_submit(
                actor=request.user, grant=page.grant, request=request,
                people_reached=form.cleaned_data["people_reached"],
                actions_held=form.cleaned_data["actions_held"], text=form.cleaned_data["text"],
            )  # fmt: skip
        except PermissionDenied:
            return forbidden(request)
        except REFUSALS as error:
            form.add_error(None, _refusal_message(error))
        else:
            messages.success(request, _("Your final report has been sent."))
            return _back(page.application)
    context = _application_context(request, page, final_report_form=form)
    return render(request, "calls/application.html", context, status=400)


# --- the instructors --------------------------------------------------------------------------


def _instructed(request: AuthenticatedHttpRequest, slug: str) -> CallForProjects:
    call = selectors.call_by_slug(slug=slug)
    if not access.reads_call(request.user, call):
        raise PermissionDenied
    return call


@login_required
def call_instruct(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        call = _instructed(request, slug)
    except PermissionDenied:
        return forbidden(request)
    filters = forms.ApplicationFilterForm(request.GET or None, call=call)
    wanted = filters.values()
    rows = selectors.call_applications_checked(call=call, **wanted)
    context = {
        "call": call,
        "filters": filters,
        "rows": rows,
        "instructs": access.instructs(request.user, call),
        "envelope": selectors.envelope_status(call=call),
        "tab": "applications",
    }
    return render(request, "calls/instruct.html", context)


@login_required
def call_board(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        call = _instructed(request, slug)
    except PermissionDenied:
        return forbidden(request)
    context = {
        "call": call,
        "rows": selectors.board(call=call),
        "envelope": selectors.envelope_status(call=call),
        "instructs": access.instructs(request.user, call),
        "grants": selectors.grants_of(call=call),
        "tab": "board",
    }
    return render(request, "calls/board.html", context)


@login_required
@require_POST
def review_assign(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    application = page.application
    form = forms.AssignForm(request.POST, call=application.call)
    reviewer = (
        selectors.reviewer_for(call=application.call, user_id=form.cleaned_data["reviewer"])
        if form.is_valid()
        else None
    )
    if reviewer is None:
        messages.error(request, _("Choose a reviewer from the list."))
        return _back(application, "#reviewers")
    try:
        services.review_assign(
            actor=request.user, application=application, reviewer=reviewer, request=request
        )
    except PermissionDenied:
        return forbidden(request)
    except REFUSALS as error:
        messages.error(request, _refusal_message(error))
    else:
        messages.success(request, _("The reviewer has been assigned."))
    return _back(application, "#reviewers")


@login_required
@require_POST
def grant_decide(request: AuthenticatedHttpRequest, application_id: Any) -> HttpResponse:
    try:
        page = _page(request, application_id)
    except PermissionDenied:
        return forbidden(request)
    application = page.application
    form = forms.GrantForm(request.POST)
    board = reverse("calls:board", args=[application.call.slug])
    if not form.is_valid():
        messages.error(request, _("Amount: give the amount granted."))
        return redirect(board)
    try:
        services.grant_decide(
            actor=request.user, application=application, request=request,
            amount=form.cleaned_data["amount"], reference=form.cleaned_data["reference"],
            report_due_on=form.cleaned_data["report_due_on"],
        )  # fmt: skip
    except PermissionDenied:
        return forbidden(request)
    except REFUSALS as error:
        messages.error(request, _refusal_message(error))
    else:
        messages.success(request, _("The grant has been decided."))
    return redirect(board)


@login_required
@require_POST
def tranche_paid(request: AuthenticatedHttpRequest, tranche_id: int) -> HttpResponse:
    try:
        tranche = selectors.tranche_open(actor=request.user, tranche_id=tranche_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.TranchePaidForm(request.POST)
    board = reverse("calls:board", args=[tranche.grant.application.call.slug]) + "#grants"
    if not form.is_valid():
        messages.error(request, _("Paid on: give the date of the payment."))
        return redirect(board)
    try:
        services.tranche_mark_paid(
            actor=request.user, tranche=tranche, paid_on=form.cleaned_data["paid_on"],
            request=request,
        )  # fmt: skip
    except PermissionDenied:
        return forbidden(request)
    messages.success(request, _("The tranche is marked as paid."))
    return redirect(board)


EXPORTS = {
    "csv": ("grants_csv", "text/csv; charset=utf-8", "subventions-{slug}.csv"),
    "xlsx": (
        "grants_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "subventions-{slug}.xlsx",
    ),
    "scdl": ("scdl_csv", "text/csv; charset=utf-8", "scdl-subventions-{slug}.csv"),
}


@login_required
def grants_export(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
    from maillage.calls import exports

    try:
        call = _instructed(request, slug)
    except PermissionDenied:
        return forbidden(request)
    function, content_type, filename = EXPORTS[fmt]
    body = getattr(exports, function)(selectors.grants_of(call=call))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename.format(slug=call.slug)}"'
    return response


# --- the reviewers ----------------------------------------------------------------------------


@login_required
def review_detail(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    try:
        review, page = selectors.review_open(actor=request.user, review_id=review_id)
    except PermissionDenied:
        return forbidden(request)
    criteria = selectors.call_criteria(call=page.application.call)
    initial = {f"score_{k}": v for k, v in review.scores.items()}
    initial |= {"comments": review.comments, "private_notes": review.private_notes}
    form = forms.ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                actor=request.user, review=review, scores=form.scores(), request=request,
                comments=form.cleaned_data["comments"],
                private_notes=form.cleaned_data["private_notes"],
            )  # fmt: skip
        except PermissionDenied:
            return forbidden(request)
        except REFUSALS as error:
            form.add_error(None, _refusal_message(error))
        else:
            messages.success(request, _("Your review has been saved."))
            return redirect("calls:my_reviews")
    context = {"review": review, "page": page, "application": page.application, "form": form}
    return render(request, "calls/review.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def review_conflict(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    try:
        review, _page_ = selectors.review_open(actor=request.user, review_id=review_id)
        services.review_declare_conflict(actor=request.user, review=review, request=request)
    except PermissionDenied:
        return forbidden(request)
    messages.success(request, _("Your conflict of interest is recorded: the review is withdrawn."))
    return redirect("calls:my_reviews")
