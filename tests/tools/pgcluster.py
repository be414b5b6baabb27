"""Run a command against a throwaway PostgreSQL cluster (initdb + pg_ctl in a temporary folder).

Usage: python tests/tools/pgcluster.py -- COMMAND...
The cluster listens on 127.0.0.1 on a free port; DATABASE_URL is set for the command; the
cluster is stopped and its folder removed afterwards, whatever the command's outcome.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_binary(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = shutil.which(name) or (candidates[0] if candidates else None)
    if not found:
        sys.exit(f"pgcluster: {name} not found; install PostgreSQL (apt-get install postgresql)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_cluster_owner(folder: Path) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` system user then."""
    if os.geteuid() != 0:
        return []
    owner = pwd.getpwnam("postgres")
    os.chown(folder, owner.pw_uid, owner.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


def main(command: list[str]) -> int:
    folder = Path(tempfile.mkdtemp(prefix="maillage-pg-"))
    folder.chmod(0o755)
    prefix = as_cluster_owner(folder)
    data, port = folder / "data", free_port()
    pg_ctl = [*prefix, find_binary("pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log")]
    subprocess.run(
        [
            *prefix,
            find_binary("initdb"),
            "-D",
            str(data),
            "-U",
            "maillage",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run([*pg_ctl, "-o", options, "start"], check=True, stdout=subprocess.DEVNULL)
    try:
        version = subprocess.run(
            [find_binary("postgres"), "--version"], capture_output=True, text=True
        ).stdout.strip()
        print(f"pgcluster: {version} on 127.0.0.1:{port}", flush=True)
        env = {**os.environ, "DATABASE_URL": f"postgres://maillage@127.0.0.1:{port}/postgres"}
        return subprocess.run(command, env=env).returncode
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    sys.exit(main(args))
