"""The worker's writes on calls: closing calls at their instant, and the reminders.

Each run is one transaction, audited (`calls.reminder_send`, or `call.close` by the service);
its mails leave after the commit. Every reminder is sent once: the date it was sent is kept on
what it reminds of (the call's drafts, a review, a tranche, a grant's final report).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.calls import selectors, services
from maillage.calls.models import (
    Application,
    ApplicationState,
    CallForProjects,
    Grant,
    Review,
    Tranche,
)
from maillage.core.audit import AuditAction
from maillage.core.notifications import Mail, mail_after_commit
from maillage.core.services import audit_record

DRAFTS_NOTICE = dt.timedelta(days=2)
REVIEWS_EVERY = dt.timedelta(days=7)
TRANCHE_NOTICE = dt.timedelta(days=14)
REPORT_NOTICE = dt.timedelta(days=30)


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _mail(subject: str, body: str, to: str) -> Mail:
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _audit(kind: str, mails: list[Mail], **detail: Any) -> None:
    if mails:
        audit_record(
            actor=None,
            action=AuditAction.CALLS_REMINDER_SEND,
            detail={"kind": kind, "mails": len(mails), **detail},
        )


# --- closing ----------------------------------------------------------------------------------


def _not_submitted_mail(application: Application) -> Mail:
    call = application.call
    subject = _("Your draft “%(title)s” was not submitted") % {"title": application.title}
    body = _(
        "The call “%(call)s” closed on %(when)s. Your application “%(title)s” was still a "
        "draft: it was not submitted and will not be reviewed."
    ) % {"call": call.title, "when": _when(call.closes_at), "title": application.title}
    return _mail(subject, body, application.created_by.email)


@transaction.atomic
def call_close_and_tell(*, call: CallForProjects, now: dt.datetime | None = None) -> int:
    """Close one call (submitted applications go to review) and tell the owners of the drafts
    left behind; returns the number of e-mails."""
    drafts = services.call_close(call=call, now=now)
    mails = [_not_submitted_mail(a) for a in drafts if a.created_by.email]
    _audit("drafts_not_submitted", mails, call=call.pk)
    return mail_after_commit(mails, topic="calls closing")


def calls_close(*, now: dt.datetime | None = None) -> int:
    """Every published call whose closing instant has come; one transaction per call."""
    now = now or timezone.now()
    return sum(
        call_close_and_tell(call=call, now=now) for call in selectors.calls_to_close(now=now)
    )


# --- the applicants' drafts -------------------------------------------------------------------


def _draft_mail(application: Application) -> Mail:
    call = application.call
    subject = _("The call “%(call)s” closes on %(when)s") % {
        "call": call.title,
        "when": _when(call.closes_at),
    }
    body = _(
        "Your application “%(title)s” is still a draft. Submit it before %(when)s: after "
        "that instant the call is closed and a draft is not reviewed."
    ) % {"title": application.title, "when": _when(call.closes_at)}
    return _mail(subject, body, application.created_by.email)


@transaction.atomic
def drafts_remind(*, now: dt.datetime | None = None) -> int:
    """Two days before a call closes, once per call: the drafts' owners are reminded."""
    now = now or timezone.now()
    drafts = selectors.drafts_due(before=now + DRAFTS_NOTICE, after=now).filter(
        call__drafts_reminded_at__isnull=True
    )
    mails: list[Mail] = []
    calls: set[int] = set()
    for application in drafts:
        calls.add(application.call_id)
        if application.created_by.email:
            mails.append(_draft_mail(application))
    CallForProjects.objects.filter(pk__in=calls).update(drafts_reminded_at=now)
    _audit("drafts", mails, calls=sorted(calls))
    return mail_after_commit(mails, topic="calls drafts reminders")


# --- reviewers --------------------------------------------------------------------------------


def reviews_to_remind(*, now: dt.datetime) -> QuerySet[Review]:
    """Assigned reviews not submitted on applications still under review, not reminded this
    week (nor assigned this week)."""
    week_ago = now - REVIEWS_EVERY
    return (
        Review.objects.filter(
            submitted_at__isnull=True,
            conflict_declared=False,
            application__state=ApplicationState.UNDER_REVIEW,
            assigned_at__lte=week_ago,
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=week_ago))
        .select_related("reviewer", "application__call")
    )


