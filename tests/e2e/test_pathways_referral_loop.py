"""Two organisations, two browsers: a PASS refers a person to a pôle's service, the pôle accepts
and sets an appointment, the PASS sees it; a no-show raises the alert once the rules have run."""

from __future__ import annotations

import pyotp
import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.core.models import Role
from maillage.directory.models import Service
from maillage.pathways import services
from maillage.pathways.models import Referral
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def a_previous_no_show(pass_worker, pole_worker, b, pole) -> None:
    referral = services.referral_create(
        actor=pass_worker, beneficiary=b, to_organisation=pole, reason="Premier rendez-vous"
    )
    for status, extra in [
        ("accepted", {}),
        ("appointment_set", {"appointment_at": timezone.now()}),
        ("no_show", {}),
    ]:
        services.referral_transition(
            actor=pole_worker, referral=referral, to_status=status, **extra
        )


def test_a_pass_refers_a_pole_answers_and_a_no_show_raises_an_alert(live_server, browser):
    pass_unit = make_organisation("PASS du CH fictif", kind="pass_unit")
    pole = make_organisation("Association de quartier fictive", kind="association")
    service = Service.objects.create(
        organisation=pole, name="Bilans de santé du pôle (fictif)", description="Bilans."
    )
    pass_secret, pole_secret = pyotp.random_base32(), pyotp.random_base32()
    pass_worker = make_user(organisation=pass_unit, totp_secret=pass_secret)
    pole_worker = make_user(organisation=pole, role=Role.HUB_REFERENT, totp_secret=pole_secret)
    b = services.beneficiary_create(
        actor=pass_worker, data={"first_name": "Awa", "last_name": "Exemple-Fictive"}
    )
    services.information_notice_record(actor=pass_worker, beneficiary=b, method="oral")
    a_previous_no_show(pass_worker, pole_worker, b, pole)

    pass_page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    pole_page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    for page in (pass_page, pole_page):
        page.set_default_timeout(15_000)
    login(pass_page, live_server.url, pass_worker, pass_secret)
    login(pole_page, live_server.url, pole_worker, pole_secret)

    # The PASS refers the person to the pôle's service.
    pass_page.goto(f"{live_server.url}/parcours/dossiers/{b.pk}/")
    assert_accessible(pass_page)
    pass_page.goto(f"{live_server.url}/parcours/dossiers/{b.pk}/orienter/")
    assert_accessible(pass_page)
    pass_page.select_option("select[name=service]", str(service.pk))
    pass_page.fill("textarea[name=reason]", "Bilan de santé, pas de médecin traitant.")
    pass_page.select_option("select[name=urgency]", "soon")
    pass_page.locator("main form button[type=submit]").click()
    pass_page.wait_for_url("**/orientations/**")
    referral = Referral.objects.exclude(status="no_show").get()
    assert referral.status == "sent" and referral.service_id == service.pk

    # The pôle finds it in its inbox, accepts it and sets an appointment.
    pole_page.goto(f"{live_server.url}/parcours/?list=referrals")
    assert_accessible(pole_page)
    pole_page.get_by_role("link", name="Awa Exemple-Fictive").click()
    assert_accessible(pole_page)
    pole_page.select_option("#id_to_status", "accepted")
    pole_page.locator("main form button[type=submit]").click()
    pole_page.select_option("#id_to_status", "appointment_set")
    pole_page.fill("input[name=appointment_at]", "2026-12-15T10:30")
    pole_page.locator("main form button[type=submit]").click()
    pole_page.wait_for_selector("#referral-appointment")

    # The PASS sees the appointment.
    pass_page.reload()
    assert "15/12/2026 10:30" in pass_page.locator("#referral-appointment").inner_text()
    assert_accessible(pass_page)

    # The person does not come: the pôle records the no-show; the rules run; the PASS sees it.
    pole_page.select_option("#id_to_status", "no_show")
    pole_page.locator("main form button[type=submit]").click()
    pole_page.wait_for_load_state()
    assert Referral.objects.get(pk=referral.pk).status == "no_show"
    pass_page.goto(f"{live_server.url}/parcours/?list=alerts")
    assert pass_page.get_by_text(b.reference).count() == 0
    call_command("worker", "--once")
    pass_page.reload()
    assert pass_page.get_by_text(b.reference).count() == 1
    assert_accessible(pass_page)
