"""FHIR R4 (R4B package) exports: a referral as ServiceRequest + Task, a consent as Consent.

fhir.resources 8 defaults to R5 at its top level, so the R4B subpackage is used explicitly.
Only references and codes are exported: no name is written, the subject is the file's UUID.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FhirConsent

from maillage.pathways.models import Consent, Referral

S = Referral.Status
SERVICE_REQUEST_STATUS = {
    S.DRAFT: "draft",
    S.SENT: "active",
    S.ACCEPTED: "active",
    S.APPOINTMENT_SET: "active",
    S.DECLINED: "revoked",
    S.CANCELLED: "revoked",
    S.DONE: "completed",
    S.NO_SHOW: "completed",
}
TASK_STATUS = {
    S.DRAFT: "draft",
    S.SENT: "requested",
    S.ACCEPTED: "accepted",
    S.DECLINED: "rejected",
    S.APPOINTMENT_SET: "in-progress",
    S.DONE: "completed",
    S.NO_SHOW: "failed",
    S.CANCELLED: "cancelled",
}
PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap"}
SNOMED = "http://snomed.info/sct"


def _patient(beneficiary_id: Any) -> dict[str, str]:
    return {"reference": f"Patient/{beneficiary_id}"}


def _organisation(organisation: Any) -> dict[str, str]:
    return {"reference": f"Organization/{organisation.pk}", "display": organisation.name}


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def referral_service_request(referral: Referral) -> dict[str, Any]:
    resource = {
        "resourceType": "ServiceRequest",
        "id": str(referral.pk),
        "status": SERVICE_REQUEST_STATUS[S(referral.status)],
        "intent": "order",
        "priority": PRIORITY[referral.urgency],
        "category": [
            {"coding": [{"system": SNOMED, "code": "3457005", "display": "Patient referral"}]}
        ],
        "subject": _patient(referral.beneficiary_id),
        "authoredOn": _when(referral.sent_at or referral.created_at),
        "requester": _organisation(referral.from_organisation),
        "performer": [_organisation(referral.to_organisation)],
        "reasonCode": [{"text": referral.reason}],
    }
    if referral.appointment_at:
        resource["occurrenceDateTime"] = _when(referral.appointment_at)
    return _clean(resource)


def referral_task(referral: Referral) -> dict[str, Any]:
    resource = {
        "resourceType": "Task",
        "id": f"task-{referral.pk}",
        "status": TASK_STATUS[S(referral.status)],
        "businessStatus": {"text": str(S(referral.status).label)},
        "intent": "order",
        "focus": {"reference": f"ServiceRequest/{referral.pk}"},
        "for": _patient(referral.beneficiary_id),
        "authoredOn": _when(referral.created_at),
        "lastModified": _when(referral.updated_at),
        "requester": _organisation(referral.from_organisation),
        "owner": _organisation(referral.to_organisation),
    }
    if referral.decline_reason:
        resource["statusReason"] = {"text": referral.decline_reason}
    return _clean(resource)


def referral_bundle(referral: Referral) -> dict[str, Any]:
    """A collection Bundle with the ServiceRequest and its Task, validated against R4."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{referral.pk}", "resource": referral_service_request(referral)},
            {"fullUrl": f"urn:task:{referral.pk}", "resource": referral_task(referral)},
        ],
    }
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def consent_resource(consent: Consent) -> dict[str, Any]:
    recipients = list(consent.recipients.all())
    resource = {
        "resourceType": "Consent",
        "id": str(consent.pk),
        "status": "inactive" if consent.withdrawn_at else "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": _patient(consent.beneficiary_id),
        "dateTime": _when(consent.given_at),
        "organization": [_organisation(consent.collected_by_organisation)],
        "policyRule": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}
            ]
        },
        "provision": {
            "type": "permit",
            "period": {"start": _when(consent.given_at), "end": _when(consent.withdrawn_at)},
            "purpose": [{"display": consent.purpose}] if consent.purpose else None,
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "code": "IRCP",
                            }
                        ]
                    },
                    "reference": _organisation(org),
                }
                for org in recipients
            ],
            "class": [{"code": consent.scope}],
        },
    }
    return FhirConsent.model_validate(_clean(resource)).model_dump(mode="json", exclude_none=True)


def _clean(value: Any) -> Any:
    """Drop empty values: FHIR forbids empty elements."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (_clean(item) for item in value) if item not in (None, "", [], {})]
    return value
