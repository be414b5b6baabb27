"""Production settings pass Django's deployment checks and refuse to start without a secret."""

import os
import subprocess
import sys

PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "sante.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_maillage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "from maillage.cli import main; raise SystemExit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deployment_checks() -> None:
    result = run_maillage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key() -> None:
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_maillage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
