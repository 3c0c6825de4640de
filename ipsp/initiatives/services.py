"""Writes of the initiatives package: one service per lifecycle transition.

Every transition is a guarded update (``filter(pk=..., state=old).update(...)``
and a check that one row changed), runs in one transaction, writes a record to the
shared audit trail (``verification.audit``: who, when, from, to, why) and notifies the
contributor on commit. The initiative's ``state`` says where it stands publicly; the pending
version's ``state`` says where the working copy stands, so a published
initiative can have an edit waiting for validation while it stays visible.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.accounts.models import User
from ipsp.actors.models import Actor
from ipsp.actors.services import ActorError, actor_find_or_create_draft
from ipsp.initiatives.models import (
    Initiative,
    InitiativeLink,
    InitiativeOrganisation,
    InitiativePlace,
    InitiativeVersion,
)
from ipsp.taxonomy.models import Term
from ipsp.verification.audit import audit_record

State = Initiative.State
VersionState = InitiativeVersion.State

MAX_ORGANISATIONS = 10
MAX_LINKS = 20
MAX_PLACES = 20
MAX_HOLDERS = 20

# The content fields copied from one version to the next.
CONTENT_FIELDS = (
    "title",
    "summary",
    "holders",
    "problem",
    "approach",
    "success",
    "replication",
    "externalities",
    "evidence_level",
    "start_date",
    "end_date",
    "project_status",
    "language",
    "language_confirmed",
    "video_url",
    "transcript_text",
)


class InitiativeError(Exception):
    """A domain rule was broken; ``field`` names the form field it concerns (or None)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class IncompleteInitiative(InitiativeError):
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
    kind: str = InitiativeLink.Kind.RESOURCE


@dataclass
class InitiativeContent:
    """Everything a contributor writes in an initiative version.

    ``organisations`` holds existing actors or names typed by hand (a new name
    becomes a draft actor). ``transcript_text`` None keeps the stored transcript.
    """

    title: str
    summary: str = ""
    holders: list[str] = field(default_factory=list)
    problem: str = ""
    approach: str = ""
    success: str = ""
    replication: str = ""
    externalities: str = ""
    evidence_level: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    project_status: str = ""
    language: str = ""
    language_confirmed: bool = False
    video_url: str = ""
    transcript_text: str | None = None
    terms: Sequence[Term] = ()
    organisations: Sequence[Actor | str] = ()
    links: Sequence[LinkInput] = ()
    places: Sequence[PlaceInput] = ()


@dataclass(frozen=True)
class ContactInput:
    """A private contact address and the exact consent text the contributor agreed to."""

    email: str
    consent_text: str


# --- helpers ---------------------------------------------------------------------------


def _record(
    initiative: Initiative,
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
        "initiative",
        initiative.public_id,
        action,
        by,
        note,
        {"from": from_state, "to": to_state},
        at=at,
    )


def _move(initiative: Initiative, old: Sequence[str], new: str, **changes: object) -> str:
    """Guarded state change of the initiative; returns the state it left."""
    current = Initiative.objects.filter(pk=initiative.pk).values_list("state", flat=True).first()
    changed = Initiative.objects.filter(pk=initiative.pk, state__in=list(old)).update(
        state=new, **changes
    )
    if changed != 1 or current is None:
        raise InitiativeError(
            "state", _("This initiative cannot do that in its present state; reload the page.")
        )
    return current


def _move_version(version: InitiativeVersion, old: str, new: str, **changes: object) -> None:
    changed = InitiativeVersion.objects.filter(pk=version.pk, state=old).update(
        state=new, **changes
    )
    if changed != 1:
        raise InitiativeError(
            "state", _("This version cannot do that in its present state; reload the page.")
        )


def _refresh(initiative: Initiative) -> Initiative:
    initiative.refresh_from_db()
    return initiative


