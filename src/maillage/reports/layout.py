"""The blocks a report shows: rows × columns of protected cells, each beside last year's.

A block is plain JSON (it is frozen with the published edition). Each cell is
`[count or None, status, previous count or None, previous status]`; `None` with status
`primary` or `secondary` is the statistical secret.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from maillage.disclosure import TOTAL
from maillage.reports.protection import Cell, Protected
from maillage.reports.tables import NO_HUB, YearTables

MISSING: Cell = (None, "missing")
Key = tuple[str, ...]


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    table: str | Callable[[str], str]  # a table, or row code -> table (the network's row)
    key: Callable[[str], Key]  # row code -> the table's cell


@dataclass(frozen=True)
class Spec:
    key: str
    section: str
    title: str
    description: str
    row_header: str
    rows: Sequence[tuple[str, str]]
    columns: Sequence[Column]


def _levels(year: YearTables, table: str, dim: str) -> list[str]:
    engine = year.tables[table]
    return list(engine.levels[engine.dims.index(dim)])


def _rows(
    year: YearTables, table: str, dim: str, *, total: bool, skip_empty: bool = True
) -> list[tuple[str, str]]:
    labels = year.labels.get(dim, {})
    rows = [(code, labels.get(code, code)) for code in _levels(year, table, dim)]
    if skip_empty:
        engine = year.tables[table]
        axis = engine.dims.index(dim)
        used = {key[axis] for key, n in engine.counts.items() if n}
        rows = [row for row in rows if row[0] in used]
    return rows + ([(TOTAL, _("Total"))] if total else [])


def _cell_key(before: Key, after: Key) -> Callable[[str], Key]:
    """Row code -> the cell between fixed levels: (hub, row, sex), (row, state)…"""
    return lambda r: (*before, r, *after)


def specs(year: YearTables, hub: str | None) -> list[Spec]:
    """The blocks of a network report (hub None) or of one hub's report (hub `h<id>`)."""
    at = hub or TOTAL
    people = _("people")
    blocks = [
        _people_spec(year, hub),
        Spec(
            "contacts_kind",
            "contacts",
            _("Contacts by kind"),
            _("Every contact recorded in the year, by kind of contact."),
            _("Kind"),
            _rows(year, "contacts_hub_kind", "kind", total=True),
            [Column("contacts", _("Contacts"), "contacts_hub_kind", lambda r: (at, r))],
        ),
        Spec(
            "contacts_age_sex",
            "contacts",
            _("Contacts by age band and sex"),
            _("Contacts by the person's age band and sex, as recorded."),
            _("Age band"),
            _rows(year, "contacts_hub_age_sex", "age", total=True),
            [
                Column(code, label, "contacts_hub_age_sex", _cell_key((at,), (code,)))
                for code, label in _rows(year, "contacts_hub_age_sex", "sex", total=True)
            ],
        ),
        Spec(
            "contacts_residence",
            "contacts",
            _("Contacts by place of residence"),
            _("Where the people met say they live."),
            _("Place of residence"),
            _rows(year, "contacts_hub_residence", "residence", total=True),
            [Column("contacts", _("Contacts"), "contacts_hub_residence", lambda r: (at, r))],
        ),
        Spec(
            "contacts_theme",
            "contacts",
            _("Contacts by theme"),
            _("A contact may concern several themes: the rows do not add up to the contacts."),
            _("Theme"),
            _rows(year, "contacts_theme_hub", "theme", total=False),
            [Column("contacts", _("Contacts"), "contacts_theme_hub", lambda r: (r, at))],
        ),
        Spec(
            "events_kind",
            "events",
            _("Prevention events and their audience"),
            _("Events held in the year and the people they reached."),
            _("Kind of event"),
            _rows(year, "events_hub_kind", "event_kind", total=True),
            [
                Column("events", _("Events"), "events_hub_kind", lambda r: (at, r)),
                Column("audience", people.capitalize(), "audience_hub_kind", lambda r: (at, r)),
            ],
        ),
        _meetings_spec(year, hub),
    ]
    if hub is None:
        blocks += [*_network_only(year), _calls_spec(year), *_surveillance_specs(year)]
    return [block for block in blocks if block.rows]


