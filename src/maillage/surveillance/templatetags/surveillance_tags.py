from __future__ import annotations

import datetime as dt

from django import template

from maillage.surveillance.models import AlertStatus
from maillage.surveillance.weeks import week_label

register = template.Library()


@register.filter
def iso_week(value: dt.date | None) -> str:
    return week_label(value) if isinstance(value, dt.date) else ""


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key)


@register.filter
def status_label(value: str) -> str:
    return str(dict(AlertStatus.choices).get(value, value))
