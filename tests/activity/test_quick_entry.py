import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activity.models import Contact
from maillage.core.models import AuditEvent, Role
from tests.activity.factories import make_hub
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent_and_hub():
    hub = make_hub("Pôle ressources santé Fives")
    referent = make_user(role=Role.HUB_REFERENT, organisation=hub.host)
    hub.referent = referent
    hub.save()
    return referent, hub


def form_data(hub, **fields):
    data = {
        "last_name": "Benali",
        "first_name": "Fatima",
        "birth_name": "",
        "birth_date": "14/03/1982",
        "sex": "F",
        "age_band": "unknown",
        "quartier": "",
        "kind": "orientation",
        "themes": ["rights", "health_check"],
        "new_or_known": "new",
        "date": timezone.localdate().isoformat(),
        "place": f"hub:{hub.pk}",
    }
    return data | fields


def test_it_offers_a_keyboard_friendly_form_with_today_and_my_hub(
    client, referent_and_hub, django_assert_max_num_queries
):
    referent, hub = referent_and_hub
    client.force_login(referent)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("activity:quick_entry"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="last_name"' in page and "autofocus" in page.split('name="first_name"')[0]
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert f'<option value="hub:{hub.pk}" selected>' in page
    assert page.count('type="checkbox" name="themes"') >= 9
    assert page.index('name="last_name"') < page.index('name="kind"') < page.index('name="place"')


def test_it_records_a_contact_encoded_and_lists_it_without_any_name(client, referent_and_hub):
    referent, hub = referent_and_hub
    client.force_login(referent)
    response = client.post(reverse("activity:quick_entry"), form_data(hub))
    assert response.status_code == 302

    contact = Contact.objects.get()
    assert (contact.hub, contact.organisation, contact.kind) == (hub, hub.host, "orientation")
    assert contact.themes == ["health_check", "rights"]
    assert contact.age_band == "26-44"  # derived from the birth date
    assert contact.sex == "F" and contact.is_new
    assert set(contact.encoding) >= {"first_name", "last_name", "birth_date", "blocking"}
    assert AuditEvent.objects.filter(action="contact.record", object_id=str(contact.pk)).exists()

    page = client.get(response.url).content.decode()
    assert "Pôle ressources santé Fives" in page
    assert "Benali" not in page and "Fatima" not in page


def test_it_lists_only_todays_entries_with_a_bounded_number_of_queries(
    client, referent_and_hub, django_assert_max_num_queries
):
    referent, hub = referent_and_hub
    client.force_login(referent)
    for day in (timezone.localdate(), timezone.localdate() - dt.timedelta(days=1)):
        for _ in range(3):
            client.post(reverse("activity:quick_entry"), form_data(hub, date=day.isoformat()))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("activity:quick_entry"))
    assert response.context["today"].paginator.count == 3


def test_it_keeps_the_form_and_writes_nothing_on_a_bad_birth_date(client, referent_and_hub):
    referent, hub = referent_and_hub
    client.force_login(referent)
    response = client.post(reverse("activity:quick_entry"), form_data(hub, birth_date="31/02/1990"))
    assert response.status_code == 400
    assert "birth_date" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_it_refuses_a_contact_in_the_future(client, referent_and_hub):
    referent, hub = referent_and_hub
    client.force_login(referent)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(reverse("activity:quick_entry"), form_data(hub, date=tomorrow))
    assert response.status_code == 400 and not Contact.objects.exists()


def test_it_records_an_anonymous_contact_without_any_encoding(client, referent_and_hub):
    referent, hub = referent_and_hub
    client.force_login(referent)
    data = form_data(hub, last_name="", first_name="", birth_date="", sex="U")
    assert client.post(reverse("activity:quick_entry"), data).status_code == 302
    assert Contact.objects.get().encoding is None


def test_it_puts_the_keyboard_on_the_first_field_to_correct(client, referent_and_hub):
    referent, hub = referent_and_hub
    client.force_login(referent)
    response = client.post(reverse("activity:quick_entry"), form_data(hub, birth_date="1/2/3"))
    page = response.content.decode()
    field = (
        page.split('name="birth_date"')[0].rsplit("<input", 1)[1]
        + page.split('name="birth_date"')[1].split(">")[0]
    )
    assert "autofocus" in field
    assert page.count("autofocus") == 1
