"""Writes of the actors package: one service per lifecycle transition, merge and claims.

Every transition is a guarded update (``filter(pk=..., state=old).update(...)``
and a check that one row changed), runs in one transaction and writes a record to the
shared audit trail (``verification.audit``: who, when, from, to, why). Published actors
are (re)indexed for search, from their public view only, inside the same transaction.

An actor not yet published is edited in place. A published actor's edit is kept
in ``pending_content`` (``edit_state`` draft, then submitted) and applied when the
secretariat publishes it; restricting a field more takes effect at once.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.actors.entries import ClaimableEntry
from ipsp.actors.logos import ProcessedLogo
from ipsp.actors.models import (
    ACRONYM_MAX,
    CLOSED_STATES,
    FIRST_FOUNDING_YEAR,
    MAX_LINKS,
    MAX_PLACES,
    NAME_MAX,
    OTHER_NAMES_MAX,
    Actor,
    ActorClaim,
    ActorLink,
    ActorMerge,
    ActorPlace,
    match_key,
    normalise_name,
)
from ipsp.taxonomy.models import Term
from ipsp.verification.audit import audit_record

if TYPE_CHECKING:
    from ipsp.accounts.models import User

State = Actor.State
EditState = Actor.EditState


class ActorError(ValueError):
    """A domain rule was broken; ``field`` names the form field it concerns."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class IncompleteActor(ActorError):
    """Submission refused: these fields must be filled first."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(None, _("Some required parts are missing."))
        self.errors = errors


@dataclass(frozen=True)
class PlaceInput:
    name: str
    country_code: str
    latitude: float
    longitude: float
    geonames_id: int | None = None


@dataclass(frozen=True)
class LinkInput:
    url: str
    title: str


@dataclass
class ActorContent:
    """Everything a contributor writes about an actor (terms are taxonomy terms).

    ``logo`` None keeps the stored logo; ``remove_logo`` removes it.
    """

    name: str
    other_names: Sequence[str] = ()
    acronym: str = ""
    actor_types: Sequence[Term] = ()
    themes: Sequence[Term] = ()
    countries: Sequence[Term] = ()
    places: Sequence[PlaceInput] = ()
    problems: str = ""
    activities: str = ""
    partnerships: str = ""
    collaboration: str = ""
    open_to_collaboration: bool | None = None
    collaboration_themes: Sequence[Term] = ()
    collaboration_regions: Sequence[Term] = ()
    collaboration_offer: str = ""
    collaboration_seek: str = ""
    links: Sequence[LinkInput] = ()
    staff_size: str = ""
    volunteer_size: str = ""
    founding_year: int | None = None
    restricted_fields: Sequence[str] = ()
    text_language: str = ""
    logo: ProcessedLogo | None = None
    remove_logo: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


TEXT_FIELDS = (
    "acronym",
    "problems",
    "activities",
    "partnerships",
    "collaboration",
    "collaboration_offer",
    "collaboration_seek",
    "staff_size",
    "volunteer_size",
    "text_language",
)


# --- helpers ---------------------------------------------------------------------------


def _record(
    actor: Actor,
    *,
    by: User | None,
    action: str,
    from_state: str,
    to_state: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> None:
    """The transition in the shared, append-only audit trail (same transaction)."""
    audit_record(
        "actor", actor.public_id, action, by, note, {"from": from_state, "to": to_state}, at=at
    )


def _move(actor: Actor, old: Sequence[str], new: str, **changes: object) -> str:
    """Guarded state change; returns the state the actor left."""
    current = Actor.objects.filter(pk=actor.pk).values_list("state", flat=True).first()
    changed = Actor.objects.filter(pk=actor.pk, state__in=list(old)).update(state=new, **changes)
    if changed != 1 or current is None:
        raise ActorError(
            "state", _("This organisation cannot do that in its present state; reload the page.")
        )
    return current


def _refresh(actor: Actor) -> Actor:
    actor.refresh_from_db()
    return actor


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not normalise_name(cleaned):
        raise ActorError("name", _("An organisation needs a name."))
    if len(cleaned) > NAME_MAX:
        raise ActorError(
            "name",
            _("The name of an organisation is at most %(max)s characters.") % {"max": NAME_MAX},
        )
    return cleaned


def _clean_other_names(names: Sequence[str], main: str) -> list[str]:
    cleaned: list[str] = []
    for name in names:
        name = " ".join(str(name).split())
        if name and name != main and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > OTHER_NAMES_MAX:
        raise ActorError(
            "other_names",
            _("Give at most %(max)s other names.") % {"max": OTHER_NAMES_MAX},
        )
    if any(len(name) > NAME_MAX for name in cleaned):
        raise ActorError(
            "other_names",
            _("Each name is at most %(max)s characters: put one name per line.")
            % {"max": NAME_MAX},
        )
    return cleaned


def _check(content: ActorContent) -> None:
    """The rules a form cannot know for sure (also applied to pending edits)."""
    if len(content.links) > MAX_LINKS:
        raise ActorError("links", _("At most %(max)s links can be given.") % {"max": MAX_LINKS})
    if len(content.places) > MAX_PLACES:
        raise ActorError("places", _("At most %(max)s places can be given.") % {"max": MAX_PLACES})
    if len(content.acronym.strip()) > ACRONYM_MAX:
        raise ActorError(
            "acronym", _("An acronym is at most %(max)s characters.") % {"max": ACRONYM_MAX}
        )
    unknown = set(content.restricted_fields) - set(Actor.RESTRICTABLE)
    if unknown:
        raise ActorError("restricted_fields", _("Only optional fields can be kept private."))
    year = content.founding_year
    if year is not None and not (FIRST_FOUNDING_YEAR <= year <= timezone.now().year):
        raise ActorError(
            "founding_year",
            _("Give a founding year between %(first)s and %(last)s.")
            % {"first": FIRST_FOUNDING_YEAR, "last": timezone.now().year},
        )
    sizes = set(Actor.Size.values) | {""}
    if content.staff_size not in sizes:
        raise ActorError("staff_size", _("Choose one of the sizes in the list."))
    if content.volunteer_size not in sizes:
        raise ActorError("volunteer_size", _("Choose one of the sizes in the list."))
    expected = {
        "actor_types": {"actor_type"},
        "themes": {"theme"},
        "countries": {"country"},
        "collaboration_themes": {"theme"},
        "collaboration_regions": {"region", "country"},
    }
    for name, vocabularies in expected.items():
        for term in getattr(content, name):
            if term.vocabulary.code not in vocabularies:
                raise ActorError(name, _("Choose from the list."))


def _store_logo(actor: Actor, logo: ProcessedLogo) -> str:
    """Save the re-encoded logo under a fresh name; returns its storage name."""
    name = f"actors/logos/{actor.public_id}-{secrets.token_hex(4)}.{logo.extension}"
    return default_storage.save(name, ContentFile(logo.content))


def _apply(actor: Actor, content: ActorContent, *, logo_name: str | None) -> None:
    """Write ``content`` into the actor itself (fields, terms, links, places, logo)."""
    _check(content)
    actor.name = _clean_name(content.name)
    actor.other_names = _clean_other_names(content.other_names, actor.name)
    for name in TEXT_FIELDS:
        setattr(actor, name, str(getattr(content, name) or "").strip())
    actor.open_to_collaboration = content.open_to_collaboration
    actor.founding_year = content.founding_year
    actor.restricted_fields = sorted(set(content.restricted_fields))
    if content.remove_logo:
        actor.logo = ""  # type: ignore[assignment]
    elif logo_name is not None:
        actor.logo.name = logo_name
    try:
        actor.full_clean(
            exclude=["created_from_initiative", "owner", "merged_into", "public_id", "logo"]
        )
    except ValidationError as error:
        first_field, messages = next(iter(error.message_dict.items()))
        raise ActorError(
            None if first_field == "__all__" else first_field, " ".join(messages)
        ) from error
    actor.save()
    actor.terms.set([*content.actor_types, *content.themes, *content.countries])
    actor.collaboration_terms.set([*content.collaboration_themes, *content.collaboration_regions])
    actor.links.all().delete()
    ActorLink.objects.bulk_create(
        ActorLink(actor=actor, url=link.url, title=link.title.strip()[:200], order=index)
        for index, link in enumerate(content.links)
    )
    actor.places.all().delete()
    ActorPlace.objects.bulk_create(
        ActorPlace(
            actor=actor,
            name=place.name,
            country_code=place.country_code.upper(),
            latitude=place.latitude,
            longitude=place.longitude,
            geonames_id=place.geonames_id,
            order=index,
        )
        for index, place in enumerate(content.places)
    )
    _refresh_public_names(actor)


def _refresh_public_names(actor: Actor) -> None:
    from ipsp.actors.public import actor_public, public_names_key
    from ipsp.actors.queries import with_content

    loaded = with_content().get(pk=actor.pk)
    Actor.objects.filter(pk=actor.pk).update(public_names=public_names_key(actor_public(loaded)))


# --- content as JSON (a published actor's pending edit) ----------------------------------

TERM_LISTS = ("actor_types", "themes", "countries", "collaboration_themes", "collaboration_regions")


def content_to_json(content: ActorContent, logo_name: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": content.name,
        "other_names": list(content.other_names),
        "open_to_collaboration": content.open_to_collaboration,
        "founding_year": content.founding_year,
        "restricted_fields": sorted(set(content.restricted_fields)),
        "links": [{"url": link.url, "title": link.title} for link in content.links],
        "places": [
            {
                "name": p.name,
                "country_code": p.country_code,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "geonames_id": p.geonames_id,
            }
            for p in content.places
        ],
        "logo": logo_name,
        "remove_logo": content.remove_logo,
    }
    for name in TEXT_FIELDS:
        data[name] = str(getattr(content, name) or "")
    for name in TERM_LISTS:
        data[name] = [[term.vocabulary.code, term.code] for term in getattr(content, name)]
    return data


def content_from_json(data: dict[str, Any]) -> tuple[ActorContent, str | None]:
    wanted = {tuple(pair) for name in TERM_LISTS for pair in data.get(name, [])}
    found = {
        (term.vocabulary.code, term.code): term
        for term in Term.objects.select_related("vocabulary").filter(
            code__in={code for _vocabulary, code in wanted}
        )
    }
    terms = {
        name: [found[tuple(pair)] for pair in data.get(name, []) if tuple(pair) in found]
        for name in TERM_LISTS
    }
    values: dict[str, Any] = {name: data.get(name, "") for name in TEXT_FIELDS}
    values.update(terms)
    content = ActorContent(
        name=data["name"],
        other_names=list(data.get("other_names", [])),
        open_to_collaboration=data.get("open_to_collaboration"),
        founding_year=data.get("founding_year"),
        restricted_fields=list(data.get("restricted_fields", [])),
        links=[LinkInput(**link) for link in data.get("links", [])],
        places=[PlaceInput(**place) for place in data.get("places", [])],
        remove_logo=bool(data.get("remove_logo")),
        **values,
    )
    return content, data.get("logo")


def content_of(actor: Actor) -> ActorContent:
    """What the contributor works on: the pending edit, else the actor's own content."""
    if actor.pending_content:
        return content_from_json(actor.pending_content)[0]
    terms = list(actor.terms.select_related("vocabulary"))
    collaboration = list(actor.collaboration_terms.select_related("vocabulary"))
    return ActorContent(
        name=actor.name,
        other_names=list(actor.other_names or []),
        actor_types=[t for t in terms if t.vocabulary.code == "actor_type"],
        themes=[t for t in terms if t.vocabulary.code == "theme"],
        countries=[t for t in terms if t.vocabulary.code == "country"],
        places=[
            PlaceInput(p.name, p.country_code, p.latitude, p.longitude, p.geonames_id)
            for p in actor.places.all()
        ],
        open_to_collaboration=actor.open_to_collaboration,
        collaboration_themes=[t for t in collaboration if t.vocabulary.code == "theme"],
        collaboration_regions=[t for t in collaboration if t.vocabulary.code != "theme"],
        links=[LinkInput(link.url, link.title) for link in actor.links.all()],
        founding_year=actor.founding_year,
        restricted_fields=list(actor.restricted_fields or []),
        **{name: getattr(actor, name) for name in TEXT_FIELDS},
    )


