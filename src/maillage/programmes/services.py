"""Writes of the programmes app: one user action, one service, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activity.models import PreventionEvent
from maillage.core.audit import AuditAction
from maillage.core.notifications import Mail, mail_after_commit
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation, Territory
from maillage.programmes import selectors
from maillage.programmes.access import can_edit_action, can_edit_contract
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    Campaign,
    CampaignEvent,
    FollowUpNote,
    Indicator,
    IndicatorSource,
    Milestone,
    Participation,
    Priority,
    Target,
)
from maillage.programmes.models import Measurement as IndicatorMeasurement


class InvalidChange(ValueError):
    """A change refused for its content; the message names the field."""


# --- payloads ---------------------------------------------------------------------------------


@dataclass
class ActionData:
    """What a fiche action holds; forms and the import build it, services write it."""

    number: str
    title: str
    objectives: str = ""
    description: str = ""
    lead_organisation: Organisation | None = None
    lead_person: Any = None
    partners: list[Organisation] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    priority: str = Priority.MEDIUM
    participation: str = Participation.NONE
    start: dt.date | None = None
    planned_end: dt.date | None = None
    status: str = ActionStatus.PLANNED

    FIELDS = (
        "number", "title", "objectives", "description", "lead_organisation", "lead_person",
        "partners", "publics", "territories", "priority", "participation", "start",
        "planned_end", "status",
    )  # fmt: skip
    MANY = ("partners", "territories")

    def check(self) -> None:
        if not self.number.strip():
            raise InvalidChange(_("Number: required."))
        if not self.title.strip():
            raise InvalidChange(_("Title: required."))
        if self.start and self.planned_end and self.planned_end < self.start:
            raise InvalidChange(_("Planned end: before the start."))


@dataclass
class IndicatorData:
    definition: str
    source: str = IndicatorSource.ENTERED
    unit: str = ""
    direction: str = "higher"
    baseline: int | None = None
    hub: Any = None
    themes: list[str] = field(default_factory=list)
    linked_events_only: bool = True
    targets: dict[int, int] = field(default_factory=dict)


@dataclass
class CampaignData:
    slug: str
    title: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date
    themes: list[str] = field(default_factory=list)
    description: str = ""
    actions: list[Action] = field(default_factory=list)


def _require_action_editor(actor: Any, action: Action) -> None:
    if not can_edit_action(actor, action):
        raise PermissionDenied


def _require_coordinator(actor: Any) -> None:
    if not can_edit_contract(actor):
        raise PermissionDenied


def _write_action(action: Action, data: ActionData) -> None:
    data.check()
    for name in data.FIELDS:
        if name not in data.MANY:
            setattr(action, name, getattr(data, name))
    action.save()
    action.partners.set(data.partners)
    action.territories.set(data.territories)


def _action_detail(data: ActionData) -> dict[str, Any]:
    return {"number": data.number, "title": data.title, "status": data.status}


# --- actions ----------------------------------------------------------------------------------


@transaction.atomic
def action_create(*, actor: Any, axis: Axis, data: ActionData, request: Any = None) -> Action:
    """The coordinator adds a fiche action under an axis."""
    _require_coordinator(actor)
    if axis.actions.filter(number=data.number).exists():
        raise InvalidChange(
            _("Number: %(number)s already exists under this axis.") % {"number": data.number}
        )
    action = Action(axis=axis)
    _write_action(action, data)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_ACTION_CREATE,
        obj=action,
        request=request,
        detail=_action_detail(data),
    )
    return action


@transaction.atomic
def action_update(*, actor: Any, action: Action, data: ActionData, request: Any = None) -> Action:
    """The coordinator or the action's lead changes the fiche (status included)."""
    _require_action_editor(actor, action)
    clash = action.axis.actions.filter(number=data.number).exclude(pk=action.pk)
    if clash.exists():
        raise InvalidChange(
            _("Number: %(number)s already exists under this axis.") % {"number": data.number}
        )
    _write_action(action, data)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_ACTION_UPDATE,
        obj=action,
        request=request,
        detail=_action_detail(data),
    )
    return action


@transaction.atomic
def action_link_events(
    *, actor: Any, action: Action, events: list[PreventionEvent], request: Any = None
) -> None:
    """Link prevention events to the action; its event indicators are recomputed after commit."""
    _require_action_editor(actor, action)
    action.events.add(*events)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_ACTION_LINK_EVENTS,
        obj=action,
        request=request,
        detail={"events": [event.pk for event in events]},
    )
    transaction.on_commit(lambda: _enqueue_recompute(action.pk))


