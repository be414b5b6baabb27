"""`/api/v1/pathways/…`: the same operations and the same access policy as the pages.

Session authentication with a session confirmed by two-factor authentication, as the pages;
a file the user may not know of answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from maillage.core import web
from maillage.core.mfa import personal_data_allowed
from maillage.core.services import PermissionDenied
from maillage.network import selectors as network_selectors
from maillage.pathways import fhir, selectors, services
from maillage.pathways.access import Action
from maillage.pathways.export import export_payload
from maillage.pathways.models import Beneficiary, Note, Referral

PREFIX = "/pathways"


class PersonalDataSession(SessionAuth):
    """A logged-in session confirmed by 2FA, with a role that opens files."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if personal_data_allowed(request) else None


router = Router(tags=["pathways"], auth=PersonalDataSession())


class FileRow(Schema):
    id: UUID
    first_name: str
    last_name: str
    birth_date: str
    created_by: str
    status: str


class NoteOut(Schema):
    id: int
    at: datetime
    organisation: str
    sensitivity: str
    visibility: str
    text: str


class ReferralOut(Schema):
    id: UUID
    file: UUID
    from_organisation: str
    to_organisation: str
    status: str
    urgency: str
    reason: str
    appointment_at: datetime | None
    decline_reason: str


class FileOut(Schema):
    id: UUID
    reference: str
    relation: str
    content: bool
    alerts: list[str]
    identity: FileRow | None = None
    needs: list[str] = Field(default_factory=list)
    notes: list[NoteOut] = Field(default_factory=list)
    referrals: list[ReferralOut] = Field(default_factory=list)


class NoteIn(Schema):
    text: str = Field(min_length=1, max_length=10_000)
    sensitivity: Literal["social", "health", "restricted"] = "social"
    visibility: Literal["organisation", "care_team"] = "care_team"


class ReferralIn(Schema):
    to_organisation: int
    reason: str = Field(min_length=1, max_length=5_000)
    urgency: Literal["routine", "soon", "urgent"] = "routine"


class TransitionIn(Schema):
    to_status: Literal[tuple(Referral.Status.values)]  # type: ignore[valid-type]
    appointment_at: datetime | None = None
    decline_reason: str = ""
    comment: str = Field("", max_length=250)


def _row(b: Beneficiary) -> FileRow:
    return FileRow(
        id=b.pk,
        first_name=b.first_name,
        last_name=b.last_name,
        birth_date=b.birth_date_display,
        created_by=b.created_by.name,
        status=b.status,
    )


def _referral(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        file=r.beneficiary_id,
        from_organisation=r.from_organisation.name,
        to_organisation=r.to_organisation.name,
        status=r.status,
        urgency=r.urgency,
        reason=r.reason,
        appointment_at=r.appointment_at,
        decline_reason=r.decline_reason,
    )


def _open(request: HttpRequest, file_id: UUID) -> tuple[Beneficiary, Any]:
    try:
        return selectors.file_open(actor=request.user, beneficiary_id=file_id, request=request)  # type: ignore[arg-type]
    except selectors.FileNotFound as error:
        raise Http404 from error


def _open_referral(request: HttpRequest, referral_id: UUID) -> selectors.ReferralView:
    try:
        return selectors.referral_open(actor=request.user, referral_id=referral_id, request=request)  # type: ignore[arg-type]
    except selectors.FileNotFound as error:
        raise Http404 from error


@router.get("/files", response=list[FileRow])
def files_list(request: HttpRequest, q: str = "", page: int = 1) -> list[FileRow]:
    files = selectors.beneficiaries_visible_to(actor=request.user, query=q[:100])  # type: ignore[arg-type]
    return [_row(b) for b in web.window(files, page)]


