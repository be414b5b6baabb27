"""Pages of the reports app: parse input, call one service or selector, render.

No page here shows a person: every figure is a protected count.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.reports import access, exports, forms, selectors, services

SPREADSHEETS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


@login_required
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = selectors.reports_for(actor=request.user)
    manage = access.can_manage_reports(request.user)
    context = {
        "drafts": [r for r in reports if not r.frozen],
        "published": [r for r in reports if r.frozen],
        "manage": manage,
        "form": forms.ReportRequestForm() if manage else None,
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_POST
def report_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_manage_reports(request.user):
        return forbidden(request)
    form = forms.ReportRequestForm(request.POST)
    if not form.is_valid():
        reports = selectors.reports_for(actor=request.user)
        context = {
            "drafts": [r for r in reports if not r.frozen],
            "published": [r for r in reports if r.frozen],
            "manage": True,
            "form": form,
        }
        return render(request, "reports/report_list.html", context, status=400)
    try:
        report = services.report_request(actor=request.user, **form.cleaned_data)
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports:list")
    messages.success(request, _("The computation is queued; this page follows its progress."))
    return redirect("reports:detail", report_id=report.pk)


def _detail_context(request: AuthenticatedHttpRequest, report_id: int) -> dict[str, object]:
    report = selectors.report_open(actor=request.user, report_id=report_id)
    manage = access.can_manage_reports(request.user)
    return {
        "report": report,
        "manage": manage,
        "sections": selectors.report_sections(report=report) if report.content else [],
        "headline": selectors.headline(report=report),
        "share_form": forms.ShareForm(initial={"shared_with": list(report.shared_with.all())})
        if manage
        else None,
    }


@login_required
def report_detail(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    return render(request, "reports/report_detail.html", _detail_context(request, report_id))


@login_required
def report_progress(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """The progress fragment htmx polls; once done, it asks the browser to reload the page."""
    report = selectors.report_status(actor=request.user, report_id=report_id)
    response = render(request, "reports/_progress.html", {"report": report})
    if not report.in_progress and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def report_publish(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_open(actor=request.user, report_id=report_id)
    form = forms.ShareForm(request.POST)
    shared = [o.pk for o in form.cleaned_data["shared_with"]] if form.is_valid() else []
    try:
        services.report_publish(actor=request.user, report=report, shared_with=shared)
    except PermissionDenied:
        return forbidden(request)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The edition is published and frozen."))
    return redirect("reports:detail", report_id=report.pk)


@login_required
@require_POST
def report_share(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    report = selectors.report_open(actor=request.user, report_id=report_id)
    form = forms.ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("shared_with: choose funders from the list."))
        return redirect("reports:detail", report_id=report.pk)
    try:
        services.report_share(
            actor=request.user,
            report=report,
            shared_with=[o.pk for o in form.cleaned_data["shared_with"]],
        )
    except PermissionDenied:
        return forbidden(request)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The funders who may read this edition are saved."))
    return redirect("reports:detail", report_id=report.pk)


@login_required
def report_pdf(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """The frozen PDF of a published edition; a draft's PDF is drawn for review."""
    from maillage.reports.documents import report_pdf as draw

    report = selectors.report_open(actor=request.user, report_id=report_id)
    if not report.content:
        return redirect("reports:detail", report_id=report.pk)
    pdf = selectors.report_pdf_bytes(report=report) if report.frozen else None
    services.report_download_record(actor=request.user, report=report, form="pdf")
    response = HttpResponse(bytes(pdf) if pdf else draw(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-{report.year}-{report.pk}.pdf"'
    )
    return response


@login_required
def report_tables(request: AuthenticatedHttpRequest, report_id: int, fmt: str) -> HttpResponseBase:
    report = selectors.report_open(actor=request.user, report_id=report_id)
    if fmt not in ("csv", *SPREADSHEETS):
        return HttpResponse(_("Unknown format: csv, xlsx or ods."), status=404)
    services.report_download_record(actor=request.user, report=report, form=fmt)
    name = f"rapport-{report.year}-{report.pk}-tableaux.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        lines = exports.csv_lines(exports.rows(report), exports.header())
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        data = exports.xlsx_bytes(report) if fmt == "xlsx" else exports.ods_bytes(report)
        response = FileResponse(io.BytesIO(data), content_type=SPREADSHEETS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def open_data(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The figures of every current published edition, open to all (they are protected)."""
    reports = selectors.published_indicators()
    lines = exports.open_data_lines(reports)
    head = [name for name, _text in exports.OPEN_DATA_COLUMNS]
    response = StreamingHttpResponse(
        exports.csv_lines(lines, head), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="maillage-indicateurs.csv"'
    return response


def open_data_dictionary(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(exports.data_dictionary(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="maillage-indicateurs-dictionnaire.csv"'
    return response
