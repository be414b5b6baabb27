from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpResponse, JsonResponse

from maillage.core.mfa import personal_data_required
from maillage.core.services import audit_record
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.pathways import fhir, selectors
from maillage.pathways.access import Action
from maillage.pathways.export import export_payload, export_pdf
from maillage.pathways.views.common import found, open_file
from maillage.pathways.views.referrals import _open


@personal_data_required
def file_export(request: AuthenticatedHttpRequest, beneficiary_id: UUID, fmt: str) -> HttpResponse:
    if fmt not in {"json", "pdf"}:
        raise Http404
    beneficiary, access = open_file(request, beneficiary_id)
    if not access.allows(Action.EXPORT):
        return forbidden(request)
    audit_record(
        actor=request.user,
        action=f"beneficiary.export.{fmt}",
        obj=beneficiary,
        subject=beneficiary,
        request=request,
    )
    payload = export_payload(actor=request.user, beneficiary=beneficiary, access=access)
    name = f"dossier-{beneficiary.reference}"
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            payload, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
    else:
        response = HttpResponse(export_pdf(payload), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@personal_data_required
def referral_fhir(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    view = _open(request, referral_id)
    if not view.full:
        return forbidden(request)
    return JsonResponse(fhir.referral_bundle(view.referral), content_type="application/fhir+json")


@personal_data_required
def consent_fhir(
    request: AuthenticatedHttpRequest, beneficiary_id: UUID, consent_id: int
) -> HttpResponse:
    beneficiary, access = open_file(request, beneficiary_id)
    if not access.content:
        return forbidden(request)
    consent = found(selectors.consent_in_file(beneficiary=beneficiary, consent_id=consent_id))
    return JsonResponse(fhir.consent_resource(consent), content_type="application/fhir+json")