# --- search ------------------------------------------------------------------------------


def _index(actor: Actor) -> None:
    """Put the published actor in the search index (public view only), or take it out."""
    from ipsp.actors.search import actor_search_document
    from ipsp.search.services import document_index, document_remove

    if actor.state == State.PUBLISHED:
        document_index(actor_search_document(actor))
    else:
        document_remove(kind="actor", public_id=actor.public_id)


# --- creation ----------------------------------------------------------------------------


@transaction.atomic
def actor_find_or_create_draft(*, name: str, initiative: ClaimableEntry | None = None) -> Actor:
    """The actor of that name (case, accents, punctuation and legal forms aside), or a new
    draft owned by the initiative's contributor, who is invited to complete it.

    A published actor is preferred over a draft of the same name; a merged actor
    gives the entry it was merged into; rejected and withdrawn ones are not reused.
    """
    cleaned = _clean_name(name)
    key = match_key(cleaned)
    candidates = Actor.objects.filter(match_key=key).exclude(
        state__in=[State.REJECTED, State.WITHDRAWN]
    )
    best: Actor | None = None
    for candidate in candidates.order_by("created_at", "pk"):
        while candidate.state == State.MERGED and candidate.merged_into_id:
            candidate = Actor.objects.get(pk=candidate.merged_into_id)
        if candidate.state in {State.REJECTED, State.WITHDRAWN, State.MERGED}:
            continue
        if best is None or (candidate.state == State.PUBLISHED and best.state != State.PUBLISHED):
            best = candidate
    if best is not None:
        return best
    actor = Actor(
        name=cleaned,
        state=State.DRAFT,
        created_from_initiative_id=initiative.pk if initiative is not None else None,
        owner_id=initiative.contributor_id if initiative is not None else None,
        language=(initiative.language if initiative is not None else "en")[:10],
    )
    actor.full_clean(exclude=["created_from_initiative", "owner", "merged_into", "logo"])
    actor.save()
    _record(actor, by=None, action="create_from_initiative", from_state="", to_state=State.DRAFT)
    return actor