@router.get("/files/{file_id}", response=FileOut)
def file_get(request: HttpRequest, file_id: UUID) -> FileOut:
    b, access = _open(request, file_id)
    record = selectors.file_record(beneficiary=b, access=access)
    out = FileOut(
        id=b.pk,
        reference=b.reference,
        relation=access.relation.value,
        content=access.content,
        alerts=[alert.kind for alert in record.alerts],
    )
    if access.content:
        out.identity = _row(b)
        out.needs = [need.domain for need in record.needs]
        out.notes = _notes(b, access)
        out.referrals = [_referral(r) for r in record.referrals]
    return out


def _notes(b: Beneficiary, access: Any) -> list[NoteOut]:
    notes = selectors.file_notes(beneficiary=b)
    return [
        NoteOut(
            id=n.pk,
            at=n.created_at,
            organisation=n.organisation.name,
            sensitivity=n.sensitivity,
            visibility=n.visibility,
            text=n.text,
        )
        for n in notes
        if access.may_see_note(n)
    ]


@router.post("/files/{file_id}/notes", response={201: NoteOut})
def note_add(request: HttpRequest, file_id: UUID, payload: NoteIn) -> tuple[int, NoteOut]:
    b, _access = _open(request, file_id)
    try:
        note: Note = services.note_add(actor=request.user, beneficiary=b, **payload.dict())  # type: ignore[arg-type]
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    return 201, NoteOut(
        id=note.pk,
        at=note.created_at,
        organisation=note.organisation.name,
        sensitivity=note.sensitivity,
        visibility=note.visibility,
        text=note.text,
    )


@router.post("/files/{file_id}/referrals", response={201: ReferralOut})
def referral_create(
    request: HttpRequest, file_id: UUID, payload: ReferralIn
) -> tuple[int, ReferralOut]:
    b, _access = _open(request, file_id)
    organisation = network_selectors.organisation_by_id_or_none(pk=payload.to_organisation)
    if organisation is None:
        raise HttpError(422, "Unknown organisation.")
    try:
        referral = services.referral_create(
            actor=request.user,  # type: ignore[arg-type]
            beneficiary=b,
            to_organisation=organisation,
            reason=payload.reason,
            urgency=payload.urgency,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    return 201, _referral(referral)


@router.get("/referrals/{referral_id}", response=ReferralOut)
def referral_get(request: HttpRequest, referral_id: UUID) -> ReferralOut:
    return _referral(_open_referral(request, referral_id).referral)


@router.post("/referrals/{referral_id}/transitions", response=ReferralOut)
def referral_transition(
    request: HttpRequest, referral_id: UUID, payload: TransitionIn
) -> ReferralOut:
    view = _open_referral(request, referral_id)
    try:
        referral = services.referral_transition(
            actor=request.user,  # type: ignore[arg-type]
            referral=view.referral,
            **payload.dict(),
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except services.IllegalTransition as error:
        raise HttpError(409, str(error)) from error
    return _referral(referral)


@router.get("/referrals/{referral_id}/fhir")
def referral_fhir(request: HttpRequest, referral_id: UUID) -> dict[str, Any]:
    view = _open_referral(request, referral_id)
    if not view.full:
        raise HttpError(403, "The file opens once the referral is accepted.")
    return fhir.referral_bundle(view.referral)


@router.get("/files/{file_id}/export")
def file_export(request: HttpRequest, file_id: UUID) -> dict[str, Any]:
    b, access = _open(request, file_id)
    if not access.allows(Action.EXPORT):
        raise HttpError(403, "You may not export this file.")
    from maillage.core.audit import AuditAction
    from maillage.core.services import audit_record

    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.BENEFICIARY_EXPORT_JSON,
        obj=b,
        subject=b,
        request=request,
    )
    return export_payload(actor=request.user, beneficiary=b, access=access)  # type: ignore[arg-type]


@router.get("/files/{file_id}/consents/{consent_id}/fhir")
def consent_fhir(request: HttpRequest, file_id: UUID, consent_id: int) -> dict[str, Any]:
    b, access = _open(request, file_id)
    consent = selectors.consent_in_file(beneficiary=b, consent_id=consent_id)
    if not access.content or consent is None:
        raise Http404
    return fhir.consent_resource(consent)