def _clean_holders(holders: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for holder in holders:
        name = " ".join(str(holder).split())
        if name and name not in cleaned:
            cleaned.append(name)
    if len(cleaned) > MAX_HOLDERS:
        raise InitiativeError(
            "holders", _("At most %(max)s project holders can be named.") % {"max": MAX_HOLDERS}
        )
    for name in cleaned:
        if len(name) > 150:
            raise InitiativeError(
                "holders", _("A project holder's name is at most 150 characters.")
            )
    return cleaned


def _write_content(
    version: InitiativeVersion, content: InitiativeContent, initiative: Initiative
) -> None:
    """Store ``content`` in ``version`` (fields, terms, organisations, links, places)."""
    if len(content.organisations) > MAX_ORGANISATIONS:
        raise InitiativeError(
            "organisations",
            _("At most %(max)s organisations can be named.") % {"max": MAX_ORGANISATIONS},
        )
    if len(content.links) > MAX_LINKS:
        raise InitiativeError(
            "links", _("At most %(max)s links can be given.") % {"max": MAX_LINKS}
        )
    if len(content.places) > MAX_PLACES:
        raise InitiativeError(
            "places", _("At most %(max)s places can be given.") % {"max": MAX_PLACES}
        )
    if content.start_date and content.end_date and content.end_date < content.start_date:
        raise InitiativeError("end_date", _("The end date cannot be before the start date."))
    for name in CONTENT_FIELDS:
        value = getattr(content, name)
        if name == "transcript_text" and value is None:
            continue
        if name == "holders":
            value = _clean_holders(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(version, name, value)
    try:
        version.full_clean(exclude=["initiative", "decided_by", "terms"])
    except ValidationError as error:
        first_field, messages = next(iter(error.message_dict.items()))
        raise InitiativeError(
            None if first_field == "__all__" else first_field, " ".join(messages)
        ) from error
    version.save()
    version.terms.set(list(content.terms))

    actors: list[Actor] = []
    for item in content.organisations:
        try:
            actor = (
                item
                if isinstance(item, Actor)
                else actor_find_or_create_draft(name=item, initiative=initiative)
            )
        except ActorError as error:
            raise InitiativeError("organisations", error.message) from error
        if actor not in actors:
            actors.append(actor)
    version.organisations.all().delete()
    InitiativeOrganisation.objects.bulk_create(
        InitiativeOrganisation(version=version, actor=actor, order=index)
        for index, actor in enumerate(actors)
    )
    version.links.all().delete()
    InitiativeLink.objects.bulk_create(
        InitiativeLink(
            version=version, url=link.url, title=link.title.strip(), kind=link.kind, order=index
        )
        for index, link in enumerate(content.links)
    )
    version.places.all().delete()
    InitiativePlace.objects.bulk_create(
        InitiativePlace(
            version=version,
            name=place.name,
            country_code=place.country_code.upper(),
            latitude=place.latitude,
            longitude=place.longitude,
            geonames_id=place.geonames_id,
            order=index,
        )
        for index, place in enumerate(content.places)
    )


def _set_contact(initiative: Initiative, contact: ContactInput | None) -> None:
    if contact is None:
        return
    email = contact.email.strip()
    if email and not contact.consent_text.strip():
        raise InitiativeError(
            "contact_consent",
            _("Please tick the box to agree that we use this address, or leave it empty."),
        )
    changes: dict[str, object] = {
        "contact_email": email,
        "contact_consent_text": contact.consent_text.strip() if email else "",
        "contact_consented_at": timezone.now() if email else None,
    }
    if email == initiative.contact_email and email:
        return  # same address: keep the original consent and its time
    for name, value in changes.items():
        setattr(initiative, name, value)
    try:
        initiative.full_clean(
            exclude=["contributor", "published_version", "pending_version", "public_id"]
        )
    except ValidationError as error:
        raise InitiativeError(
            "contact_email", _("Enter a valid email address, like name@example.org.")
        ) from error
    Initiative.objects.filter(pk=initiative.pk).update(**changes)


def _copy_version(source: InitiativeVersion) -> InitiativeVersion:
    copy = InitiativeVersion(initiative=source.initiative, state=VersionState.DRAFT)
    for name in CONTENT_FIELDS:
        setattr(copy, name, getattr(source, name))
    copy.save()
    copy.terms.set(source.terms.all())
    InitiativeOrganisation.objects.bulk_create(
        InitiativeOrganisation(version=copy, actor_id=row.actor_id, order=row.order)
        for row in source.organisations.all()
    )
    InitiativeLink.objects.bulk_create(
        InitiativeLink(version=copy, url=row.url, title=row.title, kind=row.kind, order=row.order)
        for row in source.links.all()
    )
    InitiativePlace.objects.bulk_create(
        InitiativePlace(
            version=copy,
            name=row.name,
            country_code=row.country_code,
            latitude=row.latitude,
            longitude=row.longitude,
            geonames_id=row.geonames_id,
            order=row.order,
        )
        for row in source.places.all()
    )
    return copy


def _notify(initiative: Initiative, kind: str, note: str = "") -> None:
    from ipsp.initiatives import notifications

    initiative_id = initiative.pk
    transaction.on_commit(lambda: notifications.initiative_notify(initiative_id, kind, note))


# --- transitions -----------------------------------------------------------------------


@transaction.atomic
def initiative_create_draft(
    *,
    contributor: User,
    content: InitiativeContent,
    contact: ContactInput | None = None,
    language: str = "en",
) -> Initiative:
    """A new initiative in draft, with its first (pending) version."""
    initiative = Initiative.objects.create(
        contributor=contributor, state=State.DRAFT, language=language[:10]
    )
    version = InitiativeVersion(initiative=initiative, state=VersionState.DRAFT)
    _write_content(version, content, initiative)
    Initiative.objects.filter(pk=initiative.pk).update(pending_version=version)
    _set_contact(initiative, contact)
    _record(initiative, by=contributor, action="create", from_state="", to_state=State.DRAFT)
    return _refresh(initiative)


@transaction.atomic
def initiative_update_draft(
    *,
    initiative: Initiative,
    by: User,
    content: InitiativeContent,
    contact: ContactInput | None = None,
) -> Initiative:
    """Save the working copy (a draft, a returned submission, or an edit of a published one)."""
    version = (
        InitiativeVersion.objects.select_for_update()
        .filter(pk=initiative.pending_version_id or 0, state=VersionState.DRAFT)
        .first()
    )
    if version is None or initiative.state in {State.REJECTED, State.WITHDRAWN}:
        raise InitiativeError(
            "state",
            _("This initiative is being validated or closed and cannot be changed now."),
        )
    _write_content(version, content, initiative)
    _set_contact(initiative, contact)
    _record(
        initiative,
        by=by,
        action="update",
        from_state=initiative.state,
        to_state=initiative.state,
    )
    return _refresh(initiative)


def submission_problems(version: InitiativeVersion) -> dict[str, str]:
    """What must be filled before a version can be submitted, by field."""
    problems: dict[str, str] = {}
    if not version.title.strip():
        problems["title"] = _("Give the initiative a title.")
    if not version.summary.strip():
        problems["summary"] = _("Write a one-paragraph summary.")
    if not any(term.vocabulary.code == "country" for term in version.terms.all()):
        problems["countries"] = _("Choose at least one country where the initiative takes place.")
    if not version.problem.strip():
        problems["problem"] = _("Describe the problem the initiative addresses.")
    if not version.approach.strip():
        problems["approach"] = _("Describe the approach and what is innovative about it.")
    if not version.organisations.exists() and not version.holders:
        problems["organisations"] = _("Name at least one organisation or project holder.")
    return problems


@transaction.atomic
def initiative_submit(*, initiative: Initiative, by: User) -> Initiative:
    """Send the working copy to the secretariat for validation."""
    version = initiative.pending_version
    if version is None:
        raise InitiativeError("state", _("There is nothing to submit."))
    version = InitiativeVersion.objects.prefetch_related("terms__vocabulary").get(pk=version.pk)
    problems = submission_problems(version)
    if problems:
        raise IncompleteInitiative(problems)
    now = timezone.now()
    _move_version(version, VersionState.DRAFT, VersionState.SUBMITTED, submitted_at=now)
    from_state = initiative.state
    if initiative.state in {State.DRAFT, State.CHANGES_REQUESTED}:
        _move(
            initiative,
            [State.DRAFT, State.CHANGES_REQUESTED],
            State.SUBMITTED,
            submitted_at=initiative.submitted_at or now,
        )
    elif initiative.state != State.PUBLISHED:
        raise InitiativeError("state", _("This initiative cannot be submitted now."))
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="submit",
        from_state=from_state,
        to_state=initiative.state,
        at=now,
    )
    _notify(initiative, "submitted")
    return initiative


@transaction.atomic
def initiative_begin_validation(*, initiative: Initiative, by: User | None) -> Initiative:
    """Level 1 passed: the submission waits for the secretariat (level 2)."""
    from_state = _move(initiative, [State.SUBMITTED], State.IN_VALIDATION)
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="begin_validation",
        from_state=from_state,
        to_state=State.IN_VALIDATION,
    )
    return initiative