@transaction.atomic
def actor_create(*, owner: User, content: ActorContent, language: str = "en") -> Actor:
    """A new actor in draft, registered by a contributor who owns it."""
    actor = Actor(name=_clean_name(content.name), owner=owner, language=language[:10])
    actor.save()
    logo_name = _store_logo(actor, content.logo) if content.logo else None
    _apply(actor, content, logo_name=logo_name)
    _record(actor, by=owner, action="create", from_state="", to_state=State.DRAFT)
    return _refresh(actor)


@transaction.atomic
def actor_update(*, actor: Actor, by: User, content: ActorContent) -> Actor:
    """Save the contributor's work: in place before publication, as a pending edit after."""
    locked = Actor.objects.select_for_update().get(pk=actor.pk)
    if locked.state in {State.DRAFT, State.CHANGES_REQUESTED}:
        logo_name = _store_logo(locked, content.logo) if content.logo else None
        _apply(locked, content, logo_name=logo_name)
    elif locked.state == State.PUBLISHED and locked.edit_state != EditState.SUBMITTED:
        _check(content)
        _clean_name(content.name)
        _clean_other_names(content.other_names, content.name)
        previous_logo = (locked.pending_content or {}).get("logo")
        logo_name = _store_logo(locked, content.logo) if content.logo else previous_logo
        # Keeping a field private takes effect at once; publishing one waits for validation.
        tighter = sorted(set(locked.restricted_fields or []) | set(content.restricted_fields))
        Actor.objects.filter(pk=locked.pk).update(
            pending_content=content_to_json(content, logo_name),
            edit_state=EditState.DRAFT,
            restricted_fields=tighter,
        )
        if tighter != sorted(locked.restricted_fields or []):
            locked.refresh_from_db()
            _refresh_public_names(locked)
            _index(_refresh(locked))
    else:
        raise ActorError(
            "state",
            _("This organisation is being validated or closed and cannot be changed now."),
        )
    _record(locked, by=by, action="update", from_state=locked.state, to_state=locked.state)
    return _refresh(locked)


