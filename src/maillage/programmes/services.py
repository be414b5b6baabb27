"""Writes of the programmes app: one user action, one service, one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.core.audit import AuditAction
from maillage.core.services import PermissionDenied, audit_record
from maillage.programmes import selectors
from maillage.programmes.access import can_edit_action
from maillage.programmes.models import Indicator, IndicatorSource, Measurement


@transaction.atomic
def compute_measurement(*, indicator: Indicator, year: int) -> Measurement | None:
    """Record a computed indicator's value for one year from its source (None: nothing counted)."""
    if indicator.source == IndicatorSource.ENTERED:
        raise ValueError("an entered indicator is not computed")
    value = selectors.computed_value(indicator=indicator, year=year)
    if value is None:
        return None
    source = f"{indicator.get_source_display()} {year}"
    if indicator.hub_id is not None:
        source += f", hub {indicator.hub_id}"
    measurement = Measurement.objects.create(
        indicator=indicator, year=year, value=value, computed_from=source
    )
    audit_record(
        actor=None,
        action=AuditAction.PROGRAMME_MEASUREMENT_COMPUTE,
        obj=measurement,
        detail={"indicator": indicator.pk, "year": year, "source": source},
    )
    return measurement


@transaction.atomic
def enter_measurement(
    *,
    actor: Any,
    indicator: Indicator,
    year: int,
    value: int,
    comment: str = "",
    request: Any = None,
) -> Measurement:
    """The action's lead (or the coordinator) enters a measurement; earlier ones stay as history."""
    if indicator.source != IndicatorSource.ENTERED:
        raise ValueError("a computed indicator is not entered")
    if not can_edit_action(actor, indicator.action):
        raise PermissionDenied
    measurement = Measurement.objects.create(
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