def _review_mail(review: Review) -> Mail:
    application = review.application
    subject = _("A review is waiting for you: %(title)s") % {"title": application.title}
    body = _(
        "You were asked to review the application “%(title)s” to the call “%(call)s”. "
        "Please score it, or declare a conflict of interest if you have one."
    ) % {"title": application.title, "call": application.call.title}
    return _mail(subject, body, review.reviewer.email)


@transaction.atomic
def reviews_remind(*, now: dt.datetime | None = None) -> int:
    """Reviewers of reviews not submitted, once a week."""
    now = now or timezone.now()
    mails: list[Mail] = []
    reminded = []
    for review in reviews_to_remind(now=now):
        reminded.append(review.pk)
        if review.reviewer.email:
            mails.append(_review_mail(review))
    Review.objects.filter(pk__in=reminded).update(reminded_at=now)
    _audit("reviews", mails)
    return mail_after_commit(mails, topic="calls reviews reminders")


# --- grantees ---------------------------------------------------------------------------------


def tranches_to_remind(*, today: dt.date) -> QuerySet[Tranche]:
    return Tranche.objects.filter(
        paid_on__isnull=True,
        reminded_on__isnull=True,
        due_on__isnull=False,
        due_on__lte=today + TRANCHE_NOTICE,
    ).select_related("grant__application__call", "grant__application__created_by")


def reports_to_remind(*, today: dt.date) -> QuerySet[Grant]:
    """Final reports due within a month, not yet reminded; once more when overdue."""
    return (
        Grant.objects.filter(
            report_submitted_at__isnull=True, final_report_due_on__lte=today + REPORT_NOTICE
        )
        .filter(
            Q(report_reminded_on__isnull=True)
            | Q(final_report_due_on__lt=today, report_reminded_on__lte=F("final_report_due_on"))
        )
        .select_related("application__call", "application__created_by")
    )


def _tranche_mail(tranche: Tranche) -> Mail:
    application = tranche.grant.application
    due = f"{tranche.due_on:%d/%m/%Y}"
    subject = _("Payment tranche due on %(date)s: %(title)s") % {
        "date": due,
        "title": application.title,
    }
    body = _(
        "The tranche of %(amount)s € (%(share)s %%) of your grant for “%(title)s” is due on "
        "%(date)s, %(condition)s."
    ) % {
        "amount": tranche.amount,
        "share": tranche.share,
        "title": application.title,
        "date": due,
        "condition": tranche.condition,
    }
    return _mail(subject, body, application.created_by.email)


def _report_mail(grant: Grant, today: dt.date) -> Mail:
    application = grant.application
    due = f"{grant.final_report_due_on:%d/%m/%Y}"
    subject = _("Final report due on %(date)s: %(title)s") % {
        "date": due,
        "title": application.title,
    }
    if grant.final_report_due_on < today:
        body = _(
            "The final report of your grant for “%(title)s” was due on %(date)s. The last "
            "tranche is paid on the final report: please send it."
        ) % {"title": application.title, "date": due}
    else:
        body = _(
            "The final report of your grant for “%(title)s” is due on %(date)s: the people "
            "reached, the actions held and what the project did with the funds."
        ) % {"title": application.title, "date": due}
    return _mail(subject, body, application.created_by.email)


@transaction.atomic
def grantees_remind(*, today: dt.date | None = None) -> int:
    """Grantees of tranches due within two weeks and of final reports due within a month."""
    today = today or timezone.localdate()
    mails: list[Mail] = []
    tranches = list(tranches_to_remind(today=today))
    mails += [_tranche_mail(t) for t in tranches if t.grant.application.created_by.email]
    Tranche.objects.filter(pk__in=[t.pk for t in tranches]).update(reminded_on=today)
    grants = list(reports_to_remind(today=today))
    mails += [_report_mail(g, today) for g in grants if g.application.created_by.email]
    Grant.objects.filter(pk__in=[g.pk for g in grants]).update(report_reminded_on=today)
    _audit("grantees", mails, tranches=len(tranches), reports=len(grants))
    return mail_after_commit(mails, topic="calls grantees reminders")


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """The daily run: drafts, reviews, grantees. Returns the number of e-mails."""
    now = now or timezone.now()
    return (
        drafts_remind(now=now)
        + reviews_remind(now=now)
        + grantees_remind(today=timezone.localdate(now))
    )