def submission_problems(content: ActorContent) -> dict[str, str]:
    """What must be filled before an actor can be submitted, by field."""
    problems: dict[str, str] = {}
    if not content.themes:
        problems["themes"] = _("Choose at least one field of action.")
    if not content.countries:
        problems["countries"] = _("Choose at least one country where the organisation works.")
    if not content.problems.strip():
        problems["problems"] = _("Describe the problems the organisation addresses.")
    return problems


@transaction.atomic
def actor_submit(*, actor: Actor, by: User) -> Actor:
    """Send the entry (or the edit of a published entry) to the secretariat."""
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    problems = submission_problems(content_of(actor))
    if problems:
        raise IncompleteActor(problems)
    now = timezone.now()
    from_state = actor.state
    if actor.state in {State.DRAFT, State.CHANGES_REQUESTED}:
        _move(actor, [State.DRAFT, State.CHANGES_REQUESTED], State.SUBMITTED, submitted_at=now)
    elif actor.state == State.PUBLISHED and actor.edit_state == EditState.DRAFT:
        changed = Actor.objects.filter(
            pk=actor.pk, state=State.PUBLISHED, edit_state=EditState.DRAFT
        ).update(edit_state=EditState.SUBMITTED, submitted_at=now)
        if changed != 1:
            raise ActorError("state", _("This organisation changed meanwhile; reload the page."))
    else:
        raise ActorError("state", _("This organisation cannot be submitted now."))
    actor = _refresh(actor)
    _record(actor, by=by, action="submit", from_state=from_state, to_state=actor.state, at=now)
    return actor


