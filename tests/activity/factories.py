"""Factories of the activity tests: hubs with their host, and contacts recorded for real."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from maillage.activity.identity import Identity
from maillage.activity.models import Contact, Kind
from maillage.activity.services import ContactData, contact_record
from maillage.core.models import User
from maillage.network.models import Hub, Network, Organisation
from tests.factories import make_network, make_organisation, make_territory

_sequence = itertools.count(1)


def make_hub(
    name: str = "", host: Organisation | None = None, network: Network | None = None
) -> Hub:
    n = next(_sequence)
    quartier = make_territory(f"Quartier {n}", kind="quartier")
    return Hub.objects.create(
        network=network or make_network(),
        name=name or f"Pôle ressources santé {n}",
        slug=f"hub-{n}",
        quartier=quartier,
        host=host or make_organisation(f"Association {n}"),
    )


def record(
    actor: User,
    *,
    hub: Hub | None = None,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    birth_date: str = "",
    sex: str = "U",
    date: dt.date | None = None,
    **fields: Any,
) -> Contact:
    organisation = organisation or (hub.host if hub else None)
    assert organisation is not None
    data = ContactData(
        organisation=organisation,
        hub=hub,
        kind=fields.pop("kind", Kind.INFORMATION),
        date=date or dt.date.today(),
        identity=Identity(
            first_name=first_name, last_name=last_name, birth_date=birth_date, sex=sex
        ),
        sex=sex,
        **fields,
    )
    return contact_record(actor=actor, data=data)