def _awaiting(initiative: Initiative) -> InitiativeVersion:
    version = (
        InitiativeVersion.objects.select_for_update()
        .filter(pk=initiative.pending_version_id or 0, state=VersionState.SUBMITTED)
        .first()
    )
    if version is None:
        raise InitiativeError("state", _("This initiative has no submission awaiting a decision."))
    return version


@transaction.atomic
def initiative_publish(*, initiative: Initiative, by: User, note: str = "") -> Initiative:
    """Publish the submitted version: it gets the next number and replaces the previous one."""
    version = _awaiting(initiative)
    now = timezone.now()
    number = (initiative.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    previous_id = initiative.published_version_id
    _move_version(
        version,
        VersionState.SUBMITTED,
        VersionState.PUBLISHED,
        number=number,
        published_at=now,
        decided_by=by,
        decision_note=note,
    )
    if previous_id is not None:
        InitiativeVersion.objects.filter(pk=previous_id, state=VersionState.PUBLISHED).update(
            state=VersionState.SUPERSEDED
        )
    from_state = _move(
        initiative,
        [State.SUBMITTED, State.IN_VALIDATION, State.PUBLISHED],
        State.PUBLISHED,
        published_version=version,
        pending_version=None,
        published_at=initiative.published_at or now,
        last_confirmed_at=now,
    )
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="publish",
        from_state=from_state,
        to_state=State.PUBLISHED,
        note=note,
        at=now,
    )
    identifiers_on_publish(initiative)
    search_sync(initiative)
    _notify(initiative, "published", note)
    return initiative


