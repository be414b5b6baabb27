"""The reports' pages: who sees what, the progress fragment, the spreadsheets and open data."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from odf import opendocument
from odf.table import TableCell

from maillage.core.models import AuditEvent
from maillage.reports import services
from maillage.reports.models import Report
from tests.reports.factories import make_network, record_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    net = make_network()
    record_year(net, 2025)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=net.coordinator, kind="network", year=2025)
    report.refresh_from_db()
    services.report_publish(
        actor=net.coordinator, report=report, shared_with=[net.funder_organisation.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.report_request(actor=net.coordinator, kind="hub", year=2025, hub=net.big)
    return net, Report.objects.get(pk=report.pk), Report.objects.get(pk=draft.pk)


def test_a_funder_sees_the_editions_shared_with_them_and_nothing_else(client, published):
    net, report, draft = published
    client.force_login(net.funder)
    page = client.get(reverse("reports:list")).content.decode()
    assert report.title in page and draft.title not in page
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 404
    client.force_login(net.other_funder)
    assert report.title not in client.get(reverse("reports:list")).content.decode()
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 404


def test_staff_read_published_editions_but_do_not_compute(client, published):
    net, report, draft = published
    client.force_login(net.referent)
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:detail", args=[draft.pk])).status_code == 404
    response = client.post(reverse("reports:request"), {"kind": "network", "year": 2025})
    assert response.status_code == 403
    response = client.post(reverse("reports:publish", args=[draft.pk]))
    assert response.status_code == 404


def test_the_progress_fragment_polls_while_queued_and_refreshes_when_done(client, published):
    net, _report, draft = published
    client.force_login(net.coordinator)
    queued = Report.objects.create(kind="network", year=2024, title="En file", progress=0)
    fragment = client.get(reverse("reports:progress", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and 'value="0"' in fragment
    detail = client.get(reverse("reports:detail", args=[queued.pk])).content.decode()
    # without JavaScript, a link reloads the page (no timed reload: WCAG 2.2.1)
    assert reverse("reports:detail", args=[queued.pk]) in detail and "report-progress" in detail
    done = client.get(reverse("reports:progress", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and 'value="100"' in done.content.decode()


def test_a_bad_request_names_the_field(client, published):
    net, _report, _draft = published
    client.force_login(net.coordinator)
    response = client.post(reverse("reports:request"), {"kind": "hub", "year": 2025})
    assert response.status_code == 400
    assert "hub-error" in response.content.decode()


def _download(client, report, fmt):
    response = client.get(
        reverse("reports:tables", args=[report.pk, fmt]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_tables_open_as_numbers_in_csv_xlsx_and_ods(client, published):
    net, report, _draft = published
    client.force_login(net.funder)
    text = _download(client, report, "csv").decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert lines[0][4] == "valeur"
    assert any(line[4].isdigit() for line in lines[1:])
    assert any(line[4] == "" and "secret" in line[5] for line in lines[1:])
    book = openpyxl.load_workbook(io.BytesIO(_download(client, report, "xlsx")))
    assert any(isinstance(r[4], int) for r in book.active.iter_rows(min_row=2, values_only=True))
    ods = opendocument.load(io.BytesIO(_download(client, report, "ods")))
    kinds = {c.getAttribute("valuetype") for c in ods.spreadsheet.getElementsByType(TableCell)}
    assert "float" in kinds
    reads = AuditEvent.objects.filter(action="report.download", object_id=str(report.pk))
    assert reads.count() == 3


def test_open_data_lists_the_published_figures_with_a_dictionary(client, published):
    _net, report, draft = published
    text = b"".join(client.get(reverse("reports:open_data")).streaming_content).decode()
    assert report.title in text and draft.title not in text
    dictionary = client.get(reverse("reports:open_data_dictionary")).content.decode()
    header = text[1:].splitlines()[0].split(";")
    assert all(name in dictionary for name in header)


def test_the_report_page_runs_a_bounded_number_of_queries(
    client, published, django_assert_max_num_queries
):
    net, report, _draft = published
    client.force_login(net.coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200
    assert "secret" in response.content.decode()
