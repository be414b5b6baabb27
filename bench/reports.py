"""Benchmark of the network's annual report at scale.

    python bench/reports.py [--quick]

Builds, on an empty SQLite database in a temporary folder, a network of 20 hubs and
100 quartiers with 1,000,000 contacts over two years, the unique-people figures of 300,000
people (as the nightly count stores them), 5,000 partner meetings with their attendance,
then times the computation of the network's report for the later year (reads, protection of
every table, layout beside the previous year) and its PDF, and the process's peak memory.
Progress goes to stderr; the last line of stdout is the JSON summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
HUBS, QUARTIERS = 20, 100


def log(message: str) -> None:
    print(f"[reports bench] {message}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 contacts, 500 meetings")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(run(quick=args.quick)))
        return 0
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        env = {**os.environ, "MAILLAGE_TESTING": "1", "MAILLAGE_VAR_DIR": folder}
        env.pop("DATABASE_URL", None)
        command = [sys.executable, str(Path(__file__).resolve()), "--run"]
        command += ["--quick"] if args.quick else []
        done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        print(json.dumps({"error": f"exit {done.returncode}"}))
        return 1
    print(done.stdout.strip().splitlines()[-1])
    return 0


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django

    django.setup()


def run(*, quick: bool) -> dict[str, Any]:
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    contacts = 100_000 if quick else 1_000_000
    people = 30_000 if quick else 300_000
    meetings = 500 if quick else 5_000
    log(f"building {contacts:,} contacts, {people:,} people, {meetings:,} meetings")
    started = time.perf_counter()
    coordinator = _network(contacts, people, meetings)
    built = time.perf_counter() - started
    from maillage.reports.compute import compute
    from maillage.reports.documents import report_pdf
    from maillage.reports.models import Report

    report = Report.objects.create(kind="network", year=YEAR, title=f"Rapport {YEAR}")
    log("computing the network report")
    started = time.perf_counter()
    report.content = compute(report, lambda percent, step: log(f"{percent:3d} % {step}"))
    compute_s = time.perf_counter() - started
    report.save()
    report.requested_by = coordinator
    log("drawing its PDF")
    started = time.perf_counter()
    pdf = report_pdf(report)
    pdf_s = time.perf_counter() - started
    cells = sum(len(r["cells"]) for b in report.content["blocks"] for r in b["rows"])
    hidden = sum(
        1 for b in report.content["blocks"] for r in b["rows"] for c in r["cells"] if c[0] is None
    )
    return {
        "contacts": contacts,
        "people": people,
        "meetings": meetings,
        "build_seconds": round(built, 1),
        "report_seconds": round(compute_s, 2),
        "pdf_seconds": round(pdf_s, 2),
        "pdf_bytes": len(pdf),
        "cells": cells,
        "cells_hidden": hidden,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"report_seconds": 5, "pdf_seconds": 15},
        "loadavg": round(os.getloadavg()[0], 2),
    }


def _network(contacts: int, people: int, meetings: int) -> Any:
    from maillage.activity.models import AgeBand, Contact, CountRun, Figure, Kind, Theme
    from maillage.core.models import Role, StaffMembership, User
    from maillage.network.models import Hub, Network, Organisation, Territory

    rng = random.Random(20250101)
    metropole = Territory.objects.create(name="Métropole", slug="metropole", kind="metropole")
    quartiers = Territory.objects.bulk_create(
        Territory(name=f"Quartier {i}", slug=f"q{i}", kind="quartier", parent=metropole)
        for i in range(QUARTIERS)
    )
    network = Network.objects.create(name="Réseau", slug="reseau")
    hosts = Organisation.objects.bulk_create(
        Organisation(name=f"Association {i}", slug=f"a{i}", kind="association") for i in range(HUBS)
    )
    hubs = Hub.objects.bulk_create(
        Hub(network=network, name=f"Pôle {i}", slug=f"p{i}", quartier=quartiers[i], host=host)
        for i, host in enumerate(hosts)
    )
    coordinator = User.objects.create_user("coordination@example.org", "x")
    StaffMembership.objects.create(user=coordinator, organisation=hosts[0], role=Role.COORDINATOR)
    kinds, bands = list(Kind), list(AgeBand)
    themes = [str(t) for t in Theme]
    batch: list[Contact] = []
    for n in range(contacts):
        hub = hubs[n % HUBS]
        year = YEAR if n % 2 else YEAR - 1
        batch.append(
            Contact(
                date=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                organisation_id=hub.host_id,
                hub=hub,
                kind=rng.choice(kinds),
                themes=rng.sample(themes, rng.choice((1, 1, 2))),
                quartier=quartiers[rng.randrange(QUARTIERS)] if n % 7 else None,
                age_band=rng.choice(bands),
                sex=rng.choice("FFMMU"),
                recorded_by=coordinator,
            )
        )
        if len(batch) == 20_000:
            Contact.objects.bulk_create(batch)
            batch = []
            log(f"  {n + 1:,} contacts")
    Contact.objects.bulk_create(batch)
    run = CountRun.objects.create(status=CountRun.Status.DONE, contacts=contacts, people=people)
    Figure.objects.bulk_create(_figures(run, hubs, quartiers, themes, people, rng))
    _meetings(hubs, hosts, meetings, rng)
    return coordinator


def _figures(run: Any, hubs: list, quartiers: list, themes: list, people: int, rng: Any) -> list:
    from maillage.activity.models import Figure

    figures = []
    for year in (YEAR - 1, YEAR):
        yearly = people // 2
        figures.append(
            Figure(run=run, year=year, scope="network", people=yearly, new_people=yearly // 2)
        )
        for hub in hubs:
            n = yearly // len(hubs) + rng.randrange(50)
            figures.append(
                Figure(
                    run=run,
                    year=year,
                    scope="hub",
                    key=str(hub.pk),
                    label=hub.name,
                    people=n,
                    new_people=n // 2,
                    multi_hub_people=rng.randrange(1, 9),
                )  # fmt: skip
            )
        for quartier in quartiers:
            figures.append(
                Figure(
                    run=run,
                    year=year,
                    scope="quartier",
                    key=str(quartier.pk),
                    label=quartier.name,
                    people=rng.randrange(0, 3000),
                )  # fmt: skip
            )
        for theme in themes:
            figures.append(
                Figure(run=run, year=year, scope="theme", key=theme, people=rng.randrange(1, 9000))
            )
        for bucket, share in (("1", 0.9), ("2", 0.09), ("3+", 0.01)):
            figures.append(
                Figure(
                    run=run, year=year, scope="hubs_seen", key=bucket, people=int(yearly * share)
                )
            )
    return figures


def _meetings(hubs: list, hosts: list, count: int, rng: Any) -> None:
    from django.utils import timezone

    from maillage.meetings.models import Meeting, MeetingSeries, Participant

    series = MeetingSeries.objects.bulk_create(
        MeetingSeries(
            kind="hub_partners",
            title=f"Réunion {hub.name}",
            hub=hub,
            organiser_organisation=hub.host,
            start_date=dt.date(YEAR - 1, 1, 6),
            start_time=dt.time(14),
        )  # fmt: skip
        for hub in hubs
    )
    zone = timezone.get_current_timezone()
    made = []
    for n in range(count):
        start = dt.datetime(YEAR - 1 + n % 2, 1, 1, 14, tzinfo=zone) + dt.timedelta(hours=n)
        made.append(
            Meeting(
                series=series[n % len(series)],
                recurrence_id=start,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                status="held",
            )  # fmt: skip
        )
    made = Meeting.objects.bulk_create(made)
    participants = []
    for meeting in made:
        for host in rng.sample(hosts, 4):
            participants.append(
                Participant(meeting=meeting, kind="staff", organisation=host, attendance="present")
            )
        participants.append(
            Participant(
                meeting=meeting, kind="inhabitant", count=rng.randrange(0, 12), attendance="present"
            )  # fmt: skip
        )
    Participant.objects.bulk_create(participants, batch_size=5_000)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