def search_sync(initiative: Initiative) -> None:
    """Index the published version, or take a withdrawn entry out, in this transaction."""
    from ipsp.initiatives.search import initiative_search_sync

    initiative_search_sync(initiative)


def identifiers_on_publish(initiative: Initiative) -> None:
    """Reserve (or refresh) the concept DOI and the new version's DOI, in this transaction."""
    from ipsp.identifiers.services import dois_publish
    from ipsp.initiatives.citable import citable_records

    concept, version = citable_records(initiative)
    dois_publish(concept=concept, version=version)


def identifiers_on_withdraw(initiative: Initiative) -> None:
    """Hide the initiative's DOIs from DataCite's search, in this transaction: they keep
    resolving to the tombstone (a registered DOI cannot be deleted)."""
    from ipsp.identifiers.services import dois_hide
    from ipsp.initiatives.citable import KIND

    dois_hide(kind=KIND, public_id=initiative.public_id)


@transaction.atomic
def initiative_request_changes(*, initiative: Initiative, by: User, note: str) -> Initiative:
    """Send the submission back to the contributor with what to change."""
    if not note.strip():
        raise InitiativeError("note", _("Say what the contributor should change."))
    version = _awaiting(initiative)
    _move_version(
        version, VersionState.SUBMITTED, VersionState.DRAFT, decided_by=by, decision_note=note
    )
    from_state = initiative.state
    if initiative.state != State.PUBLISHED:
        _move(initiative, [State.SUBMITTED, State.IN_VALIDATION], State.CHANGES_REQUESTED)
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="request_changes",
        from_state=from_state,
        to_state=initiative.state,
        note=note,
    )
    _notify(initiative, "changes_requested", note)
    return initiative


