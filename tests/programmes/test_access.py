import pytest

from maillage.core.models import Role
from maillage.programmes.access import can_edit_action, can_edit_contract, can_read_contract
from maillage.programmes.models import Action, Axis, LocalHealthContract, Signatory
from tests.factories import make_organisation, make_territory, make_user

pytestmark = pytest.mark.django_db


def test_permissions() -> None:
    contract = LocalHealthContract.objects.create(
        slug="cls", title="CLS", territory=make_territory("Rosny-sous-Bois")
    )
    signatory_org = make_organisation("Ville")
    Signatory.objects.create(contract=contract, organisation=signatory_org)
    lead_org = make_organisation("Association")
    axis = Axis.objects.create(contract=contract, number=1, title="Prévention")
    action = Action.objects.create(
        axis=axis, number="1.1", title="Ateliers", lead_organisation=lead_org
    )

    coordinator = make_user(role=Role.COORDINATOR)
    lead = make_user(role=Role.ASSOCIATION_STAFF, organisation=lead_org)
    signatory = make_user(role=Role.PROFESSIONAL, organisation=signatory_org)
    funder = make_user(role=Role.FUNDER_VIEWER)
    other = make_user(role=Role.PROFESSIONAL)

    assert can_edit_contract(coordinator, contract)
    assert not any(can_edit_contract(u, contract) for u in (lead, signatory, funder, other))
    assert can_edit_action(coordinator, action) and can_edit_action(lead, action)
    assert not any(can_edit_action(u, action) for u in (signatory, funder, other))
    assert all(can_read_contract(u, contract) for u in (coordinator, signatory, funder))
    assert not can_read_contract(other, contract)


def test_only_the_lead_enters_a_measurement() -> None:
    from maillage.core.services import PermissionDenied
    from maillage.programmes.models import Indicator
    from maillage.programmes.services import enter_measurement

    lead_org = make_organisation("Spiritek")
    contract = LocalHealthContract.objects.create(
        slug="lille", title="CLS", territory=make_territory("Lille")
    )
    axis = Axis.objects.create(contract=contract, number=4, title="Addictions")
    action = Action.objects.create(
        axis=axis, number="4.2", title="Nocta'Lille", lead_organisation=lead_org
    )
    indicator = Indicator.objects.create(action=action, definition="Jeunes sensibilisés")
    lead = make_user(role=Role.ASSOCIATION_STAFF, organisation=lead_org)

    measurement = enter_measurement(actor=lead, indicator=indicator, year=2014, value=5780)
    assert measurement.entered_by == lead
    with pytest.raises(PermissionDenied):
        enter_measurement(
            actor=make_user(role=Role.FUNDER_VIEWER), indicator=indicator, year=2014, value=1
        )
