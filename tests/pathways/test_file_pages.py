"""The file's pages render for the care team, with a bounded number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from bench.gen_files import rich_summary
from maillage.core.models import AuditEvent, Role
from maillage.pathways import services
from maillage.pathways.models import Referral
from maillage.pathways.services.pathways import StepSpec
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary, physician, write_notes

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_and_client(mfa_login):
    user = make_user(role=Role.PROFESSIONAL)
    b = make_beneficiary(actor=user)
    doctor_org = make_organisation()
    services.care_team_add(actor=user, beneficiary=b, organisation=doctor_org, basis="formal_team")
    write_notes(b, physician(organisation=doctor_org))
    services.need_add(actor=user, beneficiary=b, domain="rights")
    services.need_add(actor=user, beneficiary=b, domain="mental_health")
    hospital = make_organisation(kind="hospital")
    stay = services.stay_admit(actor=user, beneficiary=b, establishment=hospital, unit="Médecine")
    referral = services.referral_create(
        actor=user, beneficiary=b, to_organisation=make_organisation(), reason="Bilan de santé"
    )
    return user, b, stay, referral, mfa_login(user)


def test_it_shows_the_file_and_audits_the_read(file_and_client, django_assert_max_num_queries):
    user, b, _stay, _referral, client = file_and_client
    with django_assert_max_num_queries(40):
        response = client.get(reverse("pathways:file", args=[b.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert b.last_name in content and "Note social" in content
    # A social worker does not see health notes nor health needs.
    assert "Note health" not in content
    assert "reserved to health professionals" in content or "réservé" in content
    assert AuditEvent.objects.filter(action="beneficiary.read", object_id=str(b.pk)).exists()


def test_it_renders_every_page_of_the_file(file_and_client):
    user, b, stay, referral, client = file_and_client
    for name, args in [
        ("pathways:files", []),
        ("pathways:file_create", []),
        ("pathways:file_edit", [b.pk]),
        ("pathways:note_add", [b.pk]),
        ("pathways:need_add", [b.pk]),
        ("pathways:notice_add", [b.pk]),
        ("pathways:consent_add", [b.pk]),
        ("pathways:care_team_add", [b.pk]),
        ("pathways:refer", [b.pk]),
        ("pathways:stay_add", [b.pk]),
        ("pathways:stay", [b.pk, stay.pk]),
        ("pathways:pathway_start", [b.pk]),
        ("pathways:referral", [referral.pk]),
        ("pathways:notifications", []),
        ("pathways:templates", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_it_answers_404_for_a_file_of_another_organisation(mfa_login):
    b = make_beneficiary()
    client = mfa_login(physician())
    assert client.get(reverse("pathways:file", args=[b.pk])).status_code == 404


def test_it_shows_a_coordinator_that_the_file_exists_but_not_its_content(mfa_login):
    b = make_beneficiary()
    client = mfa_login(make_user(role=Role.COORDINATOR))
    response = client.get(reverse("pathways:file", args=[b.pk]))
    assert response.status_code == 200
    assert b.reference in response.content.decode()
    assert b.last_name not in response.content.decode()


def test_it_opens_a_file_through_the_form(mfa_login):
    user = make_user(role=Role.PROFESSIONAL)
    client = mfa_login(user)
    response = client.post(
        reverse("pathways:file_create"),
        {
            "first_name": "Awa",
            "last_name": "Exemple",
            "birth_year": 1990,
            "birth_month": 5,
            "sex": "F",
            "housing": "street",
            "health_cover": "none",
        },
    )
    assert response.status_code == 302
    assert "Exemple" in client.get(response.url).content.decode()


def test_it_adds_a_note_through_the_form(file_and_client):
    user, b, _s, _r, client = file_and_client
    response = client.post(
        reverse("pathways:note_add", args=[b.pk]),
        {"text": "Rendez-vous CCAS pris", "sensitivity": "social", "visibility": "care_team"},
    )
    assert response.status_code == 302
    assert "Rendez-vous CCAS pris" in client.get(response.url).content.decode()
    assert Referral.objects.count() == 1


def test_it_changes_a_needs_status(file_and_client):
    _user, b, _s, _r, client = file_and_client
    need = b.needs.get(domain="rights")
    url = reverse("pathways:need_status", args=[b.pk, need.pk])
    assert client.post(url, {"status": "met"}).status_code == 302
    need.refresh_from_db()
    assert need.status == "met"


def test_timeline_entries_escape_what_people_typed(file_and_client):
    user, b, _stay, _referral, client = file_and_client
    services.note_add(actor=user, beneficiary=b, text='<script>alert("x")</script>\nsecond line')
    content = client.get(reverse("pathways:file", args=[b.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>second line" in content
    assert '<script>alert("x")' not in content


def test_each_section_shows_its_rows_and_the_links_to_act_on_them(mfa_login):
    worker = make_user(role=Role.PROFESSIONAL)
    coordinator = make_user(role=Role.COORDINATOR)
    partner = make_organisation(name="Pôle fictif de Fives", short_name="Pôle Fives")
    b = make_beneficiary(actor=worker)
    rich_summary(beneficiary=b, author=worker, to=partner, coordinator=coordinator)
    stay = services.stay_admit(
        actor=worker, beneficiary=b, establishment=make_organisation(kind="hospital")
    )
    services.stay_discharge(actor=worker, stay=stay, force=True)
    referral = services.referral_create(
        actor=worker, beneficiary=b, to_organisation=partner, reason="Bilan de santé"
    )
    content = mfa_login(worker).get(reverse("pathways:file", args=[b.pk])).content.decode()

    for need in b.needs.all():  # the physical health need is kept from a social worker
        shown = reverse("pathways:need_status", args=[b.pk, need.pk]) in content
        assert shown == (need.domain != "physical_health"), need.domain
    member = b.care_team.get(organisation=partner)
    assert reverse("pathways:care_team_end", args=[b.pk, member.pk]) in content
    consent = b.consents.get()
    assert reverse("pathways:consent_withdraw", args=[b.pk, consent.pk]) in content
    assert reverse("pathways:consent_fhir", args=[b.pk, consent.pk]) in content
    assert "→ Pôle Fives" in content
    assert reverse("pathways:referral", args=[referral.pk]) in content
    assert reverse("pathways:stay", args=[b.pk, stay.pk]) in content
    first_step = b.pathways.get().steps.order_by("order").first()
    assert reverse("pathways:step_complete", args=[b.pk, first_step.pk]) in content
    assert "1. Étape 1 (fictive)" in content
    assert content.count("badge-danger") == 2  # the two open alerts


def test_a_step_completed_late_shows_its_delay_and_no_longer_offers_to_mark_it_done(
    file_and_client,
):
    user, b, _stay, _referral, client = file_and_client
    template = services.pathway_template_create(
        actor=make_user(role=Role.COORDINATOR),
        name="Parcours de test",
        steps=[StepSpec("Dépistage", make_organisation(), 10)],
    )
    pathway = services.pathway_start(
        actor=user, beneficiary=b, template=template, started_on=date(2026, 1, 1)
    )
    step = pathway.steps.get()
    services.pathway_step_complete(actor=user, step=step, completed_on=date(2026, 1, 15))
    content = client.get(reverse("pathways:file", args=[b.pk])).content.decode()
    assert '<span class="overdue">+4 j</span>' in content
    assert reverse("pathways:step_complete", args=[b.pk, step.pk]) not in content


def test_the_care_team_shows_a_member_until_the_membership_ends(mfa_login):
    user = make_user(role=Role.PROFESSIONAL)
    b = make_beneficiary(actor=user)
    client = mfa_login(user)
    url = reverse("pathways:file", args=[b.pk])
    client.get(url)  # the section's read is compiled before the member joins
    pole = make_organisation(name="Pôle ressources santé Lille-Sud")
    member = services.care_team_add(
        actor=user, beneficiary=b, organisation=pole, basis="formal_team"
    )
    assert "Pôle ressources santé Lille-Sud" in client.get(url).content.decode()
    services.care_team_end(actor=user, member=member)
    assert "Pôle ressources santé Lille-Sud" not in client.get(url).content.decode()
