"""The emails of the accounts package, sent by the package above that sends email.

Accounts sits below notifications (DESIGN.md), so it does not import it: notifications
registers the two senders from its ``AppConfig.ready``::

    from ipsp.accounts.mail import AccountMailer, register_account_mailer

    register_account_mailer(AccountMailer(
        token_email=token_email,                    # (user, raw token) -> sent?
        token_recovery_email=token_recovery_email,  # (user, one-time link) -> sent?
    ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from ipsp.accounts.models import User


@dataclass(frozen=True)
class AccountMailer:
    token_email: Callable[[User, str], bool]
    token_recovery_email: Callable[[User, str], bool]


_mailer: AccountMailer | None = None


def register_account_mailer(mailer: AccountMailer) -> None:
    global _mailer
    _mailer = mailer


def account_mailer() -> AccountMailer:
    if _mailer is None:
        raise ImproperlyConfigured(
            "No package sends the accounts' emails: install ipsp.notifications."
        )
    return _mailer
