"""Demo accounts: fictitious people, one per role, with TOTP already activated."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from maillage.core.models import Profession, Role, StaffMembership, User
from maillage.network.models import Hub, Organisation

DEMO_PASSWORD = "demo-maillage-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    organisation_slug: str
    role: Role
    profession: Profession
    totp_secret: str  # base32; shown at `make demo` so a phone app can be set up


DEMO_ACCOUNTS = [
    DemoAccount(
        "coordination@demo.maillage.test",
        "Camille",
        "Exemple (fictive)",
        "ville-de-lille-service-sante",
        Role.COORDINATOR,
        Profession.COORDINATOR,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXA",
    ),
    DemoAccount(
        "referent.fives@demo.maillage.test",
        "Samir",
        "Exemple (fictif)",
        "association-de-quartier-fives-fictive",
        Role.HUB_REFERENT,
        Profession.MEDIATOR,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXB",
    ),
    DemoAccount(
        "referent.wazemmes@demo.maillage.test",
        "Léa",
        "Exemple (fictive)",
        "association-de-quartier-wazemmes-fictive",
        Role.HUB_REFERENT,
        Profession.MEDIATOR,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXC",
    ),
    DemoAccount(
        "as.pass.roubaix@demo.maillage.test",
        "Nadia",
        "Exemple (fictive)",
        "pass-du-centre-hospitalier-de-roubaix",
        Role.PROFESSIONAL,
        Profession.SOCIAL_WORKER,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXD",
    ),
    DemoAccount(
        "medecin.pass.chru@demo.maillage.test",
        "Hugo",
        "Exemple (fictif)",
        "pass-du-chru-de-lille",
        Role.PROFESSIONAL,
        Profession.PHYSICIAN,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXE",
    ),
    DemoAccount(
        "financeur.ars@demo.maillage.test",
        "Inès",
        "Exemple (fictive)",
        "ars-hauts-de-france",
        Role.FUNDER_VIEWER,
        Profession.OTHER,
        "",
    ),
    DemoAccount(
        "admin@demo.maillage.test",
        "Alex",
        "Exemple (fictif)",
        "ville-de-lille-service-sante",
        Role.ADMINISTRATOR,
        Profession.ADMINISTRATIVE,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXF",
    ),
    DemoAccount(
        "association@demo.maillage.test",
        "Chloé",
        "Exemple (fictive)",
        "association-de-quartier-moulins-fictive",
        Role.ASSOCIATION_STAFF,
        Profession.ADMINISTRATIVE,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXG",
    ),
    DemoAccount(
        "association.lille-sud@demo.maillage.test",
        "Karim",
        "Exemple (fictif)",
        "association-de-quartier-lille-sud-fictive",
        Role.ASSOCIATION_STAFF,
        Profession.ADMINISTRATIVE,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXH",
    ),
    DemoAccount(
        "association.faubourg@demo.maillage.test",
        "Julie",
        "Exemple (fictive)",
        "association-de-quartier-faubourg-de-bethune-fictive",
        Role.ASSOCIATION_STAFF,
        Profession.ADMINISTRATIVE,
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXI",
    ),
]


def _ensure_totp(user: User, secret: str) -> None:
    if (
        secret
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, secret)


def load() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                account.email,
                DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                profession=account.profession,
                is_staff=account.role in {Role.ADMINISTRATOR, Role.COORDINATOR},
                is_superuser=account.role == Role.ADMINISTRATOR,
            )
        organisation = Organisation.objects.get(slug=account.organisation_slug)
        StaffMembership.objects.get_or_create(
            user=user, organisation=organisation, role=account.role
        )
        _ensure_totp(user, account.totp_secret)
    for hub in Hub.objects.filter(referent__isnull=True).select_related("host"):
        referent = User.objects.filter(staff_memberships__organisation=hub.host).first()
        if referent:
            Hub.objects.filter(pk=hub.pk).update(referent=referent)
    return DEMO_ACCOUNTS
