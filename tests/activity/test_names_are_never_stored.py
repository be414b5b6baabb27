"""A test searches the whole database, every table and column, for the names typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from maillage.activity.models import Contact
from maillage.core.models import Role
from tests.activity.factories import make_hub
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TYPED = ["Zéphirine", "Quenouillard", "Mbappé-Ndiaye", "Ouarda", "Kerbouche"]


def every_value_in_the_database() -> str:
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 — names come from the schema
            for row in cursor.fetchall():
                texts.extend(
                    v.decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
                    for v in row
                    if v is not None
                )
    return "\n".join(texts).casefold()


def test_it_stores_no_typed_name_anywhere_after_quick_entry_and_import(client):
    hub = make_hub()
    referent = make_user(role=Role.HUB_REFERENT, organisation=hub.host)
    client.force_login(referent)
    response = client.post(
        reverse("activity:quick_entry"),
        {
            "last_name": "Quenouillard",
            "first_name": "Zéphirine",
            "birth_name": "Mbappé-Ndiaye",
            "birth_date": "02/05/1975",
            "sex": "F",
            "age_band": "unknown",
            "kind": "information",
            "themes": ["nutrition"],
            "new_or_known": "new",
            "date": timezone.localdate().isoformat(),
            "place": f"hub:{hub.pk}",
        },
    )
    assert response.status_code == 302
    csv = (
        "date;hub;kind;themes;last_name;first_name;birth_date;sex\n"
        f"2024-03-01;{hub.name};orientation;alcool;Kerbouche;Ouarda;1990;F\n"
    ).encode()
    response = client.post(
        reverse("activity:import"),
        {"organisation": hub.host.pk, "file": SimpleUploadedFile("a.csv", csv)},
    )
    assert response.status_code == 302
    assert Contact.objects.filter(encoding__isnull=False).count() == 2

    everything = every_value_in_the_database()
    assert referent.email in everything  # the search does see the database
    for name in TYPED:
        assert name.casefold() not in everything, name
