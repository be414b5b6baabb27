"""From the public page: a free cancer screening near Fives open on Tuesday morning, its page,
and a PDF orientation sheet; axe finds no serious or critical violation on the way."""

import pytest

from maillage.demo import directory, network
from maillage.directory.models import Service
from maillage.directory.services import slots_refresh
from tests.directory.factories import MONDAY
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
SERVICE = "Permanence dépistage des cancers — Fives, le mardi matin"


@pytest.fixture
def demo_directory():
    network.load()
    directory.load()
    # A week without public holidays, so "Tuesday" always has its slots.
    slots_refresh(services=Service.objects.all(), start=MONDAY)


def test_a_professional_finds_a_screening_and_prints_an_orientation_sheet(
    live_server, page, demo_directory
):
    page.goto(live_server.url + "/annuaire/")
    assert_accessible(page)

    page.fill("#id_q", "dépistage cancer")
    page.fill("#id_near", "Fives")
    page.locator("details.filters summary").click()
    page.locator("input[name=condition][value=free]").check()
    page.select_option("#id_day", "1")
    page.fill("#id_time", "10:00")
    page.locator("form.search-form button[type=submit]").click()
    first = page.locator("ol.results li").first
    first.wait_for()
    assert SERVICE in first.locator("h3").inner_text()
    assert "km" in first.inner_text() and first.locator(".badge-ok").count() == 1
    assert_accessible(page)

    first.get_by_role("link", name=SERVICE).click()
    page.wait_for_url("**/annuaire/services/*/")
    assert page.locator("h1").inner_text() == SERVICE
    assert page.get_by_text("Métro Fives (ligne 1)").count() == 1
    assert_accessible(page)

    page.go_back()
    page.locator("ol.results li").first.locator("input[name=s]").check()
    page.locator("form.sheet-form button[type=submit]").click()
    page.wait_for_url("**/annuaire/fiche/**")
    assert page.get_by_text(SERVICE).count() == 1
    assert page.get_by_text("Métro Fives (ligne 1)").count() == 1
    assert_accessible(page)

    with page.expect_download() as download:
        page.locator("a[href*='format=pdf']").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_the_search_works_without_javascript(live_server, browser, demo_directory):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/annuaire/?q=seringues&open=now")
    assert page.locator("ol.results li").count() == 3
    context.close()
