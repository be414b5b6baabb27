"""The admin is behind the second factor, and no page prints an authenticator's secret."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from maillage.core.models import Role
from tests.factories import PASSWORD, login_with_mfa, make_user

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:core_user_changelist",
    "admin:core_auditevent_changelist",
    "admin:mfa_authenticator_changelist",
]


def make_admin(secret: str | None = None):
    return make_user(
        role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, totp_secret=secret
    )


def test_a_password_only_login_to_the_admin_reaches_no_admin_page() -> None:
    admin = make_admin(pyotp.random_base32())
    client = Client()

    response = client.post(
        reverse("admin:login"), {"username": admin.email, "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    for name in ADMIN_PAGES:
        page = client.get(reverse(name), follow=True)
        landed_on = page.redirect_chain[-1][0]
        assert landed_on.startswith(reverse("account_login")), name
        assert page.status_code == 200
        assert "_auth_user_id" not in client.session


def test_a_password_only_session_is_refused_by_the_admin() -> None:
    """Even logged in by password (no second factor in the session), the admin stays shut."""
    admin = make_admin(pyotp.random_base32())
    client = Client()
    client.force_login(admin)

    for name in ADMIN_PAGES:
        page = client.get(reverse(name), follow=True)
        assert page.redirect_chain[-1][0] == reverse("core:mfa_required"), name
        assert page.status_code == 403, name


def test_the_admin_opens_after_the_second_factor() -> None:
    secret = pyotp.random_base32()
    admin = make_admin(secret)
    client = Client()
    login_with_mfa(client, admin, secret)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200


def test_no_admin_page_prints_an_authenticator_secret() -> None:
    secret = pyotp.random_base32()
    admin = make_admin(secret)
    other_secret = pyotp.random_base32()
    other = make_user(totp_secret=other_secret)
    client = Client()
    login_with_mfa(client, admin, secret)
    authenticator = Authenticator.objects.get(user=other, type=Authenticator.Type.TOTP)

    pages = [
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[authenticator.pk]),
        reverse("admin:core_user_change", args=[other.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for value in (other_secret, secret, authenticator.data["secret"]):
            assert value not in body, url
        assert "secret" not in body.lower(), url
    change = client.post(pages[1], {"data": '{"secret": "AAAA"}'})
    assert change.status_code == 403
    authenticator.refresh_from_db()
    assert authenticator.data["secret"] != "AAAA"


def test_the_set_up_page_is_the_only_page_that_shows_a_new_secret() -> None:
    user = make_user()
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    for url in (reverse("core:dashboard"), reverse("mfa_index")):
        assert secret not in client.get(url, follow=True).content.decode()


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_staff": True, "is_superuser": True}])
def test_a_staff_account_is_refused_until_it_has_a_second_factor(flags) -> None:
    user = make_user(role=Role.COORDINATOR, **flags)
    client = Client()
    client.force_login(user)

    for url in (reverse("core:dashboard"), reverse("network:index"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("mfa_activate_totp"), url
    assert client.get(reverse("mfa_activate_totp")).status_code in {200, 302}

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": pyotp.random_base32()}
    )
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_replacing_an_authenticator_asks_for_the_second_factor_not_the_password() -> None:
    secret = pyotp.random_base32()
    admin = make_admin(secret)
    client = Client()
    login_with_mfa(client, admin, secret)

    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))

    password_only = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert password_only.status_code == 302
    assert password_only.url.startswith(reverse("mfa_reauthenticate"))
    still_asks = client.get(reverse("mfa_deactivate_totp"))
    assert still_asks.status_code == 302
    assert still_asks.url.startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
