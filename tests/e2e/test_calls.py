"""An association drafts an application, uploads its statutes and submits it before the
deadline; the coordinator assigns a reviewer, who scores it; the coordinator grants it within
the envelope and downloads the convention. axe runs on every page."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from django.utils import timezone

from maillage.calls.models import Application, ApplicationState, Review
from tests.calls.factories import PDF, make_call_setup
from tests.e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_application_from_draft_to_convention(live_server, page, browser):
    secret = pyotp.random_base32()
    setup = make_call_setup(secret=secret)
    setup.call.closes_at = timezone.now() + dt.timedelta(days=2)
    setup.call.save(update_fields=["closes_at"])
    base = live_server.url

    # the association's staff drafts the application
    login(page, base, setup.applicant, secret)
    page.goto(f"{base}/appels/")
    assert_accessible(page)
    page.click(f"#open-calls a[href='/appels/{setup.call.slug}/']")
    page.wait_for_selector("#apply-form")
    assert_accessible(page)
    page.fill("#apply-form input[name=title]", "Permanences santé")
    page.click("#apply")
    page.wait_for_url(re.compile(r"/appels/dossiers/[0-9a-f-]+/$"))
    application = Application.objects.get()
    assert page.locator("#missing-items li").count() > 0
    assert_accessible(page)

    form = page.locator("#application-form")
    form.locator("textarea[name=summary]").fill("Des permanences d'accès aux droits.")
    form.locator("input[name=requested_amount]").fill("20000")
    form.locator("select[name=budget-0-account]").select_option("64")
    form.locator("input[name=budget-0-label]").fill("Salaires")
    form.locator("input[name=budget-0-amount]").fill("20000")
    page.click("#save-application")
    page.wait_for_selector(".message-success")

    upload = page.locator("#upload-form")
    upload.locator("select[name=kind]").select_option("statuts")
    upload.locator("input[name=file]").set_input_files(
        {"name": "statuts.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("#upload")
    page.wait_for_selector(".message-success")
    page.wait_for_selector("#nothing-missing")
    assert page.locator("#documents-list a").count() == 1
    assert_accessible(page)

    page.click("#submit-application")
    page.wait_for_selector("#application-state[data-state=submitted]")
    assert_accessible(page)

    # the coordinator assigns the reviewer
    coordinator = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    login(coordinator, base, setup.coordinator, secret)
    coordinator.goto(f"{base}/appels/{setup.call.slug}/instruction/")
    assert_accessible(coordinator)
    coordinator.click(f"#application-{application.pk}")
    coordinator.wait_for_selector("#assign-form")
    assert_accessible(coordinator)
    coordinator.select_option("#assign-form select[name=reviewer]", str(setup.reviewer.pk))
    coordinator.click("#assign")
    coordinator.wait_for_selector(".message-success")
    review = Review.objects.get()

    # the reviewer scores it
    reviewer = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    login(reviewer, base, setup.reviewer, secret)
    reviewer.goto(f"{base}/appels/mes-evaluations/")
    assert_accessible(reviewer)
    reviewer.click(f"#review-{review.pk}")
    reviewer.wait_for_selector("#review-form")
    assert_accessible(reviewer)
    for criterion, score in zip(setup.criteria, ("4", "3"), strict=True):
        reviewer.check(f"input[name=score_{criterion.pk}][value='{score}']")
    reviewer.fill("textarea[name=comments]", "Un besoin réel.")
    reviewer.click("#submit-review")
    reviewer.wait_for_url(re.compile(r"/appels/mes-evaluations/$"))
    reviewer.wait_for_selector(".message-success")
    reviewer.context.close()

    # the coordinator grants it within the envelope and downloads the convention
    coordinator.goto(f"{base}/appels/{setup.call.slug}/classement/")
    remaining = coordinator.locator("#envelope-remaining")
    assert remaining.get_attribute("data-remaining") == "80000.00"
    assert coordinator.locator(f"#row-{application.pk} .score").inner_text() == "3,67"
    assert_accessible(coordinator)
    coordinator.fill(f"#amount-{application.pk}", "15000")
    assert "65" in coordinator.locator(f"#after-{application.pk}").inner_text()
    coordinator.fill(f"#reference-{application.pk}", "DEL-2026-12")
    coordinator.click(f"#decide-{application.pk}")
    coordinator.wait_for_selector(".message-success")
    assert remaining.get_attribute("data-remaining") == "65000.00"
    assert_accessible(coordinator)
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED

    coordinator.goto(f"{base}/appels/dossiers/{application.pk}/")
    href = coordinator.locator("#convention-link").get_attribute("href")
    assert_accessible(coordinator)
    response = coordinator.request.get(f"{base}{href}")
    assert response.ok
    assert response.body().startswith(b"%PDF")
    coordinator.context.close()