def _enqueue_recompute(action_id: int) -> None:
    from maillage.programmes.tasks import recompute_indicators

    recompute_indicators.enqueue(action_id=action_id)


@transaction.atomic
def note_add(*, actor: Any, action: Action, text: str, request: Any = None) -> FollowUpNote:
    _require_action_editor(actor, action)
    if not text.strip():
        raise InvalidChange(_("Note: required."))
    note = FollowUpNote.objects.create(action=action, text=text.strip(), written_by=actor)
    # The note's text stays out of the audit trail: it is free text.
    audit_record(actor=actor, action=AuditAction.PROGRAMME_NOTE_ADD, obj=note, request=request)
    return note


@transaction.atomic
def milestone_add(
    *, actor: Any, action: Action, title: str, due_on: dt.date, request: Any = None
) -> Milestone:
    _require_action_editor(actor, action)
    if not title.strip():
        raise InvalidChange(_("Title: required."))
    milestone = Milestone.objects.create(action=action, title=title.strip(), due_on=due_on)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_MILESTONE_ADD,
        obj=milestone,
        request=request,
        detail={"action": action.pk, "due_on": due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def budget_line_set(
    *,
    actor: Any,
    action: Action,
    year: int,
    funder: Organisation,
    planned: Decimal,
    committed: Decimal,
    spent: Decimal,
    request: Any = None,
) -> BudgetLine:
    """One funder's planned, committed and spent amounts for one year (replaces that line)."""
    _require_action_editor(actor, action)
    if min(planned, committed, spent) < 0:
        raise InvalidChange(_("Amount: must not be negative."))
    line, _created = BudgetLine.objects.update_or_create(
        action=action,
        year=year,
        funder=funder,
        defaults={"planned": planned, "committed": committed, "spent": spent},
    )
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_BUDGET_SET,
        obj=line,
        request=request,
        detail={"year": year, "funder": funder.pk, "planned": str(planned)},
    )
    return line


@transaction.atomic
def indicator_create(
    *, actor: Any, action: Action, data: IndicatorData, request: Any = None
) -> Indicator:
    _require_action_editor(actor, action)
    if not data.definition.strip():
        raise InvalidChange(_("Definition: required."))
    values = {k: v for k, v in asdict(data).items() if k not in ("targets", "hub")}
    indicator = Indicator.objects.create(action=action, hub=data.hub, **values)
    for year, value in data.targets.items():
        Target.objects.create(indicator=indicator, year=year, value=value)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_INDICATOR_CREATE,
        obj=indicator,
        request=request,
        detail={"action": action.pk, "source": data.source},
    )
    if data.source != IndicatorSource.ENTERED:
        transaction.on_commit(lambda: _enqueue_recompute(action.pk))
    return indicator


# --- measurements -----------------------------------------------------------------------------


def _source_label(indicator: Indicator, year: int) -> str:
    label = f"{indicator.get_source_display()} {year}"
    if indicator.hub_id is not None:
        label += f", {indicator.hub}"
    if indicator.themes:
        label += f", {', '.join(indicator.themes)}"
    return label


@transaction.atomic
def compute_measurement(*, indicator: Indicator, year: int) -> IndicatorMeasurement | None:
    """Record a computed indicator's value for one year from its source (None: nothing counted)."""
    if indicator.source == IndicatorSource.ENTERED:
        raise ValueError("an entered indicator is not computed")
    value = selectors.computed_value(indicator=indicator, year=year)
    if value is None:
        return None
    source = _source_label(indicator, year)
    measurement = IndicatorMeasurement.objects.create(
        indicator=indicator, year=year, value=value, computed_from=source
    )
    audit_record(
        actor=None,
        action=AuditAction.PROGRAMME_MEASUREMENT_COMPUTE,
        obj=measurement,
        detail={"indicator": indicator.pk, "year": year, "source": source},
    )
    return measurement


def indicator_years(indicator: Indicator, today: dt.date) -> range:
    """The years a computed indicator is followed over: its contract's period up to this year."""
    contract = indicator.action.axis.contract
    first = contract.start.year if contract.start else today.year
    last = min(contract.end.year if contract.end else today.year, today.year)
    return range(max(first, today.year - 15), last + 1)


