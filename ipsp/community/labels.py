"""How people are shown to each other: a chosen name or the entry they speak for, never
an address."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ipsp.community.models import Participant


def participant_label(participant: Participant) -> str:
    user = participant.user
    if user.display_name.strip():
        return user.display_name.strip()
    if participant.speaks_for:
        return _("a contributor of “%(entry)s”") % {"entry": participant.speaks_for}
    if user.is_staff:
        return _("the secretariat")
    return _("a contributor")
