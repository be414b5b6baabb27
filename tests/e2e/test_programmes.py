"""The coordinator builds an action under an axis, links two events of a campaign and sees its
computed audience indicator change; the action's lead enters a measurement; a late action is
flagged on the contract page. axe runs on every page."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest

from maillage.programmes.models import Action, ActionStatus
from tests.e2e.conftest import assert_accessible, login
from tests.programmes.factories import make_contract_setup

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_steers_the_contract_and_a_lead_measures(live_server, page, browser):
    secret = pyotp.random_base32()
    setup = make_contract_setup(secret=secret)
    Action.objects.filter(number="2.1").update(
        planned_end=dt.date(2021, 12, 31), status=ActionStatus.IN_PROGRESS
    )
    base = live_server.url

    login(page, base, setup.coordinator, secret)
    page.goto(f"{base}/programmes/cls-test/")
    assert_accessible(page)
    assert "2.1" in page.locator("#late-actions").inner_text()

    page.click("#new-action-1")
    page.fill("input[name=number]", "1.5")
    page.fill("input[name=title]", "Prévention en milieu festif")
    page.select_option("select[name=lead_organisation]", str(setup.lead_organisation.pk))
    page.check("input[name=publics][value=jeunes]")
    page.select_option("select[name=status]", "in_progress")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/programmes/actions/\d+/$"))
    page.wait_for_selector(".message-success")
    action = Action.objects.get(number="1.5")

    page.click("text=Ajouter un indicateur")
    page.fill("input[name=definition]", "Public des stands")
    page.select_option("select[name=source]", "audience")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message-success")
    indicator = page.locator(".indicator").first
    assert indicator.locator(".latest-value").inner_text() == "—"

    page.click("#link-events-page")
    page.select_option("select[name=campagne]", setup.campaign.slug)
    page.locator("form.filters button").click()
    page.get_by_label(re.compile("Stand 1")).check()
    page.get_by_label(re.compile("Stand 2")).check()
    assert_accessible(page)
    page.click("#link-events")
    page.wait_for_selector(".message-success")
    assert page.locator("#linked-events tbody tr").count() == 2
    assert page.locator(".indicator .latest-value").first.inner_text() == "43"  # 21 + 22
    assert_accessible(page)

    lead = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    login(lead, base, setup.lead, secret)
    lead.goto(f"{base}/programmes/actions/{action.pk}/")
    lead.click("text=Ajouter un indicateur")
    lead.fill("input[name=definition]", "Jeunes sensibilisés")
    lead.locator("main form button[type=submit]").click()
    lead.wait_for_selector(".message-success")
    form = lead.locator("form[id^=measure-]")
    form.locator("input[name=year]").fill("2025")
    form.locator("input[name=value]").fill("5780")
    form.locator("button[type=submit]").click()
    lead.wait_for_selector(".message-success")
    assert "5780" in lead.locator(".indicator").nth(1).inner_text()
    assert_accessible(lead)
    lead.context.close()
