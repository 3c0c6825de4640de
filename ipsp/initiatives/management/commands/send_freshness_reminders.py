"""Run daily (cron or a systemd timer): asks contributors once a year whether their
published initiatives are still current."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipsp.initiatives.services import initiatives_freshness_remind


class Command(BaseCommand):
    help = "Email the yearly 'is your initiative still current?' question where it is due."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = initiatives_freshness_remind()
        self.stdout.write(f"{sent} reminder(s) sent.")
