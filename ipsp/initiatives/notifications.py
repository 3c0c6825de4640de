"""Messages to the contributor when their initiative changes state."""

from __future__ import annotations

from django.urls import NoReverseMatch

from ipsp.initiatives.models import Initiative

KINDS = {"submitted", "published", "changes_requested", "rejected"}


def recipient_address(initiative: Initiative) -> str:
    """The initiative's own contact address, else the contributor's."""
    return initiative.contact_email or initiative.contributor.notification_email


def initiative_notify(initiative_id: int, kind: str, note: str = "") -> bool:
    """Email the contributor about a transition; False when there is nobody to write to."""
    from ipsp.notifications.services import email_send, site_url

    if kind not in KINDS:
        raise ValueError(f"kind: unknown notification {kind!r}")
    initiative = (
        Initiative.objects.select_related("contributor", "published_version", "pending_version")
        .filter(pk=initiative_id)
        .first()
    )
    if initiative is None:
        return False
    to = recipient_address(initiative)
    if not to:
        return False
    language = initiative.language or initiative.contributor.language
    try:
        edit_url = site_url("initiatives:edit", language, public_id=initiative.public_id)
    except NoReverseMatch:  # pragma: no cover - the URL is defined in this package
        edit_url = ""
    try:
        page_url = site_url("initiatives:detail", language, public_id=initiative.public_id)
    except NoReverseMatch:
        page_url = ""
    email_send(
        kind=f"initiative_{kind}",
        to=to,
        language=language,
        context={
            "title": str(initiative),
            "note": note,
            "edit_url": edit_url,
            "page_url": page_url,
        },
    )
    return True
