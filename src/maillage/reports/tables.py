"""The year's counts as frequency tables, read from the other apps' selectors.

Every table a report shows comes from one of these, so that the hub reports and the network
report of a year are slices of the same protected tables: they cannot disagree, and one cannot
be subtracted from the other to undo a suppression. Level codes are stable across years
(`h12` for a hub, vocabulary codes for the rest) so that a figure finds last year's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from maillage.activity import selectors as activity
from maillage.activity.models import AgeBand, Kind, PreventionEvent, Theme
from maillage.calls import selectors as calls_selectors
from maillage.core.vocabulary import Sex
from maillage.meetings import selectors as meetings
from maillage.network.models import Hub, Territory
from maillage.pathways import selectors as pathways
from maillage.pathways.models import Referral
from maillage.pathways.models.alert import AlertKind
from maillage.programmes import selectors as programmes
from maillage.programmes.models import ActionStatus
from maillage.surveillance import selectors as surveillance

PEOPLE_THRESHOLD = 5  # counts of people or of what concerns a person (contacts, referrals…)
THINGS_THRESHOLD = 1  # counts of meetings, events, needs, grants: no person to protect
NO_HUB = "none"
UNKNOWN = "unknown"


@dataclass
class EngineTable:
    """One frequency table for the disclosure engine; `population` links tables counting the
    same things (their grand totals are the same number)."""

    key: str
    dims: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    counts: dict[tuple[str, ...], int] = field(default_factory=dict)
    threshold: int = PEOPLE_THRESHOLD
    population: str = ""

    def add(self, key: tuple[str, ...], n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


@dataclass
class YearTables:
    year: int
    tables: dict[str, EngineTable]
    labels: dict[str, dict[str, str]]  # dimension -> level code -> label
    medians: dict[str, float | None]  # days, over referrals of the year (None under the threshold)
    headline: dict[str, int | None] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def hub_code(hub_id: int | None) -> str:
    return f"h{hub_id}" if hub_id else NO_HUB


def _table(
    key: str, dims: Mapping[str, Iterable[str]], *, threshold: int, population: str
) -> EngineTable:
    return EngineTable(
        key,
        tuple(dims),
        tuple(tuple(levels) for levels in dims.values()),
        threshold=threshold,
        population=population or key,
    )


def collect(*, year: int) -> YearTables:
    """Every table of a year, for the network and each hub, in a bounded number of queries."""
    hubs = list(Hub.objects.order_by("name"))
    hub_levels = [hub_code(h.pk) for h in hubs]
    labels: dict[str, dict[str, str]] = {
        "hub": {hub_code(h.pk): h.name for h in hubs} | {NO_HUB: _("Outside the hubs")},
        "kind": {str(k): str(k.label) for k in Kind},
        "age": {str(a): str(a.label) for a in AgeBand},
        "sex": {str(s): str(s.label) for s in Sex},
        "theme": {str(t): str(t.label) for t in Theme},
        "status": {"new": _("New people"), "returning": _("Returning people")},
        "hubs_seen": {"1": _("One hub"), "2": _("Two hubs"), "3+": _("Three hubs or more")},
        "event_kind": {str(k): str(k.label) for k in PreventionEvent.Kind},
        "alert": {str(k): str(k.label) for k in AlertKind},
        "alert_state": {"resolved": _("Resolved"), "open": _("Open")},
        "referral": {str(s): str(s.label) for s in Referral.Status},
        "discharge": {
            "followed": _("With a follow-up appointment"),
            "not_followed": _("Without an appointment"),
        },
    }
    tables: dict[str, EngineTable] = {}
    _people(tables, labels, year, hub_levels)
    _contacts(tables, labels, year, hub_levels)
    _events(tables, labels, year, hub_levels)
    _meetings(tables, year, hub_levels)
    medians = _pathways(tables, year)
    _calls(tables, labels, year, None)
    _surveillance(tables, labels, year)
    return YearTables(year, tables, labels, medians)


def collect_contract(*, year: int, contract_id: int) -> YearTables:
    """A CLS's year: actions by status per axis, indicators against targets, its calls."""
    plan = programmes.report_contract(contract_id=contract_id, year=year)
    labels: dict[str, dict[str, str]] = {
        "axis": {f"a{i}": title for i, (title, _counts) in enumerate(plan.actions_by_axis)},
        "action_status": {str(s): str(s.label) for s in ActionStatus},
    }
    tables: dict[str, EngineTable] = {}
    actions = _table(
        "actions_axis_status",
        {"axis": list(labels["axis"]) or [UNKNOWN], "action_status": list(labels["action_status"])},
        threshold=THINGS_THRESHOLD,
        population="actions",
    )
    for i, (_title, counts) in enumerate(plan.actions_by_axis):
        for status, n in counts.items():
            actions.add((f"a{i}", status), n)
    tables[actions.key] = actions
    labels["indicator"] = {}
    for i, line in enumerate(plan.indicators):
        code = f"i{i}"
        labels["indicator"][code] = f"{line.action} — {line.definition}"
        # each value alone: a count of people of one to four is hidden, nothing else
        value = _table(
            f"indicator_{code}",
            {"indicator": [code]},
            threshold=PEOPLE_THRESHOLD if line.counts_people else THINGS_THRESHOLD,
            population=f"indicator_{code}",
        )
        value.add((code,), max(line.value or 0, 0))
        tables[value.key] = value
    _calls(tables, labels, year, contract_id)
    year_tables = YearTables(year, tables, labels, {})
    year_tables.extra = {
        "indicators": [
            {
                "code": f"i{i}",
                "target": line.target,
                "unit": line.unit,
                "measured": line.value is not None,
            }
            for i, line in enumerate(plan.indicators)
        ],
        "budget": {key: str(value) for key, value in plan.budget.items()},
    }
    return year_tables


