import pytest

from maillage.activity.models import CountRun, Figure
from maillage.network.models import Hub
from maillage.programmes.models import (
    Action,
    Axis,
    Indicator,
    IndicatorSource,
    LocalHealthContract,
)
from maillage.programmes.services import compute_measurement
from tests.factories import make_network, make_organisation, make_territory

pytestmark = pytest.mark.django_db


def test_computed_unique_people_equals_activity_count_not_contacts() -> None:
    quartier = make_territory("Wazemmes", kind="quartier")
    hub = Hub.objects.create(
        network=make_network(),
        name="Pôle",
        slug="pole",
        quartier=quartier,
        host=make_organisation(),
    )
    run = CountRun.objects.create(status=CountRun.Status.DONE)
    Figure.objects.create(
        run=run, year=2015, scope="hub", key=str(hub.pk), contacts=310, people=120
    )
    Figure.objects.create(run=run, year=2015, scope="network", key="", contacts=900, people=400)
    contract = LocalHealthContract.objects.create(slug="lille", title="CLS", territory=quartier)
    axis = Axis.objects.create(contract=contract, number=1, title="Accès")
    action = Action.objects.create(axis=axis, number="1", title="Pôles ressources santé")
    indicator = Indicator.objects.create(
        action=action, definition="Personnes", source=IndicatorSource.UNIQUE_PEOPLE, hub=hub
    )

    measurement = compute_measurement(indicator=indicator, year=2015)

    assert measurement is not None
    assert measurement.value == 120  # the unique people, not the 310 contacts
    assert "2015" in measurement.computed_from
    assert compute_measurement(indicator=indicator, year=2016) is None


def test_computed_counts_under_five_are_suppressed() -> None:
    from maillage.programmes.models import Measurement
    from maillage.programmes.selectors import shown_value

    assert shown_value(measurement=Measurement(value=3, computed_from="x")) == "< 5"
    assert shown_value(measurement=Measurement(value=0, computed_from="x")) == "0"
