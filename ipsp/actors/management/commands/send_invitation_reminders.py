"""Run daily (SCHEDULED_JOBS): remind invited organisations that did not answer yet, and
expire the invitations nobody answered after the last reminder."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipsp.actors.invitations import invitations_remind


class Command(BaseCommand):
    help = "Send the invitation reminders that are due; expire unanswered invitations."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded, expired = invitations_remind()
        self.stdout.write(f"{reminded} reminder(s) sent, {expired} invitation(s) expired.")
