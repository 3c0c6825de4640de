"""Configuration from the environment (issue 2, point 2 and "Bad input").

Settings are read once, when Django starts, so each case starts ``manage.py``
in a subprocess with a production-like environment and nothing else: no
variable of the developer's shell leaks in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = "ipsp.example.org"


def production_environment(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "IPSP_MODE": "production",
        "IPSP_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "production-like-secret-" + "k3y!" * 12,
        "ALLOWED_HOSTS": SITE,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ipsp.sqlite3'}",
        "EMAIL_URL": "smtp://localhost:25",
        "SITE_URL": f"https://{SITE}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def manage(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_finds_nothing_to_warn_about_in_production(tmp_path: Path) -> None:
    result = manage(production_environment(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "changes"),
    [
        ("DATABASE_URL", {"DATABASE_URL": "nonsense://somewhere/db"}),
        ("DATABASE_URL", {"DATABASE_URL": "postgres://user:pw@db.example.org:port/ipsp"}),
        ("DATABASE_URL", {"DATABASE_URL": None}),
        ("SECRET_KEY", {"SECRET_KEY": None}),
        ("SECRET_KEY", {"SECRET_KEY": "too-short"}),
        ("EMAIL_URL", {"EMAIL_URL": "not an address"}),
        ("EMAIL_URL", {"EMAIL_URL": None}),
        ("ALLOWED_HOSTS", {"ALLOWED_HOSTS": None}),
        ("SITE_URL", {"SITE_URL": "ipsp.example.org"}),
        ("DEBUG", {"DEBUG": "true"}),
        ("DEBUG", {"DEBUG": "perhaps"}),
        ("IPSP_MODE", {"IPSP_MODE": "staging"}),
        ("TASK_BACKEND", {"TASK_BACKEND": "carrier-pigeon"}),
    ],
)
def test_a_missing_or_malformed_variable_stops_start_up_with_one_line_naming_it(
    tmp_path: Path, variable: str, changes: dict[str, str | None]
) -> None:
    result = manage(production_environment(tmp_path, **changes), "check")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"environment variable {variable} " in lines[0]
    assert not result.stdout


PRODUCTION_REQUEST = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
client = Client()
answers = {}
for name, kwargs in {
    "home": {"path": "/en/", "secure": True},
    "plain_http": {"path": "/en/", "secure": False},
    "missing": {"path": "/en/no-such-page/", "secure": True},
}.items():
    response = client.get(kwargs["path"], secure=kwargs["secure"], headers={"host": "%s"})
    answers[name] = {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": list(response.cookies),
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def production_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    tmp_path = tmp_path_factory.mktemp("production")
    environment = production_environment(tmp_path, DJANGO_SETTINGS_MODULE="ipsp.settings")
    environment["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUEST % SITE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_pages_carry_the_security_headers(production_answers: dict) -> None:
    home = production_answers["home"]
    assert home["status"] == 200
    headers = {name.lower(): value for name, value in home["headers"].items()}
    policy = headers["content-security-policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    max_age = int(headers["strict-transport-security"].split("max-age=")[1].split(";")[0])
    assert max_age >= 365 * 24 * 3600
    assert headers["referrer-policy"] == "same-origin"
    assert "geolocation=()" in headers["permissions-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert not home["cookies"]


def test_production_sends_plain_http_to_https(production_answers: dict) -> None:
    answer = production_answers["plain_http"]
    assert answer["status"] == 301
    assert answer["headers"]["Location"] == f"https://{SITE}/en/"


def test_production_shows_the_not_found_page_without_a_cookie(production_answers: dict) -> None:
    missing = production_answers["missing"]
    assert missing["status"] == 404
    assert "Content-Security-Policy" in missing["headers"]
    assert not missing["cookies"]
