"""Actors in the two levels of verification, as initiatives are (see initiatives/review.py).

- ``actor_submit_checked`` submits the entry (or the edit of a published entry) and runs
  level 1 in the same transaction: pass or hold -> in validation, in the secretariat's
  queue; spam -> stays submitted, in the spam folder, restorable.
- ``draft_gate`` runs level 1's rate limits and challenge when a visitor saves a draft.
- ``register`` (from AppConfig.ready) hands verification the review of an entry and the
  decision callbacks, each calling this package's own services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipsp.accounts.models import AccessToken, User
from ipsp.actors import services
from ipsp.actors.models import Actor
from ipsp.core.markdown import render as render_markdown
from ipsp.verification import level2, ratelimits
from ipsp.verification import services as verification
from ipsp.verification.audit import audit_last_id
from ipsp.verification.types import (
    EntryRefused,
    EntryReview,
    FormSignals,
    Outcome,
    Recipient,
    Submission,
    TermRef,
)

KIND = "actor"
TEXTS = ("problems", "activities", "partnerships", "collaboration")


def _get(public_id: str) -> Actor:
    actor = Actor.objects.select_related("owner").filter(public_id=public_id).first()
    if actor is None:
        raise EntryRefused(_("This organisation no longer exists."), code="gone")
    return actor


def _token_id(user: User | None) -> int | None:
    if user is None:
        return None
    tokens = AccessToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
    return tokens.values_list("pk", flat=True).first()


def draft_gate(*, actor: Actor, request: HttpRequest, form: FormSignals, email: str = "") -> None:
    """Level 1 when a visitor saves a draft: rate limits and the challenge (nothing stored)."""
    verification.level1_gate(
        Submission(
            kind=KIND,
            public_id=actor.public_id,
            language=actor.language,
            title=actor.name,
            token_id=_token_id(actor.owner),
            email_hash=ratelimits.email_hash(email),
            network_hash=ratelimits.network_hash(request),
            form=form,
        )
    )


@transaction.atomic
def actor_submit_checked(
    *,
    actor: Actor,
    by: User,
    request: HttpRequest | None = None,
    form: FormSignals | None = None,
) -> tuple[Actor, Outcome]:
    """Submit and run level 1 in one transaction. Raises ``VerificationRefused`` (rate
    limit, refused challenge) and ``ActorError``: then nothing is submitted."""
    actor = services.actor_submit(actor=actor, by=by)
    content = services.content_of(actor)
    owner = actor.owner
    submission = Submission(
        kind=KIND,
        public_id=actor.public_id,
        language=content.text_language or actor.language,
        title=content.name,
        texts=tuple(t for t in (getattr(content, name) for name in TEXTS) if t),
        country=content.countries[0].code if content.countries else "",
        links=tuple(link.url for link in content.links),
        token_id=_token_id(owner),
        token_known_good=bool(owner)
        and Actor.objects.filter(owner=owner, published_at__isnull=False)
        .exclude(pk=actor.pk)
        .exists(),
        email_hash=ratelimits.email_hash(getattr(owner, "contact_email", "") or ""),
        network_hash=ratelimits.network_hash(request) if request is not None else "",
        form=form,
    )
    outcome = level2.submission_receive(submission)
    actor.refresh_from_db()
    return actor, outcome


# --- what the queue shows -------------------------------------------------------------------


def field_label(name: str) -> str:
    field = Actor._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _stamp(actor: Actor) -> str:
    last = audit_last_id("actor", actor.public_id)
    return f"{actor.state}:{actor.edit_state}:{last}"


def actor_stamp(public_id: str) -> str:
    return _stamp(_get(public_id))


def actor_review(public_id: str) -> EntryReview | None:
    actor = Actor.objects.select_related("owner").filter(public_id=public_id).first()
    if actor is None:
        return None
    content = services.content_of(actor)
    texts = [
        (field_label(name), render_markdown(getattr(content, name)))
        for name in TEXTS
        if getattr(content, name)
    ]
    body = render_to_string(
        "actors/_review_entry.html",
        {
            "content": content,
            "texts": texts,
            "restricted": content.restricted_fields,
            "public_id": actor.public_id,
        },
    )
    terms = [*content.actor_types, *content.themes, *content.countries]
    return EntryReview(
        public_id=actor.public_id,
        title=content.name,
        body_html=body,
        stamp=_stamp(actor),
        language=content.text_language,
        country=content.countries[0].code if content.countries else "",
        is_edit=actor.state == Actor.State.PUBLISHED,
        terms=tuple(TermRef(t.vocabulary.code, t.code, t.label, t.vocabulary.label) for t in terms),
        preview_url=reverse("actors:edit", kwargs={"public_id": actor.public_id}),
        public_url=reverse("actors:detail", kwargs={"public_id": actor.public_id})
        if actor.published_at
        else "",
        contributor_id=actor.owner_id,
        recipient_language=actor.language or "en",
        state_label=str(actor.get_state_display()),
    )


def _call(service: Callable[..., Any], public_id: str, **kwargs: Any) -> None:
    try:
        service(actor=_get(public_id), **kwargs)
    except services.ActorError as error:
        raise EntryRefused(error.message, code="state") from error


def _publish(public_id: str, by: User, note: str) -> None:
    _call(services.actor_publish, public_id, by=by, note=note)


def _request_changes(public_id: str, by: User, note: str) -> None:
    _call(services.actor_request_changes, public_id, by=by, note=note)


def _reject(public_id: str, by: User, note: str) -> None:
    _call(services.actor_reject, public_id, by=by, note=note)


def _enter_level2(public_id: str) -> None:
    actor = _get(public_id)
    if actor.state == Actor.State.SUBMITTED:
        services.actor_begin_validation(actor=actor, by=None)


def _recipient(public_id: str) -> Recipient | None:
    actor = _get(public_id)
    address = getattr(actor.owner, "notification_email", "") if actor.owner else ""
    if not address:
        return None
    return Recipient(address=address, language=actor.language or "en")


def register() -> None:
    verification.register_kind(
        KIND,
        label=_("Organisation"),
        review=actor_review,
        stamp=actor_stamp,
        publish=_publish,
        request_changes=_request_changes,
        reject=_reject,
        mark_spam=_reject,
        enter_level2=_enter_level2,
        recipient=_recipient,
    )
