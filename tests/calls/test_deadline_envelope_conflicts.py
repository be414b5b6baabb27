"""The rules a call is judged by: the closing instant, the envelope, conflicts of interest, and
documents whose content is what their name says."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.calls import selectors, services
from maillage.calls.models import Application, ApplicationState, Grant, Transition
from maillage.core.models import AuditEvent, Role, StaffMembership
from maillage.core.services import PermissionDenied
from tests.calls.factories import CLOSES, PNG, make_call_setup, make_complete_application, pdf

pytestmark = pytest.mark.django_db
SECOND = dt.timedelta(seconds=1)


def test_a_submission_one_second_after_closing_is_refused_and_writes_nothing() -> None:
    setup = make_call_setup()
    application = make_complete_application(setup)
    events = AuditEvent.objects.count()
    with pytest.raises(services.CallClosed, match="closed since 15/01/2018 00:00"):
        services.application_submit(
            actor=setup.applicant, application=application, now=CLOSES + SECOND
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT and application.submitted_at is None
    assert not Transition.objects.exists() and AuditEvent.objects.count() == events


def test_at_the_closing_instant_itself_the_call_is_closed() -> None:
    setup = make_call_setup()
    application = make_complete_application(setup)
    with pytest.raises(services.CallClosed):
        services.application_submit(actor=setup.applicant, application=application, now=CLOSES)
    services.application_submit(actor=setup.applicant, application=application, now=CLOSES - SECOND)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    (transition,) = Transition.objects.all()
    assert (transition.from_state, transition.to_state, transition.actor) == (
        "draft", "submitted", setup.applicant,
    )  # fmt: skip


def test_creates_and_updates_after_closing_are_refused() -> None:
    setup = make_call_setup()
    with pytest.raises(services.CallClosed):
        services.application_create(
            actor=setup.applicant, call=setup.call, organisation=setup.association,
            title="Trop tard", now=CLOSES + SECOND,
        )  # fmt: skip
    application = make_complete_application(setup)
    data = services.ApplicationData(title="Nouveau titre")
    with pytest.raises(services.CallClosed):
        services.application_save(
            actor=setup.applicant, application=application, data=data, now=CLOSES + SECOND
        )
    assert Application.objects.get().title == "Permanences santé"


def test_an_incomplete_application_says_what_is_missing() -> None:
    setup = make_call_setup()
    application = make_complete_application(setup)
    application.documents.all().delete()
    with pytest.raises(services.InvalidChange, match="Statutes"):
        services.application_submit(
            actor=setup.applicant, application=application, now=CLOSES - SECOND
        )


def _under_review(setup, requested: int) -> Application:  # type: ignore[no-untyped-def]
    application = make_complete_application(setup, requested=requested)
    services.application_submit(actor=setup.applicant, application=application, now=CLOSES - SECOND)
    return application


def test_a_grant_that_would_exceed_the_envelope_is_refused() -> None:
    setup = make_call_setup(envelope=50_000)
    first, second = _under_review(setup, 30_000), _under_review(setup, 30_000)
    services.grant_decide(actor=setup.coordinator, application=first, amount=Decimal(30_000))
    with pytest.raises(services.InvalidChange, match="20000"):
        services.grant_decide(actor=setup.coordinator, application=second, amount=Decimal(25_000))
    second.refresh_from_db()
    assert second.state == ApplicationState.SUBMITTED
    assert Grant.objects.count() == 1
    assert selectors.envelope_status(call=setup.call).remaining == Decimal(20_000)
    grant = services.grant_decide(
        actor=setup.coordinator, application=second, amount=Decimal(20_000)
    )
    assert [t.amount for t in grant.tranches.all()] == [Decimal(16_000), Decimal(4_000)]


def test_a_grant_above_the_requested_amount_is_refused() -> None:
    setup = make_call_setup()
    application = _under_review(setup, 10_000)
    with pytest.raises(services.InvalidChange, match="requested"):
        services.grant_decide(
            actor=setup.coordinator, application=application, amount=Decimal(10_001)
        )


def test_a_reviewer_with_a_conflict_of_interest_cannot_open_the_application() -> None:
    setup = make_call_setup()
    application = _under_review(setup, 10_000)
    review = services.review_assign(
        actor=setup.coordinator, application=application, reviewer=setup.reviewer
    )
    selectors.application_open(actor=setup.reviewer, application_id=application.pk)
    services.review_declare_conflict(actor=setup.reviewer, review=review)
    with pytest.raises(PermissionDenied):
        selectors.application_open(actor=setup.reviewer, application_id=application.pk)
    with pytest.raises(PermissionDenied):
        services.review_submit(
            actor=setup.reviewer, review=review, scores={c.pk: 5 for c in setup.criteria}
        )


def test_a_member_of_the_applying_organisation_is_never_its_reviewer() -> None:
    setup = make_call_setup()
    application = _under_review(setup, 10_000)
    StaffMembership.objects.create(
        user=setup.reviewer, organisation=setup.association, role=Role.PROFESSIONAL
    )
    with pytest.raises(services.InvalidChange, match="belongs to the applying organisation"):
        services.review_assign(
            actor=setup.coordinator, application=application, reviewer=setup.reviewer
        )


def test_a_stranger_sees_nothing() -> None:
    setup = make_call_setup()
    application = make_complete_application(setup)
    with pytest.raises(PermissionDenied):
        selectors.application_open(actor=setup.reviewer, application_id=application.pk)


def test_a_document_whose_content_is_not_what_its_name_says_is_refused() -> None:
    setup = make_call_setup()
    application = make_complete_application(setup)
    fake = SimpleUploadedFile("budget.pdf", PNG, content_type="application/pdf")
    with pytest.raises(services.InvalidChange, match=r"“budget.pdf”: its name says PDF"):
        services.document_upload(
            actor=setup.applicant, application=application, kind="budget", upload=fake,
            now=CLOSES - SECOND,
        )  # fmt: skip
    assert application.documents.count() == 1
    document = services.document_upload(
        actor=setup.applicant, application=application, kind="budget", upload=pdf("budget.pdf"),
        now=CLOSES - SECOND,
    )  # fmt: skip
    assert document.content_type == "application/pdf"
    assert "media" not in document.file.path


def test_scores_are_weighted_and_ranked() -> None:
    setup = make_call_setup()
    low, high = _under_review(setup, 10_000), _under_review(setup, 10_000)
    needs, feasibility = setup.criteria
    for application, scores in ((low, {needs.pk: 2, feasibility.pk: 5}),
                                (high, {needs.pk: 5, feasibility.pk: 2})):  # fmt: skip
        review = services.review_assign(
            actor=setup.coordinator, application=application, reviewer=setup.reviewer
        )
        services.review_submit(actor=setup.reviewer, review=review, scores=scores)
    rows = selectors.board(call=setup.call)
    assert [row.application.pk for row in rows] == [high.pk, low.pk]
    assert [row.score for row in rows] == [4.0, 3.0]  # (5×2 + 2)/3 and (2×2 + 5)/3


def test_siret_and_rna_are_checked() -> None:
    with pytest.raises(services.InvalidChange, match="SIRET"):
        services.check_identifiers(services.ApplicationData(title="x", siret="12345678901234"))
    with pytest.raises(services.InvalidChange, match="RNA"):
        services.check_identifiers(services.ApplicationData(title="x", rna="W12345"))
    services.check_identifiers(
        services.ApplicationData(title="x", siret="73282932000074", rna="W595012345")
    )
