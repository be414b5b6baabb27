import pytest

from maillage.core.models import User
from maillage.demo.loader import load_demo
from maillage.network.models import Hub, Membership, Network, Organisation, Territory
from maillage.programmes.models import Action, LocalHealthContract

pytestmark = pytest.mark.django_db


def test_it_loads_the_seed_network_and_can_run_again_without_duplicating() -> None:
    load_demo()
    counts = [Organisation.objects.count(), Membership.objects.count(), User.objects.count()]
    load_demo()
    assert [
        Organisation.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
    ] == counts


def test_it_has_the_five_poles_and_the_associated_members_of_2019() -> None:
    load_demo(skip={"reports"})
    assert sorted(Hub.objects.values_list("quartier__name", flat=True)) == [
        "Faubourg de Béthune",
        "Fives",
        "Lille-Sud",
        "Moulins",
        "Wazemmes",
    ]
    rsslm = Network.objects.get(is_primary=True)
    associated = set(
        rsslm.memberships.filter(role="associated").values_list("organisation__name", flat=True)
    )
    assert associated == {
        "CCAS de Roubaix",
        "Ville de Tourcoing",
        "PASS du Centre Hospitalier de Roubaix",
        "PASS du Centre Hospitalier de Tourcoing",
    }
    convention = rsslm.conventions.get(version=2)
    assert convention.validated_on.isoformat() == "2020-12-18"
    assert convention.signed_on.isoformat() == "2021-04-07"


def test_it_has_the_rosny_contract_with_its_eight_partners_and_mel_communes() -> None:
    load_demo(skip={"reports"})
    rosny = LocalHealthContract.objects.get(slug="cls-rosny-sous-bois")
    assert rosny.signatories.count() == 8
    assert rosny.axes.count() == 6
    assert Action.objects.filter(axis__contract=rosny).count() == 31
    assert rosny.adopted_on.isoformat() == "2019-09-26"
    assert rosny.signed_on.isoformat() == "2019-10-28"
    assert Territory.objects.get(kind="commune", name="Roubaix").insee_code == "59512"


def test_the_demo_contracts_compute_and_enter_their_indicators() -> None:
    from maillage.activity.selectors import latest_run
    from maillage.programmes.models import Campaign, Indicator
    from maillage.programmes.selectors import latest_values

    load_demo(skip={"reports"})
    poles = Indicator.objects.get(definition__startswith="Personnes informées ou accompagnées")
    values = latest_values(indicator=poles)
    run = latest_run()
    assert run is not None
    for year in (2015, 2016):
        figure = run.figures.get(year=year, scope="network")
        assert values[year] == figure.people != figure.contacts
    youth = Indicator.objects.get(definition="Jeunes sensibilisés en milieu festif")
    assert latest_values(indicator=youth) == {2014: 5780}
    from maillage.activity.models import PreventionEvent

    assert not PreventionEvent.objects.filter(campaign_link__isnull=True).exists()
    assert Campaign.objects.filter(scope="national").count() >= 4