@transaction.atomic
def actor_begin_validation(*, actor: Actor, by: User | None) -> Actor:
    """Level 1 passed: the submission waits for the secretariat (level 2)."""
    from_state = _move(actor, [State.SUBMITTED], State.IN_VALIDATION)
    actor = _refresh(actor)
    _record(actor, by=by, action="begin_validation", from_state=from_state, to_state=actor.state)
    return actor


def _awaiting_edit(actor: Actor) -> bool:
    return actor.state == State.PUBLISHED and actor.edit_state == EditState.SUBMITTED


@transaction.atomic
def actor_publish(*, actor: Actor, by: User, note: str = "") -> Actor:
    """Publish the submission, or apply the validated edit of a published entry."""
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    now = timezone.now()
    from_state = actor.state
    if _awaiting_edit(actor):
        content, logo_name = content_from_json(actor.pending_content or {})
        _apply(actor, content, logo_name=logo_name)
        Actor.objects.filter(pk=actor.pk).update(
            edit_state=EditState.NONE,
            pending_content=None,
            last_published_at=now,
            decision_note=note,
        )
    else:
        _move(
            actor,
            [State.SUBMITTED, State.IN_VALIDATION],
            State.PUBLISHED,
            published_at=actor.published_at or now,
            last_published_at=now,
            decision_note=note,
        )
    actor = _refresh(actor)
    _record(
        actor,
        by=by,
        action="publish",
        from_state=from_state,
        to_state=actor.state,
        note=note,
        at=now,
    )
    _index(actor)
    return actor


