import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.activity.imports import ImportRejected, parse
from maillage.activity.models import Contact
from maillage.core.models import AuditEvent, Role
from tests.activity.factories import make_hub
from tests.factories import make_territory, make_user

pytestmark = pytest.mark.django_db

GOOD = """date;hub;kind;themes;last_name;first_name;birth_date;sex;age_band;quartier;new
2024-01-15;{hub};orientation;Accès aux droits, Bilan de santé;Benali;Fatima;1982-03-14;F;;Fives;oui
15/02/2024;;information;tabac;Martin;Paul;1990;M;26-44;;non
2024-03-01;{hub};accompagnement;santé mentale|alcohol;;;;;;;
"""

BAD = """date;hub;kind;themes;last_name;first_name;birth_date;sex
2024-01-15;{hub};orientation;rights;Benali;Fatima;1982-03-14;F
2024-13-01;{hub};orientation;rights;Martin;Paul;1990;M
2024-02-01;Nowhere;visit;yoga;Durand;Anne;31/02/1980;X
"""


@pytest.fixture
def hub():
    make_territory("Fives", kind="quartier")
    return make_hub("Pôle ressources santé Fives")


def upload(client, hub, text, name="activite.csv"):
    return client.post(
        reverse("activity:import"),
        {"organisation": hub.host.pk, "file": SimpleUploadedFile(name, text.encode())},
    )


def test_it_imports_a_partners_yearly_file_in_one_audited_transaction(client, hub):
    staff = make_user(role=Role.ASSOCIATION_STAFF, organisation=hub.host)
    client.force_login(staff)
    response = upload(client, hub, GOOD.format(hub=hub.name))
    assert response.status_code == 302

    contacts = list(Contact.objects.order_by("date"))
    assert len(contacts) == 3
    first, second, third = contacts
    assert first.hub == hub and first.themes == ["health_check", "rights"]
    assert first.quartier.name == "Fives" and first.age_band == "26-44" and first.is_new
    assert second.hub is None and second.organisation == hub.host and not second.is_new
    assert third.kind == "accompaniment" and third.themes == ["alcohol", "mental_health"]
    assert third.encoding is None
    assert {c.source for c in contacts} == {"import"}
    audit = AuditEvent.objects.get(action="contact.import")
    assert audit.detail["count"] == 3 and audit.actor == staff


def test_it_reports_every_bad_row_with_its_field_and_writes_nothing(client, hub):
    staff = make_user(role=Role.ASSOCIATION_STAFF, organisation=hub.host)
    client.force_login(staff)
    response = upload(client, hub, BAD.format(hub=hub.name))

    assert response.status_code == 400
    errors = {(e.row, e.field) for e in response.context["errors"]}
    assert errors == {
        (3, "date"),
        (4, "hub"),
        (4, "kind"),
        (4, "themes"),
        (4, "birth_date"),
        (4, "sex"),
    }
    page = response.content.decode()
    assert "<td>3</td><td><code>date</code></td>" in page
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="contact.import").exists()


def test_it_rejects_a_file_without_the_required_columns(hub):
    with pytest.raises(ImportRejected) as rejected:
        parse(b"when,what\n2024-01-01,x\n", organisation=hub.host)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(1, "header")]


def test_it_reads_windows_1252_files_separated_by_commas(hub):
    text = "date,kind,themes,last_name\n2024-01-02,information,Santé mentale,Lefèvre\n"
    [contact] = parse(text.encode("cp1252"), organisation=hub.host)
    assert contact.themes == ["mental_health"] and contact.identity.last_name == "Lefèvre"


def test_it_refuses_the_import_to_staff_of_another_organisation(client, hub):
    outsider = make_user(role=Role.ASSOCIATION_STAFF)
    client.force_login(outsider)
    response = upload(client, hub, GOOD.format(hub=hub.name))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_it_imports_from_the_command_line_all_or_nothing(hub, tmp_path):
    staff = make_user(role=Role.ASSOCIATION_STAFF, organisation=hub.host)
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD.format(hub=hub.name))
    good.write_text(GOOD.format(hub=hub.name))
    arguments = ["--organisation", hub.host.slug, "--actor", staff.email]
    with pytest.raises(CommandError, match="6 error"):
        call_command("import_activity", str(bad), *arguments, stderr=io.StringIO())
    assert not Contact.objects.exists()
    out = io.StringIO()
    call_command("import_activity", str(good), *arguments, stdout=out)
    assert "3 contacts imported" in out.getvalue() and Contact.objects.count() == 3
