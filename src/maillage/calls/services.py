"""Writes of the calls app: one user action, one service, one transaction, audited.

The deadline rule: every create, update and submission checks `call.is_open(now)` on the
server, at the instant of the request; at `closes_at` or later the call is closed. The only
writes an applicant may still make after it are the answer to a correction request (until its
due date) and the final report of a grant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.calls import access
from maillage.calls.models import (
    CERFA_ACCOUNTS,
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    ApplicationState,
    CallForProjects,
    CallStatus,
    Criterion,
    Grant,
    Review,
    Tranche,
)
from maillage.calls.workflow import NotAllowed, advance
from maillage.core.audit import AuditAction
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation, Territory

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a document's name says → the content types its bytes may have.
ACCEPTED_TYPES: dict[str, set[str]] = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
}
FIRST_TRANCHE_SHARE = 80  # at signature; the rest on the final report


class CallClosed(Exception):
    """The call does not take this change at this instant."""


class InvalidChange(ValueError):
    """A change refused for its content; the message names the field."""


@dataclass
class ApplicationData:
    """What an applicant fills in; the form builds it, `application_save` writes it."""

    title: str
    summary: str = ""
    theme: str = ""
    publics: list[str] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    project_partners: list[Organisation] = field(default_factory=list)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    requested_amount: Decimal = Decimal(0)
    other_funders: str = ""
    siret: str = ""
    rna: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    budget: list[tuple[str, str, Decimal]] = field(default_factory=list)  # account, label, amount

    SCALARS = (
        "title", "summary", "theme", "publics", "starts_on", "ends_on", "requested_amount",
        "other_funders", "siret", "rna", "answers",
    )  # fmt: skip


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _audit(actor: Any, action: AuditAction, obj: Any, request: Any = None, **detail: Any) -> None:
    # Calls concern organisations, never a person followed: no action here names a subject
    # (audit_record refuses a personal action without one).
    audit_record(actor=actor, action=action, obj=obj, subject=None, request=request, detail=detail)


def _require_open(call: CallForProjects, now: dt.datetime) -> None:
    if not call.is_open(now):
        raise CallClosed(
            _("The call “%(call)s” is closed since %(when)s: nothing was changed.")
            % {
                "call": call.title,
                "when": timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M"),
            }
        )


# --- the call ---------------------------------------------------------------------------------


@transaction.atomic
def call_publish(*, actor: Any, call: CallForProjects, request: Any = None) -> None:
    if not access.instructs(actor, call):
        raise PermissionDenied
    if call.status != CallStatus.DRAFT:
        raise InvalidChange(_("Status: only a draft call is published."))
    if call.closes_at <= call.opens_at:
        raise InvalidChange(_("Closes at: must be after the opening."))
    if not call.criteria.exists():
        raise InvalidChange(_("Criteria: a call needs review criteria before it is published."))
    call.status = CallStatus.PUBLISHED
    call.save(update_fields=["status"])
    _audit(actor, AuditAction.CALL_PUBLISH, call, request)


@transaction.atomic
def call_close(*, call: CallForProjects, now: dt.datetime | None = None) -> list[Application]:
    """At its closing time: submitted applications go to review; drafts stay drafts (their
    owners are told by the caller). Returns the drafts left behind."""
    now = _now(now)
    if call.status != CallStatus.PUBLISHED or now < call.closes_at:
        return []
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status"])
    for application in call.applications.filter(state=ApplicationState.SUBMITTED):
        advance(application, "review", actor=None, reason=_("The call closed."))
    _audit(None, AuditAction.CALL_CLOSE, call)
    return list(call.applications.filter(state=ApplicationState.DRAFT))


# --- the applicant ----------------------------------------------------------------------------


def _eligible(call: CallForProjects, organisation: Organisation) -> None:
    if call.eligible_kinds and organisation.kind not in call.eligible_kinds:
        raise InvalidChange(
            _("Organisation: a %(kind)s may not apply to this call.")
            % {"kind": organisation.get_kind_display()}
        )


@transaction.atomic
def application_create(
    *,
    actor: Any,
    call: CallForProjects,
    organisation: Organisation,
    title: str,
    now: dt.datetime | None = None,
    request: Any = None,
) -> Application:
    if not access.applies_for(actor, organisation.pk):
        raise PermissionDenied
    _require_open(call, _now(now))
    _eligible(call, organisation)
    if not title.strip():
        raise InvalidChange(_("Project title: required."))
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        title=title.strip(),
        created_by=actor,
        siret=organisation.siret,
    )
    _audit(actor, AuditAction.APPLICATION_CREATE, application, request, call=call.pk)
    return application


def _correction_open(application: Application, now: dt.datetime) -> bool:
    if application.state != ApplicationState.CORRECTION_REQUESTED:
        return False
    due = application.correction_due_on
    return due is None or timezone.localdate(now) <= due


def _require_editable(actor: Any, application: Application, now: dt.datetime) -> None:
    if not access.applies_for(actor, application.organisation_id):
        raise PermissionDenied
    if _correction_open(application, now):
        return
    if application.state != ApplicationState.DRAFT:
        raise NotAllowed(application.state)
    _require_open(application.call, now)


def check_identifiers(data: ApplicationData) -> None:
    from stdnum.fr import siret

    if data.siret and not siret.is_valid(data.siret):
        raise InvalidChange(
            _("SIRET: %(value)s is not a valid SIRET number.") % {"value": data.siret}
        )
    if data.rna and not (len(data.rna) == 10 and data.rna[0] == "W" and data.rna[1:].isdigit()):
        raise InvalidChange(_("RNA number: W followed by 9 digits."))


def _clean(data: ApplicationData) -> None:
    from stdnum.fr import siret

    data.siret = siret.compact(data.siret) if data.siret else ""
    data.rna = data.rna.strip().upper()
    check_identifiers(data)
    if not data.title.strip():
        raise InvalidChange(_("Project title: required."))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidChange(_("Project ends on: before it starts."))
    if data.requested_amount < 0:
        raise InvalidChange(_("Requested amount: must not be negative."))
    for account, _label, amount in data.budget:
        if account not in CERFA_ACCOUNTS or amount < 0:
            raise InvalidChange(
                _("Budget: account %(account)s or its amount is not valid.") % {"account": account}
            )


@transaction.atomic
def application_save(
    *,
    actor: Any,
    application: Application,
    data: ApplicationData,
    now: dt.datetime | None = None,
    request: Any = None,
) -> Application:
    """Save the draft (or the correction) as the applicant types; the state does not change."""
    now = _now(now)
    _require_editable(actor, application, now)
    _clean(data)
    for name in data.SCALARS:
        setattr(application, name, getattr(data, name))
    application.updated_at = now
    application.save()
    application.territories.set(data.territories)
    application.project_partners.set(data.project_partners)
    application.budget_lines.all().delete()
    ApplicationBudgetLine.objects.bulk_create(
        ApplicationBudgetLine(application=application, account=a, label=label, amount=amount)
        for a, label, amount in data.budget
    )
    _audit(actor, AuditAction.APPLICATION_SAVE, application, request)
    return application


def detected_type(head: bytes) -> str:
    import filetype

    kind = filetype.guess(head)
    return kind.mime if kind is not None else ""


def _check_document(upload: UploadedFile) -> str:
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED_TYPES:
        raise InvalidChange(
            _("“%(name)s”: accepted formats are PDF, PNG, JPEG, DOCX, XLSX, ODT and ODS.")
            % {"name": name}
        )
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise InvalidChange(_("“%(name)s”: larger than 10 MB.") % {"name": name})
    upload.seek(0)
    content_type = detected_type(upload.read(8192))
    upload.seek(0)
    if content_type not in ACCEPTED_TYPES[extension]:
        raise InvalidChange(
            _("“%(name)s”: its name says %(extension)s but its content is not (%(found)s).")
            % {
                "name": name,
                "extension": extension.upper(),
                "found": content_type or _("unknown type"),
            }
        )
    return content_type


@transaction.atomic
def document_upload(
    *,
    actor: Any,
    application: Application,
    kind: str,
    upload: UploadedFile,
    now: dt.datetime | None = None,
    request: Any = None,
) -> ApplicationDocument:
    _require_editable(actor, application, _now(now))
    content_type = _check_document(upload)
    document = ApplicationDocument.objects.create(
        application=application,
        kind=kind,
        file=upload,
        name=(upload.name or "")[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    _audit(actor, AuditAction.APPLICATION_DOCUMENT_UPLOAD, document, request, kind=kind)
    return document


def missing_items(application: Application) -> list[str]:
    """What the applicant must still give before submitting (empty: ready)."""
    call = application.call
    missing = []
    if not application.summary.strip():
        missing.append(_("a summary of the project"))
    if application.requested_amount <= 0:
        missing.append(_("the requested amount"))
    elif application.requested_amount < call.min_grant or (
        call.max_grant is not None and application.requested_amount > call.max_grant
    ):
        missing.append(_("a requested amount within the call's minimum and maximum"))
    if "siret" in call.required_identifiers and not application.siret:
        missing.append(_("the SIRET number"))
    if "rna" in call.required_identifiers and not application.rna:
        missing.append(_("the RNA number"))
    given = set(application.documents.values_list("kind", flat=True))
    labels = dict(ApplicationDocument._meta.get_field("kind").choices or [])
    missing += [str(labels.get(k, k)) for k in call.required_documents if k not in given]
    for question in call.questions:
        if question.get("required") and application.answers.get(question["key"]) in (None, ""):
            missing.append(question["label"])
    if not application.budget_lines.exists():
        missing.append(_("the project's budget"))
    return missing


@transaction.atomic
def application_submit(
    *, actor: Any, application: Application, now: dt.datetime | None = None, request: Any = None
) -> None:
    """Submit before the deadline, complete; after it: refused, nothing changed."""
    now = _now(now)
    if not access.applies_for(actor, application.organisation_id):
        raise PermissionDenied
    call = CallForProjects.objects.select_for_update().get(pk=application.call_id)
    _require_open(call, now)
    if missing := missing_items(application):
        raise InvalidChange(_("Still missing: %(items)s.") % {"items": ", ".join(missing)})
    application.submitted_at = now
    advance(application, "submit", actor=actor)
    _audit(actor, AuditAction.APPLICATION_TRANSITION, application, request, event="submit")


@transaction.atomic
def application_transition(
    *,
    actor: Any,
    application: Application,
    event: str,
    reason: str = "",
    due_on: dt.date | None = None,
    now: dt.datetime | None = None,
    request: Any = None,
) -> None:
    """The other moves: a correction requested (instructor, with a reason and a date) and
    answered (applicant), a withdrawal (applicant), a refusal or closing (instructor)."""
    rights = access.application_access(actor, application)
    applicant_events = {"resubmit", "withdraw"}
    allowed = rights.edit if event in applicant_events else rights.instruct
    if not allowed:
        raise PermissionDenied
    if event == "request_correction":
        if not reason.strip():
            raise InvalidChange(_("Reason: say what must be corrected."))
        application.correction_reason = reason.strip()
        application.correction_due_on = due_on
    if event == "resubmit" and not _correction_open(application, _now(now)):
        raise CallClosed(_("The correction's due date has passed: nothing was changed."))
    if event == "refuse" and not reason.strip():
        raise InvalidChange(_("Reason: a refusal gives its reason."))
    application.save()
    advance(application, event, actor=actor, reason=reason)
    _audit(actor, AuditAction.APPLICATION_TRANSITION, application, request, event=event)
    if event == "refuse":
        from maillage.calls.documents import send_decision_letter

        send_decision_letter(application)


# --- reviews ----------------------------------------------------------------------------------


@transaction.atomic
def review_assign(
    *, actor: Any, application: Application, reviewer: Any, request: Any = None
) -> Review:
    if not access.instructs(actor, application.call):
        raise PermissionDenied
    if access.has_conflict(reviewer, application):
        raise InvalidChange(
            _("Reviewer: %(name)s belongs to the applying organisation or a project partner.")
            % {"name": reviewer.get_full_name() or reviewer.email}
        )
    review, _created = Review.objects.get_or_create(application=application, reviewer=reviewer)
    if application.state == ApplicationState.SUBMITTED:
        advance(application, "review", actor=actor)
    _audit(actor, AuditAction.REVIEW_ASSIGN, review, request, reviewer=reviewer.pk)
    return review


@transaction.atomic
def review_declare_conflict(*, actor: Any, review: Review, request: Any = None) -> None:
    if review.reviewer_id != actor.pk:
        raise PermissionDenied
    review.conflict_declared = True
    review.save(update_fields=["conflict_declared"])
    _audit(actor, AuditAction.REVIEW_CONFLICT, review, request)


@transaction.atomic
def review_submit(
    *,
    actor: Any,
    review: Review,
    scores: dict[int, int],
    comments: str = "",
    private_notes: str = "",
    now: dt.datetime | None = None,
    request: Any = None,
) -> Review:
    rights = access.application_access(actor, review.application)
    if rights.review is None or rights.review.pk != review.pk:
        raise PermissionDenied
    criteria_ids = set(
        Criterion.objects.filter(call=review.application.call_id).values_list("pk", flat=True)
    )
    if set(scores) != criteria_ids:
        raise InvalidChange(_("Scores: give a score for every criterion."))
    if any(not 0 <= score <= 5 for score in scores.values()):
        raise InvalidChange(_("Scores: each score is between 0 and 5."))
    review.scores = {str(k): v for k, v in scores.items()}
    review.comments = comments
    review.private_notes = private_notes
    review.submitted_at = _now(now)
    review.save()
    _audit(actor, AuditAction.REVIEW_SUBMIT, review, request)
    return review


# --- the committee ----------------------------------------------------------------------------


def granted_total(call: CallForProjects, theme: str | None = None) -> Decimal:
    grants = Grant.objects.filter(application__call=call)
    if theme is not None:
        grants = grants.filter(application__theme=theme)
    return grants.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _check_envelope(call: CallForProjects, application: Application, amount: Decimal) -> None:
    remaining = call.envelope - granted_total(call)
    if amount > remaining:
        raise InvalidChange(
            _("Amount: %(amount)s € exceeds what remains of the envelope (%(remaining)s €).")
            % {"amount": amount, "remaining": remaining}
        )
    theme_envelope = call.envelope_by_theme.get(application.theme)
    if theme_envelope is not None:
        left = Decimal(str(theme_envelope)) - granted_total(call, application.theme)
        if amount > left:
            raise InvalidChange(
                _("Amount: %(amount)s € exceeds what remains for this theme (%(remaining)s €).")
                % {"amount": amount, "remaining": left}
            )


@transaction.atomic
def grant_decide(
    *,
    actor: Any,
    application: Application,
    amount: Decimal,
    reference: str = "",
    report_due_on: dt.date | None = None,
    request: Any = None,
) -> Grant:
    """The committee grants an amount ≤ requested, within the call's envelope (checked with
    the call locked, so two decisions at once cannot both take the last euros)."""
    call = CallForProjects.objects.select_for_update().get(pk=application.call_id)
    if not access.instructs(actor, call):
        raise PermissionDenied
    if amount <= 0 or amount > application.requested_amount:
        raise InvalidChange(_("Amount: more than zero and at most the requested amount."))
    _check_envelope(call, application, amount)
    today = timezone.localdate()
    grant = Grant.objects.create(
        application=application,
        amount=amount,
        decision_reference=reference,
        decided_by=actor,
        final_report_due_on=report_due_on or (application.ends_on or today) + dt.timedelta(days=90),
    )
    first = (amount * FIRST_TRANCHE_SHARE / 100).quantize(Decimal("0.01"))
    Tranche.objects.create(
        grant=grant, share=FIRST_TRANCHE_SHARE, amount=first,
        condition=_("at the signature of the convention"), due_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    Tranche.objects.create(
        grant=grant, share=100 - FIRST_TRANCHE_SHARE, amount=amount - first,
        condition=_("on the final report"), due_on=grant.final_report_due_on,
    )  # fmt: skip
    advance(application, "accept", actor=actor, reason=reference)
    _audit(actor, AuditAction.GRANT_DECIDE, grant, request, amount=str(amount))
    from maillage.calls.documents import send_decision_letter

    send_decision_letter(application)
    return grant


@transaction.atomic
def tranche_mark_paid(
    *, actor: Any, tranche: Tranche, paid_on: dt.date, request: Any = None
) -> None:
    if not access.instructs(actor, tranche.grant.application.call):
        raise PermissionDenied
    tranche.paid_on = paid_on
    tranche.save(update_fields=["paid_on"])
    _audit(actor, AuditAction.GRANT_TRANCHE_PAID, tranche, request)


@transaction.atomic
def final_report_submit(
    *,
    actor: Any,
    grant: Grant,
    people_reached: int,
    actions_held: int,
    text: str,
    now: dt.datetime | None = None,
    request: Any = None,
) -> None:
    """The grantee's final report; its figures feed the CLS indicators of the call's actions."""
    if not access.applies_for(actor, grant.application.organisation_id):
        raise PermissionDenied
    if people_reached < 0 or actions_held < 0:
        raise InvalidChange(_("Figures: must not be negative."))
    if not text.strip():
        raise InvalidChange(_("Final report: required."))
    grant.report_people_reached = people_reached
    grant.report_actions_held = actions_held
    grant.report_text = text.strip()
    grant.report_submitted_at = _now(now)
    grant.save()
    _audit(actor, AuditAction.GRANT_REPORT_SUBMIT, grant, request)
    actions = list(grant.application.call.actions.values_list("pk", flat=True))
    transaction.on_commit(lambda: _recompute(actions))


def _recompute(action_ids: list[int]) -> None:
    from maillage.programmes.tasks import recompute_indicators

    for action_id in action_ids:
        recompute_indicators.enqueue(action_id=action_id)
