"""Retention of level 1: network hashes after 24 h, used challenges, spam after 30 days."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipsp.verification.services import purge_expired


class Command(BaseCommand):
    help = (
        "Delete rate-limit records older than 24 hours, expired challenges, "
        "and entries kept in the spam folder past their 30 days. Run it hourly."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for what, count in purge_expired().items():
            self.stdout.write(f"{what}: {count} deleted")
