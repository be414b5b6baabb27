"""Unique-people figures over HTTP (session authentication), suppressed as on the page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from maillage.activity import access, selectors
from maillage.activity.models import Figure
from maillage.activity.suppression import suppress

PREFIX = "activity"
router = Router(tags=["activity"], auth=django_auth)


class FigureOut(Schema):
    scope: str
    key: str
    label: str
    # Strings: counts of one to four people are "< 5", as everywhere figures are shown.
    contacts: str
    people: str
    new_people: str
    multi_hub_people: str


class FiguresOut(Schema):
    year: int | None
    years: list[int]
    computed_at: dt.datetime | None
    figures: list[FigureOut]


def _figure(figure: Figure) -> FigureOut:
    return FigureOut(
        scope=figure.scope,
        key=figure.key,
        label=figure.label,
        contacts=suppress(figure.contacts),
        people=suppress(figure.people),
        new_people=suppress(figure.new_people),
        multi_hub_people=suppress(figure.multi_hub_people),
    )


@router.get("/figures", response=FiguresOut)
def figures(request: HttpRequest, year: int | None = None) -> FiguresOut:
    if not access.can_view_figures(request.user):
        raise HttpError(403, "You may not read the activity figures.")
    page = selectors.figures_for(year=year)
    rows = ([page.network] if page.network else []) + [
        figure for figures in page.by_scope.values() for figure in figures
    ]
    return FiguresOut(
        year=page.year,
        years=page.years,
        computed_at=page.run.finished_at if page.run else None,
        figures=[_figure(figure) for figure in rows],
    )
