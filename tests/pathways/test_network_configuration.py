"""Coordinators define filières and tune the rupture rules through pages; others may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.pathways.models import AlertRule, PathwayTemplate
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_a_coordinator_defines_a_pathway_through_the_form(client):
    client.force_login(make_user(role=Role.COORDINATOR))
    chru, seclin = make_organisation(kind="hospital"), make_organisation(kind="hospital")
    data = {
        "name": "Parcours cancer (fictif)",
        "description": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-name": "Diagnostic",
        "steps-0-organisation": chru.pk,
        "steps-0-target_days": "21",
        "steps-1-name": "Suivi",
        "steps-1-organisation": seclin.pk,
        "steps-1-target_days": "90",
    }
    response = client.post(reverse("pathways:template_create"), data)
    assert response.status_code == 302
    template = PathwayTemplate.objects.get()
    assert list(template.steps.values_list("order", "name", "target_days")) == [
        (1, "Diagnostic", 21),
        (2, "Suivi", 90),
    ]
    assert "Diagnostic" in client.get(reverse("pathways:templates")).content.decode()


def test_a_coordinator_changes_a_rule_delay_through_the_page(client):
    client.force_login(make_user(role=Role.COORDINATOR))
    assert client.get(reverse("pathways:rules")).status_code == 200
    data = {}
    for rule in AlertRule.objects.all():
        data[f"{rule.kind}-delay_days"] = 14 if rule.kind == "no_contact" else rule.delay_days
        data[f"{rule.kind}-enabled"] = "on"
    assert client.post(reverse("pathways:rules"), data).status_code == 302
    assert AlertRule.objects.get(kind="no_contact").delay_days == 14


def test_a_professional_may_not_configure_the_network(client):
    client.force_login(make_user(role=Role.PROFESSIONAL))
    assert client.get(reverse("pathways:rules")).status_code == 403
    assert client.get(reverse("pathways:template_create")).status_code == 403