@transaction.atomic
def initiative_reject(*, initiative: Initiative, by: User, note: str) -> Initiative:
    """Refuse the submission. A published initiative keeps its published version."""
    if not note.strip():
        raise InitiativeError("note", _("Give the reason for the refusal."))
    version = _awaiting(initiative)
    _move_version(
        version, VersionState.SUBMITTED, VersionState.REJECTED, decided_by=by, decision_note=note
    )
    from_state = initiative.state
    if initiative.state == State.PUBLISHED:
        Initiative.objects.filter(pk=initiative.pk, pending_version=version).update(
            pending_version=None
        )
    else:
        _move(initiative, [State.SUBMITTED, State.IN_VALIDATION], State.REJECTED)
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="reject",
        from_state=from_state,
        to_state=initiative.state,
        note=note,
    )
    _notify(initiative, "rejected", note)
    return initiative


@transaction.atomic
def initiative_withdraw(*, initiative: Initiative, by: User, reason: str) -> Initiative:
    """Withdraw a published initiative: its page becomes a tombstone (HTTP 410)."""
    reason = reason.strip()
    if not reason:
        raise InitiativeError("reason", _("Give the reason for the withdrawal."))
    if len(reason) > 2000:
        raise InitiativeError("reason", _("The reason is at most 2000 characters."))
    now = timezone.now()
    from_state = _move(
        initiative,
        [State.PUBLISHED],
        State.WITHDRAWN,
        withdrawn_at=now,
        withdrawal_reason=reason,
        pending_version=None,
    )
    if initiative.pending_version_id:
        InitiativeVersion.objects.filter(
            pk=initiative.pending_version_id, state__in=[VersionState.DRAFT, VersionState.SUBMITTED]
        ).update(state=VersionState.REJECTED, decision_note=reason)
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="withdraw",
        from_state=from_state,
        to_state=State.WITHDRAWN,
        note=reason,
        at=now,
    )
    identifiers_on_withdraw(initiative)
    search_sync(initiative)
    return initiative


@transaction.atomic
def initiative_edit_published(*, initiative: Initiative, by: User) -> InitiativeVersion:
    """Open an edit of a published initiative: a draft copy of the published version.

    The published version stays visible until the edit is validated. If an edit is
    already open it is returned as it is.
    """
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.state != State.PUBLISHED or locked.published_version_id is None:
        raise InitiativeError("state", _("Only a published initiative can be edited this way."))
    if locked.pending_version_id is not None:
        return InitiativeVersion.objects.get(pk=locked.pending_version_id)
    source = InitiativeVersion.objects.prefetch_related(
        "terms", "organisations", "links", "places"
    ).get(pk=locked.published_version_id)
    copy = _copy_version(source)
    changed = Initiative.objects.filter(
        pk=initiative.pk, state=State.PUBLISHED, pending_version__isnull=True
    ).update(pending_version=copy)
    if changed != 1:
        raise InitiativeError("state", _("This initiative changed meanwhile; reload the page."))
    initiative.refresh_from_db()
    _record(
        initiative,
        by=by,
        action="edit",
        from_state=State.PUBLISHED,
        to_state=State.PUBLISHED,
    )
    return copy


@transaction.atomic
def initiative_confirm_current(*, initiative: Initiative, by: User) -> Initiative:
    """The contributor says the published initiative is still current (yearly question)."""
    now = timezone.now()
    _move(initiative, [State.PUBLISHED], State.PUBLISHED, last_confirmed_at=now)
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="confirm_current",
        from_state=State.PUBLISHED,
        to_state=State.PUBLISHED,
        at=now,
    )
    return initiative


# --- verification (level 2): fixing terms from the queue, reopening after an appeal ---------


