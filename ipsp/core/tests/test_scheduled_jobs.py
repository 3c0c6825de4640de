"""Scheduled jobs run when due, once per interval, and a failing job is recorded, not fatal."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from django.utils import timezone

from conftest import make_staff
from ipsp.accounts import roles
from ipsp.core.models import ScheduledJobRun
from ipsp.core.schedule import jobs_run_due
from ipsp.core.tests.test_background_tasks import signed_in_with_second_factor

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


class Ok(BaseCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        CALLS.append("ok")
        self.stdout.write("purged 3 rows")


class Broken(BaseCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        CALLS.append("broken")
        raise CommandError("the database is read-only")


@pytest.fixture(autouse=True)
def fake_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core import management

    real = management.load_command_class
    fakes = {"job_ok": Ok, "job_broken": Broken}

    def load(app_name: str, name: str) -> BaseCommand:
        return fakes[name]() if name in fakes else real(app_name, name)

    monkeypatch.setattr(management, "load_command_class", load)
    real_get = management.get_commands

    def commands() -> dict[str, str]:
        return {**real_get(), "job_ok": "ipsp.core", "job_broken": "ipsp.core"}

    monkeypatch.setattr(management, "get_commands", commands)
    CALLS.clear()


JOBS = {"job_ok": (60, ()), "job_broken": (24 * 60, ())}


@override_settings(SCHEDULED_JOBS=JOBS)
def test_a_due_job_runs_once_per_interval() -> None:
    start = timezone.now()
    assert jobs_run_due(now=start) == [("job_broken", "failed"), ("job_ok", "succeeded")]
    assert jobs_run_due(now=start + datetime.timedelta(minutes=30)) == []
    later = start + datetime.timedelta(minutes=61)
    assert jobs_run_due(now=later) == [("job_ok", "succeeded")]
    assert CALLS == ["broken", "ok", "ok"]


@override_settings(SCHEDULED_JOBS=JOBS)
def test_each_run_is_recorded_with_its_outcome_and_output() -> None:
    jobs_run_due()
    ok = ScheduledJobRun.objects.get(command="job_ok")
    broken = ScheduledJobRun.objects.get(command="job_broken")
    assert (ok.outcome, broken.outcome) == ("succeeded", "failed")
    assert "purged 3 rows" in ok.output
    assert ok.finished_at is not None and ok.started_at is not None


@override_settings(SCHEDULED_JOBS=JOBS)
def test_a_job_started_elsewhere_is_not_run_again() -> None:
    now = timezone.now()
    ScheduledJobRun.objects.create(command="job_ok", started_at=now, outcome="running")
    assert [command for command, _ in jobs_run_due(now=now)] == ["job_broken"]
    assert CALLS == ["broken"]


@override_settings(SCHEDULED_JOBS=JOBS)
def test_the_command_lists_and_runs_the_jobs() -> None:
    listing = StringIO()
    call_command("run_scheduled_jobs", "--list", stdout=listing)
    assert "job_ok every 60 min" in listing.getvalue()
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out)
    assert "job_ok: succeeded" in out.getvalue()
    assert "job_broken: failed" in out.getvalue()


def test_every_configured_job_is_a_real_command() -> None:
    from django.conf import settings
    from django.core.management import get_commands

    assert set(settings.SCHEDULED_JOBS) <= set(get_commands())


ADMIN_JOBS = "/admin/core/scheduledjobrun/"


def test_the_secretariat_sees_the_runs_in_the_admin(client: Client, secretariat: Any) -> None:
    ScheduledJobRun.objects.create(
        command="verification_purge", outcome="failed", output="disk full"
    )
    signed_in_with_second_factor(client, secretariat)
    listing = client.get(ADMIN_JOBS)
    assert listing.status_code == 200
    assert "verification_purge" in listing.content.decode()


def test_a_reviewer_and_a_funder_do_not_see_the_runs(client: Client, reviewer: Any) -> None:
    ScheduledJobRun.objects.create(command="verification_purge", outcome="succeeded")
    signed_in_with_second_factor(client, reviewer)
    response = client.get(ADMIN_JOBS)
    assert response.status_code == 302
    assert "verification_purge" not in response.content.decode()

    funder = make_staff(roles.FUNDER, "fatou.funder@example.org")
    response = signed_in_with_second_factor(Client(), funder).get(ADMIN_JOBS)
    assert response.status_code == 403
