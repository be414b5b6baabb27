"""Files opened before the shared vocabulary (core.vocabulary.Sex) keep their sex, in its codes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

from tests.factories import make_organisation

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("pathways", "0004_audit_subjects")]
AFTER = [("pathways", "0006_beneficiary_sex_one_letter")]
RECODED = {"female": "F", "male": "M", "other": "O", "unknown": "U"}


def migrate(targets: list[tuple[str, str]]) -> StateApps:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_it_recodes_each_files_sex_and_back():
    organisation = make_organisation()
    beneficiary = migrate(BEFORE).get_model("pathways", "Beneficiary")
    for old in RECODED:
        beneficiary.objects.create(
            first_name=old, last_name="X", sex=old, created_by_id=organisation.pk
        )

    after = migrate(AFTER).get_model("pathways", "Beneficiary")
    assert dict(after.objects.values_list("first_name", "sex")) == RECODED

    before = migrate(BEFORE).get_model("pathways", "Beneficiary")
    assert dict(before.objects.values_list("first_name", "sex")) == {old: old for old in RECODED}
    migrate(AFTER)
