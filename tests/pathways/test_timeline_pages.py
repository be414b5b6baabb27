"""A long timeline is shown one page at a time; every entry stays reachable, hidden notes never."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.gen_files import rich_history
from maillage.pathways import selectors
from maillage.pathways.access import file_access
from maillage.pathways.models import Alert, Beneficiary, HospitalStay, Note
from maillage.pathways.timeline import TimelineEntry, timeline, timeline_page
from tests.activity.factories import record
from tests.factories import make_organisation, make_user
from tests.pathways.factories import make_beneficiary, make_member

pytestmark = pytest.mark.django_db
OLDER = re.compile(r'href="\?(before=[^"#]*)#timeline-h"')
NEWER = re.compile(r'href="\?(after=[^"#]*)#timeline-h"')
ITEM = re.compile(r'<li class="sensitivity-[a-z]+"><span class="meta">')
TIMELINE = re.compile(r'<ol class="timeline">.*?</ol>', re.S)


def keys(entries: list[TimelineEntry]) -> list[tuple[datetime, int, int]]:
    return [(e.at, e.source, e.row) for e in entries]


def walk_older(b: Beneficiary, access, per_page: int) -> list[TimelineEntry]:
    """Every page from the newest, following the older-entries cursor."""
    seen: list[TimelineEntry] = []
    query: str | None = ""
    while query is not None:
        page = timeline_page(b, access, before=query.removeprefix("before="), per_page=per_page)
        assert 0 < len(page.entries) <= per_page and len(seen) < 10_000
        seen += page.entries
        query = page.older
    return seen


def walk_newer(b: Beneficiary, access, per_page: int, start: str) -> list[TimelineEntry]:
    """Every page from the one after `start`, following the newer-entries cursor, newest first."""
    pages: list[list[TimelineEntry]] = []
    query: str | None = start
    while query is not None:
        page = timeline_page(b, access, after=query.removeprefix("after="), per_page=per_page)
        assert 0 < len(page.entries) <= per_page and len(pages) < 10_000
        pages.insert(0, page.entries)
        query = page.newer
    return [entry for entries in pages for entry in entries]


def test_it_reaches_every_entry_through_the_older_then_the_newer_pages():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    rich_history(beneficiary=b, author=worker, to=make_organisation(), events=130)
    access = file_access(worker, b)
    everything = timeline(b, access)
    assert len(everything) >= 130
    older = walk_older(b, access, per_page=20)
    assert keys(older) == keys(everything)
    oldest = everything[-1].cursor
    assert keys(walk_newer(b, access, per_page=20, start=str(oldest))) == keys(everything[:-1])


def test_entries_sharing_a_time_are_neither_skipped_nor_repeated():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    day = timezone.localdate() - timedelta(days=3)
    midnight = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    for n, at in enumerate([midnight] * 3 + [midnight + timedelta(microseconds=1)]):
        Note.objects.create(beneficiary=b, author=worker, organisation=b.created_by, text=f"n{n}")
        Note.objects.filter(text=f"n{n}").update(created_at=at)
    for n in range(2):
        Alert.objects.create(
            beneficiary=b, kind="no_contact", subject=f"s{n}", organisation=b.created_by
        )
    Alert.objects.filter(beneficiary=b).update(raised_at=midnight)
    for date in [day, day, day, day - timedelta(days=1), day + timedelta(days=1)]:
        record(worker, organisation=b.created_by, beneficiary=b, date=date)
    hospital = make_organisation(kind="hospital")
    for admitted, discharged in [
        (midnight, midnight),  # admitted and discharged at the same time
        (midnight, None),
        (midnight, None),
        (midnight - timedelta(days=30), midnight),
        (midnight - timedelta(days=2), midnight + timedelta(hours=1)),
    ]:
        HospitalStay.objects.create(
            beneficiary=b,
            establishment=hospital,
            recorded_by=worker,
            admitted_at=admitted,
            discharged_at=discharged,
        )
    access = file_access(worker, b)
    everything = timeline(b, access)
    assert sum(e.at == midnight for e in everything) == 13
    for per_page in (1, 2, 3, 5):
        assert keys(walk_older(b, access, per_page)) == keys(everything), per_page
        newest_first = walk_newer(b, access, per_page, start=str(everything[-1].cursor))
        assert keys(newest_first) == keys(everything[:-1]), per_page


def test_a_page_reads_only_its_rows_beyond_the_cursor():
    worker = make_user()
    b = make_beneficiary(actor=worker)
    rich_history(beneficiary=b, author=worker, to=make_organisation(), events=200)
    access = file_access(worker, b)
    everything = timeline(b, access)
    page = timeline_page(b, access, before=str(everything[99].cursor), per_page=10)
    assert keys(page.entries) == keys(everything[100:110])
    assert page.newer == f"after={everything[100].cursor}"
    assert page.older == f"before={everything[109].cursor}"


def test_a_forged_or_broken_cursor_shows_a_page_never_a_hidden_note():
    b, viewer, hidden = file_with_hidden_notes(events=40)
    access = file_access(viewer, b)
    for broken in ("not-a-cursor", f"1.0.{2**63}", "1.9.1", "1.-1.1", f"{10**20}.0.1"):
        assert timeline_page(b, access, before=broken).newer is None
        assert timeline_page(b, access, after=broken).newer is None
    texts = {note.text for note in hidden}
    for note in hidden:
        forged = f"{round(note.created_at.timestamp() * 1e6) + 1}.0.{note.pk + 1}"
        for page in (
            timeline_page(b, access, before=forged),
            timeline_page(b, access, after=forged),
        ):
            assert page.entries and not texts & {e.detail for e in page.entries}


def file_with_hidden_notes(events: int) -> tuple[Beneficiary, object, list[Note]]:
    """A file with a long history written by its creator, and a social worker of another
    organisation in the care team: health and restricted notes are hidden from them."""
    creator = make_user()
    b = make_beneficiary(actor=creator)
    rich_history(beneficiary=b, author=creator, to=make_organisation(), events=events)
    viewer = make_member(b)
    hidden = list(b.notes.exclude(sensitivity="social"))
    assert hidden and not any(file_access(viewer, b).may_see_note(n) for n in hidden)
    return b, viewer, hidden


def test_the_file_page_never_shows_a_hidden_note_on_any_page(mfa_login, monkeypatch):
    monkeypatch.setattr(selectors, "TIMELINE_PAGE", 15)
    b, viewer, hidden = file_with_hidden_notes(events=120)
    client = mfa_login(viewer)
    url = reverse("pathways:file", args=[b.pk])
    shown, pages, query = 0, [], ""
    while query is not None and len(pages) < 100:
        content = client.get(f"{url}?{query}").content.decode()
        pages.append(content)
        assert not any(note.text in content for note in hidden)
        assert '<span class="badge">Health' not in content
        assert '<span class="badge">Restricted' not in content
        shown += len(ITEM.findall(content))
        older = OLDER.search(content)
        query = older.group(1) if older else None
    assert len(pages) > 2
    assert NEWER.search(pages[0]) is None and NEWER.search(pages[-1]) is not None
    assert shown == len(timeline(b, file_access(viewer, b)))


def test_the_older_entries_link_keeps_its_place_when_new_entries_arrive(mfa_login, monkeypatch):
    monkeypatch.setattr(selectors, "TIMELINE_PAGE", 10)
    worker = make_user()
    b = make_beneficiary(actor=worker)
    rich_history(beneficiary=b, author=worker, to=make_organisation(), events=40)
    client = mfa_login(worker)
    url = reverse("pathways:file", args=[b.pk])
    first = client.get(url).content.decode()
    older = OLDER.search(first).group(1)
    second = client.get(f"{url}?{older}").content.decode()
    Note.objects.create(beneficiary=b, author=worker, organisation=b.created_by, text="Nouvelle")
    again = client.get(f"{url}?{older}").content.decode()
    assert TIMELINE.findall(again) == TIMELINE.findall(second)
    assert len(ITEM.findall(second)) == 10
    newer = NEWER.search(second).group(1)
    assert "Nouvelle" not in client.get(f"{url}?{newer}").content.decode()
    assert "Nouvelle" in client.get(url).content.decode()


def test_the_newest_page_shows_each_reader_the_notes_their_own_access_allows():
    """The newest page's reads are compiled once per access filter: one reader's compiled
    read never serves another whose access differs."""
    b, viewer, hidden = file_with_hidden_notes(events=10)
    creator = hidden[0].author  # the file's creator wrote its whole history
    texts = {note.text for note in hidden}
    for order in ((creator, viewer), (viewer, creator), (creator, viewer)):
        for reader in order:
            shown = {
                e.detail for e in timeline_page(b, file_access(reader, b), per_page=40).entries
            }
            if reader == viewer:
                assert not texts & shown
            else:
                assert texts <= shown
