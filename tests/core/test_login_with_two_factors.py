import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from maillage.core.mfa import personal_data_allowed
from tests.factories import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.django_db


def test_it_asks_for_the_code_after_the_password_and_accepts_the_right_one() -> None:
    secret = pyotp.random_base32()
    user = make_user(totp_secret=secret)
    client = Client()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not logged in before the second factor

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    request = response.wsgi_request
    assert personal_data_allowed(request)


def test_it_refuses_a_wrong_code() -> None:
    secret = pyotp.random_base32()
    user = make_user(totp_secret=secret)
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_rate_limits_failed_logins_even_when_the_right_password_follows() -> None:
    user = make_user()
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session
    assert (
        response.status_code == 429
        or b"failed" in response.content.lower()
        or ("tentatives" in response.content.decode().lower())
    )
