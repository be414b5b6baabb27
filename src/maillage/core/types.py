from django.http import HttpRequest

from maillage.core.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a login-protected view receives: its user is a real account."""

    user: User  # type: ignore[assignment]
