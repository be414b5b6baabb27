"""The pages of the calls: who reaches what, the draft saved without JavaScript, uploads and
submissions refused with their message, and bounded queries on the instructor's pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.calls.models import (
    Application,
    ApplicationState,
    Review,
)
from maillage.core.audit import AuditAction
from maillage.core.models import AuditEvent, Role
from tests.calls.factories import PDF, make_call_setup, make_complete_application
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def open_now(setup):
    setup.call.closes_at = timezone.now() + dt.timedelta(days=2)
    setup.call.save(update_fields=["closes_at"])


@pytest.fixture
def setup():
    return make_call_setup()


def test_each_side_reaches_its_pages(client, setup):
    application = make_complete_application(setup)
    review = Review.objects.create(application=application, reviewer=setup.reviewer)
    stranger = make_user(role=Role.ASSOCIATION_STAFF, organisation=make_organisation())
    url = f"/appels/dossiers/{application.pk}/"
    instruct = "/appels/soutien-2018/instruction/"
    board = "/appels/soutien-2018/classement/"

    client.force_login(setup.applicant)
    assert client.get("/appels/").status_code == 200
    assert client.get("/appels/soutien-2018/").status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(instruct).status_code == 403
    assert client.get(board).status_code == 403
    assert client.get(f"/appels/evaluations/{review.pk}/").status_code == 404

    client.force_login(setup.reviewer)
    assert client.get("/appels/mes-evaluations/").status_code == 200
    response = client.get(f"/appels/evaluations/{review.pk}/")
    assert response.status_code == 200
    assert "Permanences santé" in response.text
    assert client.get(instruct).status_code == 403

    client.force_login(setup.coordinator)
    assert client.get(url).status_code == 200
    assert client.get(instruct).status_code == 200
    assert client.get(board).status_code == 200

    client.force_login(stranger)
    assert client.get(url).status_code == 403
    assert client.get(instruct).status_code == 403
    assert client.get(f"/appels/evaluations/{review.pk}/").status_code == 404
    assert client.get("/appels/dossiers/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/appels/inconnu/").status_code == 404


def test_a_reviewer_with_a_conflict_is_refused(client, setup):
    application = make_complete_application(setup)
    review = Review.objects.create(application=application, reviewer=setup.reviewer)
    client.force_login(setup.reviewer)
    response = client.post(f"/appels/evaluations/{review.pk}/conflit/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.conflict_declared
    assert client.get(f"/appels/evaluations/{review.pk}/").status_code == 403
    assert client.get(f"/appels/dossiers/{application.pk}/").status_code == 403


def test_the_reviewer_scores_each_criterion(client, setup):
    application = make_complete_application(setup)
    review = Review.objects.create(application=application, reviewer=setup.reviewer)
    first, second = setup.criteria
    client.force_login(setup.reviewer)
    response = client.post(
        f"/appels/evaluations/{review.pk}/",
        {f"score_{first.pk}": "4", f"score_{second.pk}": "2", "comments": "Solide."},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.scores == {str(first.pk): 4, str(second.pk): 2}
    assert review.comments == "Solide."


def test_a_draft_is_saved_without_javascript(client, setup):
    open_now(setup)
    client.force_login(setup.applicant)
    response = client.post(
        "/appels/soutien-2018/",
        {"title": "Maraudes", "organisation": setup.association.pk},
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/appels/dossiers/{application.pk}/"
    page = client.get(response["Location"])
    assert 'name="budget-7-amount"' in page.text
    response = client.post(
        f"/appels/dossiers/{application.pk}/enregistrer/",
        {
            "title": "Maraudes de nuit",
            "summary": "Aller vers les personnes à la rue.",
            "requested_amount": "12000",
            "budget-0-account": "64",
            "budget-0-label": "Salaires",
            "budget-0-amount": "10000",
            "budget-1-account": "60",
            "budget-1-label": "Matériel",
            "budget-1-amount": "2000",
        },
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.title == "Maraudes de nuit"
    assert application.requested_amount == Decimal(12000)
    lines = sorted((line.account, line.amount) for line in application.budget_lines.all())
    assert lines == [("60", Decimal(2000)), ("64", Decimal(10000))]
    assert "Statutes" in response.text  # still missing
    assert "Salaires" in response.text


def test_an_upload_refused_shows_why(client, setup):
    open_now(setup)
    application = make_complete_application(setup)
    application.documents.all().delete()
    client.force_login(setup.applicant)
    fake = SimpleUploadedFile("statuts.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        f"/appels/dossiers/{application.pk}/pieces/", {"kind": "statuts", "file": fake}
    )
    assert response.status_code == 400
    assert "its content is not" in response.text
    assert 'id="upload-errors"' in response.text
    assert not application.documents.exists()

    good = SimpleUploadedFile("statuts.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/appels/dossiers/{application.pk}/pieces/", {"kind": "statuts", "file": good}
    )
    assert response.status_code == 302
    document = application.documents.get()
    download = client.get(f"/appels/pieces/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.APPLICATION_DOCUMENT_READ).count() == 1

    client.force_login(make_user(role=Role.ASSOCIATION_STAFF, organisation=make_organisation()))
    assert client.get(f"/appels/pieces/{document.pk}/").status_code == 403


def test_a_submission_after_the_deadline_shows_the_error_and_writes_nothing(client, setup):
    application = make_complete_application(setup)
    client.force_login(setup.applicant)
    response = client.post(f"/appels/dossiers/{application.pk}/deposer/", follow=True)
    assert "is closed since 15/01/2018 00:00" in response.text
    assert 'id="call-closed"' in response.text
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert not application.transitions.exists()


def test_a_submission_before_the_deadline_goes_through(client, setup):
    open_now(setup)
    application = make_complete_application(setup)
    client.force_login(setup.applicant)
    response = client.post(f"/appels/dossiers/{application.pk}/deposer/", follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert 'data-state="submitted"' in response.text


def test_the_coordinator_assigns_requests_a_correction_and_grants(client, setup):
    open_now(setup)
    application = make_complete_application(setup)
    client.force_login(setup.applicant)
    client.post(f"/appels/dossiers/{application.pk}/deposer/")
    client.force_login(setup.coordinator)
    url = f"/appels/dossiers/{application.pk}/"

    # someone of the applying organisation is refused as reviewer, with the service's message
    insider = make_user(role=Role.PROFESSIONAL, organisation=setup.association)
    response = client.post(f"{url}evaluateur/", {"reviewer": insider.pk}, follow=True)
    assert "belongs to the applying organisation" in response.text
    assert not Review.objects.exists()
    client.post(f"{url}evaluateur/", {"reviewer": setup.reviewer.pk})
    assert Review.objects.get().reviewer == setup.reviewer

    client.post(
        f"{url}etat/request_correction/", {"reason": "Le RIB manque.", "due_on": "2099-01-01"}
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.CORRECTION_REQUESTED
    client.force_login(setup.applicant)
    response = client.get(url)
    assert "Le RIB manque." in response.text
    client.post(f"{url}etat/resubmit/")
    application.refresh_from_db()
    assert application.state == ApplicationState.UNDER_REVIEW

    client.force_login(setup.coordinator)
    response = client.post(f"{url}decision/", {"amount": "90000"}, follow=True)
    assert "at most the requested amount" in response.text
    response = client.post(f"{url}decision/", {"amount": "15000", "reference": "D-1"}, follow=True)
    assert response.status_code == 200
    assert 'data-remaining="65000.00"' in response.text
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    tranche = application.grant.tranches.first()
    client.post(f"/appels/tranches/{tranche.pk}/versee/", {"paid_on": "2026-02-01"})
    tranche.refresh_from_db()
    assert tranche.paid_on == dt.date(2026, 2, 1)

    client.force_login(setup.applicant)
    response = client.post(
        f"{url}bilan/", {"people_reached": "120", "actions_held": "14", "text": "Bilan."}
    )
    assert response.status_code == 302
    application.grant.refresh_from_db()
    assert application.grant.report_people_reached == 120


def test_the_instructor_filters_the_applications(client, setup):
    complete = make_complete_application(setup)
    incomplete = make_complete_application(setup)
    incomplete.budget_lines.all().delete()
    client.force_login(setup.coordinator)
    response = client.get("/appels/soutien-2018/instruction/?complete=no")
    assert f"application-{incomplete.pk}" in response.text
    assert f"application-{complete.pk}" not in response.text
    response = client.get("/appels/soutien-2018/instruction/?complete=yes&state=draft")
    assert f"application-{complete.pk}" in response.text
    assert 'href="/appels/soutien-2018/subventions.csv"' in response.text
    assert 'href="/appels/soutien-2018/scdl-subventions.csv"' in response.text


def test_a_viewer_of_the_funder_reads_without_instructing(client, setup):
    viewer = make_user(role=Role.FUNDER_VIEWER, organisation=setup.funder)
    client.force_login(viewer)
    assert client.get("/appels/soutien-2018/classement/").status_code == 200
    application = make_complete_application(setup)
    response = client.post(f"/appels/dossiers/{application.pk}/decision/", {"amount": "10"})
    assert response.status_code == 403


def _under_review(setup, reviewers):
    application = make_complete_application(setup)
    application.state = ApplicationState.UNDER_REVIEW
    application.save(update_fields=["state"])
    for reviewer in reviewers:
        Review.objects.create(
            application=application,
            reviewer=reviewer,
            scores={str(c.pk): 3 for c in setup.criteria},
            submitted_at=timezone.now(),
        )


@pytest.mark.parametrize(("path", "per_application"), [("instruction/", 1), ("classement/", 0)])
def test_the_instructor_pages_run_a_bounded_number_of_queries(
    client, setup, path, per_application, django_assert_max_num_queries
):
    """The board is constant; the list checks each application's documents (one query)."""
    reviewers = [make_user(role=Role.PROFESSIONAL) for _ in range(3)]
    _under_review(setup, reviewers)
    client.force_login(setup.coordinator)
    with django_assert_max_num_queries(15) as small_run:
        assert client.get(f"/appels/soutien-2018/{path}").status_code == 200
    for _ in range(7):
        _under_review(setup, reviewers)
    limit = len(small_run.captured_queries) + 7 * per_application
    with django_assert_max_num_queries(limit):
        assert client.get(f"/appels/soutien-2018/{path}").status_code == 200


