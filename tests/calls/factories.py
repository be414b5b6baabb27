"""A published call of the city's health service, an association and its staff, a reviewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.calls.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    CallForProjects,
    CallStatus,
    Criterion,
    DocumentKind,
)
from maillage.core.models import Role
from maillage.meetings.models import PARIS
from tests.factories import make_organisation, make_user

CLOSES = dt.datetime(2018, 1, 15, 0, 0, tzinfo=PARIS)  # 15 January 2018 at midnight
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "statuts.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class CallSetup:
    call: CallForProjects
    funder: Any
    coordinator: Any
    association: Any
    applicant: Any
    reviewer: Any
    criteria: list[Criterion]


def make_call_setup(*, envelope: int = 80_000, secret: str | None = None) -> CallSetup:
    funder = make_organisation("Ville de Lille — Service Santé", kind="city_health_service")
    call = CallForProjects.objects.create(
        slug="soutien-2018",
        title="Soutien aux organismes de santé 2018",
        funder=funder,
        envelope=Decimal(envelope),
        max_grant=Decimal(30_000),
        opens_at=CLOSES - dt.timedelta(days=60),
        closes_at=CLOSES,
        required_documents=[DocumentKind.STATUTES],
        status=CallStatus.PUBLISHED,
    )
    criteria = [
        Criterion.objects.create(call=call, label="Besoin du territoire", weight=2),
        Criterion.objects.create(call=call, label="Faisabilité", weight=1),
    ]
    association = make_organisation("Association Sentinelle", kind="association")
    reviewer_org = make_organisation("CCAS de Lille", kind="ccas")
    return CallSetup(
        call=call,
        funder=funder,
        coordinator=make_user(role=Role.COORDINATOR, organisation=funder, totp_secret=secret),
        association=association,
        applicant=make_user(
            role=Role.ASSOCIATION_STAFF, organisation=association, totp_secret=secret
        ),
        reviewer=make_user(role=Role.PROFESSIONAL, organisation=reviewer_org, totp_secret=secret),
        criteria=criteria,
    )


def make_complete_application(setup: CallSetup, *, requested: int = 20_000) -> Application:
    application = Application.objects.create(
        call=setup.call,
        organisation=setup.association,
        title="Permanences santé",
        summary="Des permanences d'accès aux droits.",
        requested_amount=Decimal(requested),
        created_by=setup.applicant,
    )
    ApplicationBudgetLine.objects.create(
        application=application, account="64", label="Salaires", amount=Decimal(requested)
    )
    ApplicationDocument.objects.create(
        application=application, kind=DocumentKind.STATUTES, file=pdf(), name="statuts.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=setup.applicant,
    )  # fmt: skip
    return application
