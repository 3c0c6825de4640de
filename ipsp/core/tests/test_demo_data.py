"""`manage.py demo_data`: one command, every package's generator, the same data for a seed.

Each run gets a fresh SQLite database in a subprocess, as `make run` would on a
new machine; the two databases are then compared on what a person would see:
how many rows of each kind, and their names, titles, emails and codes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ipsp.core.demo import SIZES, DemoContext, generators

ROOT = Path(__file__).resolve().parents[3]

SNAPSHOT = """
import json
from django.apps import apps
from django.db import connection
tables = set(connection.introspection.table_names())
snapshot = {}
for model in apps.get_models():
    if not model.__module__.startswith("ipsp.") or model._meta.db_table not in tables:
        continue
    names = [f.name for f in model._meta.fields if f.name in ("email", "title", "name", "code")]
    rows = model._default_manager.all()
    snapshot[model._meta.label] = {
        "count": rows.count(),
        "values": sorted(str(v) for v in rows.values_list(*names[:1], flat=True)) if names else [],
    }
print(json.dumps(snapshot))
"""


def demo_snapshot(tmp_path: Path, seed: int) -> dict[str, Any]:
    environment = {
        **os.environ,
        "IPSP_MODE": "development",
        "IPSP_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "TASK_BACKEND": "immediate",
        "EMAIL_URL": f"filemail://{tmp_path / 'mail'}",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--verbosity", "0")
    output = manage("demo_data", "--size", "small", "--seed", str(seed), "--no-progress")
    assert f"Demo data (small, seed {seed}) created." in output
    return json.loads(manage("shell", "-c", SNAPSHOT).strip().splitlines()[-1])


def test_the_small_demo_data_is_the_same_for_the_same_seed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    first = demo_snapshot(tmp_path_factory.mktemp("first"), seed=7)
    second = demo_snapshot(tmp_path_factory.mktemp("second"), seed=7)
    assert sum(kind["count"] for kind in first.values()) > 0
    assert first["accounts.User"]["count"] >= 5  # one persona per staff role at least
    differences = [label for label in first if first[label] != second.get(label)]
    assert not differences, f"the same seed gave different data for {differences}"


def test_every_package_generator_is_found_in_dependency_order() -> None:
    from django.apps import apps

    installed = [config.label for config in apps.get_app_configs()]
    labels = [label for label, _generate in generators()]
    assert labels == sorted(labels, key=installed.index)
    if "accounts" in labels and "initiatives" in labels:
        assert labels.index("accounts") < labels.index("initiatives")


def test_the_benchmark_size_is_the_one_the_issue_asks_for() -> None:
    assert SIZES["benchmark"]["initiatives"] == 100_000
    assert SIZES["benchmark"]["actors"] == 20_000


def test_the_context_draws_the_same_numbers_for_the_same_seed() -> None:
    import io

    one = DemoContext(size="small", seed=3, stdout=io.StringIO())
    two = DemoContext(size="small", seed=3, stdout=io.StringIO())
    assert [one.rng.random() for _ in range(5)] == [two.rng.random() for _ in range(5)]
    assert one.count("initiatives") == SIZES["small"]["initiatives"]


@pytest.mark.django_db
def test_an_unknown_size_is_refused_with_the_choices() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="small"):
        call_command("demo_data", "--size", "enormous")


def test_counts_given_on_the_command_line_win_over_the_size() -> None:
    import io

    ctx = DemoContext(
        size="benchmark", seed=1, stdout=io.StringIO(), counts={"initiatives": 1_000_000}
    )
    assert ctx.count("initiatives") == 1_000_000
    assert ctx.count("actors") == SIZES["benchmark"]["actors"]


@pytest.mark.django_db
def test_a_negative_count_is_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="negative"):
        call_command("demo_data", "--initiatives", "-5", "--no-progress")
