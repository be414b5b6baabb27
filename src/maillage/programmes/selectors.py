"""Reads of the programmes app: the contract and action pages, campaigns, computed indicators.

Pages receive counts only: nothing here reads a person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from maillage.activity.models import AudienceCount, PreventionEvent
from maillage.activity.suppression import suppress
from maillage.network.models import Organisation, Territory
from maillage.programmes import access
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    Campaign,
    Direction,
    Indicator,
    IndicatorSource,
    LocalHealthContract,
    Measurement,
    Milestone,
)
from maillage.programmes.sources import CATALOGUE

NOTE_SILENCE = dt.timedelta(days=183)  # "no follow-up note for six months"
MEASUREMENT_AGE = dt.timedelta(days=365)  # an indicator without a measurement for a year


def computed_value(*, indicator: Indicator, year: int) -> int | None:
    """The value of a computed indicator for one year, from its catalogue source."""
    source = CATALOGUE.get(indicator.source)
    return source(indicator, year) if source is not None else None


def unique_people(*, year: int, hub_id: int | None = None) -> int | None:
    indicator = Indicator(source=IndicatorSource.UNIQUE_PEOPLE, hub_id=hub_id)
    return computed_value(indicator=indicator, year=year)


def shown_value(*, measurement: Measurement) -> str:
    """A measurement as pages and exports show it: a computed count of one to four people is
    suppressed as the activity figures are; an entered value is shown as entered."""
    if measurement.computed_from:
        return suppress(measurement.value)
    return str(measurement.value)


# --- indicators -------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    indicator: Indicator
    latest: Measurement | None
    history: list[Measurement]
    targets: dict[int, int]
    shown: str
    target: int | None  # for the latest measurement's year
    off_target: bool
    stale: bool  # no measurement recorded for a year

    @property
    def computed(self) -> bool:
        return self.indicator.source != IndicatorSource.ENTERED


def _meets(direction: str, value: int, target: int) -> bool:
    return value >= target if direction == Direction.HIGHER else value <= target


def indicator_line(indicator: Indicator, now: dt.datetime) -> IndicatorLine:
    """Uses the prefetched measurements (newest recorded first per year) and targets."""
    measurements = sorted(indicator.measurements.all(), key=lambda m: (m.year, m.recorded_at))
    targets = {t.year: t.value for t in indicator.targets.all()}
    latest = measurements[-1] if measurements else None
    target = targets.get(latest.year) if latest is not None else None
    off = latest is not None and target is not None
    off = off and not _meets(indicator.direction, latest.value, target)  # type: ignore[union-attr,arg-type]
    return IndicatorLine(
        indicator=indicator,
        latest=latest,
        history=list(reversed(measurements)),
        targets=targets,
        shown=shown_value(measurement=latest) if latest is not None else "—",
        target=target,
        off_target=off,
        stale=latest is None or now - latest.recorded_at > MEASUREMENT_AGE,
    )


# --- actions ----------------------------------------------------------------------------------


@dataclass
class ActionLine:
    action: Action
    indicators: list[IndicatorLine]
    late: bool
    silent: bool  # no follow-up note for six months
    off_target: bool

    @property
    def flagged(self) -> bool:
        return self.late or self.silent or self.off_target


def _silent(action: Action, notes: list[Any], now: dt.datetime) -> bool:
    if action.status in (ActionStatus.DONE, ActionStatus.ABANDONED, ActionStatus.PLANNED):
        return False
    last = max((note.written_at for note in notes), default=None)
    return last is None or now - last > NOTE_SILENCE


def action_line(action: Action, now: dt.datetime) -> ActionLine:
    indicators = [indicator_line(i, now) for i in action.indicators.all()]
    return ActionLine(
        action=action,
        indicators=indicators,
        late=action.is_late(timezone.localdate(now)),
        silent=_silent(action, list(action.notes.all()), now),
        off_target=any(line.off_target for line in indicators),
    )


def _actions_with_lines() -> QuerySet[Action]:
    return Action.objects.select_related("lead_organisation", "lead_person").prefetch_related(
        "territories",
        "notes",
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related("measurements", "targets"),
        ),
    )


# --- the contract page ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    axis: int | None = None
    lead: int | None = None
    status: str = ""
    territory: int | None = None
    public: str = ""

    def apply(self, actions: QuerySet[Action]) -> QuerySet[Action]:
        if self.axis:
            actions = actions.filter(axis__number=self.axis)
        if self.lead:
            actions = actions.filter(lead_organisation_id=self.lead)
        if self.status:
            actions = actions.filter(status=self.status)
        if self.territory:
            actions = actions.filter(territories__id=self.territory)
        if self.public:
            actions = actions.filter(publics__icontains=f'"{self.public}"')
        return actions


@dataclass
class AxisBlock:
    axis: Axis
    actions: list[ActionLine]
    by_status: dict[str, int]
    indicators_on_target: int
    indicators_off_target: int
    indicators_unmeasured: int


@dataclass
class ContractPage:
    contract: LocalHealthContract
    access: access.ContractAccess
    axes: list[AxisBlock]
    signatories: list[Any]
    leads: list[Organisation]
    territories: list[Territory]
    late: list[ActionLine] = field(default_factory=list)
    stale: list[IndicatorLine] = field(default_factory=list)


def contracts_visible_to(*, actor: Any) -> list[LocalHealthContract]:
    contracts = LocalHealthContract.objects.select_related("territory").order_by("-signed_on")
    if access.reads_every_contract(actor):
        return list(contracts)
    readable = contracts.prefetch_related("signatories")
    return [c for c in readable if access.can_read_contract(actor, c)]


def contract_open(*, actor: Any, slug: str) -> tuple[LocalHealthContract, access.ContractAccess]:
    contract = LocalHealthContract.objects.select_related("territory").filter(slug=slug).first()
    if contract is None:
        raise Http404
    return contract, access.contract_access(actor, contract)


def _axis_block(axis: Axis, lines: list[ActionLine]) -> AxisBlock:
    indicators = [i for line in lines for i in line.indicators]
    return AxisBlock(
        axis=axis,
        actions=lines,
        by_status=dict(Counter(line.action.status for line in lines)),
        indicators_on_target=sum(
            1 for i in indicators if i.target is not None and not i.off_target
        ),
        indicators_off_target=sum(1 for i in indicators if i.off_target),
        indicators_unmeasured=sum(1 for i in indicators if i.latest is None),
    )


def contract_page(
    *, actor: Any, slug: str, filters: ActionFilters | None = None, now: dt.datetime | None = None
) -> ContractPage:
    """The whole plan of one contract in a bounded number of queries."""
    contract, rights = contract_open(actor=actor, slug=slug)
    if not rights.read:
        raise access_denied()
    now = now or timezone.now()
    actions = (filters or ActionFilters()).apply(
        _actions_with_lines().filter(axis__contract=contract)
    )
    by_axis: dict[int, list[ActionLine]] = defaultdict(list)
    for action in actions.distinct().order_by("axis__number", "number"):
        by_axis[action.axis_id].append(action_line(action, now))
    axes = [_axis_block(axis, by_axis[axis.pk]) for axis in contract.axes.all()]
    lines = [line for block in axes for line in block.actions]
    return ContractPage(
        contract=contract,
        access=rights,
        axes=axes,
        signatories=list(contract.signatories.select_related("organisation")),
        leads=list(
            Organisation.objects.filter(led_actions__axis__contract=contract)
            .distinct()
            .order_by("name")
        ),
        territories=list(
            Territory.objects.filter(health_actions__axis__contract=contract)
            .distinct()
            .order_by("name")
        ),
        late=[line for line in lines if line.late],
        stale=[i for line in lines for i in line.indicators if i.stale],
    )


def access_denied() -> Exception:
    from maillage.core.services import PermissionDenied

    return PermissionDenied()


# --- the action page --------------------------------------------------------------------------


@dataclass
class BudgetYear:
    year: int
    lines: list[Any]
    planned: Decimal
    committed: Decimal
    spent: Decimal


@dataclass
class EventLine:
    event: PreventionEvent
    audience: str
    campaign: str


@dataclass
class ActionPage:
    action: Action
    contract: LocalHealthContract
    access: access.ActionAccess
    line: ActionLine
    budget: list[BudgetYear]
    events: list[EventLine]
    campaigns: list[Campaign]


def _budget(action: Action) -> list[BudgetYear]:
    by_year: dict[int, list[Any]] = defaultdict(list)
    for line in action.budget_lines.select_related("funder"):
        by_year[line.year].append(line)
    return [
        BudgetYear(
            year=year,
            lines=lines,
            planned=sum((b.planned for b in lines), Decimal(0)),
            committed=sum((b.committed for b in lines), Decimal(0)),
            spent=sum((b.spent for b in lines), Decimal(0)),
        )
        for year, lines in sorted(by_year.items())
    ]


def _event_lines(events: QuerySet[PreventionEvent]) -> list[EventLine]:
    rows = list(events.select_related("campaign_link__campaign", "hub").order_by("-date"))
    totals: Counter[int] = Counter()
    for count in AudienceCount.objects.filter(event__in=[e.pk for e in rows]):
        totals[count.event_id] += count.count
    return [
        EventLine(
            event=event,
            audience=suppress(totals[event.pk]),
            campaign=_campaign_title(event),
        )
        for event in rows
    ]


def _campaign_title(event: PreventionEvent) -> str:
    link = getattr(event, "campaign_link", None)
    return link.campaign.title if link is not None else ""


def action_open(*, actor: Any, action_id: int) -> tuple[Action, access.ActionAccess]:
    action = Action.objects.select_related("axis__contract").filter(pk=action_id).first()
    if action is None:
        raise Http404
    rights = access.action_access(actor, action)
    if not rights.read:
        raise access_denied()
    return action, rights


def action_page(*, actor: Any, action_id: int, now: dt.datetime | None = None) -> ActionPage:
    action, rights = action_open(actor=actor, action_id=action_id)
    full = (
        _actions_with_lines()
        .select_related("axis__contract")
        .prefetch_related("partners", "milestones", "needs", "decisions")
        .get(pk=action.pk)
    )
    return ActionPage(
        action=full,
        contract=full.axis.contract,
        access=rights,
        line=action_line(full, now or timezone.now()),
        budget=_budget(full),
        events=_event_lines(full.events.all()),
        campaigns=list(full.campaigns.all()),
    )


def linkable_events(*, action: Action, campaign_slug: str = "") -> QuerySet[PreventionEvent]:
    """Prevention events the action may be linked to (a campaign's, when one is chosen)."""
    events = PreventionEvent.objects.exclude(pk__in=action.events.values("pk"))
    if campaign_slug:
        events = events.filter(campaign_link__campaign__slug=campaign_slug)
    return events.select_related("campaign_link__campaign").order_by("-date")


def axis_of(*, contract: LocalHealthContract, number: int) -> Axis:
    axis = contract.axes.filter(number=number).first()
    if axis is None:
        raise Http404
    return axis


def indicator_open(*, actor: Any, indicator_id: int) -> tuple[Indicator, access.ActionAccess]:
    indicator = Indicator.objects.select_related("action__axis__contract").filter(pk=indicator_id)
    found = indicator.first()
    if found is None:
        raise Http404
    return found, access.action_access(actor, found.action)


def computed_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.exclude(source=IndicatorSource.ENTERED).select_related("action")


def indicators_of_action(*, action_id: int) -> QuerySet[Indicator]:
    return computed_indicators().filter(action_id=action_id)


def latest_values(*, indicator: Indicator) -> dict[int, int]:
    """Year → value of the newest measurement of each year."""
    values: dict[int, int] = {}
    for m in indicator.measurements.order_by("year", "recorded_at"):
        values[m.year] = m.value
    return values


# --- campaigns --------------------------------------------------------------------------------


@dataclass
class CampaignPage:
    campaign: Campaign
    events: list[EventLine]
    partners: list[Organisation]
    audience: str
    actions: list[Action]


def campaigns_between(*, start: dt.date, end: dt.date) -> QuerySet[Campaign]:
    return Campaign.objects.filter(starts_on__lte=end, ends_on__gte=start).order_by("starts_on")


def campaigns_all() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-starts_on", "title")


def campaign_page(*, slug: str) -> CampaignPage:
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise Http404
    events = campaign.events.all()
    lines = _event_lines(events)
    total = AudienceCount.objects.filter(event__in=events).values_list("count", flat=True)
    event_ids = [line.event.pk for line in lines]
    partner_ids = PreventionEvent.partners.through.objects.filter(
        preventionevent_id__in=event_ids
    ).values("organisation_id")
    partners = Organisation.objects.filter(
        Q(pk__in=partner_ids) | Q(prevention_events__in=event_ids)
    )
    return CampaignPage(
        campaign=campaign,
        events=lines,
        partners=list(partners.distinct().order_by("name")),
        audience=suppress(sum(total)),
        actions=list(campaign.actions.select_related("axis__contract")),
    )


def campaign_by_slug(*, slug: str) -> Campaign | None:
    return Campaign.objects.filter(slug=slug).first()


def events_by_ids(*, ids: list[int]) -> list[PreventionEvent]:
    return list(PreventionEvent.objects.filter(pk__in=ids))


# --- reminders --------------------------------------------------------------------------------


def milestones_to_remind(*, until: dt.date) -> QuerySet[Milestone]:
    """Open milestones due by `until` of running actions, not reminded yet."""
    return Milestone.objects.filter(
        done_on__isnull=True,
        reminded_on__isnull=True,
        due_on__lte=until,
        action__status__in=(ActionStatus.PLANNED, ActionStatus.IN_PROGRESS),
    ).select_related("action__lead_person")


def measurements_due(*, year: int, before: dt.date) -> QuerySet[Indicator]:
    """Entered indicators of running actions without a measurement for `year`, not reminded
    since `before`."""
    return (
        Indicator.objects.filter(
            source=IndicatorSource.ENTERED,
            action__status__in=(ActionStatus.IN_PROGRESS, ActionStatus.DONE),
        )
        .exclude(measurements__year=year)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=before))
        .select_related("action__lead_person")
    )


