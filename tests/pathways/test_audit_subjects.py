"""Every read and write of a person's data names the person, and their right of access lists
every reader, whatever carried the data: a referral, its attachment, an export, the API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.audit import PERSONAL_ACTIONS, AuditAction
from maillage.core.models import AuditEvent
from maillage.core.services import audit_record
from maillage.pathways import services
from maillage.pathways.models import Beneficiary, Referral
from tests.factories import make_organisation, make_user
from tests.pathways.factories import join_team, make_beneficiary, make_member

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "maillage"
S = Referral.Status


def _events_about(b: Beneficiary):
    return AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Beneficiary), subject_id=str(b.pk)
    )


def test_the_right_of_access_lists_the_receiver_of_a_referral_an_api_reader_and_an_exporter(
    mfa_login,
):
    worker = make_user()
    b = make_beneficiary(actor=worker)
    pole = make_organisation(name="Pôle ressources santé Moulins (fictif)")
    receiver = make_user(organisation=pole)
    upload = SimpleUploadedFile("bilan.pdf", b"%PDF-1.4 bilan", content_type="application/pdf")
    referral = services.referral_create(
        actor=worker, beneficiary=b, to_organisation=pole, reason="Bilan", attachments=[upload]
    )
    receiving = mfa_login(receiver)
    assert receiving.get(reverse("pathways:referral", args=[referral.pk])).status_code == 200

    api_org = make_organisation(name="Centre de santé API (fictif)")
    api_reader = make_user(organisation=api_org)
    join_team(b, api_org)
    api = mfa_login(api_reader)
    assert api.get(f"/api/v1/pathways/files/{b.pk}").status_code == 200

    exporter_org = make_organisation(name="CCAS exportateur (fictif)")
    exporter = make_user(organisation=exporter_org)
    join_team(b, exporter_org)
    exported = mfa_login(exporter).get(reverse("pathways:export", args=[b.pk, "pdf"]))
    assert exported.status_code == 200

    data = mfa_login(worker).get(reverse("pathways:export", args=[b.pk, "json"])).json()
    rows = {(row["who"], row["action"]): row["organisations"] for row in data["accesses"]}
    assert rows[(receiver.email, "referral.read")] == [pole.name]
    assert rows[(api_reader.email, "beneficiary.read")] == [api_org.name]
    assert rows[(exporter.email, "beneficiary.export.pdf")] == [exporter_org.name]
    assert (worker.email, "referral.attach") in rows


def test_every_personal_write_and_read_of_a_scenario_names_the_person(mfa_login):
    worker = make_user()
    b = make_beneficiary(actor=worker)
    other = make_beneficiary()
    need = services.need_add(actor=worker, beneficiary=b, domain="housing")
    services.need_set_status(actor=worker, need=need, status="in_progress")
    services.note_add(actor=worker, beneficiary=b, text="Appel au bailleur", sensitivity="social")
    member = make_member(b)
    pole = make_organisation()
    receiver = make_user(organisation=pole)
    referral = services.referral_create(
        actor=worker, beneficiary=b, to_organisation=pole, reason="Accès aux droits"
    )
    services.referral_transition(actor=receiver, referral=referral, to_status=S.ACCEPTED)
    mfa_login(member).get(reverse("pathways:file", args=[b.pk]))
    mfa_login(receiver).get(reverse("pathways:referral", args=[referral.pk]))

    personal = AuditEvent.objects.filter(action__in=[a.value for a in PERSONAL_ACTIONS])
    assert personal.count() >= 10
    for event in personal.exclude(subject_id=str(other.pk)):
        assert event.subject_id == str(b.pk), event.action
        assert event.subject_type == ContentType.objects.get_for_model(Beneficiary)
    seen = set(personal.values_list("action", flat=True))
    expected = {"need.add", "need.status", "note.add", "care_team.add", "referral.create"}
    expected |= {"referral.sent", "referral.accepted", "beneficiary.read", "referral.read"}
    assert expected <= seen


def test_a_personal_action_without_its_person_is_refused() -> None:
    with pytest.raises(ValueError, match="must name the person"):
        audit_record(actor=None, action=AuditAction.BENEFICIARY_READ)
    with pytest.raises(ValueError):
        audit_record(actor=None, action="made.up.action")


def _may_be_personal(action: ast.expr) -> bool:
    if isinstance(action, ast.Attribute):
        return AuditAction[action.attr] in PERSONAL_ACTIONS
    if isinstance(action, ast.Constant):
        return AuditAction(action.value) in PERSONAL_ACTIONS
    if isinstance(action, ast.IfExp):
        return _may_be_personal(action.body) or _may_be_personal(action.orelse)
    return True  # an action computed otherwise must say whom it concerns


def _personal_call_without_subject(call: ast.Call) -> bool:
    keywords = {k.arg: k.value for k in call.keywords}
    action = keywords.get("action")
    if action is None or "subject" in keywords:
        return False
    return _may_be_personal(action)


def test_every_audit_call_of_a_personal_action_in_the_code_passes_the_person() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "audit_record"
                and _personal_call_without_subject(node)
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_no_free_text_of_a_referral_is_copied_into_the_trail() -> None:
    worker = make_user()
    b = make_beneficiary(actor=worker)
    pole = make_organisation()
    receiver = make_user(organisation=pole)
    referral = services.referral_create(
        actor=worker, beneficiary=b, to_organisation=pole, reason="Motif confidentiel"
    )
    services.referral_transition(
        actor=receiver, referral=referral, to_status=S.DECLINED, decline_reason="Hors secteur xyz"
    )
    for event in _events_about(b):
        assert "confidentiel" not in str(event.detail)
        assert "xyz" not in str(event.detail)
