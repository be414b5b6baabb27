"""The permission matrix: every relation × profession × action, read from docs/confidentiality.md.

The policy table of the document is parsed and each of its cells checked against the code (one
file, `file_access`) and against the list filters (`content_filter`, `alerts_filter`) in both their
forms (the set form of the file list, the per-row form of the worklists, with and without the list
of a small organisation's files).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from maillage.core.models import HEALTH_PROFESSIONS, Profession, Role, User
from maillage.core.services import PermissionDenied
from maillage.pathways import access, selectors, services
from maillage.pathways.access import Action, content_filter, file_access
from maillage.pathways.models import Alert, Beneficiary, Consent
from tests.factories import make_organisation, make_user
from tests.pathways.factories import join_team, make_beneficiary, physician, write_notes

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "confidentiality.md"
COLUMNS = {
    "know the file exists": "exists",
    "see its alerts": "alerts",
    "see the file": "content",
    "social note": "note:social",
    "health note": "note:health",
    "restricted note": "note:restricted",
    '"my organisation" note': "note:organisation",
    "add note": "add_note",
    "refer": "refer",
    "close": "close",
    "export": "export",
}


def markdown_table(first_header_cell: str) -> list[str]:
    """The lines of the document's table whose header starts with `first_header_cell`."""
    lines = DOC.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header_cell} |"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("| ")), len(lines))
    return lines[start:end]


def table_rows(first_header_cell: str) -> dict[str, dict[str, str]]:
    """Each row of that table by its first cell: {column header: cell}."""
    lines = markdown_table(first_header_cell)
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header[1:], cells[1:], strict=True))
    return rows


def policy_table() -> dict[str, dict[str, str]]:
    return table_rows("Relation to the file")


TABLE = policy_table()


def expected(cell: str, profession: str) -> bool:
    assert cell in {"yes", "no", "health professions"}, cell
    return cell == "yes" or (cell == "health professions" and profession in HEALTH_PROFESSIONS)


# Each relation of the table builds its viewer: (beneficiary, profession) -> user.
def _creator(b: Beneficiary, profession: str) -> User:
    return make_user(organisation=b.created_by, profession=profession)


def _team(b: Beneficiary, profession: str) -> User:
    org = make_organisation()
    join_team(b, org)
    return make_user(organisation=org, profession=profession)


def _consent(scope: str) -> Callable[[Beneficiary, str], User]:
    def build(b: Beneficiary, profession: str) -> User:
        org = make_organisation()
        services.consent_record(
            actor=b.created_by_user, beneficiary=b, scope=scope, recipients=[org], method="oral"
        )
        return make_user(organisation=org, profession=profession)

    return build


def _declined(b: Beneficiary, profession: str) -> User:
    org = make_organisation()
    user = make_user(organisation=org, profession=profession)
    referral = services.referral_create(
        actor=b.created_by_user, beneficiary=b, to_organisation=org, reason="Bilan"
    )
    services.referral_transition(
        actor=user, referral=referral, to_status="declined", decline_reason="Complet"
    )
    return user


def _referral_received(b: Beneficiary, profession: str) -> User:
    org = make_organisation()
    services.referral_create(
        actor=b.created_by_user, beneficiary=b, to_organisation=org, reason="Bilan"
    )
    return make_user(organisation=org, profession=profession)


def _withdrawn(b: Beneficiary, profession: str) -> User:
    user = _consent("social_and_health")(b, profession)
    consent = Consent.objects.get(beneficiary=b)
    services.consent_withdraw(actor=b.created_by_user, consent=consent)
    return user


def _ended(b: Beneficiary, profession: str) -> User:
    org = make_organisation()
    member = join_team(b, org)
    user = make_user(organisation=org, profession=profession)
    assert file_access(user, b).content
    services.care_team_end(actor=b.created_by_user, member=member)
    return user


def _role(role: str, same_org: bool = False) -> Callable[[Beneficiary, str], User]:
    def build(b: Beneficiary, profession: str) -> User:
        org = b.created_by if same_org else make_organisation()
        return make_user(role=role, organisation=org, profession=profession)

    return build