def _calls(
    tables: dict[str, EngineTable], labels: dict, year: int, contract_id: int | None
) -> None:
    calls = calls_selectors.report_calls(year=year, contract_id=contract_id)
    codes = [f"k{i}" for i in range(len(calls))] or [UNKNOWN]
    labels["call"] = {f"k{i}": c.title for i, c in enumerate(calls)}
    for measure in ("applications", "accepted", "grants"):
        table = _table(
            f"calls_{measure}",
            {"call": codes},
            threshold=THINGS_THRESHOLD,
            population=f"calls_{measure}",
        )
        for code, call in zip(codes, calls, strict=False):
            table.add((code,), getattr(call, measure))
        tables[table.key] = table
    labels["call_amount"] = {f"k{i}": str(c.amount) for i, c in enumerate(calls)}


def _surveillance(tables: dict[str, EngineTable], labels: dict, year: int) -> None:
    rows = surveillance.report_alerts(year=year)
    codes = [r["signal__code"] for r in rows] or [UNKNOWN]
    labels["signal"] = {r["signal__code"]: r["signal__name"] for r in rows}
    states = ["confirmed", "dismissed", "other"]
    labels["signal_state"] = {
        "confirmed": _("Confirmed"),
        "dismissed": _("Dismissed"),
        "other": _("Being judged"),
    }
    alerts = _table(
        "signal_alerts",
        {"signal": codes, "signal_state": states},
        threshold=THINGS_THRESHOLD,
        population="signal_alerts",
    )
    for r in rows:
        other = r["raised"] - r["confirmed"] - r["dismissed"]
        for state, n in zip(states, (r["confirmed"], r["dismissed"], other), strict=True):
            alerts.add((r["signal__code"], state), n)
    tables[alerts.key] = alerts
    weeks = surveillance.report_weeks(year=year)
    labels["declaration"] = {
        "declarations": _("Weekly declarations received"),
        "organisations": _("Declaring organisations"),
        "weeks": _("Weeks covered"),
    }
    for measure in labels["declaration"]:
        table = _table(
            f"declarations_{measure}",
            {"declaration": [measure]},
            threshold=THINGS_THRESHOLD,
            population=f"decl_{measure}",
        )
        table.add((measure,), weeks.get(measure) or 0)
        tables[table.key] = table


