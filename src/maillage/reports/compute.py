"""A report's content: the year's tables, protected, laid out beside last year's.

Last year's figures are the published edition of last year's report when there is one (a
published figure is never restated differently); otherwise they are computed and protected
the same way. Cells hidden by any published edition of the same year stay hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.meetings import selectors as meetings
from maillage.reports.layout import build, contract_specs, specs, with_previous
from maillage.reports.models import Report, ReportKind
from maillage.reports.protection import Protected, hidden_keys, protect_year
from maillage.reports.tables import YearTables, collect, collect_contract, hub_code

Progress = Callable[[int, str], None]
CLOSED = ("done", "no_show", "declined")


def _tables(report: Report, year: int) -> YearTables:
    if report.kind == ReportKind.CONTRACT:
        return collect_contract(year=year, contract_id=report.contract_id)  # type: ignore[arg-type]
    return collect(year=year)


def _hidden_before(report: Report, year: int) -> dict[str, list[list[str]]]:
    """Every cell hidden by an edition already published for that year (same tables)."""
    editions = Report.objects.published().filter(year=year)
    if report.kind == ReportKind.CONTRACT:
        editions = editions.filter(contract_id=report.contract_id)
    else:
        editions = editions.exclude(kind=ReportKind.CONTRACT)
    merged: dict[str, set[tuple[str, ...]]] = {}
    for content in editions.values_list("content", flat=True):
        for table, keys in (content or {}).get("hidden", {}).items():
            merged.setdefault(table, set()).update(tuple(k) for k in keys)
    return {table: [list(k) for k in sorted(keys)] for table, keys in merged.items()}


def _extras(year: YearTables, protected: Protected) -> None:
    """Cells that are not counts of the engine: targets and amounts, published as set."""
    indicators: list[dict[str, Any]] = year.extra.get("indicators", [])
    protected["indicator_targets"] = {(i["code"],): (i["target"], "published") for i in indicators}
    for i in indicators:
        if not i["measured"]:
            protected[f"indicator_{i['code']}"] = {(i["code"],): (None, "missing")}
    amounts = year.labels.get("call_amount", {})
    protected["call_amounts"] = {(code,): (float(v), "published") for code, v in amounts.items()}
    total = sum((float(v) for v in amounts.values()), 0.0)
    protected["call_amounts"][("Total",)] = (total, "published")


def _blocks(report: Report, year: YearTables, protected: Protected) -> list[dict[str, Any]]:
    if report.kind == ReportKind.CONTRACT:
        chosen = contract_specs(year)
    else:
        chosen = specs(year, hub_code(report.hub_id) if report.hub_id else None)
    return [build(spec, protected) for spec in chosen]


def _previous_blocks(report: Report, progress: Progress) -> tuple[dict[str, Any], str]:
    last_year = report.year - 1
    edition = (
        Report.objects.published()
        .filter(kind=report.kind, year=last_year, hub=report.hub, contract=report.contract)
        .order_by("-edition")
        .first()
    )
    if edition is not None:
        blocks = {b["key"]: _this_year_only(b) for b in edition.content.get("blocks", [])}
        return blocks, f"edition:{edition.pk}"
    progress(45, _("Computing the previous year"))
    tables = _tables(report, last_year)
    protected = protect_year(tables.tables, _hidden_before(report, last_year))
    _extras(tables, protected)
    return {b["key"]: b for b in _blocks(report, tables, protected)}, "computed"


def _this_year_only(block: dict[str, Any]) -> dict[str, Any]:
    rows = [dict(row, cells=[cell[:2] for cell in row["cells"]]) for row in block["rows"]]
    return dict(block, rows=rows)


def compute(report: Report, progress: Progress) -> dict[str, Any]:
    """The report's content (plain JSON, frozen when published)."""
    with translation.override("fr"):
        progress(10, _("Reading the year's figures"))
        tables = _tables(report, report.year)
        progress(30, _("Protecting the tables (statistical secret)"))
        protected = protect_year(tables.tables, _hidden_before(report, report.year))
        _extras(tables, protected)
        previous, source = _previous_blocks(report, progress)
        progress(80, _("Laying out the report"))
        blocks = [
            with_previous(b, previous.get(b["key"])) for b in _blocks(report, tables, protected)
        ]
        return {
            "year": report.year,
            "previous_year": report.year - 1,
            "previous_source": source,
            "computed_at": timezone.now().isoformat(),
            "threshold": 5,
            "blocks": blocks,
            "headline": _headline(report, blocks, tables),
            "hidden": hidden_keys(protected),
            "extra": {"budget": tables.extra.get("budget")},
        }


def _cell(blocks: list[dict[str, Any]], key: str, row: str, column: int = 0) -> Any:
    for block in blocks:
        if block["key"] == key:
            for line in block["rows"]:
                if line["code"] == row:
                    return line["cells"][column][0]
    return None


def _headline(report: Report, blocks: list[dict[str, Any]], year: YearTables) -> dict[str, Any]:
    if report.kind == ReportKind.CONTRACT:
        return {}
    row = hub_code(report.hub_id) if report.hub_id else "Total"
    sent = _cell(blocks, "referrals", "Total")
    closed = [_cell(blocks, "referrals", status) for status in CLOSED]
    rate = None
    if sent and all(
        c is not None or not _present(blocks, s) for c, s in zip(closed, CLOSED, strict=True)
    ):
        rate = round(100 * sum(c or 0 for c in closed) / sent, 1)
    return {
        "people": _cell(blocks, "people", row),
        "new_people": _cell(blocks, "people", row, 1),
        "contacts": _cell(blocks, "contacts_kind", "Total"),
        "partners": None
        if report.hub_id
        else meetings.partner_organisations_involved(year=report.year),
        "closed_loop_rate": None if report.hub_id else rate,
        "days_to_answer": None if report.hub_id else year.medians.get("days_to_answer"),
        "days_to_close": None if report.hub_id else year.medians.get("days_to_close"),
    }


def _present(blocks: list[dict[str, Any]], row: str) -> bool:
    return any(
        line["code"] == row
        for block in blocks
        if block["key"] == "referrals"
        for line in block["rows"]
    )
