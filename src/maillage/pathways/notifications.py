"""In-app notifications and their e-mails. E-mails carry a reference and a link, never details."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from maillage.core.models import User
from maillage.core.notifications import mail_after_commit
from maillage.pathways.models import Notification


def notify(*, recipients: Iterable[User], message: str, url: str, reference: str) -> None:
    """`message` is shown in the app; the e-mail only says that something is waiting."""
    users = {user.pk: user for user in recipients if user.is_active}
    Notification.objects.bulk_create(
        [Notification(recipient=user, message=message[:250], url=url) for user in users.values()]
    )
    subject = _("Maillage: a file you follow has news")
    body = _(
        "There is news in a file you follow (reference %(reference)s).\n"
        "Log in to Maillage to read it: %(url)s\n\n"
        "For confidentiality, this e-mail contains no personal details."
    ) % {"reference": reference, "url": _absolute(url)}
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users.values()
    ]
    mail_after_commit(messages, topic="pathways notifications")


def _absolute(url: str) -> str:
    base = getattr(settings, "MAILLAGE_BASE_URL", "")
    return f"{base}{url}"