def test_the_exports_of_the_grants(client, setup):
    client.force_login(setup.coordinator)
    response = client.get("/appels/soutien-2018/subventions.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="subventions-soutien-2018.csv"'
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("Association;SIRET")
    assert len(response.content.decode("utf-8-sig").splitlines()) == 1  # no grant yet
    response = client.get("/appels/soutien-2018/subventions.xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response.content[:2] == b"PK"
    response = client.get("/appels/soutien-2018/scdl-subventions.csv")
    assert "scdl-subventions-soutien-2018.csv" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").startswith("nomAttribuant,idAttribuant")
    client.force_login(setup.applicant)
    assert client.get("/appels/soutien-2018/subventions.csv").status_code == 403


def test_the_applicant_withdraws_and_the_committee_refuses(client, setup):
    open_now(setup)
    withdrawn = make_complete_application(setup)
    refused = make_complete_application(setup)
    refused.state = ApplicationState.UNDER_REVIEW
    refused.save(update_fields=["state"])
    client.force_login(setup.applicant)
    client.post(f"/appels/dossiers/{withdrawn.pk}/etat/withdraw/")
    withdrawn.refresh_from_db()
    assert withdrawn.state == ApplicationState.WITHDRAWN
    assert client.post(f"/appels/dossiers/{refused.pk}/etat/refuse/").status_code == 302
    refused.refresh_from_db()
    assert refused.state == ApplicationState.UNDER_REVIEW  # no reason: refused
    response = client.post(f"/appels/dossiers/{refused.pk}/etat/refuse/", {"reason": "Non."})
    assert response.status_code == 403
    client.force_login(setup.coordinator)
    response = client.post(
        f"/appels/dossiers/{refused.pk}/etat/refuse/", {"reason": "Hors champ."}, follow=True
    )
    refused.refresh_from_db()
    assert refused.state == ApplicationState.REFUSED
    assert "Hors champ." in client.get(f"/appels/dossiers/{refused.pk}/").text


def test_a_draft_call_is_published_by_its_coordinator(client, setup):
    setup.call.status = "draft"
    setup.call.save(update_fields=["status"])
    client.force_login(setup.applicant)
    assert client.get("/appels/soutien-2018/").status_code == 403
    assert client.post("/appels/soutien-2018/publier/").status_code == 403
    client.force_login(setup.coordinator)
    response = client.post("/appels/soutien-2018/publier/", follow=True)
    assert 'id="call-status"' in response.text
    setup.call.refresh_from_db()
    assert setup.call.status == "published"


def test_the_calls_questions_become_fields(client, setup):
    open_now(setup)
    setup.call.questions = [
        {"key": "public", "label": "Public visé", "kind": "long_text", "required": True},
        {"key": "volunteers", "label": "Bénévoles", "kind": "number", "required": False},
        {"key": "size", "label": "Taille", "kind": "choice", "choices": ["petite", "grande"]},
    ]
    setup.call.save(update_fields=["questions"])
    application = make_complete_application(setup)
    client.force_login(setup.applicant)
    page = client.get(f"/appels/dossiers/{application.pk}/")
    assert "Public visé" in page.text
    assert 'name="q_volunteers"' in page.text
    client.post(
        f"/appels/dossiers/{application.pk}/enregistrer/",
        {"title": "T", "summary": "S", "requested_amount": "100", "q_public": "Les jeunes",
         "q_volunteers": "7", "q_size": "grande", "budget-0-account": "64",
         "budget-0-amount": "100"},
    )  # fmt: skip
    application.refresh_from_db()
    assert application.answers == {"public": "Les jeunes", "volunteers": 7, "size": "grande"}
