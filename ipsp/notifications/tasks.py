from __future__ import annotations

from ipsp.core.tasks import retrying_task
from ipsp.notifications import delivery


@retrying_task(queue_name="email")
def email_deliver(message_id: int) -> None:
    """Send one stored message; a message that is not pending (already sent) is left alone."""
    delivery.deliver(message_id)