# --- choices for the forms --------------------------------------------------------------------


def action_territories() -> QuerySet[Territory]:
    """Communes and quartiers an action may target."""
    kinds = (Territory.Kind.COMMUNE, Territory.Kind.QUARTIER)
    return Territory.objects.filter(kind__in=kinds).order_by("kind", "name")


def possible_lead_people() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name")


def hubs_by_name() -> QuerySet[Any]:
    from maillage.network.models import Hub

    return Hub.objects.order_by("name")


def linkable_events_base() -> QuerySet[PreventionEvent]:
    return PreventionEvent.objects.none()


# --- the annual reports' reads ---------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorYear:
    action: str
    definition: str
    unit: str
    counts_people: bool  # a computed count of people: protected like the activity figures
    target: int | None
    value: int | None
    previous: int | None


@dataclass(frozen=True)
class ContractYear:
    contract: LocalHealthContract
    actions_by_axis: list[tuple[str, dict[str, int]]]  # axis title -> {status: actions}
    indicators: list[IndicatorYear]
    budget: dict[str, Decimal]  # planned, committed, spent in the year


PEOPLE_SOURCES = frozenset({IndicatorSource.UNIQUE_PEOPLE, IndicatorSource.AUDIENCE})


def _value_of(measurements: list[Measurement], year: int) -> int | None:
    of_year = [m for m in measurements if m.year == year]
    return max(of_year, key=lambda m: m.recorded_at).value if of_year else None


