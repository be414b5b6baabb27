"""Reads of the activity app, each with a bounded number of queries.

Nothing here returns a name: contacts hold encodings, figures are counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from maillage.activity.access import recording_organisation_ids
from maillage.activity.models import AudienceCount, Contact, CountRun, Figure, PreventionEvent
from maillage.core.permissions import is_coordinator
from maillage.network.models import Hub, Organisation, Territory


@dataclass(frozen=True)
class Place:
    """Where a contact happens: a hub (and its host) or an organisation."""

    value: str  # "hub:<id>" or "org:<id>"
    label: str
    organisation_id: int
    hub_id: int | None = None


def recording_places(*, actor: Any) -> list[Place]:
    """Hubs then organisations the actor may record for; a coordinator may record for all."""
    hubs = Hub.objects.select_related("host").order_by("name")
    organisations = Organisation.objects.order_by("name")
    if not is_coordinator(actor):
        ids = recording_organisation_ids(actor)
        hubs = hubs.filter(host_id__in=ids)
        organisations = organisations.filter(pk__in=ids)
    places = [Place(f"hub:{h.pk}", h.name, h.host_id, h.pk) for h in hubs]
    places += [Place(f"org:{o.pk}", o.name, o.pk) for o in organisations]
    return places


def place_organisation_and_hub(*, place: Place) -> tuple[Organisation, Hub | None]:
    """The organisation a recording place stands for, and its hub when it is one."""
    organisation = Organisation.objects.get(pk=place.organisation_id)
    hub = Hub.objects.get(pk=place.hub_id) if place.hub_id else None
    return organisation, hub


def default_place(*, actor: Any, places: list[Place]) -> str:
    """My hub first (the one I am referent of), else the first hub or organisation I serve."""
    mine = Hub.objects.filter(referent=actor).values_list("pk", flat=True).first()
    own = recording_organisation_ids(actor)
    for place in places:
        if place.hub_id is not None and place.hub_id == mine:
            return place.value
    for place in places:
        if place.organisation_id in own:
            return place.value
    return places[0].value if places else ""


def residence_places() -> QuerySet[Territory]:
    """Quartiers first, then communes: where people say they live."""
    return Territory.objects.filter(
        kind__in=[Territory.Kind.QUARTIER, Territory.Kind.COMMUNE]
    ).order_by("-kind", "name")


def contacts_today(*, actor: Any) -> QuerySet[Contact]:
    """Today's contacts at the places I serve (a coordinator: those I recorded)."""
    contacts = Contact.objects.filter(date=timezone.localdate())
    if is_coordinator(actor):
        contacts = contacts.filter(recorded_by=actor)
    else:
        contacts = contacts.filter(organisation_id__in=recording_organisation_ids(actor))
    return contacts.select_related("hub", "organisation", "quartier").order_by("-recorded_at")


def contacts_for_beneficiary(*, beneficiary_id: Any) -> QuerySet[Contact]:
    """A pathway file's contacts, newest first; pathways checks access before calling."""
    return (
        Contact.objects.filter(beneficiary_id=beneficiary_id)
        .select_related("hub", "organisation", "quartier")
        .order_by("-date", "-id")
    )


def files_contacted_since(*, since: date) -> QuerySet[Any]:
    """The ids of the pathway files with a contact on or after `since` (`values`, to filter
    with): pathways' no-contact rule reads it, registered by `ActivityConfig.ready`."""
    return Contact.objects.filter(beneficiary__isnull=False, date__gte=since).values(
        "beneficiary_id"
    )


def latest_run() -> CountRun | None:
    return CountRun.objects.filter(status=CountRun.Status.DONE).order_by("-started_at").first()


@dataclass
class FiguresPage:
    run: CountRun | None
    year: int | None
    years: list[int] = field(default_factory=list)
    network: Figure | None = None
    by_scope: dict[str, list[Figure]] = field(default_factory=dict)


def figures_for(*, year: int | None = None) -> FiguresPage:
    """The last run's figures for one year (the latest year by default)."""
    run = latest_run()
    if run is None:
        return FiguresPage(run=None, year=None)
    years = sorted(
        set(run.figures.filter(scope="network").values_list("year", flat=True)), reverse=True
    )
    if year not in years:
        year = years[0] if years else None
    page = FiguresPage(run=run, year=year, years=years)
    if year is None:
        return page
    for figure in run.figures.filter(year=year).order_by("scope", "-people", "label"):
        if figure.scope == "network":
            page.network = figure
        else:
            page.by_scope.setdefault(figure.scope, []).append(figure)
    page.by_scope.get("hubs_seen", []).sort(key=lambda f: f.key)
    return page


def events_list(*, year: int | None = None) -> QuerySet[PreventionEvent]:
    events = PreventionEvent.objects.select_related("organiser", "hub", "quartier")
    events = events.prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name"))
    ).annotate(reached=Sum("audience__count"))
    events = events.order_by("-date", "-id")  # Meta.ordering is dropped by GROUP BY
    return events.filter(date__year=year) if year else events


def event_years() -> list[int]:
    return [d.year for d in PreventionEvent.objects.dates("date", "year", order="DESC")]


def event_audience(*, events: list[PreventionEvent]) -> dict[int, list[AudienceCount]]:
    cells: dict[int, list[AudienceCount]] = {}
    for cell in AudienceCount.objects.filter(event__in=events).order_by("age_band", "sex"):
        cells.setdefault(cell.event_id, []).append(cell)
    return cells


def events_totals(*, year: int) -> list[dict[str, Any]]:
    """Events and people reached per kind in a year (for the figures page)."""
    rows = (
        PreventionEvent.objects.filter(date__year=year)
        .values("kind")
        .annotate(reached=Sum("audience__count"), events=Count("pk", distinct=True))
        .order_by("kind")
    )
    return [dict(row) for row in rows]


# --- the annual reports' reads (counts only; the reports app protects them) -----------------


def report_figures(*, year: int) -> list[Figure]:
    """The last unique-people count's figures for one year, every scope."""
    run = latest_run()
    if run is None:
        return []
    return list(run.figures.filter(year=year).order_by("scope", "key"))


def report_contact_cells(*, year: int, hub_id: int | None = None) -> list[Any]:
    """Contacts of a year counted by hub, kind, age band, sex and quartier in one query."""
    contacts = Contact.objects.filter(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
    if hub_id is not None:
        contacts = contacts.filter(hub_id=hub_id)
    return list(
        contacts.values("hub_id", "kind", "age_band", "sex", "quartier_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def report_contact_themes(*, year: int, hub_id: int | None = None) -> list[Any]:
    """Contacts of a year by their list of themes (a contact may have several)."""
    contacts = Contact.objects.filter(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
    if hub_id is not None:
        contacts = contacts.filter(hub_id=hub_id)
    return list(contacts.values("hub_id", "themes").annotate(n=Count("pk")).order_by())


def report_events(*, year: int, hub_id: int | None = None) -> list[Any]:
    """Prevention events of a year with their audience, one row per event."""
    events = PreventionEvent.objects.filter(date__year=year)
    if hub_id is not None:
        events = events.filter(hub_id=hub_id)
    return list(
        events.values("pk", "kind", "hub_id").annotate(reached=Sum("audience__count")).order_by()
    )
