"""Directory search benchmark: p50/p95/p99 through the selector and through HTTP.

Usage: python bench/directory_search.py [--quick] [--services N] [--only sqlite|postgresql]

For each database (SQLite in a temporary folder; PostgreSQL in a throwaway cluster started like
`tests/tools/pgcluster.py`), a child process migrates, generates N synthetic services
(`bench/gen_directory.py`), times a mixed query set (words, place, filters, open now / open at)
through `services_search`, then starts gunicorn (production-like WSGI server) and runs 10
concurrent keep-alive clients against `GET /api/v1/services`. Progress on stderr; the last line
of stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
CLIENTS = 10
TARGETS = {"selector_p95_ms": 20.0, "http_p95_ms": 60.0}

WORDS = [
    "dépistage",
    "vaccination",
    "accès aux droits",
    "santé mentale",
    "addictions",
    "logement",
    "emploi",
    "numérique",
    "alimentation",
    "bilan de santé",
    "contraception",
    "AME",
    "garde d'enfants",
    "budget",
    "accompagnement",
]
PLACES = ["Paris", "Lyon", "Marseille", "Lille", "Roubaix", "Toulouse", "Nantes", "Bordeaux"]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def query_mix(count: int, seed: int = 1) -> list[dict[str, str]]:
    """Words + place + filters + open now / open at, in four even families."""
    rng = random.Random(seed)
    queries = []
    for n in range(count):
        family = n % 4
        query: dict[str, str] = {}
        if family in (0, 1, 3):
            query["q"] = rng.choice(WORDS)
        if family in (1, 2, 3):
            query["near"] = rng.choice(PLACES)
        if family in (2, 3):
            query["condition"] = rng.choice(["free", "without-health-cover", "anonymous"])
            if rng.random() < 0.5:
                query["language"] = rng.choice(["ar", "ro", "en"])
            if rng.random() < 0.5:
                query["open"] = "now"
            else:
                query["day"], query["time"] = str(rng.randrange(7)), "10:00"
        queries.append(query)
    return queries


# --- child: one database ------------------------------------------------------------------


def _setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    django.setup()


def _params(query: dict[str, str]):
    from django.http import QueryDict

    from maillage.directory.forms import SearchForm

    data = QueryDict(mutable=True)
    data.update(query)
    form = SearchForm(data)
    assert form.is_valid(), form.errors
    return form.params()


def time_selector(queries: list[dict[str, str]]) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds per query (CPU time is what an idle
    machine would show for SQLite, which runs in-process; PostgreSQL works in its own process)."""
    from django.db import reset_queries

    from maillage.directory.selectors import services_search

    params = [_params(query) for query in queries]
    for p in params[:20]:
        services_search(actor=None, params=p)
    timings, cpu = [], []
    for p in params:
        started, started_cpu = time.perf_counter(), time.process_time()
        services_search(actor=None, params=p)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        reset_queries()
    return timings, cpu


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "maillage.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        "3",
        "--threads",
        "4",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": "600"}
    server = subprocess.Popen(command, env=env, stdout=sys.stderr, stderr=sys.stderr)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/services?q=sante")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _client(
    port: int, queries: list[str], timings: list[float], errors: list[int], until: float
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in queries:
        if time.perf_counter() > until:
            return
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            errors.append(response.status)


def time_http(port: int, queries: list[dict[str, str]], seconds: float) -> dict[str, float]:
    """10 closed-loop keep-alive clients, no think time, for a fixed duration."""
    paths = [f"/api/v1/services?{urlencode(query)}" for query in queries]
    warm: list[float] = []
    _client(port, paths[:30], warm, [], until=float("inf"))
    until = time.perf_counter() + seconds
    timings: list[float] = []
    errors: list[int] = []
    threads = [
        threading.Thread(
            target=_client,
            args=(port, random.Random(n).sample(paths, len(paths)) * 50, timings, errors, until),
        )
        for n in range(CLIENTS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "http_p50_ms": percentile(timings, 0.50),
        "http_p95_ms": percentile(timings, 0.95),
        "http_p99_ms": percentile(timings, 0.99),
        "http_requests": len(timings),
        "http_errors": len(errors),
        "http_rps": round(len(timings) / elapsed, 1),
    }


def child(services: int, quick: bool) -> None:
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)
    os.environ["MAILLAGE_HTTPS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    for name in ("MAILLAGE_DEBUG", "MAILLAGE_TESTING"):
        os.environ.pop(name, None)
    _setup_django()
    from django.core.management import call_command
    from django.db import connection
    from gen_directory import generate

    log(f"{connection.vendor}: migrating")
    call_command("migrate", verbosity=0)
    log(f"{connection.vendor}: generating {services} services")
    generated = generate(services, seed=7, log=lambda m: log(f"{connection.vendor}: {m}"))
    queries = query_mix(100 if quick else 400)
    log(f"{connection.vendor}: timing the selector on {len(queries)} queries")
    selector, selector_cpu = time_selector(queries)
    connection.close()
    port = free_port()
    log(f"{connection.vendor}: gunicorn on port {port}, {CLIENTS} clients")
    server = start_server(port)
    try:
        http_figures = time_http(port, queries, seconds=15 if quick else 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "selector_p50_ms": percentile(selector, 0.50),
        "selector_p95_ms": percentile(selector, 0.95),
        "selector_p99_ms": percentile(selector, 0.99),
        "selector_mean_ms": round(statistics.fmean(selector), 2),
        "selector_cpu_p50_ms": percentile(selector_cpu, 0.50),
        "selector_cpu_p95_ms": percentile(selector_cpu, 0.95),
        "loadavg": loadavg(),
        **http_figures,
        "generate_s": round(generated["seconds"], 1),
    }
    print(json.dumps(result), flush=True)


# --- parent -------------------------------------------------------------------------------


def run_child(database: str, services: int, quick: bool) -> dict:
    args = [sys.executable, __file__, "--child", "--services", str(services)]
    if quick:
        args.append("--quick")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
        env["MAILLAGE_VAR_DIR"] = folder
        if database == "postgresql":
            args = [sys.executable, str(ROOT / "tests/tools/pgcluster.py"), "--", *args]
        log(f"{database}: starting")
        done = subprocess.run(args, env=env, stdout=subprocess.PIPE, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": f"child exited with {done.returncode}"}
    return json.loads(lines[-1])


def loadavg() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5,000 services, fewer queries")
    parser.add_argument("--services", type=int)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    services = args.services or (5_000 if args.quick else 100_000)
    if args.child:
        child(services, args.quick)
        return
    result: dict = {"services": services, "cpus": os.cpu_count(), "loadavg_start": loadavg()}
    for database in [args.only] if args.only else ["sqlite", "postgresql"]:
        result[database] = run_child(database, services, args.quick)
        log(f"{database}: {result[database]}")
    result["loadavg_end"] = loadavg()
    result["targets"] = TARGETS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
