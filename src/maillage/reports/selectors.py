"""Reads of the reports app: the editions an actor may see, one edition laid out for a page."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.models import Role
from maillage.core.permissions import organisation_ids
from maillage.network.models import Hub, Organisation
from maillage.programmes.models import LocalHealthContract
from maillage.reports import access
from maillage.reports.models import PUBLIC_STATUSES, Report, ReportStatus

SECTIONS = OrderedDict(
    [
        ("people", gettext_lazy("People reached")),
        ("contacts", gettext_lazy("Contacts")),
        ("meetings", gettext_lazy("Partners and meetings")),
        ("events", gettext_lazy("Prevention events and campaigns")),
        ("pathways", gettext_lazy("Pathways")),
        ("programmes", gettext_lazy("Local health contract and calls for projects")),
        ("surveillance", gettext_lazy("Surveillance")),
    ]
)
SECRET = "secret"  # what a hidden cell shows; the page's legend explains it


def _with_shares(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.select_related("hub", "contract").prefetch_related(
        Prefetch("shared_with", queryset=Organisation.objects.order_by("name"))
    )


def reports_for(*, actor: Any) -> list[Report]:
    """Every edition the actor may read, newest year first (no content loaded)."""
    reports = _with_shares(Report.objects.defer("content", "pdf"))
    if access.can_manage_reports(actor):
        return list(reports)
    reports = reports.filter(status__in=PUBLIC_STATUSES)
    if access.is_funder_only(actor):
        mine = organisation_ids(actor, {Role.FUNDER_VIEWER})
        reports = reports.filter(shared_with__in=mine).distinct()
    return [
        r for r in reports if access.can_read_report(actor, r, {o.pk for o in r.shared_with.all()})
    ]


def report_open(*, actor: Any, report_id: int) -> Report:
    """One edition for an actor who may read it; any other is not found."""
    report = _with_shares(Report.objects.filter(pk=report_id)).first()
    if report is None or not access.can_read_report(
        actor, report, {o.pk for o in report.shared_with.all()}
    ):
        raise Http404
    return report


def report_status(*, actor: Any, report_id: int) -> Report:
    """The progress of a computation, for the coordinator's page that polls it."""
    report = Report.objects.defer("content", "pdf").filter(pk=report_id).first()
    if report is None or not access.can_manage_reports(actor):
        raise Http404
    return report


def report_pdf_bytes(*, report: Report) -> bytes | None:
    pdf = Report.objects.filter(pk=report.pk).values_list("pdf", flat=True).first()
    return bytes(pdf) if pdf is not None else None


def funder_organisations() -> QuerySet[Organisation]:
    """Organisations a report may be shared with: those with a funder's account."""
    return Organisation.objects.filter(staff__role=Role.FUNDER_VIEWER).distinct().order_by("name")


def hubs() -> QuerySet[Hub]:
    return Hub.objects.order_by("name")


def contracts() -> QuerySet[LocalHealthContract]:
    return LocalHealthContract.objects.order_by("title")


def published_indicators() -> list[Report]:
    """The current published editions, for the open-data export."""
    return list(Report.objects.filter(status=ReportStatus.PUBLISHED).order_by("-year", "title"))


# --- one edition laid out -------------------------------------------------------------------


def shown(value: Any, status: str) -> str:
    if value is None:
        return SECRET if status in ("primary", "secondary") else "—"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=2, force_grouping=True)
    return number_format(int(value), force_grouping=True)


@dataclass
class Block:
    data: dict[str, Any]
    chart: Any
    previous_year: int
    year: int

    @property
    def key(self) -> str:
        return str(self.data["key"])


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def _chart(block: dict[str, Any], year: int) -> Any:
    from maillage.core.charts import bar_chart

    rows = [
        (row["label"], [row["cells"][0][2], row["cells"][0][0]])
        for row in block["rows"]
        if not row["total"]
    ]
    if not rows:
        return None
    return bar_chart(
        rows,
        [str(year - 1), str(year)],
        text=lambda value: SECRET if value is None else number_format(value, force_grouping=True),
    )


def report_sections(*, report: Report) -> list[Section]:
    """The edition's blocks by section, each with its chart (first column, both years)."""
    content = report.content or {}
    year = int(content.get("year", report.year))
    sections = {key: Section(key, str(title)) for key, title in SECTIONS.items()}
    for data in content.get("blocks", []):
        for row in data["rows"]:
            row["shown"] = [
                (shown(c[0], c[1]), shown(c[2], c[3]) if len(c) > 2 else "—") for c in row["cells"]
            ]
        chart = _chart(data, year)
        sections[data["section"]].blocks.append(Block(data, chart, year - 1, year))
    return [section for section in sections.values() if section.blocks]


def headline(*, report: Report) -> list[tuple[str, str]]:
    """The figures at the top of the edition, with their words."""
    values = (report.content or {}).get("headline", {})
    words = [
        ("people", _("unique people reached")),
        ("new_people", _("of whom new this year")),
        ("contacts", _("contacts")),
        ("partners", _("partner organisations at the meetings")),
        ("closed_loop_rate", _("% of referrals with a known outcome (closed loop)")),
        ("days_to_answer", _("days: median time to answer a referral")),
        ("days_to_close", _("days: median time from referral to outcome")),
    ]
    return [
        (shown(values[key], "secondary"), label)
        for key, label in words
        if key in values and values[key] is not None
    ]
