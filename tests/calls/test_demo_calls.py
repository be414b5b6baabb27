"""The demo's calls for projects: the 2018 round of the Ville de Lille, every state of an
application reached through the state machine, and one call open today."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum
from django.utils import timezone

from maillage.calls import selectors
from maillage.calls.models import (
    Application,
    ApplicationState,
    CallForProjects,
    Grant,
    Review,
    Tranche,
    Transition,
)
from maillage.core.models import Role, StaffMembership
from maillage.demo import calls as demo_calls
from maillage.demo.loader import load_demo
from maillage.network.models import Hub

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo(skip={"reports"})


def test_the_three_calls_of_2018(demo: None) -> None:
    calls = CallForProjects.objects.filter(closes_at__year__in=(2017, 2018))
    assert sorted(calls.values_list("title", flat=True)) == [
        "Plan nutrition 2018",
        "Pôles ressources santé 2018",
        "Soutien aux organismes de santé 2018",
    ]
    assert {c.funder.name for c in calls} == {"Ville de Lille — Service Santé"}
    soutien = calls.get(title__startswith="Soutien")
    assert soutien.closes_at == dt.datetime(2018, 1, 15, 0, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert all(c.actions.filter(axis__contract__slug="cls-lille").exists() for c in calls)
    poles = calls.get(title__startswith="Pôles")
    assert poles.actions.filter(number="1.1").exists()


def test_every_application_state_is_present_with_its_transitions(demo: None) -> None:
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(ApplicationState.values)
    for application in Application.objects.exclude(state=ApplicationState.DRAFT):
        last = application.transitions.last()
        assert last is not None and last.to_state == application.state
    assert Transition.objects.filter(event="review", at__year=2017).exists()
    assert Review.objects.filter(submitted_at__isnull=False).exists()
    assert Review.objects.filter(submitted_at__isnull=True).exists()


def test_the_poles_call_funds_the_five_host_associations_within_its_envelope(demo: None) -> None:
    poles = CallForProjects.objects.get(title__startswith="Pôles")
    assert poles.envelope == Decimal(80_000)
    grants = Grant.objects.filter(application__call=poles)
    assert grants.aggregate(total=Sum("amount"))["total"] <= Decimal(80_000)
    hosts = set(Hub.objects.values_list("host", flat=True))
    assert set(grants.values_list("application__organisation", flat=True)) == hosts
    assert len(hosts) == 5
    for call in CallForProjects.objects.all():
        total = Grant.objects.filter(application__call=call).aggregate(t=Sum("amount"))["t"]
        assert (total or 0) <= call.envelope


def test_a_convention_a_paid_tranche_and_a_final_report_due(demo: None) -> None:
    assert Grant.objects.filter(convention_signed_on__isnull=False).exists()
    assert Tranche.objects.filter(share=80, paid_on__isnull=False).exists()
    assert Grant.objects.filter(report_submitted_at__isnull=True).exists()
    assert Grant.objects.filter(report_submitted_at__isnull=False).exists()
    assert not Grant.objects.exclude(decided_on__year=2018).exists()


def test_one_call_is_open_now_and_the_association_account_can_apply(demo: None) -> None:
    (call,) = selectors.open_calls(now=timezone.now())
    assert call.opens_at < timezone.now() < call.closes_at
    membership = StaffMembership.objects.get(user__email="association@demo.maillage.test")
    assert membership.role == Role.ASSOCIATION_STAFF
    assert Hub.objects.filter(host=membership.organisation).exists()
    assert call in selectors.calls_open_for(actor=membership.user)


def test_the_calls_demo_runs_again_without_changing_anything(demo: None) -> None:
    def snapshot() -> list[object]:
        return [
            sorted(Application.objects.values_list("title", "state")),
            Transition.objects.count(),
            Review.objects.count(),
            sorted(Grant.objects.values_list("amount", "decided_on")),
            sorted(Tranche.objects.values_list("amount", "paid_on")),
        ]

    before = snapshot()
    demo_calls.load()
    assert snapshot() == before
