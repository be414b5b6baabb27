"""The application's life as a state machine (python-statemachine): the only way its state
changes. Services call `advance`, which records the transition with who, when and why."""

from __future__ import annotations

from typing import Any

from statemachine import State, StateMachine
from statemachine.exceptions import TransitionNotAllowed

from maillage.calls.models import Application, ApplicationState, Transition

S = ApplicationState


class ApplicationWorkflow(StateMachine):
    draft = State(value=S.DRAFT, initial=True)
    submitted = State(value=S.SUBMITTED)
    under_review = State(value=S.UNDER_REVIEW)
    correction_requested = State(value=S.CORRECTION_REQUESTED)
    accepted = State(value=S.ACCEPTED, final=True)
    refused = State(value=S.REFUSED, final=True)
    withdrawn = State(value=S.WITHDRAWN, final=True)
    closed = State(value=S.CLOSED_WITHOUT_DECISION, final=True)

    submit = draft.to(submitted)
    review = submitted.to(under_review)
    request_correction = submitted.to(correction_requested) | under_review.to(correction_requested)
    resubmit = correction_requested.to(under_review)
    accept = under_review.to(accepted) | submitted.to(accepted)
    refuse = under_review.to(refused) | submitted.to(refused)
    withdraw = (
        draft.to(withdrawn)
        | submitted.to(withdrawn)
        | under_review.to(withdrawn)
        | correction_requested.to(withdrawn)
    )
    close_without_decision = (
        submitted.to(closed) | under_review.to(closed) | correction_requested.to(closed)
    )


class NotAllowed(Exception):
    """The application's state does not allow this change."""


def advance(application: Application, event: str, *, actor: Any, reason: str = "") -> Transition:
    """Fire `event` on the application (saved) and record the transition."""
    before = application.state
    machine = ApplicationWorkflow(model=application, state_field="state")
    try:
        machine.send(event)
    except TransitionNotAllowed as error:
        raise NotAllowed(f"{event} from {before}") from error
    application.save(update_fields=["state", "updated_at", "submitted_at"])
    return Transition.objects.create(
        application=application,
        event=event,
        from_state=before,
        to_state=application.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
    )


def allowed_events(application: Application) -> list[str]:
    machine = ApplicationWorkflow(model=application, state_field="state")
    return [event.id for event in machine.allowed_events]