@transaction.atomic
def initiative_set_terms(*, initiative: Initiative, by: User, terms: Sequence[Term]) -> Initiative:
    """The secretariat fixes the classification of a submission waiting for its decision."""
    version = _awaiting(initiative)
    before = {term.pk for term in version.terms.all()}
    version.terms.set(list(terms))
    after = {term.pk for term in terms}
    _record(
        initiative,
        by=by,
        action="retag",
        from_state=initiative.state,
        to_state=initiative.state,
        note=f"+{len(after - before)} -{len(before - after)}",
    )
    return _refresh(initiative)


@transaction.atomic
def initiative_reopen(*, initiative: Initiative, by: User, note: str) -> Initiative:
    """An appeal was upheld: the refused submission goes back to the secretariat's queue.

    A new initiative goes from rejected to in validation; a refused edit of a published
    initiative becomes its pending version again, waiting for a decision.
    """
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    version = (
        InitiativeVersion.objects.filter(initiative=locked, state=VersionState.REJECTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if version is None or locked.state not in {State.REJECTED, State.PUBLISHED}:
        raise InitiativeError("state", _("This initiative has no refused submission to reopen."))
    if locked.state == State.PUBLISHED and locked.pending_version_id is not None:
        raise InitiativeError("state", _("This initiative already has an edit waiting."))
    _move_version(version, VersionState.REJECTED, VersionState.SUBMITTED, decision_note="")
    from_state = locked.state
    if locked.state == State.REJECTED:
        _move(initiative, [State.REJECTED], State.IN_VALIDATION, pending_version=version)
    else:
        Initiative.objects.filter(pk=locked.pk, pending_version__isnull=True).update(
            pending_version=version
        )
    initiative = _refresh(initiative)
    _record(
        initiative,
        by=by,
        action="reopen",
        from_state=from_state,
        to_state=initiative.state,
        note=note,
    )
    return initiative


# --- the yearly "is it still current?" reminder -----------------------------------------


def initiative_freshness_remind(
    *, initiative: Initiative, now: datetime.datetime | None = None
) -> bool:
    """Email the contributor the yearly question, at most once per year of silence.

    Guarded: only a published initiative whose freshness is due and which was not
    already asked since it was last confirmed (or published) is marked and emailed,
    so running the reminder job twice never sends two messages. False otherwise, or
    when the contributor left no address or unsubscribed from reminders.
    """
    from ipsp.initiatives.queries import freshness_due
    from ipsp.notifications.services import entry_freshness_reminder_email, site_url

    now = now or timezone.now()
    if not freshness_due(initiative, now=now):
        return False
    confirmed = initiative.last_confirmed_at or initiative.published_at
    with transaction.atomic():
        not_asked = Initiative.objects.filter(pk=initiative.pk, state=State.PUBLISHED).filter(
            Q(freshness_reminded_at__isnull=True) | Q(freshness_reminded_at__lt=confirmed)
        )
        if not_asked.update(freshness_reminded_at=now) != 1:
            return False
        version = initiative.published_version
        address = initiative.contact_email or initiative.contributor.contact_email
        language = initiative.language or "en"
        return entry_freshness_reminder_email(
            to=address,
            language=language,
            title=version.title if version else "",
            update_url=site_url("accounts:my_entries", language),
            page_url=site_url("initiatives:detail", language, public_id=initiative.public_id),
            last_updated=confirmed.date() if confirmed else None,
        )


def initiatives_freshness_remind(*, now: datetime.datetime | None = None) -> int:
    """Ask every contributor whose published initiative is due; returns how many were emailed."""
    from ipsp.initiatives.queries import FRESHNESS_ASK_AFTER

    now = now or timezone.now()
    cutoff = now - FRESHNESS_ASK_AFTER
    due = (
        Initiative.objects.filter(state=State.PUBLISHED)
        .filter(
            Q(last_confirmed_at__lte=cutoff)
            | Q(last_confirmed_at__isnull=True, published_at__lte=cutoff)
        )
        .select_related("published_version", "contributor")
    )
    return sum(initiative_freshness_remind(initiative=item, now=now) for item in due.iterator())
