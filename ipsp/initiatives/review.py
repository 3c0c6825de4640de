"""Initiatives in the two levels of verification (the glue between this package and
``ipsp.verification``, which never imports a directory package).

- ``initiative_submit_checked`` submits the working copy and runs level 1 in the same
  transaction: pass or hold -> in validation, in the secretariat's queue; spam ->
  submitted (the contributor sees "waiting"), in the spam folder, restorable.
- ``register`` (called from AppConfig.ready) hands verification what the queue needs:
  the entry rendered for review, its difference with the published version, suggested
  terms, and the decision callbacks, each calling this package's own services.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipsp.accounts.models import AccessToken, User
from ipsp.core.markdown import render as render_markdown
from ipsp.initiatives import queries, services
from ipsp.initiatives.models import Initiative, InitiativeVersion
from ipsp.taxonomy.models import Term
from ipsp.verification import level2, ratelimits
from ipsp.verification import services as verification
from ipsp.verification.audit import audit_last_id
from ipsp.verification.duplicates import similar_entries
from ipsp.verification.suggest import terms_suggest
from ipsp.verification.types import (
    Candidate,
    DiffField,
    EntryRefused,
    EntryReview,
    FormSignals,
    Outcome,
    Recipient,
    Submission,
    TermRef,
)

KIND = "initiative"
TEXT_FIELDS = ("summary", "problem", "approach", "success", "replication", "externalities")


def _get(public_id: str) -> Initiative:
    initiative = queries.initiative_get(public_id)
    if initiative is None:
        raise EntryRefused(_("This initiative no longer exists."), code="gone")
    return initiative


def _awaited_version(initiative: Initiative) -> InitiativeVersion | None:
    return initiative.pending_version or initiative.published_version


def _country(version: InitiativeVersion) -> str:
    for term in version.terms.all():
        if term.vocabulary.code == "country":
            return term.code
    return ""


# --- level 1 on submission ----------------------------------------------------------------------


def candidates(exclude: str = "") -> Any:
    """Published initiatives to compare a new one with, for a country ("" for every one)."""

    def source(country: str) -> Iterable[Candidate]:
        published = Initiative.objects.published().exclude(public_id=exclude)
        if country:
            published = published.filter(
                published_version__terms__vocabulary__code="country",
                published_version__terms__code=country,
            )
        rows = published.values_list("public_id", "published_version__title")[:5000]
        return [Candidate(public_id=pid, title=title or "", country=country) for pid, title in rows]

    return source


def _content(version: InitiativeVersion) -> tuple[str, str, tuple[str, ...]]:
    organisations = ", ".join(row.actor.name for row in version.organisations.all())
    links = tuple(link.url for link in version.links.all())
    if version.video_url:
        links += (version.video_url,)
    return organisations, _country(version), links


def similar(title: str, organisation: str, country: str, exclude: str = "") -> list[dict[str, str]]:
    """Near duplicates of what is being submitted, ready for verification/_duplicates.html."""
    found = similar_entries(title, organisation, country, candidates(exclude))
    return [
        {
            "title": entry.title,
            "organisation": entry.organisation,
            "country": entry.country,
            "url": reverse("initiatives:detail", kwargs={"public_id": entry.public_id}),
        }
        for entry in found
    ]


def similar_to_saved(initiative: Initiative) -> list[dict[str, str]]:
    """Near duplicates of an initiative's working copy."""
    version = initiative.pending_version
    if version is None:
        return []
    version = queries.version_with_content(version.pk)
    organisations, country, _links = _content(version)
    return similar(version.title, organisations, country, initiative.public_id)


def draft_gate(
    *, initiative: Initiative, request: HttpRequest, form: FormSignals, contact_email: str = ""
) -> None:
    """Level 1 when a visitor saves a draft: rate limits and the challenge (nothing stored)."""
    verification.level1_gate(
        Submission(
            kind=KIND,
            public_id=initiative.public_id,
            language=initiative.language,
            title=str(initiative),
            token_id=_token_id(initiative.contributor),
            email_hash=ratelimits.email_hash(contact_email),
            network_hash=ratelimits.network_hash(request),
            form=form,
        )
    )


def _token_id(user: User) -> int | None:
    token = AccessToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
    return token.values_list("pk", flat=True).first()


@transaction.atomic
def initiative_submit_checked(
    *,
    initiative: Initiative,
    by: User,
    request: HttpRequest | None = None,
    form: FormSignals | None = None,
) -> tuple[Initiative, Outcome]:
    """Submit the working copy and run level 1 in one transaction (see the module doc).

    Raises ``VerificationRefused`` (rate limit, refused challenge): nothing is submitted.
    """
    initiative = services.initiative_submit(initiative=initiative, by=by)
    assert initiative.pending_version is not None
    version = queries.version_with_content(initiative.pending_version.pk)
    organisations, country, links = _content(version)
    owner = initiative.contributor
    submission = Submission(
        kind=KIND,
        public_id=initiative.public_id,
        language=version.language or initiative.language,
        title=version.title,
        texts=tuple(getattr(version, name) for name in TEXT_FIELDS if getattr(version, name)),
        organisation=organisations,
        country=country,
        links=links,
        token_id=_token_id(owner),
        token_known_good=Initiative.objects.filter(
            contributor=owner, published_version__isnull=False
        )
        .exclude(pk=initiative.pk)
        .exists(),
        email_hash=ratelimits.email_hash(initiative.contact_email),
        network_hash=ratelimits.network_hash(request) if request is not None else "",
        form=form,
        candidates=candidates(initiative.public_id),
    )
    outcome = level2.submission_receive(submission)
    initiative.refresh_from_db()
    return initiative, outcome


