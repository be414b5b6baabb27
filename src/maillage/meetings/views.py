"""Pages of the meetings app: parse input, call one service or selector, render.

No page here shows a person's file: residents appear as counts or a first name, staff by their
name and organisation, so no view needs `personal_data_required`.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.charts import column_chart
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.meetings import access, forms, selectors, services
from maillage.meetings import calendar as ical
from maillage.meetings.identifiers import IdentifiersFound
from maillage.meetings.mail import read_answer_token
from maillage.meetings.models import Meeting, MeetingStatus
from maillage.meetings.pdf import render_pdf
from maillage.network.models import Hub


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _page(request: AuthenticatedHttpRequest, meeting_id: int) -> selectors.MeetingPage:
    try:
        return selectors.meeting_page(actor=request.user, meeting_id=meeting_id)
    except selectors.NotFound as error:
        raise Http404 from error


def _managed(request: AuthenticatedHttpRequest, meeting_id: int) -> selectors.MeetingPage:
    page = _page(request, meeting_id)
    if not page.can_manage:
        raise PermissionDenied
    return page


@login_required
def series_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if access.is_funder_only(request.user):
        return redirect("meetings:figures")
    series = selectors.series_visible_to(actor=request.user)
    return render(request, "meetings/series_list.html", {"series_list": series})


@login_required
def series_detail(request: AuthenticatedHttpRequest, series_id: int) -> HttpResponse:
    try:
        series = selectors.series_open(actor=request.user, series_id=series_id)
    except selectors.NotFound as error:
        raise Http404 from error
    meetings = selectors.meetings_of(actor=request.user, series=series)[:60]
    context = {
        "series": series,
        "meetings": meetings,
        "can_manage": access.can_manage_series(request.user, series),
        "next_start": services.next_start(series, timezone.now()),
    }
    return render(request, "meetings/series_detail.html", context)


@login_required
@require_POST
def plan_next(request: AuthenticatedHttpRequest, series_id: int) -> HttpResponse:
    try:
        series = selectors.series_open(actor=request.user, series_id=series_id)
        meeting = services.meeting_plan_next(actor=request.user, series=series, request=request)
    except (selectors.NotFound, PermissionDenied):
        return forbidden(request)
    messages.success(request, _("Next meeting planned; its agenda is prefilled."))
    return redirect("meetings:meeting", meeting_id=meeting.pk)


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    page = _page(request, meeting_id)
    return render(request, "meetings/meeting.html", {"page": page, "m": page.meeting})


@login_required
@require_POST
def invite(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
        sent = services.invitations_send(
            actor=request.user, meeting=page.meeting, base_url=_base_url(request), request=request
        )
    except (PermissionDenied, services.TransitionRefused):
        return forbidden(request)
    messages.success(request, _("%(n)s invitations sent.") % {"n": sent})
    return redirect("meetings:meeting", meeting_id=meeting_id)


@login_required
def move(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
    except PermissionDenied:
        return forbidden(request)
    meeting = page.meeting
    start = timezone.localtime(meeting.starts_at)
    form = forms.MoveForm(
        request.POST or None, initial={"date": start.date(), "time": start.time()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_move(
                actor=request.user,
                meeting=meeting,
                starts_at=form.starts_at(),
                address=form.cleaned_data["address"],
                video_url=form.cleaned_data["video_url"],
                base_url=_base_url(request),
                request=request,
            )
        except services.TransitionRefused:
            return forbidden(request)
        messages.success(request, _("Meeting moved; invitees receive the update."))
        return redirect("meetings:meeting", meeting_id=meeting_id)
    status = 400 if form.is_bound else 200
    return render(request, "meetings/move.html", {"form": form, "m": meeting}, status=status)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
        services.meeting_cancel(actor=request.user, meeting=page.meeting, request=request)
    except (PermissionDenied, services.TransitionRefused):
        return forbidden(request)
    messages.success(request, _("This meeting is cancelled; the series goes on."))
    return redirect("meetings:meeting", meeting_id=meeting_id)


@login_required
def attendance(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.AttendanceForm(request.POST or None, participants=page.participants)
    if request.method == "POST" and form.is_valid():
        data = services.AttendanceData(staff=form.staff(), residents=form.residents())
        try:
            services.attendance_record(
                actor=request.user, meeting=page.meeting, data=data, request=request
            )
        except services.TransitionRefused:
            return forbidden(request)
        messages.success(request, _("Attendance recorded."))
        return redirect("meetings:meeting", meeting_id=meeting_id)
    status = 400 if form.is_bound else 200
    context = {"form": form, "m": page.meeting}
    return render(request, "meetings/attendance.html", context, status=status)


@login_required
def attendance_sheet(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    page = _page(request, meeting_id)
    if not page.can_manage:
        return forbidden(request)
    html = render_to_string("meetings/sheet.html", {"page": page, "m": page.meeting}, request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="emargement-{meeting_id}.pdf"'
    return response


def _flagged(form: forms.ConfirmMixin, error: IdentifiersFound) -> None:
    form.flag(error.findings)


@login_required
def need_raise(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        need_data = services.NeedData(
            title=data["title"],
            theme=data["theme"],
            description=data["description"],
            raised_by_inhabitants=data["raised_by_inhabitants"],
            votes=data["votes"],
        )
        try:
            services.need_raise(
                actor=request.user,
                meeting=page.meeting,
                data=need_data,
                confirmed=data["confirm"],
                request=request,
            )
            messages.success(request, _("Need added to the shared diagnosis."))
            return redirect("meetings:meeting", meeting_id=meeting_id)
        except IdentifiersFound as error:
            _flagged(form, error)
    status = 400 if form.is_bound else 200
    return render(
        request, "meetings/need_form.html", {"form": form, "m": page.meeting}, status=status
    )


@login_required
def need_discuss(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.DiscussForm(request.POST or None, needs=page.open_needs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.need_discuss(
                actor=request.user,
                meeting=page.meeting,
                need=data["need"],
                votes=data["votes"],
                note=data["note"],
                status=data["status"],
                confirmed=data["confirm"],
                request=request,
            )
            messages.success(request, _("Discussion recorded."))
            return redirect("meetings:meeting", meeting_id=meeting_id)
        except IdentifiersFound as error:
            _flagged(form, error)
        except (services.TransitionRefused, ValueError) as error:
            form.add_error("status", str(error))
    status = 400 if form.is_bound else 200
    return render(
        request, "meetings/discuss_form.html", {"form": form, "m": page.meeting}, status=status
    )


def _owner_organisations(page: selectors.MeetingPage) -> set[int]:
    ids = {p.organisation_id for p in page.participants if p.organisation_id}
    hub = page.meeting.series.hub
    ids.add(hub.host_id if hub else page.meeting.series.organiser_organisation_id)
    return ids


@login_required
def decision_take(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.DecisionForm(
        request.POST or None, organisation_ids=_owner_organisations(page), needs=page.open_needs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = services.DecisionData(
            statement=data["statement"],
            owner_organisation=data["owner_organisation"],
            due_on=data["due_on"],
            review_on=data["review_on"],
            needs=list(data["needs"]),
            programme_link=data["programme_link"],
        )
        try:
            services.decision_take(
                actor=request.user,
                meeting=page.meeting,
                data=decision,
                confirmed=data["confirm"],
                request=request,
            )
            messages.success(request, _("Decision recorded."))
            return redirect("meetings:meeting", meeting_id=meeting_id)
        except IdentifiersFound as error:
            _flagged(form, error)
    status = 400 if form.is_bound else 200
    return render(
        request, "meetings/decision_form.html", {"form": form, "m": page.meeting}, status=status
    )


@login_required
def minutes(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    try:
        page = _managed(request, meeting_id)
    except PermissionDenied:
        return forbidden(request)
    current = page.minutes
    initial = {"text": current.text if current else ""}
    form = forms.MinutesForm(request.POST or None, agenda=page.agenda, initial=initial)
    approve = forms.ApproveForm(later=page.later_meetings)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "approve" and current is not None:
        approve = forms.ApproveForm(request.POST, later=page.later_meetings)
        if approve.is_valid():
            services.minutes_approve(
                actor=request.user,
                minutes=current,
                at_meeting=approve.cleaned_data["at_meeting"],
                request=request,
            )
            messages.success(request, _("Minutes approved; they are now locked."))
            return redirect("meetings:meeting", meeting_id=meeting_id)
    elif request.method == "POST" and form.is_valid():
        try:
            written = services.minutes_write(
                actor=request.user,
                meeting=page.meeting,
                text=form.cleaned_data["text"],
                item_notes=form.item_notes(),
                confirmed=form.cleaned_data["confirm"],
                request=request,
            )
            if action == "circulate":
                services.minutes_circulate(actor=request.user, minutes=written, request=request)
            messages.success(request, _("Minutes saved."))
            return redirect("meetings:meeting", meeting_id=meeting_id)
        except IdentifiersFound as error:
            _flagged(form, error)
        except services.TransitionRefused:
            return forbidden(request)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "approve": approve, "m": page.meeting, "current": current}
    return render(request, "meetings/minutes_form.html", context, status=status)


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's link: no login, a signed single-purpose token."""
    try:
        participant_id, meeting_id = read_answer_token(token)
    except signing.BadSignature as error:
        raise Http404 from error
    participant = selectors.participant_answering(
        participant_id=participant_id, meeting_id=meeting_id
    )
    meeting: Meeting = participant.meeting
    form = forms.AnswerForm(request.POST or None, initial={"partstat": participant.partstat})
    done = False
    if request.method == "POST" and form.is_valid():
        if meeting.status != MeetingStatus.PLANNED:
            return forbidden(request)
        participant = services.answer_record(
            token=token,
            partstat=form.cleaned_data["partstat"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
        done = True
    context = {"form": form, "m": meeting, "participant": participant, "done": done}
    return render(request, "meetings/answer.html", context)


@login_required
def my_feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.feed_rotate(actor=request.user, request=request)
        messages.success(request, _("New address drawn: the previous one no longer works."))
        return redirect("meetings:my_feed")
    feed = selectors.calendar_feed_of(user=request.user)
    url = request.build_absolute_uri(f"/reunions/agenda/{feed.key}.ics") if feed else ""
    return render(request, "meetings/feed.html", {"feed_url": url})


def feed_ics(request: HttpRequest, key: str) -> HttpResponse:
    """The personal feed (METHOD:PUBLISH): whoever holds the secret address reads it."""
    feed = selectors.calendar_feed_by_key(key=key)
    if feed is None or not feed.user.is_active:
        raise Http404
    items = selectors.user_calendar(user=feed.user)
    calendar = ical.feed(items, name=_("My meetings"))
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


def _hub(slug: str | None) -> Hub | None:
    return selectors.hub_by_slug(slug=slug) if slug else None


@login_required
def diagnosis(
    request: AuthenticatedHttpRequest, hub_slug: str | None = None, fmt: str = "html"
) -> HttpResponse:
    hub = _hub(hub_slug)
    if access.is_funder_only(request.user):
        return redirect("meetings:figures")
    try:
        result = selectors.diagnosis(actor=request.user, hub=hub)
    except selectors.NotFound:
        return forbidden(request)
    if fmt == "csv":
        return _diagnosis_csv(result)
    chart = column_chart(result.halves, result.themes_by_half)
    context = {
        "d": result,
        "chart": chart,
        "hubs": selectors.hubs_by_name(),
        "figures": selectors.funder_figures(),
    }
    if fmt == "pdf":
        html = render_to_string("meetings/diagnosis_print.html", context, request)
        return HttpResponse(render_pdf(html), content_type="application/pdf")
    return render(request, "meetings/diagnosis.html", context)


def _diagnosis_csv(result: selectors.Diagnosis) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="diagnostic.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["besoin", "thème", "statut", "priorité", "fois discuté", "première réunion"])
    for item in result.needs:
        need = item.need
        first = need.first_meeting.starts_at.date().isoformat() if need.first_meeting else ""
        writer.writerow(
            [
                need.title,
                need.get_theme_display(),
                need.get_status_display(),
                need.priority,
                item.times_discussed,
                first,
            ]
        )
    return response


@login_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_figures(request.user):
        return forbidden(request)
    rows = selectors.funder_figures(actor=request.user)
    context: dict[str, Any] = {
        "rows": rows,
        "partners": selectors.partner_organisations_involved(),
    }
    return render(request, "meetings/figures.html", context)
