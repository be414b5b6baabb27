"""iMIP e-mails (RFC 6047): a text part, the calendar as `text/calendar; method=…`, and the
same calendar attached as `invite.ics`; each invitee's mail carries their own answer link.

Mails leave after the transaction commits; a mail server outage is logged, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar

from maillage.core.notifications import messages_after_commit
from maillage.meetings.models import PARIS, Meeting, Participant

ANSWER_SALT = "maillage.meetings.answer"  # single purpose: this token answers an invitation only
ANSWER_MAX_AGE = 60 * 60 * 24 * 120  # seconds: a link stays good for four months


def answer_token(participant: Participant) -> str:
    return signing.dumps({"p": participant.pk, "m": participant.meeting_id}, salt=ANSWER_SALT)


def read_answer_token(token: str) -> tuple[int, int]:
    """(participant id, meeting id); raises signing.BadSignature when forged or expired."""
    data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_MAX_AGE)
    return int(data["p"]), int(data["m"])


def _address(participant: Participant) -> str:
    return participant.user.email if participant.user is not None else participant.email


def _when(meeting: Meeting) -> str:
    return f"{meeting.starts_at.astimezone(PARIS):%d/%m/%Y %H:%M}"


def _message(
    meeting: Meeting, participant: Participant, calendar: Calendar, method: str, base_url: str
) -> EmailMultiAlternatives:
    subject_key = {
        "REQUEST": _("Invitation: %(title)s, %(when)s"),
        "CANCEL": _("Cancelled: %(title)s, %(when)s"),
    }[method]
    subject = subject_key % {"title": meeting.series.title, "when": _when(meeting)}
    lines = [subject, meeting.place_label(), ""]
    if method == "REQUEST":
        url = base_url + reverse("meetings:answer", args=[answer_token(participant)])
        lines += [_("Answer (no login needed): %(url)s") % {"url": url}]
    body = "\n".join(lines)
    ics = calendar.to_ical().decode()
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [_address(participant)]
    )
    message.attach_alternative(ics, f"text/calendar; method={method}")
    message.attach("invite.ics", ics, "application/ics")
    return message


def send_after_commit(
    meeting: Meeting,
    participants: Sequence[Participant],
    calendar: Calendar,
    method: str,
    base_url: str = "",
) -> int:
    base = base_url or getattr(settings, "MAILLAGE_BASE_URL", "")
    messages = [_message(meeting, p, calendar, method, base) for p in participants if _address(p)]
    return messages_after_commit(messages, topic="meeting invitations")