# --- what the queue shows -------------------------------------------------------------------


def _stamp(initiative: Initiative) -> str:
    last = audit_last_id("initiative", initiative.public_id)
    return f"{initiative.state}:{initiative.pending_version_id or 0}:{last}"


def initiative_stamp(public_id: str) -> str:
    return _stamp(_get(public_id))


def _term_ref(term: Term) -> TermRef:
    return TermRef(
        vocabulary=term.vocabulary.code,
        code=term.code,
        label=term.label,
        vocabulary_label=term.vocabulary.label,
    )


def initiative_review(public_id: str) -> EntryReview | None:
    initiative = queries.initiative_get(public_id)
    if initiative is None:
        return None
    version = _awaited_version(initiative)
    if version is None:
        return None
    version = queries.version_with_content(version.pk)
    questions = [
        (queries.field_label(name), render_markdown(getattr(version, name)))
        for name in ("problem", "approach", "success", "replication", "externalities")
        if getattr(version, name)
    ]
    body = render_to_string(
        "initiatives/_review_entry.html",
        {
            "initiative": initiative,
            "version": version,
            "summary_html": render_markdown(version.summary),
            "questions": questions,
        },
    )
    diff: tuple[DiffField, ...] = ()
    is_edit = bool(
        initiative.published_version_id
        and initiative.pending_version_id
        and initiative.published_version_id != initiative.pending_version_id
    )
    if is_edit:
        assert initiative.published_version is not None
        diff = tuple(
            DiffField(
                label=change.label,
                chunks=tuple(change.chunks),
                added=tuple(change.added),
                removed=tuple(change.removed),
            )
            for change in queries.version_diff(initiative.published_version, version)
        )
    return EntryReview(
        public_id=initiative.public_id,
        title=version.title,
        body_html=body,
        stamp=_stamp(initiative),
        language=version.language,
        country=_country(version),
        is_edit=is_edit,
        diff=diff,
        terms=tuple(_term_ref(term) for term in version.terms.all()),
        preview_url=reverse("initiatives:preview", kwargs={"public_id": initiative.public_id}),
        public_url=(
            reverse("initiatives:detail", kwargs={"public_id": initiative.public_id})
            if initiative.published_version_id
            else ""
        ),
        contributor_id=initiative.contributor_id,
        recipient_language=initiative.language or initiative.contributor.language or "en",
        state_label=str(initiative.get_state_display()),
    )


def initiative_suggest_terms(public_id: str) -> list[TermRef]:
    initiative = _get(public_id)
    version = _awaited_version(initiative)
    if version is None:
        return []
    version = queries.version_with_content(version.pk)
    text = " ".join([version.title, *(getattr(version, name) or "" for name in TEXT_FIELDS)])
    have = {f"{t.vocabulary.code}:{t.code}" for t in version.terms.all()}
    found = terms_suggest(text, exclude=have)
    countries = {p.country_code for p in version.places.all()}
    for code in sorted(countries):
        if f"country:{code}" in have:
            continue
        term = Term.objects.of("country").filter(code=code).select_related("vocabulary").first()
        if term is not None:
            found.append(_term_ref(term))
    return found


# --- decisions: this package's own services -------------------------------------------------


def _call(service: Any, public_id: str, **kwargs: Any) -> None:
    try:
        service(initiative=_get(public_id), **kwargs)
    except services.InitiativeError as error:
        raise EntryRefused(error.message, code="initiative", field=error.field or "") from error


def initiative_terms_set(public_id: str, keys: list[str], by: User) -> None:
    wanted: list[Term] = []
    for key in keys:
        vocabulary, _sep, code = key.partition(":")
        term = Term.objects.filter(vocabulary__code=vocabulary, code=code).first()
        if term is None:
            raise EntryRefused(_("Unknown term: %(key)s") % {"key": key}, field="terms")
        wanted.append(term)
    _call(services.initiative_set_terms, public_id, by=by, terms=wanted)


def _publish(public_id: str, by: User, note: str) -> None:
    _call(services.initiative_publish, public_id, by=by, note=note)


def _request_changes(public_id: str, by: User, note: str) -> None:
    _call(services.initiative_request_changes, public_id, by=by, note=note)


def _reject(public_id: str, by: User, note: str) -> None:
    _call(services.initiative_reject, public_id, by=by, note=note)


def _reopen(public_id: str, by: User, note: str) -> None:
    _call(services.initiative_reopen, public_id, by=by, note=note)


def _enter_level2(public_id: str) -> None:
    initiative = _get(public_id)
    if initiative.state == Initiative.State.SUBMITTED:
        services.initiative_begin_validation(initiative=initiative, by=None)


def _recipient(public_id: str) -> Recipient | None:
    from ipsp.initiatives.notifications import recipient_address

    initiative = _get(public_id)
    address = recipient_address(initiative)
    if not address:
        return None
    return Recipient(
        address=address, language=initiative.language or initiative.contributor.language or "en"
    )


def register() -> None:
    verification.register_kind(
        KIND,
        label=_("Initiative"),
        review=initiative_review,
        stamp=initiative_stamp,
        suggest_terms=initiative_suggest_terms,
        terms_set=initiative_terms_set,
        publish=_publish,
        request_changes=_request_changes,
        reject=_reject,
        mark_spam=_reject,
        reopen=_reopen,
        enter_level2=_enter_level2,
        recipient=_recipient,
    )
