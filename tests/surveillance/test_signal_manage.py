import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.core.services import PermissionDenied
from maillage.surveillance.detection_adapter import DetectionError
from maillage.surveillance.models import Method, SignalDefinition
from maillage.surveillance.services import signal_create, signal_update
from tests.factories import make_user
from tests.surveillance.factories import make_signal

pytestmark = pytest.mark.django_db

DATA = {
    "code": "gale",
    "name": "Gale",
    "kind": "syndrome",
    "unit": "cas",
    "description": "",
    "method": Method.FARRINGTON_FLEXIBLE,
    "params": {"b": 2, "w": 3},
    "notify": SignalDefinition.Notify.COORDINATORS,
}


def test_a_coordinator_defines_a_signal_with_r_parameters():
    coordinator = make_user(role=Role.COORDINATOR)
    signal = signal_create(actor=coordinator, data=DATA)
    assert signal.params == {"b": 2, "w": 3}
    signal = signal_update(actor=coordinator, signal=signal, data={**DATA, "params": {"b": 3}})
    assert signal.params == {"b": 3}
    assert AuditEvent.objects.filter(action__startswith="signal.").count() == 2


def test_parameters_the_engine_refuses_are_refused():
    coordinator = make_user(role=Role.COORDINATOR)
    with pytest.raises(DetectionError):
        signal_create(actor=coordinator, data={**DATA, "params": {"bogus": 1}})
    assert not SignalDefinition.objects.exists()


def test_partners_and_funders_may_not_define_signals():
    for role in (Role.PROFESSIONAL, Role.FUNDER_VIEWER):
        with pytest.raises(PermissionDenied):
            signal_create(actor=make_user(role=role), data=DATA)


def test_the_signal_pages(client, django_assert_max_num_queries):
    signal = make_signal("gale", name="Gale")
    client.force_login(make_user(role=Role.COORDINATOR))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("surveillance:signals")).content.decode()
    assert reverse("surveillance:signal_edit", args=["gale"]) in page

    url = reverse("surveillance:signal_edit", args=["gale"])
    form = {**DATA, "code": "other", "params": '{"minSigma": 2}', "method": "earsC2"}
    form.update(position=1, is_active="on")
    assert client.post(url, form).status_code == 302
    signal.refresh_from_db()
    assert signal.code == "gale" and signal.method == "earsC2"
    assert signal.params == {"minSigma": 2}

    response = client.post(url, {**form, "params": '{"b": 2}'})
    assert response.status_code == 200 and "params" in response.context["form"].errors


def test_partners_see_the_signals_but_not_the_forms(client):
    make_signal("gale")
    client.force_login(make_user(role=Role.PROFESSIONAL))
    assert client.get(reverse("surveillance:signals")).status_code == 200
    edit = reverse("surveillance:signal_edit", args=["gale"])
    assert client.get(edit).status_code == 403
