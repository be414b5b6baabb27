import pyotp
import pytest

from maillage.core.models import Role
from maillage.demo.loader import load_demo
from maillage.network.models import Organisation
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_logs_in_with_two_factors_and_walks_the_network(live_server, page):
    load_demo(only={"network", "core"})
    secret = pyotp.random_base32()
    service = Organisation.objects.get(slug="ville-de-lille-service-sante")
    coordinator = make_user(role=Role.COORDINATOR, organisation=service, totp_secret=secret)

    page.goto(live_server.url)
    assert_accessible(page)
    login(page, live_server.url, coordinator, secret)
    assert_accessible(page)

    page.goto(live_server.url + "/reseau/")
    assert page.locator("h1").inner_text() == "Réseau Santé Solidarité Lille Métropole"
    assert page.get_by_text("CCAS de Roubaix").count() >= 1
    assert_accessible(page)

    page.get_by_role("link", name="PASS du Centre Hospitalier de Roubaix").first.click()
    assert "PASS du Centre Hospitalier de Roubaix" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.goto(live_server.url + "/reseau/territoires/quartier-fives/")
    assert page.get_by_text("Pôle ressources santé Fives").count() >= 1
    assert_accessible(page)

    page.goto(live_server.url + "/reseau/structures/ch-de-seclin/modifier/")
    page.fill("input[name=phone]", "03 20 62 70 00")
    page.locator("main form button[type=submit]").click()
    assert page.get_by_text("03 20 62 70 00").count() == 1
    assert_accessible(page)