def _people_spec(year: YearTables, hub: str | None) -> Spec:
    hubs = (
        [(hub, year.labels["hub"].get(hub, hub))]
        if hub
        else [row for row in _rows(year, "people_hub", "hub", total=False)]
    )
    rows = ([] if hub else [(TOTAL, _("Whole network"))]) + hubs

    def of(state: str) -> Callable[[str], Key]:
        return lambda r: (state,) if r == TOTAL else (r, state)

    def table(r: str) -> str:
        return "people_network" if r == TOTAL else "people_hub"

    return Spec(
        "people",
        "people",
        _("Unique people reached"),
        _(
            "People counted once however many times they came, linked across partners "
            "without sharing their identity. A person seen at two hubs counts once in the "
            "network's total: the hubs' rows do not add up to it."
        ),
        _("Hub"),
        rows,
        [
            Column("people", _("People"), table, of(TOTAL)),
            Column("new", _("New people"), table, of("new")),
            Column("returning", _("Returning people"), table, of("returning")),
        ],
    )


def _meetings_spec(year: YearTables, hub: str | None) -> Spec:
    rows = (
        [(hub, year.labels["hub"].get(hub, hub))]
        if hub
        else [
            (code, year.labels["hub"][code])
            for code in _levels(year, "meetings_meetings_held", "hub")
        ]
        + [(TOTAL, _("Total"))]
    )
    measures = [
        ("meetings_held", _("Meetings held")),
        ("inhabitants", _("Inhabitants present")),
        ("habitants_relais", _("Habitants relais present")),
        ("partner_organisations", _("Partner organisations present")),
    ]
    columns = [Column(m, label, f"meetings_{m}", _not_summed(m)) for m, label in measures]
    columns += [
        Column("needs_raised", _("Needs raised"), "needs_hub", lambda r: (r, "raised")),
        Column(
            "needs_addressed", _("…of which addressed"), "needs_hub", lambda r: (r, "addressed")
        ),
    ]
    return Spec(
        "meetings",
        "meetings",
        _("Partner meetings"),
        _(
            "Hub partner meetings held in the year, who came, and the needs raised there. "
            "An organisation present at two hubs counts at each: that column has no total."
        ),
        _("Hub"),
        rows,
        columns,
    )


def _not_summed(measure: str) -> Callable[[str], Key]:
    """An organisation present at two hubs counts at each: its column has no total."""
    if measure == "partner_organisations":
        return lambda r: ("no total",) if r == TOTAL else (r,)
    return lambda r: (r,)


def _network_only(year: YearTables) -> list[Spec]:
    closed = _("Referrals sent in the year, by where they stand today.")
    return [
        Spec(
            "people_hubs_seen",
            "people",
            _("People seen at several hubs"),
            _("People by the number of hubs where they were seen in the year."),
            _("Hubs"),
            _rows(year, "people_hubs_seen", "hubs_seen", total=True),
            [Column("people", _("People"), "people_hubs_seen", lambda r: (r,))],
        ),
        Spec(
            "people_quartier",
            "people",
            _("Unique people by place of residence"),
            _("A person who gave two places counts at each: the rows do not add up."),
            _("Place of residence"),
            _rows(year, "people_quartier", "quartier", total=False),
            [Column("people", _("People"), "people_quartier", lambda r: (r,))],
        ),
        Spec(
            "people_theme",
            "people",
            _("Unique people by theme"),
            _("A person met about two themes counts at each: the rows do not add up."),
            _("Theme"),
            _rows(year, "people_theme", "theme", total=False),
            [Column("people", _("People"), "people_theme", lambda r: (r,))],
        ),
        Spec(
            "campaigns",
            "events",
            _("Campaigns"),
            _("Campaigns running in the year, their events and audience."),
            _("Campaign"),
            _rows(year, "campaign_events", "campaign", total=True),
            [
                Column("events", _("Events"), "campaign_events", lambda r: (r,)),
                Column("audience", _("People"), "campaign_audience", lambda r: (r,)),
            ],
        ),
        Spec(
            "referrals",
            "pathways",
            _("Referrals"),
            closed,
            _("Status"),
            _rows(year, "referrals_status", "referral", total=True),
            [Column("referrals", _("Referrals"), "referrals_status", lambda r: (r,))],
        ),
        Spec(
            "discharges",
            "pathways",
            _("Hospital discharges"),
            _("Discharges of the year and whether a follow-up appointment was booked."),
            _("Follow-up"),
            _rows(year, "discharges", "discharge", total=True, skip_empty=False),
            [Column("discharges", _("Discharges"), "discharges", lambda r: (r,))],
        ),
        Spec(
            "alerts",
            "pathways",
            _("Rupture alerts"),
            _("Alerts raised in the year on a person's pathway, resolved or still open."),
            _("Rule"),
            _rows(year, "alerts_kind_state", "alert", total=True),
            [
                Column(code, label, "alerts_kind_state", _cell_key((), (code,)))
                for code, label in _rows(
                    year, "alerts_kind_state", "alert_state", total=True, skip_empty=False
                )
            ],
        ),
    ]


