"""The file page and the worklists run in a bounded number of queries, whatever the volume."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.gen_files import populate, rich_history
from maillage.core.models import Role
from maillage.pathways.access import file_access
from maillage.pathways.timeline import timeline
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary

pytestmark = pytest.mark.django_db
FILE_PAGE_QUERIES = 30
WORKLIST_QUERIES = 20


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_file_page_of_a_person_with_500_events_needs_as_many_queries_as_with_10(mfa_login):
    worker = make_user()
    to = make_organisation()
    small, big = make_beneficiary(actor=worker), make_beneficiary(actor=worker)
    rich_history(beneficiary=small, author=worker, to=to, events=10)
    rich_history(beneficiary=big, author=worker, to=to, events=500)
    history = timeline(big, file_access(worker, big))
    assert len(history) >= 500
    client = mfa_login(worker)
    count_queries(client, reverse("pathways:file", args=[small.pk]))  # warm the caches
    few = count_queries(client, reverse("pathways:file", args=[small.pk]))
    many = count_queries(client, reverse("pathways:file", args=[big.pk]))
    assert many == few
    assert many <= FILE_PAGE_QUERIES
    for query in (f"?before={history[450].cursor}", f"?after={history[450].cursor}"):
        assert count_queries(client, reverse("pathways:file", args=[big.pk]) + query) == few


def test_each_worklist_over_50000_people_needs_a_bounded_number_of_queries(mfa_login):
    orgs = [make_organisation() for _ in range(5)]
    users = {org.pk: make_user(organisation=org) for org in orgs}
    population = populate(people=50_000, organisations=orgs, users=users)
    assert population.beneficiaries == 50_000 and population.stays > 1_000
    professional = mfa_login(users[orgs[0].pk])
    coordinator = mfa_login(make_user(role=Role.COORDINATOR))
    small = make_user()  # a small organisation: its worklists start from its few files
    make_beneficiary(actor=small)
    base = reverse("pathways:worklist")
    for client in (professional, coordinator, mfa_login(small)):
        for name in ("alerts", "referrals", "discharges"):
            for query in ("", "&sort=-raised&page=3", "&sort=sent&page=2"):
                assert count_queries(client, f"{base}?list={name}{query}") <= WORKLIST_QUERIES


def test_the_other_lists_need_a_bounded_number_of_queries(mfa_login, django_assert_max_num_queries):
    worker = make_user()
    for _ in range(30):
        b = make_beneficiary(actor=worker)
        rich_history(beneficiary=b, author=worker, to=make_organisation(), events=20)
    client = mfa_login(worker)
    referral = b.referrals.first()
    for url in [
        reverse("pathways:files"),
        reverse("pathways:files") + "?page=2&q=Fictif",
        reverse("pathways:notifications"),
        reverse("pathways:referral", args=[referral.pk]),
        "/api/v1/pathways/files",
    ]:
        with django_assert_max_num_queries(WORKLIST_QUERIES):
            assert client.get(url).status_code == 200