def _people(tables: dict[str, EngineTable], labels: dict, year: int, hub_levels: list[str]) -> None:
    figures = activity.report_figures(year=year)
    status = {"status": ["new", "returning"]}
    by_hub = _table("people_hub", {"hub": hub_levels} | status, threshold=5, population="p_hub")
    network = _table("people_network", status, threshold=5, population="p_network")
    multi = _table("people_multi_hub", {"hub": hub_levels}, threshold=5, population="p_multi")
    quartiers = sorted({f.key for f in figures if f.scope == "quartier"})
    labels["quartier"] = {f.key: f.label for f in figures if f.scope == "quartier"}
    by_quartier = _table(
        "people_quartier", {"quartier": quartiers or [UNKNOWN]}, threshold=5, population="p_q"
    )
    themes = [str(t) for t in Theme]
    by_theme = _table("people_theme", {"theme": themes}, threshold=5, population="p_theme")
    seen = _table(
        "people_hubs_seen", {"hubs_seen": ["1", "2", "3+"]}, threshold=5, population="p_seen"
    )
    for f in figures:
        split = {("new",): f.new_people, ("returning",): f.people - f.new_people}
        if f.scope == "network":
            for key, n in split.items():
                network.add(key, n)
        elif f.scope == "hub" and hub_code(int(f.key)) in hub_levels:
            for (state,), n in split.items():
                by_hub.add((hub_code(int(f.key)), state), n)
            multi.add((hub_code(int(f.key)),), f.multi_hub_people)
        elif f.scope == "quartier":
            by_quartier.add((f.key,), f.people)
        elif f.scope == "theme" and f.key in themes:
            by_theme.add((f.key,), f.people)
        elif f.scope == "hubs_seen":
            seen.add((f.key,), f.people)
    for table in (by_hub, network, multi, by_quartier, by_theme, seen):
        tables[table.key] = table


def _contacts(
    tables: dict[str, EngineTable], labels: dict, year: int, hub_levels: list[str]
) -> None:
    cells = activity.report_contact_cells(year=year)
    quartier_ids = sorted({c["quartier_id"] for c in cells if c["quartier_id"]})
    names = dict(Territory.objects.filter(pk__in=quartier_ids).values_list("pk", "name"))
    labels["residence"] = {f"t{pk}": name for pk, name in names.items()} | {UNKNOWN: _("Not given")}
    hubs = [*hub_levels, NO_HUB]
    kind = _table(
        "contacts_hub_kind",
        {"hub": hubs, "kind": [str(k) for k in Kind]},
        threshold=5,
        population="contacts",
    )
    age_sex = _table(
        "contacts_hub_age_sex",
        {"hub": hubs, "age": [str(a) for a in AgeBand], "sex": [str(s) for s in Sex]},
        threshold=5,
        population="contacts",
    )
    residence = sorted(labels["residence"], key=lambda code: labels["residence"][code])
    place = _table(
        "contacts_hub_residence",
        {"hub": hubs, "residence": residence},
        threshold=5,
        population="contacts",
    )
    for c in cells:
        hub = hub_code(c["hub_id"]) if hub_code(c["hub_id"]) in hubs else NO_HUB
        kind.add((hub, c["kind"]), c["n"])
        age_sex.add((hub, c["age_band"], c["sex"]), c["n"])
        where = f"t{c['quartier_id']}" if c["quartier_id"] else UNKNOWN
        place.add((hub, where), c["n"])
    themes = [str(t) for t in Theme]
    by_theme = _table(
        "contacts_theme_hub",
        {"theme": themes, "hub": hubs},
        threshold=5,
        population="contacts_themes",
    )
    for row in activity.report_contact_themes(year=year):
        hub = hub_code(row["hub_id"]) if hub_code(row["hub_id"]) in hubs else NO_HUB
        for theme in _themes(row["themes"]):
            if theme in themes:
                by_theme.add((theme, hub), row["n"])
    for table in (kind, age_sex, place, by_theme):
        tables[table.key] = table


def _themes(value: Any) -> list[str]:
    if isinstance(value, str):  # some backends hand the JSON text back when grouping by it
        value = json.loads(value or "[]")
    return [str(v) for v in value or []]