@transaction.atomic
def actor_request_changes(*, actor: Actor, by: User, note: str) -> Actor:
    """Send the submission (or the edit) back to the contributor with what to change."""
    if not note.strip():
        raise ActorError("note", _("Say what the contributor should change."))
    from_state = actor.state
    if _awaiting_edit(actor):
        changed = Actor.objects.filter(
            pk=actor.pk, state=State.PUBLISHED, edit_state=EditState.SUBMITTED
        ).update(edit_state=EditState.DRAFT, decision_note=note)
        if changed != 1:
            raise ActorError("state", _("This organisation changed meanwhile; reload the page."))
    else:
        _move(
            actor,
            [State.SUBMITTED, State.IN_VALIDATION],
            State.CHANGES_REQUESTED,
            decision_note=note,
        )
    actor = _refresh(actor)
    _record(
        actor,
        by=by,
        action="request_changes",
        from_state=from_state,
        to_state=actor.state,
        note=note,
    )
    return actor


@transaction.atomic
def actor_reject(*, actor: Actor, by: User, note: str) -> Actor:
    """Refuse the submission; a published actor keeps its page and loses the edit."""
    if not note.strip():
        raise ActorError("note", _("Give the reason for the refusal."))
    from_state = actor.state
    if _awaiting_edit(actor):
        changed = Actor.objects.filter(
            pk=actor.pk, state=State.PUBLISHED, edit_state=EditState.SUBMITTED
        ).update(edit_state=EditState.NONE, pending_content=None, decision_note=note)
        if changed != 1:
            raise ActorError("state", _("This organisation changed meanwhile; reload the page."))
    else:
        _move(actor, [State.SUBMITTED, State.IN_VALIDATION], State.REJECTED, decision_note=note)
    actor = _refresh(actor)
    _record(actor, by=by, action="reject", from_state=from_state, to_state=actor.state, note=note)
    return actor


@transaction.atomic
def actor_withdraw(*, actor: Actor, by: User, reason: str) -> Actor:
    """Withdraw a published actor: its page becomes a tombstone (HTTP 410)."""
    reason = reason.strip()
    if not reason:
        raise ActorError("reason", _("Give the reason for the withdrawal."))
    if len(reason) > 2000:
        raise ActorError("reason", _("The reason is at most 2000 characters."))
    now = timezone.now()
    from_state = _move(
        actor,
        [State.PUBLISHED],
        State.WITHDRAWN,
        withdrawn_at=now,
        withdrawal_reason=reason,
        edit_state=EditState.NONE,
        pending_content=None,
    )
    actor = _refresh(actor)
    _record(
        actor,
        by=by,
        action="withdraw",
        from_state=from_state,
        to_state=actor.state,
        note=reason,
        at=now,
    )
    _index(actor)
    return actor


# --- merge -------------------------------------------------------------------------------

# The actor's own content and history: they stay with the merged entry.
_NOT_MOVED = {ActorLink, ActorPlace, ActorMerge}


