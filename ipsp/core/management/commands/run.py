"""Start the web server, the task worker and the job scheduler together; Ctrl-C stops all."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the web server, the background task worker and the scheduled jobs together "
        "(development)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--address", default="127.0.0.1:8000")

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        # Ctrl-C (SIGINT) and a plain `kill` (SIGTERM) both stop the three processes.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        manage = [sys.executable, "manage.py"]
        processes = [
            subprocess.Popen([*manage, "runserver", address, "--noreload"]),
            subprocess.Popen([*manage, "db_worker", "--queue-name", "*", "--no-reload"]),
            subprocess.Popen([*manage, "run_scheduled_jobs", "--loop"]),
        ]
        self.stdout.write(
            self.style.SUCCESS(f"The platform runs at http://{address}/ (Ctrl-C stops it)")
        )
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("Stopped.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
