"""The demo's published reports: the pôles' 2015 and 2016 reports, the network's 2016 report
(shared with the ARS), and the Rosny-sous-Bois CLS's report, computed from the demo data."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from maillage.core.models import User
from maillage.network.models import Hub, Organisation
from maillage.programmes.models import LocalHealthContract, Measurement
from maillage.reports import services
from maillage.reports.models import Report, ReportKind

COORDINATOR = "coordination@demo.maillage.test"
FUNDER = "ars-hauts-de-france"


def _published(kind: str, year: int, hub: Hub | None, contract: LocalHealthContract | None) -> bool:
    return (
        Report.objects.published().filter(kind=kind, year=year, hub=hub, contract=contract).exists()
    )


def _publish(
    actor: User,
    kind: str,
    year: int,
    *,
    hub: Hub | None = None,
    contract: LocalHealthContract | None = None,
    shared_with: list[int] | None = None,
) -> bool:
    if _published(kind, year, hub, contract):
        return False
    report = services.report_request(actor=actor, kind=kind, year=year, hub=hub, contract=contract)
    report = services.report_compute(report_id=report.pk)
    services.report_publish(actor=actor, report=report, shared_with=shared_with or [])
    return True


def _contract_year(contract: LocalHealthContract) -> int:
    latest = Measurement.objects.filter(indicator__action__axis__contract=contract).aggregate(
        year=Max("year")
    )["year"]
    return int(latest or 2019)


def load() -> dict[str, Any]:
    coordinator = User.objects.get(email=COORDINATOR)
    funder = Organisation.objects.filter(slug=FUNDER).values_list("pk", flat=True).first()
    shared = [funder] if funder else []
    made = 0
    for year in (2015, 2016):
        for hub in Hub.objects.order_by("name"):
            made += _publish(coordinator, ReportKind.HUB, year, hub=hub)
    made += _publish(coordinator, ReportKind.NETWORK, 2015, shared_with=shared)
    made += _publish(coordinator, ReportKind.NETWORK, 2016, shared_with=shared)
    rosny = LocalHealthContract.objects.filter(slug="cls-rosny-sous-bois").first()
    if rosny is not None:
        made += _publish(
            coordinator,
            ReportKind.CONTRACT,
            _contract_year(rosny),
            contract=rosny,
            shared_with=shared,
        )
    return {"reports_published": made}
