"""Writes of the programmes app: one user action, one service, one transaction."""

from __future__ import annotations

from django.db import transaction

from maillage.programmes import selectors
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
    return Measurement.objects.create(
        indicator=indicator, year=year, value=value, computed_from=source
    )
