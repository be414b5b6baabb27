"""A read compiled once gives, for every value, what the ORM gives; reads it cannot serve are
refused when compiled, not answered wrongly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Now
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.core.compiled import CompiledRead, Parameter
from maillage.pathways.models import Beneficiary, CareTeamMember, HospitalStay
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
FILE = Parameter(Beneficiary._meta.pk, (UUID(int=1), UUID(int=2)))
SINCE = Parameter(
    HospitalStay._meta.get_field("admitted_at"),
    (datetime(1901, 1, 1, tzinfo=UTC), datetime(1901, 1, 2, tzinfo=UTC)),
)


def stays(beneficiary_id: object, since: datetime | None = None):
    return (
        HospitalStay.objects.filter(beneficiary_id=beneficiary_id)
        .filter(**({} if since is None else {"admitted_at__gte": since}))
        .order_by("-admitted_at", "-id")
        .values_list(
            "id", "admitted_at", "via_emergency", "missing_at_discharge", "establishment__name"
        )
    )


def test_it_reads_for_each_value_what_the_orm_reads_with_the_same_types():
    worker, hospital = make_user(), make_organisation(kind="hospital", name="CH de Seclin")
    files = [make_beneficiary(actor=worker) for _ in range(3)]
    for n, b in enumerate(files):
        for days in range(n):
            HospitalStay.objects.create(
                beneficiary=b,
                establishment=hospital,
                recorded_by=worker,
                admitted_at=timezone.now() - timedelta(days=days, microseconds=7),
                via_emergency=bool(days % 2),
                missing_at_discharge=["housing"] if days else [],
            )
    read = CompiledRead(stays, beneficiary_id=FILE)
    for b in files:
        rows = read(beneficiary_id=b.pk)
        assert rows == list(stays(b.pk))
        assert all(r[1].tzinfo is not None and isinstance(r[2], bool) for r in rows)
        assert all(isinstance(r[3], list) for r in rows)
    assert [len(read(beneficiary_id=b.pk)) for b in files] == [0, 1, 2]
    since = CompiledRead(stays, beneficiary_id=FILE, since=SINCE)
    since_noon = timezone.now() - timedelta(hours=12)
    assert since(beneficiary_id=files[2].pk, since=since_noon) == list(
        stays(files[2].pk, since_noon)
    )
    assert len(since(beneficiary_id=files[2].pk, since=since_noon)) == 1


def test_it_compiles_once_and_runs_one_query_per_call():
    b = make_beneficiary()
    built = []

    def counted(beneficiary_id: object):
        built.append(beneficiary_id)
        return stays(beneficiary_id)

    read = CompiledRead(counted, beneficiary_id=FILE)
    with CaptureQueriesContext(connection) as queries:
        for value in (b.pk, UUID(int=3), b.pk):
            read(beneficiary_id=value)
    assert len(queries) == 3
    assert built == list(FILE.stand_ins)  # compiled with its two stand-ins, never again


def test_a_read_depending_on_the_clock_is_refused_and_the_database_clock_accepted():
    b = make_beneficiary()

    def python_clock(beneficiary_id: object):
        return (
            CareTeamMember.objects.active().filter(beneficiary_id=beneficiary_id).values_list("id")
        )

    def database_clock(beneficiary_id: object):
        active = Q(started_at__lte=Now()) & (Q(ended_at__isnull=True) | Q(ended_at__gt=Now()))
        return CareTeamMember.objects.filter(active, beneficiary_id=beneficiary_id).values_list(
            "id"
        )

    with pytest.raises(ValueError, match="only as a parameter"):
        CompiledRead(python_clock, beneficiary_id=FILE)(beneficiary_id=b.pk)
    assert CompiledRead(database_clock, beneficiary_id=FILE)(beneficiary_id=b.pk) == list(
        python_clock(b.pk)
    )


def test_a_read_that_ignores_its_value_is_refused():
    def everyone(beneficiary_id: object):  # noqa: ARG001 — ignores it, on purpose
        return Beneficiary.objects.values_list("id")

    with pytest.raises(ValueError, match="uses none of its values"):
        CompiledRead(everyone, beneficiary_id=FILE)(beneficiary_id=UUID(int=3))
