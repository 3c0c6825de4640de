"""The small typed interface between verification and the packages that use it.

A directory package (initiatives, actors, later questions or comments) builds a
``Submission`` from its form and calls ``services.level1_check``; it gets back an
``Outcome``. Verification never imports a directory package: near-duplicate
candidates come through a callable, and what happens to an entry when it is
restored or purged from the spam folder through handlers the package registers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class FormSignals:
    """What a web form carried besides the content (see forms.VerificationFormMixin)."""

    challenge: str = ""  # the signed challenge the page was given
    solution: str = ""  # the number the browser found; empty without JavaScript
    honeypot: str = ""  # a field people never see; robots fill it


@dataclass(frozen=True)
class Candidate:
    """An existing entry that a new one might duplicate."""

    public_id: str
    title: str
    organisation: str = ""
    country: str = ""


# Called with the submission's country code ("" for any); returns the entries to compare.
CandidateSource = Callable[[str], Iterable[Candidate]]


@dataclass(frozen=True)
class Submission:
    """One public submission to check. ``public_id`` is the entry's public id."""

    kind: str
    public_id: str
    language: str
    title: str
    texts: tuple[str, ...] = ()
    organisation: str = ""
    country: str = ""
    links: tuple[str, ...] = ()
    token_id: int | None = None  # the contributor's AccessToken id, if any
    token_known_good: bool = False  # the contributor already had entries published
    email_hash: str = ""  # ratelimits.email_hash(email); "" when there is no email
    network_hash: str = ""  # ratelimits.network_hash(request); never the address itself
    form: FormSignals | None = None  # None for submissions that came through no web form
    candidates: CandidateSource | None = None  # for near-duplicate detection

    @property
    def full_text(self) -> str:
        return "\n".join(part for part in (self.title, self.organisation, *self.texts) if part)


@dataclass(frozen=True)
class Signal:
    """One rule's finding: a code, the score it adds (may be negative) and a detail."""

    code: str
    score: float
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "score": round(self.score, 3), "detail": self.detail}


@dataclass(frozen=True)
class SimilarEntry:
    """An existing entry that looks like the new one (scores from 0 to 100)."""

    public_id: str
    title: str
    organisation: str
    country: str
    score: float
    title_score: float
    organisation_score: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "public_id": self.public_id,
            "title": self.title,
            "organisation": self.organisation,
            "country": self.country,
            "score": round(self.score, 1),
            "title_score": round(self.title_score, 1),
            "organisation_score": (
                None if self.organisation_score is None else round(self.organisation_score, 1)
            ),
        }


@dataclass(frozen=True)
class Outcome:
    """What level 1 decided. ``decision`` is what the platform does with the entry:

    - ``pass``: on to the secretariat's queue (level 2);
    - ``hold``: on to level 2 too, flagged with ``reasons`` the secretariat must look at;
    - ``spam``: into the spam folder for 30 days, restorable.

    In shadow mode ``decision`` is always ``pass`` and ``rules_decision`` says
    what the rules would have done.
    """

    check_id: int
    check_public_id: str
    decision: str
    rules_decision: str
    score: float
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]
    duplicates: tuple[SimilarEntry, ...] = ()
    shadow: bool = False

    @property
    def passed(self) -> bool:
        return self.decision == "pass"

    @property
    def held(self) -> bool:
        return self.decision == "hold"

    @property
    def is_spam(self) -> bool:
        return self.decision == "spam"


class VerificationRefused(Exception):
    """A submission refused outright; ``field`` names the form field to show it at."""

    field = "__all__"

    def __init__(self, message: str | Promise, *, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


class EntryRefused(VerificationRefused):
    """A directory package refused a decision on its entry (raised by its callbacks)."""

    def __init__(self, message: str | Promise, *, code: str = "entry", field: str = "") -> None:
        super().__init__(message, code=code)
        if field:
            self.field = field


class ChallengeRefused(VerificationRefused):
    field = "vf_solution"


class RateLimited(VerificationRefused):
    def __init__(
        self, message: str | Promise, *, code: str, scope: str, retry_after: timedelta
    ) -> None:
        super().__init__(message, code=code)
        self.scope = scope
        self.retry_after = retry_after


@dataclass(frozen=True)
class TermRef:
    """A taxonomy term as the queue shows it: ``vocabulary:code`` and labels."""

    vocabulary: str
    code: str
    label: str
    vocabulary_label: str = ""

    @property
    def key(self) -> str:
        return f"{self.vocabulary}:{self.code}"


@dataclass(frozen=True)
class DiffField:
    """One field that differs from the published version (see initiatives' version_diff)."""

    label: str
    chunks: tuple[tuple[str, str], ...] = ()  # (kind, text), kind in same/added/removed
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryReview:
    """What the queue shows of one entry, as its directory package renders it."""

    public_id: str
    title: str
    body_html: str  # safe HTML rendered by the directory (its own template)
    stamp: str  # changes whenever the entry changes: a decision carries the one it saw
    language: str = ""
    country: str = ""
    is_edit: bool = False  # an edit of a published entry
    diff: tuple[DiffField, ...] = ()  # for an edit: what changed from the published version
    terms: tuple[TermRef, ...] = ()  # the terms it has now
    preview_url: str = ""
    public_url: str = ""  # its public page, once published
    contributor_id: int | None = None
    recipient_language: str = "en"  # the contributor's language, for what we write to them
    state_label: str = ""


@dataclass(frozen=True)
class Recipient:
    """Where to write to a contributor about an entry, and in which language."""

    address: str
    language: str


# A decision callback: (entry public id, the staff member, the note for the contributor).
DecisionCallback = Callable[[str, Any, str], None]


@dataclass
class KindHandlers:
    """What a directory package does with its entries, registered with ``register_kind``.

    Level 1 needs ``on_restore`` (back to level 2) and ``on_purge`` (erase the content).
    Level 2 needs the rest: ``review`` renders the entry for the queue, ``suggest_terms``
    proposes taxonomy terms, ``terms_set`` changes them in place (the directory's own
    service), and each decision callback calls the directory's own transition service.
    """

    on_restore: Callable[[str], None] | None = None  # entry public id -> back to level 2
    on_purge: Callable[[str], None] | None = None  # entry public id -> delete its content
    label: Any = ""  # the kind's name for people ("Initiative"), lazily translated
    review: Callable[[str], EntryReview | None] | None = None
    stamp: Callable[[str], str] | None = None  # cheaper than review(...).stamp, for lists
    suggest_terms: Callable[[str], list[TermRef]] | None = None
    terms_set: Callable[[str, list[str], Any], None] | None = None  # keys vocabulary:code
    publish: DecisionCallback | None = None
    request_changes: DecisionCallback | None = None
    reject: DecisionCallback | None = None
    mark_spam: DecisionCallback | None = None
    reopen: DecisionCallback | None = None  # an appeal upheld: back to level 2
    enter_level2: Callable[[str], None] | None = None  # level 1 passed or held
    recipient: Callable[[str], Recipient | None] | None = None
    extra: dict[str, object] = field(default_factory=dict)