def _events(tables: dict[str, EngineTable], labels: dict, year: int, hub_levels: list[str]) -> None:
    hubs = [*hub_levels, NO_HUB]
    kinds = {"event_kind": [str(k) for k in PreventionEvent.Kind]}
    events = _table("events_hub_kind", {"hub": hubs} | kinds, threshold=1, population="events")
    audience = _table(
        "audience_hub_kind", {"hub": hubs} | kinds, threshold=5, population="audience"
    )
    for row in activity.report_events(year=year):
        hub = hub_code(row["hub_id"]) if hub_code(row["hub_id"]) in hubs else NO_HUB
        events.add((hub, row["kind"]), 1)
        audience.add((hub, row["kind"]), row["reached"] or 0)
    tables[events.key] = events
    tables[audience.key] = audience
    campaigns = programmes.report_campaigns(year=year)
    names = {"campaign": [c["slug"] for c in campaigns] or [UNKNOWN]}
    held = _table("campaign_events", names, threshold=1, population="campaign_events")
    reached = _table("campaign_audience", names, threshold=5, population="campaign_audience")
    for campaign in campaigns:
        held.add((campaign["slug"],), campaign["events"])
        reached.add((campaign["slug"],), campaign["audience"])
    labels["campaign"] = {c["slug"]: c["title"] for c in campaigns}
    tables[held.key] = held
    tables[reached.key] = reached


def _meetings(tables: dict[str, EngineTable], year: int, hub_levels: list[str]) -> None:
    hubs = {"hub": hub_levels}
    measures = {
        "meetings_held": 1,
        "partner_organisations": 1,
        "inhabitants": 5,
        "habitants_relais": 5,
    }
    made = {
        m: _table(f"meetings_{m}", hubs, threshold=t, population=f"m_{m}")
        for m, t in measures.items()
    }
    for row in meetings.funder_figures(year=year):
        code = hub_code(row.hub_id)
        if code in hub_levels:
            for measure, table in made.items():
                table.add((code,), getattr(row, measure))
    needs = _table(
        "needs_hub", hubs | {"need_state": ["raised", "addressed"]}, threshold=1, population="needs"
    )
    for need in meetings.report_needs(year=year):
        code = hub_code(need["hub_id"])
        if code in hub_levels:
            needs.add((code, "raised"), need["raised"])
            needs.add((code, "addressed"), need["addressed"])
    for table in (*made.values(), needs):
        tables[table.key] = table


def _pathways(tables: dict[str, EngineTable], year: int) -> dict[str, float | None]:
    referrals = pathways.report_referrals(year=year)
    statuses = [str(s) for s in Referral.Status if s != Referral.Status.DRAFT]
    sent = _table("referrals_status", {"referral": statuses}, threshold=5, population="referrals")
    for status, n in referrals.by_status.items():
        if status in statuses:
            sent.add((status,), n)
    discharges = _table(
        "discharges",
        {"discharge": ["followed", "not_followed"]},
        threshold=5,
        population="discharges",
    )
    for state, n in pathways.report_discharges(year=year).items():
        discharges.add((state,), n)
    alerts = _table(
        "alerts_kind_state",
        {"alert": [str(k) for k in AlertKind], "alert_state": ["resolved", "open"]},
        threshold=5,
        population="alerts",
    )
    for row in pathways.report_alerts(year=year):
        alerts.add((row["kind"], "resolved"), row["resolved"])
        alerts.add((row["kind"], "open"), row["open"])
    for table in (sent, discharges, alerts):
        tables[table.key] = table
    return {
        "days_to_answer": _median(referrals.days_to_answer),
        "days_to_close": _median(referrals.days_to_close),
    }


def _median(values: list[float]) -> float | None:
    """A median over fewer than five referrals would describe a person's case: not given."""
    if len(values) < PEOPLE_THRESHOLD:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 1)


def grouped_by_population(tables: Iterable[EngineTable]) -> dict[str, list[EngineTable]]:
    groups: dict[str, list[EngineTable]] = defaultdict(list)
    for table in tables:
        groups[table.population].append(table)
    return dict(groups)
