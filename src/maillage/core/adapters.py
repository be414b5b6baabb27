from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

# Re-authentication methods that prove no more than the password: refused once a second factor
# exists, or a stolen password would be enough to replace the authenticator.
PASSWORD_LEVEL_METHODS = frozenset({"reauthenticate", "reauthenticate_by_code"})


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by coordinators, never by open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if user.is_authenticated and is_mfa_enabled(user):
            return [m for m in methods if m["id"] not in PASSWORD_LEVEL_METHODS]
        return methods
