"""The convention and the decision letters as PDF (WeasyPrint), and the letter's e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.calls.models import Application, ApplicationState, Grant
from maillage.core.notifications import messages_after_commit
from maillage.meetings.pdf import render_pdf


def convention_pdf(grant: Grant) -> bytes:
    context = {"grant": grant, "application": grant.application, "call": grant.application.call,
               "tranches": list(grant.tranches.all()), "today": timezone.localdate()}  # fmt: skip
    return render_pdf(render_to_string("calls/print/convention.html", context))


def decision_letter_pdf(application: Application) -> bytes:
    grant = Grant.objects.filter(application=application).first()
    last = application.transitions.last()
    context = {"application": application, "call": application.call, "grant": grant,
               "accepted": application.state == ApplicationState.ACCEPTED,
               "reason": last.reason if last is not None else "",
               "today": timezone.localdate()}  # fmt: skip
    return render_pdf(render_to_string("calls/print/decision_letter.html", context))


def send_decision_letter(application: Application) -> int:
    """E-mail the decision letter to whoever drafted the application, after commit."""
    to = application.created_by.email
    if not to:
        return 0
    subject = _("Decision on your application “%(title)s”") % {"title": application.title}
    body = _("Please find attached the decision on your application to “%(call)s”.") % {
        "call": application.call.title
    }
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach("decision.pdf", decision_letter_pdf(application), "application/pdf")
    return messages_after_commit([message], topic="calls decision letter")
