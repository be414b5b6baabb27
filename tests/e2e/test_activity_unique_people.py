"""A referent records one person three times at two hubs under two spellings; the network
figures then count one more person seen at two hubs (after the coordinator's recompute)."""

import datetime as dt

import pyotp
import pytest
from playwright.sync_api import Page

from maillage.activity.identity import Identity
from maillage.activity.models import CountRun
from maillage.activity.services import ContactData, contact_record
from maillage.core.models import Role, StaffMembership
from maillage.network.models import Hub
from tests.activity.factories import make_hub
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_network, make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Five people already seen at both hubs: the overlap starts at 5, above small-cell suppression.
KNOWN = [
    ("Aminata", "Diallo", "1975-02-11"),
    ("Bernard", "Lefebvre", "1961-07-30"),
    ("Chloé", "Wozniak", "1990-12-02"),
    ("Driss", "Amrani", "1984-05-19"),
    ("Eugénie", "Vasseur", "1958-09-07"),
]
SPELLINGS = [("Fatima", "Benali", "a"), ("Fatma", "Ben Ali", "b"), ("Fatma", "Ben Ali", "a")]


def seed(referent, hubs: dict[str, Hub]) -> None:
    for first, last, born in KNOWN:
        for hub in hubs.values():
            identity = Identity(first_name=first, last_name=last, birth_date=born)
            data = ContactData(
                organisation=hub.host,
                hub=hub,
                kind="information",
                date=dt.date.today(),
                identity=identity,
            )
            contact_record(actor=referent, data=data)


def network_figure(page: Page, name: str) -> str:
    return page.locator(f'#network-figures td[data-figure="{name}"]').inner_text().strip()


def recompute(page: Page) -> None:
    page.locator("form[action$='/recalculer/'] button[type=submit]").click()
    page.wait_for_url("**/activite/chiffres/")


def record_contact(page: Page, first: str, last: str, hub: Hub) -> None:
    page.fill("input[name=last_name]", last)
    page.fill("input[name=first_name]", first)
    page.fill("input[name=birth_date]", "14/03/1982")
    page.check("input[name=sex][value=F]")
    page.check("input[name=kind][value=orientation]")
    page.check("input[name=themes][value=rights]")
    page.select_option("select[name=place]", f"hub:{hub.pk}")
    page.press("input[name=birth_date]", "Enter")  # Enter submits the quick entry
    page.wait_for_selector(".message-success")


def test_one_person_seen_at_two_hubs_under_two_spellings_is_counted_once(
    live_server, page, browser
):
    network = make_network("Pôles ressources santé")
    hubs = {
        key: make_hub(
            f"Pôle ressources santé {name}",
            host=make_organisation(f"Maison {name}"),
            network=network,
        )
        for key, name in (("a", "Fives"), ("b", "Moulins"))
    }
    referent_secret, coordinator_secret = pyotp.random_base32(), pyotp.random_base32()
    referent = make_user(
        role=Role.HUB_REFERENT, organisation=hubs["a"].host, totp_secret=referent_secret
    )
    StaffMembership.objects.create(
        user=referent, organisation=hubs["b"].host, role=Role.HUB_REFERENT
    )
    Hub.objects.filter(pk=hubs["a"].pk).update(referent=referent)
    coordinator = make_user(role=Role.COORDINATOR, totp_secret=coordinator_secret)
    seed(referent, hubs)

    login(page, live_server.url, coordinator, coordinator_secret)
    page.goto(live_server.url + "/activite/chiffres/")
    recompute(page)
    assert network_figure(page, "people") == "5"
    assert network_figure(page, "multi_hub_people") == "5"
    assert_accessible(page)

    referent_page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    login(referent_page, live_server.url, referent, referent_secret)
    referent_page.goto(live_server.url + "/activite/")
    assert referent_page.evaluate("document.activeElement.name") == "last_name"
    assert_accessible(referent_page)
    for first, last, hub in SPELLINGS:
        record_contact(referent_page, first, last, hubs[hub])
    today = referent_page.locator("#today + table tbody tr")
    assert today.count() == 13
    assert "Benali" not in referent_page.content() and "Ben Ali" not in referent_page.content()
    assert_accessible(referent_page)
    referent_page.context.close()

    recompute(page)
    assert network_figure(page, "contacts") == "13"
    assert network_figure(page, "people") == "6"  # 5 known people + Fatima, counted once
    assert network_figure(page, "multi_hub_people") == "6"  # one more person at two hubs
    assert page.locator('#hubs-seen td[data-hubs="2"]').inner_text().strip() == "6"
    assert_accessible(page)
    figures = CountRun.objects.latest("started_at").figures
    assert figures.get(year=dt.date.today().year, scope="hubs_seen", key="2").people == 6
