"""Campaigns as a month grid and as an iCalendar feed (through the meetings app's calendar)."""

from __future__ import annotations

import calendar as monthly
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from icalendar import Event

from maillage.meetings.calendar import published_calendar
from maillage.programmes.models import Campaign


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    campaigns: list[Campaign]


def month_grid(month: dt.date, campaigns: Iterable[Campaign]) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the campaigns running on it."""
    running = list(campaigns)
    weeks = monthly.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                campaigns=[c for c in running if c.starts_on <= day <= c.ends_on],
            )
            for day in week
        ]
        for week in weeks
    ]


def campaign_event(campaign: Campaign) -> Event:
    """An all-day event over the campaign's period; its UID and stamp stay the same across
    exports so calendar clients update it rather than duplicate it."""
    event = Event()
    event.add("uid", f"campaign-{campaign.slug}@maillage")
    event.add("dtstamp", dt.datetime.combine(campaign.starts_on, dt.time(), tzinfo=dt.UTC))
    event.add("summary", campaign.title)
    event.add("dtstart", campaign.starts_on)
    event.add("dtend", campaign.ends_on + dt.timedelta(days=1))
    if campaign.description:
        event.add("description", campaign.description)
    event.add("transp", "TRANSPARENT")
    return event


def feed(campaigns: Iterable[Campaign]) -> bytes:
    calendar = published_calendar(_("Prevention campaigns"))
    for campaign in campaigns:
        calendar.add_component(campaign_event(campaign))
    return calendar.to_ical()  # type: ignore[no-any-return]
