"""A small contract with two axes, a lead, a signatory and prevention events of a campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from maillage.activity.models import AudienceCount, PreventionEvent
from maillage.core.models import Role
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    Campaign,
    CampaignEvent,
    CampaignScope,
    Indicator,
    IndicatorSource,
    LocalHealthContract,
    Signatory,
)
from tests.factories import make_organisation, make_territory, make_user


@dataclass
class ContractSetup:
    contract: LocalHealthContract
    axes: list[Axis]
    coordinator: Any
    lead: Any
    signatory: Any
    stranger: Any
    lead_organisation: Any
    campaign: Campaign
    events: list[PreventionEvent]


def make_event(organiser: Any, title: str, day: dt.date, audience: int) -> PreventionEvent:
    event = PreventionEvent.objects.create(
        title=title, kind=PreventionEvent.Kind.STAND, date=day, organiser=organiser
    )
    AudienceCount.objects.create(event=event, age_band="18-25", sex="F", count=audience)
    return event


def make_contract_setup(*, actions_per_axis: int = 2, secret: str | None = None) -> ContractSetup:
    territory = make_territory("Rosny-sous-Bois")
    contract = LocalHealthContract.objects.create(
        slug="cls-test", title="CLS de test", territory=territory, start=dt.date(2019, 1, 1)
    )
    city = make_organisation("Ville", kind="city")
    lead_organisation = make_organisation("Association de prévention")
    Signatory.objects.create(contract=contract, organisation=city)
    axes = [
        Axis.objects.create(contract=contract, number=n, title=f"Axe {n}") for n in (1, 2)
    ]
    for axis in axes:
        for i in range(1, actions_per_axis + 1):
            action = Action.objects.create(
                axis=axis,
                number=f"{axis.number}.{i}",
                title=f"Action {axis.number}.{i}",
                lead_organisation=lead_organisation,
                status=ActionStatus.IN_PROGRESS,
            )
            Indicator.objects.create(
                action=action, definition="Public touché", source=IndicatorSource.AUDIENCE
            )
    campaign = Campaign.objects.create(
        slug="moderateuf",
        title="Modéra'teuf",
        scope=CampaignScope.LOCAL,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2025, 12, 31),
    )
    events = [
        make_event(lead_organisation, f"Stand {n}", dt.date(2025, 10, n), 20 + n)
        for n in (1, 2, 3)
    ]
    for event in events:
        CampaignEvent.objects.create(campaign=campaign, event=event)
    return ContractSetup(
        contract=contract,
        axes=axes,
        coordinator=make_user(role=Role.COORDINATOR, totp_secret=secret),
        lead=make_user(
            role=Role.ASSOCIATION_STAFF, organisation=lead_organisation, totp_secret=secret
        ),
        signatory=make_user(role=Role.PROFESSIONAL, organisation=city),
        stranger=make_user(role=Role.PROFESSIONAL),
        lead_organisation=lead_organisation,
        campaign=campaign,
        events=events,
    )
