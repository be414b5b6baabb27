"""A report computed by the worker from the apps' figures, protected, published and frozen."""

from __future__ import annotations

import pytest

from maillage.activity.models import CountRun, Figure
from maillage.disclosure import TOTAL, PublishedTable, Table, unprotected
from maillage.reports import services
from maillage.reports.models import Report, ReportStatus
from maillage.reports.tables import collect, hub_code
from tests.reports.factories import make_network, record_year

pytestmark = pytest.mark.django_db


def computed(net, django_capture_on_commit_callbacks, kind="network", year=2025, **scope):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=net.coordinator, kind=kind, year=year, **scope)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    return report


def block(report, key):
    return next(b for b in report.content["blocks"] if b["key"] == key)


def row(report, key, code):
    return next(r for r in block(report, key)["rows"] if r["code"] == code)


@pytest.fixture
def net():
    network = make_network()
    record_year(network, 2024)
    record_year(network, 2025)
    return network


def test_people_are_the_linkage_counts_never_a_sum_of_contacts(
    net, django_capture_on_commit_callbacks
):
    report = computed(net, django_capture_on_commit_callbacks)
    run = CountRun.objects.latest("started_at")
    network = Figure.objects.get(run=run, year=2025, scope="network")
    people = row(report, "people", TOTAL)["cells"][0]
    contacts = row(report, "contacts_kind", TOTAL)["cells"][0]
    assert people[0] == network.people and contacts[0] == network.contacts
    assert people[0] < contacts[0]  # the person seen twice counts once
    assert report.progress == 100 and report.computed_at is not None


def test_a_small_cell_is_hidden_and_cannot_be_recovered_by_subtraction(
    net, django_capture_on_commit_callbacks
):
    report = computed(net, django_capture_on_commit_callbacks)
    # the small hub's two orientations are hidden in the hub report too (the same tables)
    hub_report = computed(net, django_capture_on_commit_callbacks, kind="hub", hub=net.small)
    orientation = row(hub_report, "contacts_kind", "orientation")["cells"][0]
    assert orientation[0] is None and orientation[1] == "primary"
    assert row(hub_report, "contacts_kind", TOTAL)["cells"][0][0] is None or any(
        r["cells"][0][1] == "secondary" for r in block(hub_report, "contacts_kind")["rows"]
    )
    # what both reports publish of the hub × kind table, attacked by linear programming
    engine = collect(year=2025).tables["contacts_hub_kind"]
    table = Table.from_counts(engine.dims, engine.counts, levels=engine.levels)
    hidden = {tuple(k) for k in report.content["hidden"]["contacts_hub_kind"]}
    cells = {
        table.key(i): (None if table.key(i) in hidden else int(table.extended()[i]))
        for i in table.indices()
    }
    published = PublishedTable(table.dims, table.levels, cells, {})
    targets = [(0, (hub_code(net.small.pk), "orientation"))]
    assert not unprotected([published], 5, targets)


def test_the_hub_report_is_a_slice_of_the_network_report(net, django_capture_on_commit_callbacks):
    network = computed(net, django_capture_on_commit_callbacks)
    hub = computed(net, django_capture_on_commit_callbacks, kind="hub", hub=net.big)
    code = hub_code(net.big.pk)
    assert row(hub, "people", code)["cells"] == row(network, "people", code)["cells"]
    assert "people_hubs_seen" not in [b["key"] for b in hub.content["blocks"]]


def test_last_years_figures_are_the_published_edition_s(net, django_capture_on_commit_callbacks):
    edition_2024 = computed(net, django_capture_on_commit_callbacks, year=2024)
    services.report_publish(actor=net.coordinator, report=edition_2024)
    published_total = row(edition_2024, "contacts_kind", TOTAL)["cells"][0][0]
    record_year(net, 2024, small_orientations=0)  # late entries for 2024
    report = computed(net, django_capture_on_commit_callbacks)
    assert report.content["previous_source"] == f"edition:{edition_2024.pk}"
    assert row(report, "contacts_kind", TOTAL)["cells"][0][2] == published_total


def test_a_new_edition_keeps_hidden_what_the_last_one_hid(net, django_capture_on_commit_callbacks):
    first = computed(net, django_capture_on_commit_callbacks, kind="hub", hub=net.small)
    services.report_publish(actor=net.coordinator, report=first)
    record_year(net, 2025, small_orientations=4)  # now 2 + 4 orientations: no longer small
    second = computed(net, django_capture_on_commit_callbacks, kind="hub", hub=net.small)
    orientation = row(second, "contacts_kind", "orientation")["cells"][0]
    assert orientation[0] is None and orientation[1] == "secondary"


def test_publishing_freezes_the_figures_and_the_pdf_and_supersedes(
    net, django_capture_on_commit_callbacks
):
    first = computed(net, django_capture_on_commit_callbacks)
    services.report_publish(
        actor=net.coordinator, report=first, shared_with=[net.funder_organisation.pk]
    )
    first.refresh_from_db()
    assert first.status == ReportStatus.PUBLISHED and first.edition == 1
    assert bytes(first.pdf).startswith(b"%PDF")
    frozen = first.content
    record_year(net, 2025)
    second = computed(net, django_capture_on_commit_callbacks)
    services.report_publish(actor=net.coordinator, report=second)
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED and first.content == frozen
    assert Report.objects.get(pk=second.pk).edition == 2
    with pytest.raises(services.ReportError, match="status"):
        services.report_publish(actor=net.coordinator, report=second)


def test_only_a_coordinator_requests_and_bad_input_names_the_field(net):
    with pytest.raises(services.PermissionDenied):
        services.report_request(actor=net.referent, kind="network", year=2025)
    with pytest.raises(services.ReportError, match="^hub"):
        services.report_request(actor=net.coordinator, kind="hub", year=2025)
    with pytest.raises(services.ReportError, match="^year"):
        services.report_request(actor=net.coordinator, kind="network", year=3000)
    assert not Report.objects.exists()


def test_a_failure_is_kept_with_its_reason(net, monkeypatch):
    report = Report.objects.create(kind="contract", year=2025, title="x")  # no contract
    result = services.report_compute(report_id=report.pk)
    assert result.status == ReportStatus.FAILED and result.error