def _links_to_actor() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) holding a foreign key to Actor, in any package, found from the
    model registry so that a link added later (flags, invitations...) follows merges too."""
    found: list[tuple[type[models.Model], str]] = []
    for relation in Actor._meta.related_objects:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]
            for through_field in through._meta.get_fields():
                remote = getattr(through_field, "remote_field", None)
                if remote is not None and remote.model is Actor and through_field.concrete:
                    found.append((through, through_field.name))
            continue
        model = relation.related_model
        if model in _NOT_MOVED:
            continue
        found.append((model, relation.field.name))  # type: ignore[arg-type]
    return found


def _move_links(source: Actor, target: Actor) -> dict[str, int]:
    """Point every link at ``target``; a link the target already has is dropped, not
    doubled (e.g. an initiative version that named both)."""
    moved: dict[str, int] = {}
    for model, field_name in _links_to_actor():
        label = f"{model._meta.label}.{field_name}"
        rows = model._default_manager.filter(**{field_name: source})
        count = 0
        for row in rows:
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{field_name: target})
            except IntegrityError:
                model._default_manager.filter(pk=row.pk).delete()  # the target has it already
            count += 1
        if count:
            moved[label] = count
    return moved


@transaction.atomic
def actor_merge(*, source: Actor, target: Actor, by: User, reason: str) -> ActorMerge:
    """Merge a duplicate into the entry that stays: every link follows, the duplicate's
    address redirects permanently (301) to the target's page."""
    reason = reason.strip()
    if not reason:
        raise ActorError("reason", _("Give the reason for the merge."))
    if source.pk == target.pk:
        raise ActorError("target", _("An organisation cannot be merged into itself."))
    locked = {
        a.pk: a for a in Actor.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.state == State.MERGED:
        raise ActorError("source", _("This organisation was already merged into another."))
    if target.state in CLOSED_STATES:
        raise ActorError(
            "target", _("Choose an organisation that is still in the directory as the target.")
        )
    now = timezone.now()
    moved = _move_links(source, target)
    if target.owner_id is None and source.owner_id is not None:
        Actor.objects.filter(pk=target.pk).update(owner_id=source.owner_id)
    names = [n for n in (source.name, *(source.other_names or [])) if n != target.name]
    other_names = list(target.other_names or [])
    for name in names:
        if name not in other_names and len(other_names) < OTHER_NAMES_MAX:
            other_names.append(name)
    Actor.objects.filter(pk=target.pk).update(other_names=other_names)
    from_state = _move(
        source,
        [s for s in State.values if s != State.MERGED],
        State.MERGED,
        merged_into=target,
        merged_at=now,
        edit_state=EditState.NONE,
        pending_content=None,
    )
    merge = ActorMerge.objects.create(
        source=source,
        target=target,
        source_public_id=source.public_id,
        source_name=source.name,
        by=by,
        at=now,
        reason=reason,
        moved=moved,
    )
    _record(
        source,
        by=by,
        action="merge",
        from_state=from_state,
        to_state=State.MERGED,
        note=f"{target.public_id}: {reason}",
        at=now,
    )
    _record(
        target,
        by=by,
        action="absorb",
        from_state=target.state,
        to_state=target.state,
        note=f"{source.public_id}: {reason}",
        at=now,
    )
    _refresh_public_names(target)
    _index(_refresh(source))
    _index(_refresh(target))
    return merge


# --- claims ------------------------------------------------------------------------------


@transaction.atomic
def actor_claim_request(*, actor: Actor, initiative: ClaimableEntry, by: User) -> ActorClaim:
    """The actor says ``initiative`` is one of its own. Confirmed at once when the person
    asking is also the initiative's contributor; otherwise it waits for them or the
    secretariat."""
    if actor.state in CLOSED_STATES:
        raise ActorError("initiative", _("This organisation cannot claim initiatives now."))
    own = initiative.contributor_id == by.pk
    if initiative.state != "published" and not own:
        raise ActorError("initiative", _("Only a published initiative can be claimed."))
    if ActorClaim.objects.filter(
        actor=actor, initiative_id=initiative.pk, state__in=["pending", "confirmed"]
    ).exists():
        raise ActorError(
            "initiative", _("This initiative is already claimed by this organisation.")
        )
    claim = ActorClaim.objects.create(actor=actor, initiative_id=initiative.pk, requested_by=by)
    _record(
        actor,
        by=by,
        action="claim",
        from_state=actor.state,
        to_state=actor.state,
        note=initiative.public_id,
    )
    if own:
        return actor_claim_decide(claim=claim, by=by, confirm=True)
    return claim


@transaction.atomic
def actor_claim_decide(*, claim: ActorClaim, by: User, confirm: bool, note: str = "") -> ActorClaim:
    """Confirm or refuse a pending claim (once: a second decision is refused)."""
    now = timezone.now()
    new = ActorClaim.State.CONFIRMED if confirm else ActorClaim.State.REFUSED
    changed = ActorClaim.objects.filter(pk=claim.pk, state=ActorClaim.State.PENDING).update(
        state=new, decided_at=now, decided_by=by, note=note.strip()[:1000]
    )
    if changed != 1:
        raise ActorError("claim", _("This request was already answered."))
    claim.refresh_from_db()
    actor = claim.actor
    _record(
        actor,
        by=by,
        action="claim_confirmed" if confirm else "claim_refused",
        from_state=actor.state,
        to_state=actor.state,
        note=claim.initiative.public_id,
        at=now,
    )
    return claim
