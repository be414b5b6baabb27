"""Factories of the pathways tests: real services, real database."""

from __future__ import annotations

import itertools
from typing import Any

from maillage.core.models import Profession, Role, User
from maillage.network.models import Organisation
from maillage.pathways import services
from maillage.pathways.models import Beneficiary, CareTeamMember, Note
from tests.factories import make_organisation, make_user

_n = itertools.count(1)


def make_beneficiary(
    *, actor: User | None = None, informed: bool = True, **fields: Any
) -> Beneficiary:
    """A file opened by `actor` (a new social worker of a new organisation by default)."""
    actor = actor or make_user(role=Role.PROFESSIONAL)
    n = next(_n)
    data = {"first_name": f"Prénom{n}", "last_name": f"Fictif{n}", "birth_year": 1980, **fields}
    beneficiary = services.beneficiary_create(actor=actor, data=data)
    if informed:
        services.information_notice_record(actor=actor, beneficiary=beneficiary, method="oral")
    return beneficiary


def creator_of(beneficiary: Beneficiary) -> User:
    return beneficiary.created_by_user  # type: ignore[return-value]


def join_team(
    beneficiary: Beneficiary,
    organisation: Organisation,
    professional: User | None = None,
) -> CareTeamMember:
    return services.care_team_add(
        actor=creator_of(beneficiary),
        beneficiary=beneficiary,
        organisation=organisation,
        professional=professional,
        basis=CareTeamMember.Basis.FORMAL_TEAM,
    )


def make_member(beneficiary: Beneficiary, **user_fields: Any) -> User:
    """A professional of a new organisation joined to the care team."""
    organisation = make_organisation()
    user = make_user(organisation=organisation, **user_fields)
    join_team(beneficiary, organisation)
    return user


def write_notes(beneficiary: Beneficiary, author: User) -> dict[str, Note]:
    """One note of each kind, by `author`."""
    kinds = {
        "social": ("social", Note.Visibility.CARE_TEAM),
        "health": ("health", Note.Visibility.CARE_TEAM),
        "restricted": ("restricted", Note.Visibility.CARE_TEAM),
        "organisation": ("social", Note.Visibility.ORGANISATION),
    }
    return {
        key: services.note_add(
            actor=author,
            beneficiary=beneficiary,
            text=f"Note {key}",
            sensitivity=sensitivity,
            visibility=visibility,
        )
        for key, (sensitivity, visibility) in kinds.items()
    }


def physician(**fields: Any) -> User:
    return make_user(profession=Profession.PHYSICIAN, **fields)
