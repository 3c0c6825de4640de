"""Scheduled jobs: run the management commands of ``settings.SCHEDULED_JOBS`` when due.

One table in the settings says what runs how often; ``manage.py run_scheduled_jobs``
runs each job whose interval has passed since it last started, and records every run
(``ScheduledJobRun``: start, end, outcome, output tail) so staff can see in the admin
that the jobs run. Starting a job is a guarded update of its row, so two schedulers
(two cron lines, two machines) never run the same job twice in one interval.
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ipsp.core.models import ScheduledJobRun

logger = logging.getLogger(__name__)
OUTPUT_KEPT = 2000  # characters of a job's output kept with its run


@dataclass(frozen=True)
class Job:
    command: str
    every: datetime.timedelta
    args: tuple[str, ...] = ()


def jobs_configured() -> list[Job]:
    return [
        Job(command=command, every=datetime.timedelta(minutes=minutes), args=tuple(args))
        for command, (minutes, args) in sorted(settings.SCHEDULED_JOBS.items())
    ]


def job_claim(*, job: Job, now: datetime.datetime) -> bool:
    """Mark the job as started if it is due; False if it is not due or another run took it."""
    with transaction.atomic():
        ScheduledJobRun.objects.get_or_create(command=job.command)
        taken = ScheduledJobRun.objects.filter(
            Q(started_at__isnull=True) | Q(started_at__lte=now - job.every),
            command=job.command,
        ).update(started_at=now, finished_at=None, outcome=ScheduledJobRun.Outcome.RUNNING)
    return taken == 1


def job_run(*, job: Job) -> ScheduledJobRun.Outcome:
    """Run one job now (already claimed) and record how it ended; never raises."""
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
        outcome = ScheduledJobRun.Outcome.SUCCEEDED
    except Exception:  # a failing job must not stop the others; it is recorded and logged
        logger.exception("Scheduled job %s failed", job.command)
        outcome = ScheduledJobRun.Outcome.FAILED
    ScheduledJobRun.objects.filter(command=job.command).update(
        finished_at=timezone.now(), outcome=outcome, output=output.getvalue()[-OUTPUT_KEPT:]
    )
    return outcome


def jobs_run_due(*, now: datetime.datetime | None = None) -> list[tuple[str, str]]:
    """Run every due job once; returns (command, outcome) for those that ran."""
    now = now or timezone.now()
    ran: list[tuple[str, str]] = []
    for job in jobs_configured():
        if job_claim(job=job, now=now):
            ran.append((job.command, job_run(job=job)))
    return ran
