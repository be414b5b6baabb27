"""FHIR R4 exports validate against the R4B models of fhir.resources (not its R5 default)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FhirConsent
from pydantic import ValidationError

from maillage.pathways import fhir, services
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return make_user()


def test_it_exports_a_referral_as_a_valid_r4_service_request_and_task(worker):
    b = make_beneficiary(actor=worker)
    r = services.referral_create(
        actor=worker,
        beneficiary=b,
        to_organisation=make_organisation(),
        reason="Bilan",
        urgency="urgent",
    )
    bundle = fhir.referral_bundle(r)
    Bundle.model_validate(bundle)
    service_request, task = (entry["resource"] for entry in bundle["entry"])
    assert service_request["resourceType"] == "ServiceRequest"
    assert service_request["priority"] == "asap" and service_request["status"] == "active"
    assert task["resourceType"] == "Task" and task["status"] == "requested"
    assert b.last_name not in str(bundle)


def test_r4_validation_rejects_an_r5_only_shape():
    # In R5, Consent has `decision`; R4's Consent requires `scope` and has no `decision`.
    with pytest.raises(ValidationError):
        FhirConsent.model_validate(
            {"resourceType": "Consent", "status": "active", "decision": "permit"}
        )


def test_it_exports_a_consent_and_its_withdrawal(worker, mfa_login):
    b = make_beneficiary(actor=worker)
    consent = services.consent_record(
        actor=worker, beneficiary=b, scope="social", recipients=[make_organisation()], method="oral"
    )
    resource = fhir.consent_resource(consent)
    assert resource["status"] == "active" and resource["provision"]["type"] == "permit"
    services.consent_withdraw(actor=worker, consent=consent)
    consent.refresh_from_db()
    assert fhir.consent_resource(consent)["status"] == "inactive"
    client = mfa_login(worker)
    response = client.get(reverse("pathways:consent_fhir", args=[b.pk, consent.pk]))
    assert response.status_code == 200 and response.json()["resourceType"] == "Consent"