VIEWERS: dict[str, Callable[[Beneficiary, str], User]] = {
    "creator organisation": _creator,
    "care team, person informed": _team,
    "care team, person not informed": _team,
    "outside the team, consent to social and health information": _consent("social_and_health"),
    "outside the team, consent to social information": _consent("social"),
    "outside the team, without consent": _declined,
    "referral received, not yet accepted": _referral_received,
    "consent withdrawn": _withdrawn,
    "care-team membership ended": _ended,
    "network coordinator outside the team": _role(Role.COORDINATOR),
    "other organisation": _role(Role.PROFESSIONAL),
    # A funder/viewer of the very organisation that opened the file still sees nothing.
    "funder or viewer": _role(Role.FUNDER_VIEWER, same_org=True),
}
PROFESSIONS = [Profession.SOCIAL_WORKER, Profession.PHYSICIAN]


def test_it_has_a_row_in_the_document_for_every_relation_and_nothing_more() -> None:
    assert set(TABLE) == set(VIEWERS)
    for row in TABLE.values():
        assert set(COLUMNS) <= set(row)
        assert row["Legal basis"]


def scenario(relation: str, profession: str) -> tuple[Beneficiary, User, dict[str, Any]]:
    creator = make_user(role=Role.PROFESSIONAL)
    b = make_beneficiary(actor=creator, informed=relation != "care team, person not informed")
    author_org = make_organisation()
    author = physician(organisation=author_org)
    join_team(b, author_org)
    if relation == "care team, person not informed":
        # The author writes while the person is informed, then the notice is taken away.
        services.information_notice_record(actor=creator, beneficiary=b, method="oral")
    notes = write_notes(b, author)
    if relation == "care team, person not informed":
        b.information_notices.all().delete()
    Alert.objects.create(
        beneficiary=b, kind="no_contact", subject=f"file:{b.pk}", organisation=b.created_by
    )
    viewer = VIEWERS[relation](b, profession)
    return b, viewer, notes


def observed(b: Beneficiary, viewer: User, notes: dict[str, Any]) -> dict[str, bool]:
    access = file_access(viewer, b)
    seen = {
        "exists": access.allows(Action.EXISTS),
        "alerts": access.allows(Action.ALERTS),
        "content": access.content,
        "export": access.allows(Action.EXPORT),
    }
    seen.update({f"note:{key}": access.may_see_note(note) for key, note in notes.items()})
    seen["add_note"] = _succeeds(lambda: services.note_add(actor=viewer, beneficiary=b, text="x"))
    seen["refer"] = _succeeds(
        lambda: services.referral_create(
            actor=viewer, beneficiary=b, to_organisation=make_organisation(), reason="x"
        )
    )
    seen["close"] = _succeeds(lambda: services.beneficiary_close(actor=viewer, beneficiary=b))
    return seen


def _succeeds(action: Callable[[], object]) -> bool:
    try:
        action()
    except PermissionDenied:
        return False
    return True


def _fresh(user: User) -> User:
    """Drop per-request caches so the list filters see the same state as the service calls."""
    return User.objects.get(pk=user.pk)


def in_lists(viewer: User, b: Beneficiary) -> dict[str, bool]:
    per_row = Beneficiary.objects.filter(content_filter(viewer, per_row=True))
    return {
        "content": selectors.beneficiaries_visible_to(actor=viewer).filter(pk=b.pk).exists(),
        "content, per row": per_row.filter(pk=b.pk).exists(),
        "alerts": selectors.alerts_for(actor=viewer)[1].filter(beneficiary=b).exists(),
    }


@pytest.mark.parametrize("profession", PROFESSIONS)
@pytest.mark.parametrize("relation", list(VIEWERS))
def test_it_matches_the_policy_table(relation: str, profession: str, monkeypatch) -> None:
    b, viewer, notes = scenario(relation, profession)
    row = TABLE[relation]
    want = {key: expected(row[column], profession) for column, key in COLUMNS.items()}
    viewer = _fresh(viewer)
    want_in_lists = {
        "content": want["content"],
        "content, per row": want["content"],
        "alerts": want["alerts"],
    }
    assert in_lists(viewer, b) == want_in_lists, relation
    monkeypatch.setattr(access, "FEW_FILES", 0)  # as for a large organisation
    assert in_lists(viewer, b) == want_in_lists, relation
    assert observed(b, viewer, notes) == want, relation
