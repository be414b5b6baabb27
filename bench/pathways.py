"""Benchmark of the pathways pages: a file with 500 timeline events, worklists over many people.

`python bench/pathways.py [--quick]` runs once on SQLite and once on a throwaway PostgreSQL
cluster (tests/tools/pgcluster.py), each in its own process. Each run migrates an empty database,
writes fictitious files (50,000 people; 5,000 with --quick), then, in a fresh process as a
server's worker would be, times the views themselves (page rendering included, 100 rounds) for a
professional and a coordinator. Progress goes to stderr; the last
stdout line is one JSON object:
{"sqlite": {"file_page_p95_ms", "file_page_queries", "worklist_p95_ms", "worklist_queries", ...},
 "postgresql": {...}}. Beside wall-clock, each run reports the p95 of the process's CPU time and the
load average: on a shared machine the wall-clock includes time spent waiting for a processor.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_MS = 50.0  # the goal on both databases, reported on stderr


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.run:
        print(json.dumps(run(quick=args.quick)))
        return 0
    if args.time:
        print(json.dumps(time_views(args.time)))
        return 0
    report = {"sqlite": _child([], args.quick), "postgresql": _postgresql(args.quick)}
    for name, figures in report.items():
        slowest = max(figures.get("file_page_p95_ms", 0), figures.get("worklist_p95_ms", 0))
        verdict = "within" if slowest <= TARGET_MS else "above"
        log(f"{name}: slowest p95 {slowest} ms, {verdict} the {TARGET_MS:.0f} ms target")
    print(json.dumps(report))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Pathways pages benchmark")
    parser.add_argument("--quick", action="store_true", help="5,000 people and fewer rounds")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--time", metavar="WORLD.json", help=argparse.SUPPRESS)
    return parser


def _child(prefix: list[str], quick: bool) -> dict[str, Any]:
    command = [*prefix, sys.executable, str(Path(__file__).resolve()), "--run"]
    command += ["--quick"] if quick else []
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        env = {**os.environ, "MAILLAGE_TESTING": "1", "MAILLAGE_VAR_DIR": folder}
        done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _postgresql(quick: bool) -> dict[str, Any]:
    return _child([sys.executable, str(ROOT / "tests" / "tools" / "pgcluster.py"), "--"], quick)


def log(message: str) -> None:
    print(f"[pathways bench] {message}", file=sys.stderr, flush=True)


def run(*, quick: bool) -> dict[str, Any]:
    """In the child process: one database and its population; the timings in a fresh process.

    A server's worker never wrote 50,000 files itself: timed in the process that did, every
    request ran about half as slow again (its heap is scattered over far more memory)."""
    _setup()
    from django.core.management import call_command
    from django.db import connection

    log(f"{connection.vendor}: migrating")
    call_command("migrate", verbosity=0)
    people = 5_000 if quick else 50_000
    world = _world(people)
    _settle()
    rounds = 20 if quick else 100
    with tempfile.NamedTemporaryFile("w", suffix=".json") as saved:
        json.dump({**world, "rounds": rounds}, saved)
        saved.flush()
        connection.close()
        command = [sys.executable, str(Path(__file__).resolve()), "--time", saved.name]
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"database": connection.vendor, "people": people, **figures}


def time_views(saved: str) -> dict[str, Any]:
    """In a fresh process, on the database written by `run`: the views' timings."""
    _setup()
    from django.db import connection

    from maillage.core.models import User

    world = json.loads(Path(saved).read_text())
    professional = User.objects.get(pk=world["professional"])
    coordinator = User.objects.get(pk=world["coordinator"])
    rounds = world["rounds"]
    log(f"{connection.vendor}: timing ({rounds} rounds)")
    file_ms, file_queries, file_cpu = _time_view(world["file"], professional, rounds)
    worklists = [
        _time_view(view, user, rounds)
        for view in world["worklists"]
        for user in (professional, coordinator)
    ]
    return {
        "timeline_events": world["events"],
        "file_page_p95_ms": round(file_ms, 1),
        "file_page_queries": file_queries,
        "worklist_p95_ms": round(max(ms for ms, _q, _c in worklists), 1),
        "worklist_queries": max(q for _ms, q, _c in worklists),
        "file_page_cpu_p95_ms": round(file_cpu, 1),
        "worklist_cpu_p95_ms": round(max(c for _ms, _q, c in worklists), 1),
        "loadavg": round(os.getloadavg()[0], 1),
    }


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django

    django.setup()


def _world(people: int) -> dict[str, Any]:
    from django.urls import reverse
    from gen_files import populate, rich_history, rich_summary

    from maillage.core.models import Role, StaffMembership, User
    from maillage.network.models import Organisation
    from maillage.pathways.access import file_access
    from maillage.pathways.models import Beneficiary
    from maillage.pathways.timeline import timeline

    orgs = [
        Organisation.objects.create(
            name=f"Structure fictive {n}", slug=f"bench-{n}", kind="association"
        )
        for n in range(5)
    ]
    users = {}
    for org in orgs:
        user = User.objects.create_user(f"bench-{org.pk}@example.org", None, profession="physician")
        StaffMembership.objects.create(user=user, organisation=org, role=Role.PROFESSIONAL)
        users[org.pk] = user
    coordinator = User.objects.create_user("bench-coord@example.org", None)
    StaffMembership.objects.create(user=coordinator, organisation=orgs[0], role=Role.COORDINATOR)
    log(f"writing {people} fictitious files")
    started = time.perf_counter()
    populate(people=people, organisations=orgs, users=users)
    log(f"written in {time.perf_counter() - started:.1f} s")
    professional = users[orgs[0].pk]
    rich = Beneficiary(first_name="Awa", last_name="Fictive", created_by=orgs[0])
    rich.save()
    rich_history(beneficiary=rich, author=professional, to=orgs[1], events=500)
    rich_summary(beneficiary=rich, author=professional, to=orgs[1], coordinator=coordinator)
    events = len(timeline(rich, file_access(professional, rich)))
    worklist = reverse("pathways:worklist")
    return {
        "file": reverse("pathways:file", args=[rich.pk]),
        "worklists": [f"{worklist}?list={name}" for name in ("alerts", "referrals", "discharges")],
        "professional": professional.pk,
        "coordinator": coordinator.pk,
        "events": events,
    }


def _settle() -> None:
    """Leave the bulk load behind before timing, as a server in use has: on PostgreSQL, what
    autovacuum does within a minute or two of a bulk load (statistics for the planner and the
    visibility map; without them the planner takes 50,000 fresh rows for a few dozen). SQLite
    keeps no statistics unless asked (Maillage never asks): measured as it is."""
    from django.db import connection

    if connection.vendor == "postgresql":
        log("postgresql: VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _time_view(url: str, user: Any, rounds: int) -> tuple[float, int, float]:
    """p95 in ms of the view (2FA check passed by a confirmed session), its query count, and
    the p95 of this process's CPU time (less sensitive to a loaded machine than wall-clock)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client = _client(user)
    client.get(url)  # warm caches and connections
    wall, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    reset_queries()  # a full query log (9,000 entries) would make the count read 0
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    log(f"{url}: median {sorted(wall)[len(wall) // 2]:.1f} ms, p95 {_p95(wall):.1f} ms")
    return _p95(wall), len(queries), _p95(cpu)


def _client(user: Any) -> Any:
    """A session marked as confirmed by TOTP, as allauth records it after the second factor."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
