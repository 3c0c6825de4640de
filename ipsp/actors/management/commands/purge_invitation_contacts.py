"""Run daily (SCHEDULED_JOBS): delete the contact data of invitations that ended (declined,
bounced, expired) longer ago than the retention period the secretariat set."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ipsp.actors.invitations import invitation_contacts_purge


class Command(BaseCommand):
    help = "Delete the contact name and email of invitations ended beyond the retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = invitation_contacts_purge()
        self.stdout.write(f"Contact data of {purged} invitation(s) deleted.")
