"""A filière template across establishments; a person's steps with their delay against target."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.core.models import Role
from maillage.core.services import PermissionDenied
from maillage.pathways import services
from maillage.pathways.models import Alert
from maillage.pathways.rules import rules_run
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db


def cancer_pathway(coordinator):
    chru, crrc, seclin = (make_organisation(kind="hospital") for _ in range(3))
    return services.pathway_template_create(
        actor=coordinator,
        name="Parcours cancer HPSM",
        steps=[
            services.StepSpec("Dépistage", make_organisation(), 30),
            services.StepSpec("Diagnostic au CHRU de Lille", chru, 21),
            services.StepSpec("Traitement au C.R.R.C.", crrc, 30),
            services.StepSpec("Suivi au CH de Seclin", seclin, 90),
        ],
    )


def test_only_a_coordinator_defines_a_pathway():
    with pytest.raises(PermissionDenied):
        cancer_pathway(make_user(role=Role.PROFESSIONAL))


def test_it_sets_due_dates_step_by_step_and_raises_an_alert_when_one_is_overdue():
    template = cancer_pathway(make_user(role=Role.COORDINATOR))
    worker = make_user()
    b = make_beneficiary(actor=worker)
    start = timezone.localdate() - timedelta(days=60)
    pathway = services.pathway_start(
        actor=worker, beneficiary=b, template=template, started_on=start
    )
    first, second, *_rest = pathway.steps.order_by("order")
    assert first.due_on == start + timedelta(days=30) and second.due_on is None
    services.pathway_step_complete(
        actor=worker, step=first, completed_on=start + timedelta(days=35)
    )
    first.refresh_from_db()
    assert first.delay_days() == 5
    second.refresh_from_db()
    assert second.due_on == start + timedelta(days=56)
    rules_run()
    assert Alert.objects.filter(kind="step_overdue", subject=f"step:{second.pk}").exists()
    services.pathway_step_complete(actor=worker, step=second)
    rules_run()
    assert not Alert.objects.filter(kind="step_overdue", resolved_at__isnull=True).exists()
