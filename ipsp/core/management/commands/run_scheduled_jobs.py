"""Run the scheduled jobs that are due (settings.SCHEDULED_JOBS); --loop keeps checking."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ipsp.core.schedule import jobs_configured, jobs_run_due


class Command(BaseCommand):
    help = (
        "Run each scheduled job whose interval has passed (call it from cron every few "
        "minutes, or with --loop as a service)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="check again every --every s")
        parser.add_argument("--every", type=int, default=60, help="seconds between checks")
        parser.add_argument("--list", action="store_true", help="list the jobs and stop")

    def handle(self, *args: Any, loop: bool, every: int, list: bool, **options: Any) -> None:
        if list:
            for job in jobs_configured():
                minutes = int(job.every.total_seconds() // 60)
                self.stdout.write(f"{job.command} every {minutes} min {' '.join(job.args)}")
            return
        while True:
            for command, outcome in jobs_run_due():
                self.stdout.write(f"{command}: {outcome}")
            if not loop:
                return
            time.sleep(every)