def indicator_recompute(*, indicator: Indicator, today: dt.date | None = None) -> int:
    """Recompute every followed year; a measurement is recorded only where the value changed
    (a first zero is not recorded). Returns the number of measurements recorded."""
    latest = selectors.latest_values(indicator=indicator)
    recorded = 0
    for year in indicator_years(indicator, today or timezone.localdate()):
        value = selectors.computed_value(indicator=indicator, year=year)
        previous = latest.get(year)
        if value is None or value == (previous if previous is not None else 0):
            continue
        compute_measurement(indicator=indicator, year=year)
        recorded += 1
    return recorded


@transaction.atomic
def enter_measurement(
    *,
    actor: Any,
    indicator: Indicator,
    year: int,
    value: int,
    comment: str = "",
    request: Any = None,
) -> IndicatorMeasurement:
    """The action's lead (or the coordinator) enters a measurement; earlier ones stay as history."""
    if indicator.source != IndicatorSource.ENTERED:
        raise InvalidChange(_("Source: a computed indicator is not entered by hand."))
    if not can_edit_action(actor, indicator.action):
        raise PermissionDenied
    measurement = IndicatorMeasurement.objects.create(
        indicator=indicator, year=year, value=value, comment=comment, entered_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAMME_MEASUREMENT_ENTER,
        obj=measurement,
        request=request,
        detail={"indicator": indicator.pk, "year": year, "value": value},
    )
    return measurement


# --- campaigns --------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor: Any, data: CampaignData, request: Any = None) -> Campaign:
    _require_coordinator(actor)
    if data.ends_on < data.starts_on:
        raise InvalidChange(_("End: before the start."))
    values = {k: v for k, v in asdict(data).items() if k != "actions"}
    campaign = Campaign.objects.create(**values)
    campaign.actions.set(data.actions)
    audit_record(
        actor=actor,
        action=AuditAction.CAMPAIGN_CREATE,
        obj=campaign,
        request=request,
        detail={"slug": data.slug},
    )
    return campaign


@transaction.atomic
def campaign_link_events(
    *, actor: Any, campaign: Campaign, events: list[PreventionEvent], request: Any = None
) -> None:
    """An event belongs to one campaign: linking it here moves it from any other."""
    _require_coordinator(actor)
    for event in events:
        CampaignEvent.objects.update_or_create(event=event, defaults={"campaign": campaign})
    audit_record(
        actor=actor,
        action=AuditAction.CAMPAIGN_LINK_EVENTS,
        obj=campaign,
        request=request,
        detail={"events": [event.pk for event in events]},
    )


# --- reminders (the worker) -------------------------------------------------------------------

MILESTONE_NOTICE = dt.timedelta(days=14)
MEASUREMENT_NOTICE = dt.timedelta(days=30)  # an entered indicator is reminded once a month


def _lead_address(action: Action) -> str:
    person = action.lead_person
    return person.email if person is not None and person.email else ""


def _milestone_mail(milestone: Milestone, to: str) -> Mail:
    subject = _("Milestone due on %(date)s: %(title)s") % {
        "date": f"{milestone.due_on:%d/%m/%Y}",
        "title": milestone.title,
    }
    body = _("Action %(action)s: the milestone “%(title)s” is due on %(date)s.") % {
        "action": milestone.action,
        "title": milestone.title,
        "date": f"{milestone.due_on:%d/%m/%Y}",
    }
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def _measurement_mail(indicator: Indicator, year: int, to: str) -> Mail:
    subject = _("Measurement due for %(year)s: %(indicator)s") % {
        "year": year,
        "indicator": indicator.definition,
    }
    body = _("Action %(action)s: please enter the %(year)s value of “%(indicator)s”.") % {
        "action": indicator.action,
        "year": year,
        "indicator": indicator.definition,
    }
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> int:
    """Remind action leads of milestones due within two weeks and of entered indicators whose
    last year's measurement is missing; each reminder once. Returns the number of e-mails."""
    today = today or timezone.localdate()
    mails: list[Mail] = []
    for milestone in selectors.milestones_to_remind(until=today + MILESTONE_NOTICE):
        if to := _lead_address(milestone.action):
            mails.append(_milestone_mail(milestone, to))
            milestone.reminded_on = today
            milestone.save(update_fields=["reminded_on"])
    due = selectors.measurements_due(year=today.year - 1, before=today - MEASUREMENT_NOTICE)
    for indicator in due:
        if to := _lead_address(indicator.action):
            mails.append(_measurement_mail(indicator, today.year - 1, to))
            indicator.reminded_on = today
            indicator.save(update_fields=["reminded_on"])
    if mails:
        audit_record(
            actor=None, action=AuditAction.PROGRAMME_REMINDER_SEND, detail={"mails": len(mails)}
        )
    return mail_after_commit(mails, topic="programmes reminders")
