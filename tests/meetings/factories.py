"""Factories of the meetings tests: a hub with its referent, series planned through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from maillage.core.models import Role, User
from maillage.meetings.models import MeetingSeries, SeriesKind
from maillage.meetings.services import SeriesData, series_create
from maillage.network.models import Hub, Organisation
from tests.activity.factories import make_hub
from tests.factories import make_organisation, make_user

SIX_WEEKS_TUESDAY = "FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"


@dataclass
class HubSetup:
    hub: Hub
    referent: User
    partner: User
    partner_organisation: Organisation


def make_hub_setup(name: str = "", referent_secret: str | None = None) -> HubSetup:
    hub = make_hub(name)
    referent = make_user(
        role=Role.HUB_REFERENT,
        organisation=hub.host,
        totp_secret=referent_secret,
        first_name="Rita",
        last_name="Référente",
    )
    Hub.objects.filter(pk=hub.pk).update(referent=referent)
    hub.refresh_from_db()
    partner_organisation = make_organisation("CCAS de test", kind="ccas")
    partner = make_user(
        role=Role.PROFESSIONAL,
        organisation=partner_organisation,
        first_name="Paul",
        last_name="Partenaire",
    )
    return HubSetup(hub, referent, partner, partner_organisation)


def make_series(
    setup: HubSetup,
    *,
    start_date: dt.date = dt.date(2026, 1, 13),
    start_time: dt.time = dt.time(14, 0),
    rrule: str = SIX_WEEKS_TUESDAY,
    agenda: tuple[dict[str, object], ...] = (),
) -> MeetingSeries:
    return series_create(
        actor=setup.referent,
        data=SeriesData(
            kind=SeriesKind.HUB_PARTNERS,
            title=f"Réunion des partenaires — {setup.hub.name}",
            organiser_organisation=setup.hub.host,
            hub=setup.hub,
            start_date=start_date,
            start_time=start_time,
            rrule=rrule,
            address="12 rue de l'Exemple, Lille",
            agenda_template=agenda,
            invited_organisations=[setup.partner_organisation],
        ),
    )
