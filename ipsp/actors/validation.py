"""Third-party validation (issue 5, point 5): the secretariat asks a named validator (a
partner organisation's contact, or a reviewer) to confirm that an organisation exists and
does what it says. The validator answers once through a one-time link; the answer is
recorded in the actor's audit trail (``verification.audit``: who, when, outcome, comment) and a
confirmation shows as a badge with its date on the actor's public page. The comment and
refusals are for the secretariat only.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.actors import links
from ipsp.actors.models import CLOSED_STATES, Actor, ThirdPartyValidation
from ipsp.actors.services import ActorError, _record

if TYPE_CHECKING:
    from ipsp.accounts.models import User

State = ThirdPartyValidation.State
EMAIL_KIND = "actor_validation_request"
COMMENT_MAX = 2000


class ValidationRequestError(ActorError):
    """A validation cannot be requested or answered; ``field`` names the form field."""


# --- reads --------------------------------------------------------------------------------


def validation_by_secret(raw: str) -> ThirdPartyValidation | None:
    if not links.secret_is_well_formed(raw):
        return None
    return (
        ThirdPartyValidation.objects.select_related("actor")
        .filter(secret_hash=links.secret_hash(raw))
        .first()
    )


def is_answerable(validation: ThirdPartyValidation, now: datetime.datetime | None = None) -> bool:
    return validation.state == State.PENDING and (now or timezone.now()) < validation.expires_at


def validations_pending() -> QuerySet[ThirdPartyValidation]:
    return (
        ThirdPartyValidation.objects.filter(state=State.PENDING)
        .select_related("actor", "requested_by")
        .order_by("requested_at", "pk")
    )


def validations_of_actor(actor: Actor) -> QuerySet[ThirdPartyValidation]:
    return actor.validations.select_related("requested_by").order_by("-requested_at", "-pk")


def confirmed_validation(public_id: str) -> ThirdPartyValidation | None:
    """The latest confirmation of a published actor, for its public badge."""
    return (
        ThirdPartyValidation.objects.filter(
            actor__public_id=public_id,
            actor__state=Actor.State.PUBLISHED,
            state=State.CONFIRMED,
        )
        .order_by("-answered_at")
        .first()
    )


# --- writes -------------------------------------------------------------------------------


def _actor_event(actor: Actor, action: str, *, by: User | None, note: str) -> None:
    """An audit line on the actor that leaves its state as it is."""
    _record(actor, by=by, action=action, from_state=actor.state, to_state=actor.state, note=note)


def _who(validation: ThirdPartyValidation) -> str:
    name = validation.validator_name
    if validation.validator_organisation:
        name += f" ({validation.validator_organisation})"
    return f"{name} [{validation.public_id}]"


@transaction.atomic
def validation_request(
    *,
    actor: Actor,
    by: User,
    validator_name: str = "",
    validator_email: str = "",
    validator_organisation: str = "",
    validator_user: User | None = None,
    language: str = "en",
    message: str = "",
) -> ThirdPartyValidation:
    """Ask a validator to confirm ``actor``; the email with its one-time link is sent when
    the transaction commits. A reviewer (``validator_user``) is written to at their own
    address and in their own language."""
    from ipsp.notifications.services import email_send, site_url

    if actor.state in CLOSED_STATES:
        raise ValidationRequestError(None, _("This organisation's entry is closed."))
    if validator_user is not None:
        validator_name = validator_user.display_name or validator_user.notification_email
        validator_email = validator_user.notification_email
        language = validator_user.language or language
    validator_name = " ".join(validator_name.split())
    if not validator_name:
        raise ValidationRequestError("validator_name", _("Give the validator's name."))
    try:
        validate_email(validator_email.strip())
    except ValidationError:
        raise ValidationRequestError(
            "validator_email", _("Enter a valid email address, like name@example.org.")
        ) from None
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationRequestError("language", _("Choose one of the languages in the list."))
    if len(message) > COMMENT_MAX:
        raise ValidationRequestError(
            "message", _("The message is at most %(max)s characters.") % {"max": COMMENT_MAX}
        )
    now = timezone.now()
    secret = links.secret_new()
    validation = ThirdPartyValidation.objects.create(
        actor=actor,
        validator_name=validator_name[:200],
        validator_email=validator_email.strip(),
        validator_organisation=" ".join(validator_organisation.split())[:200],
        validator_user=validator_user,
        language=language,
        message=message.strip(),
        secret_hash=secret.hash,
        expires_at=now + datetime.timedelta(days=settings.VALIDATION_LINK_DAYS),
        requested_by=by,
        requested_at=now,
    )
    _actor_event(actor, "validation_requested", by=by, note=_who(validation))
    email_send(
        kind=EMAIL_KIND,
        to=validation.validator_email,
        language=language,
        context={
            "validator_name": validation.validator_name,
            "organisation_name": actor.name,
            "message": validation.message,
            "link": site_url("actors:validation", language, secret=secret.raw),
            "expires_at": validation.expires_at,
        },
        sensitive=True,
    )
    return validation


@transaction.atomic
def validation_answer(
    *, validation: ThirdPartyValidation, confirmed: bool, comment: str = ""
) -> ThirdPartyValidation:
    """The validator's answer, recorded once (a second answer through the link is refused)."""
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationRequestError(
            "comment", _("The comment is at most %(max)s characters.") % {"max": COMMENT_MAX}
        )
    now = timezone.now()
    changed = ThirdPartyValidation.objects.filter(
        pk=validation.pk, state=State.PENDING, expires_at__gt=now
    ).update(
        state=State.CONFIRMED if confirmed else State.REFUSED, answered_at=now, comment=comment
    )
    if changed != 1:
        raise ValidationRequestError(
            None, _("This request was already answered, cancelled or has expired.")
        )
    validation.refresh_from_db()
    _actor_event(
        validation.actor,
        "third_party_confirmed" if confirmed else "third_party_refused",
        by=validation.validator_user,
        note=f"{_who(validation)}: {comment}" if comment else _who(validation),
    )
    return validation


@transaction.atomic
def validation_cancel(*, validation: ThirdPartyValidation, by: User) -> ThirdPartyValidation:
    changed = ThirdPartyValidation.objects.filter(pk=validation.pk, state=State.PENDING).update(
        state=State.CANCELLED, cancelled_by=by, answered_at=timezone.now()
    )
    if changed != 1:
        raise ValidationRequestError(None, _("Only a request still waiting can be cancelled."))
    validation.refresh_from_db()
    _actor_event(validation.actor, "validation_cancelled", by=by, note=_who(validation))
    return validation
