"""A small network for the reports tests: two hubs, contacts over two years, a coordinator and
two funders (one the reports are shared with)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from maillage.activity.models import Kind
from maillage.activity.services import count_run_execute
from maillage.core.models import Role
from maillage.network.models import Hub
from tests.activity.factories import make_hub, record
from tests.factories import make_organisation, make_user


@dataclass
class Network:
    big: Hub
    small: Hub
    coordinator: Any
    referent: Any
    funder: Any
    other_funder: Any
    funder_organisation: Any


PEOPLE = [("Awa", "Diallo", "1980-01-02", "F"), ("Jean", "Martin", "1975-05-06", "M")]


def person(n: int) -> dict[str, str]:
    return {
        "first_name": f"Prénom{n}",
        "last_name": f"Nom{n}",
        "birth_date": f"19{50 + n % 40:02d}-0{1 + n % 9}-1{n % 9}",
        "sex": "F" if n % 2 else "M",
    }


def make_network() -> Network:
    host = make_organisation("Association des pôles")
    big, small = make_hub("Pôle Grand", host=host), make_hub("Pôle Petit", host=host)
    coordinator = make_user(role=Role.COORDINATOR, organisation=make_organisation("Ville"))
    referent = make_user(role=Role.HUB_REFERENT, organisation=host)
    ars = make_organisation("ARS", kind="funder")
    funder = make_user(role=Role.FUNDER_VIEWER, organisation=ars)
    other = make_user(
        role=Role.FUNDER_VIEWER, organisation=make_organisation("CPAM", kind="funder")
    )
    return Network(big, small, coordinator, referent, funder, other, ars)


def record_year(net: Network, year: int, *, small_orientations: int = 2) -> None:
    """Thirty people at the big hub (information), a few at the small one (orientation)."""
    day = dt.date(year, 3, 10)
    for n in range(30):
        record(net.referent, hub=net.big, date=day, kind=Kind.INFORMATION, **person(n))
    for n in range(30, 30 + small_orientations):
        record(net.referent, hub=net.small, date=day, kind=Kind.ORIENTATION, **person(n))
    for n in range(40, 52):
        record(net.referent, hub=net.small, date=day, kind=Kind.INFORMATION, **person(n))
    # the same person twice at the big hub: one person, two contacts
    record(net.referent, hub=net.big, date=day, kind=Kind.INFORMATION, **person(0))
    count_run_execute()
