"""A long history in the browser: the newest entries first, older ones one link away, without
JavaScript, and every page accessible."""

from __future__ import annotations

import pyotp
import pytest

from bench.gen_files import rich_history
from maillage.pathways.selectors import TIMELINE_PAGE
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_older_entries_of_a_long_history_are_one_link_away(live_server, browser):
    secret = pyotp.random_base32()
    worker = make_user(totp_secret=secret)
    b = make_beneficiary(actor=worker)
    rich_history(beneficiary=b, author=worker, to=make_organisation(), events=120)
    # The links are followed with JavaScript off; axe (a script) checks each page in another
    # context sharing the session (a TOTP code is accepted once).
    checker = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    checker.set_default_timeout(15_000)
    login(checker, live_server.url, worker, secret)
    page = browser.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        java_script_enabled=False,
        storage_state=checker.context.storage_state(),
    ).new_page()
    page.set_default_timeout(15_000)

    def check_accessible() -> None:
        checker.goto(page.url)
        assert_accessible(checker)

    page.goto(f"{live_server.url}/parcours/dossiers/{b.pk}/")
    entries = page.locator("ol.timeline > li")
    assert entries.count() == TIMELINE_PAGE
    newest = entries.first.inner_text()
    assert page.get_by_role("link", name="Entrées plus récentes").count() == 0
    check_accessible()

    page.get_by_role("link", name="Entrées plus anciennes").click()
    page.wait_for_url("**before=**")
    assert entries.count() == TIMELINE_PAGE and newest not in entries.all_inner_texts()
    check_accessible()

    page.get_by_role("link", name="Entrées plus récentes").click()
    page.wait_for_url("**after=**")
    assert entries.first.inner_text() == newest
