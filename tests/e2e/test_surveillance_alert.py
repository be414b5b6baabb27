import pyotp
import pytest

from maillage.core.models import Role
from maillage.demo.loader import load_demo
from maillage.network.models import Organisation
from maillage.surveillance.models import AlertStatus, SurveillanceAlert
from maillage.surveillance.weeks import last_closed_week
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

SIGNAL = "suspicion-tuberculose"


def test_a_partner_s_counts_raise_an_alert_that_the_coordinator_investigates(live_server, page):
    load_demo(skip={"reports"})
    partner_secret, coordinator_secret = pyotp.random_base32(), pyotp.random_base32()
    pass_chru = Organisation.objects.get(slug="pass-du-chru-de-lille")
    partner = make_user(role=Role.PROFESSIONAL, organisation=pass_chru, totp_secret=partner_secret)
    service = Organisation.objects.get(slug="ville-de-lille-service-sante")
    coordinator = make_user(
        role=Role.COORDINATOR, organisation=service, totp_secret=coordinator_secret
    )
    url = live_server.url

    # The PASS enters its counts for the week that has just ended.
    login(page, url, partner, partner_secret)
    page.goto(f"{url}/veille/rapports/saisir/")
    assert_accessible(page)
    page.fill(f"input[name=count_{SIGNAL}]", "30")
    page.fill("input[name=count_syndrome-grippal]", "12")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/veille/rapports/*/")
    assert page.locator("main table caption").count() == 1  # the first revision
    assert_accessible(page)
    page.locator("header form button[type=submit]").click()

    # The coordinator runs the detection: the tuberculosis count is far above its threshold.
    login(page, url, coordinator, coordinator_secret)
    page.goto(f"{url}/veille/")
    assert_accessible(page)
    page.locator("form[action='/veille/analyses/'] button").click()
    page.wait_for_url(f"{url}/veille/")
    alert = SurveillanceAlert.objects.get(
        signal__code=SIGNAL, territory__isnull=True, week_start=last_closed_week()
    )
    assert page.get_by_role("link", name="Suspicions de tuberculose").count() >= 2
    assert_accessible(page)

    page.locator(f"a[href='/veille/alertes/{alert.pk}/']").first.click()
    page.wait_for_url(f"**/veille/alertes/{alert.pk}/")
    assert_accessible(page)

    page.locator(f"main a[href^='/veille/signaux/{SIGNAL}/']").click()
    page.wait_for_url("**/veille/signaux/suspicion-tuberculose/**")
    assert page.locator("svg.sv-chart title").count() >= 1
    assert page.locator("svg.sv-chart rect.bar-alarm").count() >= 1
    assert page.get_by_role("table").count() >= 1
    assert_accessible(page)

    page.go_back()
    page.select_option("select[name=to_status]", AlertStatus.INVESTIGATING)
    page.fill("textarea[name=comment]", "Appel à la PASS : dépistage organisé.")
    page.locator("form[action$='/statut/'] button").click()
    page.wait_for_url(f"**/veille/alertes/{alert.pk}/")
    assert page.locator("main .sv-status-investigating").count() == 1
    assert_accessible(page)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.INVESTIGATING