def _calls_spec(year: YearTables) -> Spec:
    rows = [(code, label) for code, label in year.labels.get("call", {}).items()]
    return Spec(
        "calls",
        "programmes",
        _("Calls for projects"),
        _("Calls closing in the year: applications submitted, accepted, grants and amounts."),
        _("Call"),
        rows + ([(TOTAL, _("Total"))] if rows else []),
        [
            Column("applications", _("Applications"), "calls_applications", lambda r: (r,)),
            Column("accepted", _("Accepted"), "calls_accepted", lambda r: (r,)),
            Column("grants", _("Grants"), "calls_grants", lambda r: (r,)),
            Column("amount", _("Amount (€)"), "call_amounts", lambda r: (r,)),
        ],
    )


def _surveillance_specs(year: YearTables) -> list[Spec]:
    return [
        Spec(
            "declarations",
            "surveillance",
            _("Weekly declarations"),
            _("The partners' weekly declarations of health and social signals."),
            _("Measure"),
            [(code, label) for code, label in year.labels["declaration"].items()],
            [Column("n", _("Number"), lambda r: f"declarations_{r}", lambda r: (r,))],
        ),
        Spec(
            "signal_alerts",
            "surveillance",
            _("Surveillance alerts"),
            _("Alerts raised by the detection over the year's weeks, and how they were judged."),
            _("Signal"),
            _rows(year, "signal_alerts", "signal", total=True),
            [
                Column(code, label, "signal_alerts", _cell_key((), (code,)))
                for code, label in _rows(
                    year, "signal_alerts", "signal_state", total=True, skip_empty=False
                )
            ],
        ),
    ]


def contract_specs(year: YearTables) -> list[Spec]:
    indicators = list(year.labels["indicator"].items())
    blocks = [
        Spec(
            "actions",
            "programmes",
            _("Actions by status"),
            _("The contract's fiches action, by axis and where they stand."),
            _("Axis"),
            _rows(year, "actions_axis_status", "axis", total=True, skip_empty=False),
            [
                Column(code, label, "actions_axis_status", _cell_key((), (code,)))
                for code, label in _rows(year, "actions_axis_status", "action_status", total=True)
            ],
        ),
        Spec(
            "indicators",
            "programmes",
            _("Indicators against their targets"),
            _(
                "Each indicator's value for the year beside its target. A computed count of "
                "one to four people is not published."
            ),
            _("Indicator"),
            indicators,
            [
                Column("target", _("Target"), "indicator_targets", lambda r: (r,)),
                Column("value", _("Value"), lambda r: f"indicator_{r}", lambda r: (r,)),
            ],
        ),
        _calls_spec(year),
    ]
    return [block for block in blocks if block.rows]


def build(spec: Spec, protected: Protected) -> dict[str, Any]:
    rows = []
    for code, label in spec.rows:
        cells = []
        for column in spec.columns:
            table = column.table(code) if callable(column.table) else column.table
            cells.append(list(protected.get(table, {}).get(column.key(code), MISSING)))
        rows.append({"code": code, "label": label, "total": code == TOTAL, "cells": cells})
    return {
        "key": spec.key,
        "section": spec.section,
        "title": spec.title,
        "description": spec.description,
        "row_header": spec.row_header,
        "columns": [{"code": c.code, "label": c.label} for c in spec.columns],
        "rows": rows,
    }


def with_previous(block: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Each cell gets last year's count and status, matched by row and column codes."""
    before: dict[tuple[str, str], list[Any]] = {}
    if previous:
        codes = [c["code"] for c in previous["columns"]]
        for row in previous["rows"]:
            for code, cell in zip(codes, row["cells"], strict=True):
                before[(row["code"], code)] = cell[:2]
    codes = [c["code"] for c in block["columns"]]
    for row in block["rows"]:
        row["cells"] = [
            cell[:2] + before.get((row["code"], code), [None, "missing"])
            for code, cell in zip(codes, row["cells"], strict=True)
        ]
    return block


def hub_label(year: YearTables, hub: str | None) -> str:
    return year.labels["hub"].get(hub or NO_HUB, "") if hub else ""
