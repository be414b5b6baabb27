"""The one way the apps send e-mail: after the change that caused it is committed.

A mail sent inside an open transaction would announce a change that may still be rolled back;
a mail server outage must not undo the change either, so failures are logged, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage, mailers, send_mass_mail
from django.db import transaction

logger = logging.getLogger(__name__)

# (subject, body, from, [to]) as Django's send_mass_mail takes them.
Mail = tuple[str, str, str, list[str]]


def mail_after_commit(messages: list[Mail], *, topic: str) -> int:
    """Queue `messages` to leave once the current transaction commits; returns how many."""
    if not messages:
        return 0
    transaction.on_commit(lambda: _send(messages, topic))
    return len(messages)


def _send(messages: list[Mail], topic: str) -> None:
    try:
        send_mass_mail(messages)
    except OSError:
        logger.warning("%s: %d e-mails could not be sent", topic, len(messages))


def messages_after_commit(messages: Sequence[EmailMessage], *, topic: str) -> int:
    """The same for ready-made messages (alternatives, attachments such as invitations)."""
    if not messages:
        return 0
    transaction.on_commit(lambda: _send_messages(messages, topic))
    return len(messages)


def _send_messages(messages: Sequence[EmailMessage], topic: str) -> None:
    try:
        mailers.default.send_messages(messages)
    except OSError:
        logger.warning("%s: %d e-mails could not be sent", topic, len(messages))
