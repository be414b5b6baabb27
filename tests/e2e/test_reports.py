"""The coordinator computes the network's 2016 report, follows its progress, publishes it for a
funder and downloads its PDF and XLSX; the funder sees that edition and nothing else."""

from __future__ import annotations

import io

import openpyxl
import pyotp
import pytest

from maillage.core.models import Role
from maillage.reports.models import Report, ReportStatus
from tests.e2e.conftest import assert_accessible, login
from tests.factories import make_organisation, make_user
from tests.reports.factories import make_network, record_year

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_publishes_the_2016_report_and_the_funder_reads_only_it(
    live_server, page, browser
):
    net = make_network()
    record_year(net, 2015)
    record_year(net, 2016)
    secret, funder_secret = pyotp.random_base32(), pyotp.random_base32()
    coordinator = make_user(
        role=Role.COORDINATOR, organisation=make_organisation("Ville de Lille"), totp_secret=secret
    )
    funder = make_user(
        role=Role.FUNDER_VIEWER, organisation=net.funder_organisation, totp_secret=funder_secret
    )
    base = live_server.url

    login(page, base, coordinator, secret)
    page.goto(f"{base}/rapports/")
    assert_accessible(page)
    page.select_option("select[name=kind]", "network")
    page.select_option("select[name=year]", "2016")
    page.locator("form.report-request button[type=submit]").click()
    page.wait_for_url("**/rapports/*/")
    progress = page.locator("#report-progress")
    assert progress.get_attribute("role") == "status"
    assert page.locator("#report-progress-bar").get_attribute("value") == "100"
    assert "Prêt pour relecture" in progress.inner_text()
    assert page.locator("#block-people table").count() == 1
    assert page.locator("#block-people svg[role=img]").count() == 1
    assert_accessible(page)

    page.check(f"input[name=shared_with][value='{net.funder_organisation.pk}']")
    page.locator(".report-publish button[type=submit]").click()
    page.wait_for_selector(".message-success")
    report = Report.objects.get(year=2016, kind="network", status=ReportStatus.PUBLISHED)
    assert report.edition == 1 and bytes(report.pdf).startswith(b"%PDF")
    assert_accessible(page)

    with page.expect_download() as pdf:
        page.click("text=Télécharger le PDF")
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"
    with page.expect_download() as xlsx:
        page.click("text=Tableaux (XLSX)")
    sheet = openpyxl.load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read())).active
    values = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(v, int) and v > 0 for v in values)

    # a draft the funder must not see, and an edition not shared with them
    page.goto(f"{base}/rapports/")
    page.select_option("select[name=kind]", "network")
    page.select_option("select[name=year]", "2015")
    page.locator("form.report-request button[type=submit]").click()
    page.wait_for_url("**/rapports/*/")
    draft = Report.objects.get(year=2015, kind="network")

    reader = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    login(reader, base, funder, funder_secret)
    reader.goto(f"{base}/rapports/")
    assert_accessible(reader)
    archive = reader.locator("#archive tbody").inner_text()
    assert report.title in archive and "2015" not in archive
    assert reader.locator("#drafts").count() == 0
    reader.click(f"text={report.title}")
    assert reader.locator("#block-people").count() == 1
    assert reader.locator(".report-publish").count() == 0
    assert_accessible(reader)
    response = reader.goto(f"{base}/rapports/{draft.pk}/")
    assert response is not None and response.status == 404
    reader.context.close()
