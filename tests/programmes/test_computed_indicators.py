"""Computed indicators read the activity app's real counts, and are recomputed when they change."""

import datetime as dt

import pytest
from django.core import mail

from maillage.activity.identity import Identity
from maillage.activity.models import Figure
from maillage.activity.services import ContactData, contacts_record_many, count_run_execute
from maillage.core.models import AuditEvent, Role
from maillage.network.models import Hub
from maillage.programmes import services
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Indicator,
    IndicatorSource,
    Measurement,
    Milestone,
)
from maillage.programmes.tasks import recompute_indicators
from tests.factories import make_network, make_organisation, make_territory, make_user
from tests.programmes.factories import make_contract_setup

pytestmark = pytest.mark.django_db

PEOPLE = [("Amina", "Benali", "1984-03-02"), ("Marc", "Durand", "1990-07-15"),
          ("Sofia", "Lopez", "1975-11-30"), ("Jean", "Martin", "1962-01-09"),
          ("Nadia", "Haddad", "2001-05-21"), ("Paul", "Lefebvre", "1958-09-12")]  # fmt: skip


def _hub(name: str) -> Hub:
    host = make_organisation(f"Centre social {name}")
    return Hub.objects.create(
        network=make_network(), name=name, slug=name.lower(), host=host,
        quartier=make_territory(name, kind="quartier"),
    )  # fmt: skip


def test_unique_people_equals_the_activity_count_and_never_the_contacts() -> None:
    hub = _hub("Fives")
    recorder = make_user(role=Role.HUB_REFERENT, organisation=hub.host)
    rows = [
        ContactData(
            organisation=hub.host, hub=hub, kind="information", date=dt.date(2015, 1 + m, 10),
            identity=Identity(first_name=first, last_name=last, birth_date=born),
        )
        for first, last, born in PEOPLE
        for m in range(3)  # each person seen three times
    ]  # fmt: skip
    contacts_record_many(actor=recorder, rows=rows)
    run = count_run_execute()
    figure = Figure.objects.get(run=run, year=2015, scope="hub", key=str(hub.pk))
    setup = make_contract_setup()
    setup.contract.start = dt.date(2012, 1, 1)
    setup.contract.save()
    action = Action.objects.get(number="1.1")
    indicator = Indicator.objects.create(
        action=action, definition="Personnes", source=IndicatorSource.UNIQUE_PEOPLE, hub=hub
    )

    services.indicator_recompute(indicator=indicator, today=dt.date(2016, 6, 1))

    measured = Measurement.objects.get(indicator=indicator, year=2015)
    assert measured.value == figure.people
    assert figure.people < figure.contacts == 18
    assert not Measurement.objects.filter(indicator=indicator, year=2016).exists()


def test_the_worker_records_a_new_measurement_only_when_the_source_changed(
    django_capture_on_commit_callbacks,
) -> None:
    setup = make_contract_setup()
    action = Action.objects.get(number="1.1")
    indicator = action.indicators.get()
    action.events.add(setup.events[0])
    assert recompute_indicators.call(action_id=action.pk) == 1
    assert recompute_indicators.call() == 0  # nothing changed
    action.events.add(setup.events[1])
    assert recompute_indicators.call() == 1
    latest = Measurement.objects.filter(indicator=indicator).latest("recorded_at")
    assert (latest.year, latest.value) == (2025, 21 + 22)
    assert "2025" in latest.computed_from
    assert AuditEvent.objects.filter(action="programme_measurement.compute").count() == 2


def test_leads_are_reminded_once_of_a_milestone_and_of_a_missing_measurement(
    django_capture_on_commit_callbacks,
) -> None:
    setup = make_contract_setup()
    action = Action.objects.get(number="1.1")
    action.lead_person = setup.lead
    action.save()
    Milestone.objects.create(action=action, title="Bilan", due_on=dt.date(2026, 3, 10))
    Milestone.objects.create(action=action, title="Plus tard", due_on=dt.date(2026, 9, 1))
    Indicator.objects.create(action=action, definition="Jeunes sensibilisés")
    today = dt.date(2026, 3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=today) == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith("Measurement due for 2025") and "Bilan" in subjects[1]
    assert all(m.to == [setup.lead.email] for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=today) == 0
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.ABANDONED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=dt.date(2026, 9, 1)) == 0