def report_contract(*, contract_id: int, year: int) -> ContractYear:
    """One contract's year: actions by status per axis, indicators, budget; bounded queries."""
    contract = LocalHealthContract.objects.get(pk=contract_id)
    actions = Action.objects.filter(axis__contract=contract).select_related("axis")
    by_axis: dict[str, Counter[str]] = {
        f"{axis.number}. {axis.title}": Counter() for axis in contract.axes.all()
    }
    for action in actions:
        by_axis[f"{action.axis.number}. {action.axis.title}"][action.status] += 1
    indicators = Indicator.objects.filter(action__axis__contract=contract).select_related("action")
    indicators = indicators.prefetch_related("measurements", "targets").order_by(
        "action__axis__number", "action__number", "pk"
    )
    lines = [_indicator_year(indicator, year) for indicator in indicators]
    budget = BudgetLine.objects.filter(action__axis__contract=contract, year=year).aggregate(
        planned=Sum("planned"), committed=Sum("committed"), spent=Sum("spent")
    )
    return ContractYear(
        contract=contract,
        actions_by_axis=[(title, dict(counter)) for title, counter in by_axis.items()],
        indicators=lines,
        budget={key: value or Decimal(0) for key, value in budget.items()},
    )


def _indicator_year(indicator: Indicator, year: int) -> IndicatorYear:
    measurements = list(indicator.measurements.all())
    targets = {t.year: t.value for t in indicator.targets.all()}
    return IndicatorYear(
        action=f"{indicator.action.number} {indicator.action.title}",
        definition=indicator.definition,
        unit=indicator.unit,
        counts_people=indicator.source in PEOPLE_SOURCES,
        target=targets.get(year),
        value=_value_of(measurements, year),
        previous=_value_of(measurements, year - 1),
    )


def report_campaigns(*, year: int) -> list[dict[str, Any]]:
    """Campaigns running in a year, with their events and audience."""
    campaigns = Campaign.objects.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    campaigns = campaigns.annotate(
        n_events=Count("events", distinct=True), audience=Sum("events__audience__count")
    )
    return [
        {"slug": c.slug, "title": c.title, "events": c.n_events, "audience": c.audience or 0}
        for c in campaigns.order_by("starts_on", "title")
    ]
