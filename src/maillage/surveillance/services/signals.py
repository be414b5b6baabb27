"""Signals are defined by coordinators: what is counted, how it is judged, who hears of it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.surveillance.access import can_manage_alerts
from maillage.surveillance.detection_adapter import check_params
from maillage.surveillance.models import SignalDefinition

FIELDS = ("code", "name", "kind", "unit", "description", "method", "params", "notify")
EDITABLE = (*FIELDS[1:], "is_active", "position")


def _check(actor: User, data: dict[str, Any]) -> None:
    if not can_manage_alerts(actor):
        raise PermissionDenied("Only coordinators define signals.")
    check_params(data["method"], data.get("params") or {})


@transaction.atomic
def signal_create(
    *, actor: User, data: dict[str, Any], request: HttpRequest | None = None
) -> SignalDefinition:
    _check(actor, data)
    signal = SignalDefinition.objects.create(
        **{k: v for k, v in data.items() if k in EDITABLE or k == "code"}
    )
    audit_record(
        actor=actor,
        action=AuditAction.SIGNAL_CREATE,
        obj=signal,
        request=request,
        detail=_detail(signal),
    )
    return signal


@transaction.atomic
def signal_update(
    *,
    actor: User,
    signal: SignalDefinition,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> SignalDefinition:
    """The code stays: it names the signal in reports, CSV files and the API."""
    _check(actor, data)
    for name in EDITABLE:
        if name in data:
            setattr(signal, name, data[name])
    signal.save()
    audit_record(
        actor=actor,
        action=AuditAction.SIGNAL_UPDATE,
        obj=signal,
        request=request,
        detail=_detail(signal),
    )
    return signal


def _detail(signal: SignalDefinition) -> dict[str, Any]:
    return {"code": signal.code, "method": signal.method, "params": signal.params}
