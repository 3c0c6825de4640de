"""Demo initiatives: varied, multilingual, across every region and theme.

Small sizes go through the services, so versions, events and DOIs are exactly
what the platform makes. The benchmark size (100,000 initiatives) writes the
same rows with ``bulk_create`` in batches, which takes minutes instead of hours;
only DOI reservation is left out there (it belongs to the identifiers package
and is not needed to measure the directory).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from ipsp.accounts import roles
from ipsp.accounts.models import User
from ipsp.accounts.services import contributor_contact_email_set
from ipsp.accounts.tokens import contributor_create
from ipsp.actors.models import Actor, normalise_name
from ipsp.core.demo import DemoContext
from ipsp.core.demo_texts import HOLDERS, ORGANISATION_PATTERNS, PLACES, TEXTS
from ipsp.initiatives import services
from ipsp.initiatives.models import (
    Initiative,
    InitiativeLink,
    InitiativeOrganisation,
    InitiativePlace,
    InitiativeVersion,
)
from ipsp.taxonomy.models import Term
from ipsp.verification.audit import PastRecord, audit_record_many

SERVICE_LIMIT = 2000  # above this many initiatives, the bulk path is used
BATCH = 2000
DEMO_CONSENT = "Demo data: consent recorded for the demo."
State = Initiative.State
VState = InitiativeVersion.State

# (state, share) of the demo initiatives
STATES = [
    (State.PUBLISHED, 0.72),
    (State.SUBMITTED, 0.08),
    (State.DRAFT, 0.07),
    (State.CHANGES_REQUESTED, 0.04),
    (State.IN_VALIDATION, 0.03),
    (State.WITHDRAWN, 0.03),
    (State.REJECTED, 0.03),
]
WITHDRAWAL_REASONS = [
    "The project ended and its work continues in another initiative.",
    "Le projet a été intégré au programme municipal.",
    "El proyecto cerró por falta de financiación.",
]


@dataclass
class Plan:
    language: str
    title: str
    summary: str
    problem: str
    approach: str
    success: str
    replication: str
    externalities: str
    holders: list[str]
    term_ids: list[int]
    actor_ids: list[int]
    new_organisations: list[str]
    links: list[tuple[str, str, str]]
    places: list[tuple[str, str, float, float]]
    evidence_level: str
    project_status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    video_url: str
    state: str
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    withdrawal_reason: str
    second_version: bool
    extra: dict[str, Any] = field(default_factory=dict)


class Vocabularies:
    """Term ids by vocabulary, read once."""

    def __init__(self) -> None:
        self.by_vocab: dict[str, list[tuple[int, str, int | None]]] = {}
        for pk, code, vocab, parent in Term.objects.active().values_list(
            "pk", "code", "vocabulary__code", "parent_id"
        ):
            self.by_vocab.setdefault(vocab, []).append((pk, code, parent))
        self.country_id = {code: pk for pk, code, _p in self.by_vocab.get("country", [])}

    def ids(self, vocab: str) -> list[int]:
        return [pk for pk, _code, _parent in self.by_vocab.get(vocab, [])]

    def parent_of(self, vocab: str, pk: int) -> int | None:
        for term_pk, _code, parent in self.by_vocab.get(vocab, []):
            if term_pk == pk:
                return parent
        return None


def _sentence(rng: random.Random, texts: dict[str, Any], key: str, **values: str) -> str:
    return str(rng.choice(texts[key])).format(**values)


def _paragraphs(rng: random.Random, texts: dict[str, Any], key: str, **values: str) -> str:
    chosen = rng.sample(texts[key], k=min(len(texts[key]), rng.randint(1, 2)))
    return " ".join(str(sentence).format(**values) for sentence in chosen)


def _plan(
    rng: random.Random, index: int, vocab: Vocabularies, actors: list[int], now: datetime.datetime
) -> Plan:
    city, country, lat, lon, languages = PLACES[index % len(PLACES)]
    language = rng.choice(languages)
    texts = TEXTS[language]
    short, long = rng.choice(texts["topics"])  # type: ignore[misc]
    values = {
        "place": city,
        "topic": str(short),
        "Topic": str(short)[:1].upper() + str(short)[1:],
        "long": str(long),
    }
    full = rng.random() < 0.8
    theme_ids = vocab.ids("theme")
    themes = {theme_ids[index % len(theme_ids)]} if theme_ids else set()
    themes |= set(rng.sample(theme_ids, k=min(len(theme_ids), rng.randint(0, 2))))
    agenda = {p for p in (vocab.parent_of("theme", t) for t in themes) if p}
    sdgs = set(rng.sample(vocab.ids("sdg"), k=min(len(vocab.ids("sdg")), rng.randint(1, 3))))
    disciplines = set(
        rng.sample(vocab.ids("discipline"), k=min(len(vocab.ids("discipline")), rng.randint(0, 2)))
    )
    types = set(rng.sample(vocab.ids("project_type"), k=min(1, len(vocab.ids("project_type")))))
    types |= set(
        rng.sample(
            vocab.ids("activity_type"), k=min(len(vocab.ids("activity_type")), rng.randint(1, 2))
        )
    )
    countries = {vocab.country_id[country]} if country in vocab.country_id else set()
    if rng.random() < 0.15 and vocab.country_id:
        countries.add(rng.choice(list(vocab.country_id.values())))
    term_ids = sorted(themes | agenda | sdgs | disciplines | types | countries)

    actor_ids = (
        rng.sample(actors, k=min(len(actors), rng.randint(1, 2)))
        if actors and rng.random() < 0.7
        else []
    )
    new_organisations = (
        [] if actor_ids else [rng.choice(ORGANISATION_PATTERNS[language]).format(place=city)]
    )
    evidence = rng.choice(
        ["", "anecdotal", "monitored", "monitored", "independently_evaluated", "peer_reviewed"]
    )
    slug = "".join(rng.choices(string.ascii_lowercase + string.digits, k=8))
    links = [(f"https://example.org/{slug}/report", f"Report {2020 + index % 5}", "resource")]
    if evidence in {"independently_evaluated", "peer_reviewed", "monitored"}:
        links.append((f"https://example.org/{slug}/evaluation", "Evaluation", "evidence"))
    places = [(city, country, lat, lon)]
    start = (now - datetime.timedelta(days=rng.randint(200, 4000))).date()
    status = rng.choice(
        ["planned", "active", "active", "active", "evolved", "completed", "terminated"]
    )
    end = (
        start + datetime.timedelta(days=rng.randint(180, 2000))
        if status in {"completed", "terminated"}
        else None
    )
    if end and end > now.date():
        end = now.date()

    state = _pick_state(rng)
    created = now - datetime.timedelta(days=rng.randint(3, 1800), seconds=rng.randint(0, 86000))
    submitted = (
        created + datetime.timedelta(days=rng.randint(0, 20)) if state != State.DRAFT else None
    )
    published = (
        submitted + datetime.timedelta(days=rng.randint(1, 30))
        if submitted and state in {State.PUBLISHED, State.WITHDRAWN}
        else None
    )
    if published and published > now:
        published = now - datetime.timedelta(hours=1)
    confirmed = published + datetime.timedelta(days=rng.randint(0, 900)) if published else None
    if confirmed and confirmed > now:
        confirmed = now - datetime.timedelta(hours=1)
    withdrawn = (
        now - datetime.timedelta(days=rng.randint(0, 10)) if state == State.WITHDRAWN else None
    )
    return Plan(
        language=language,
        title=_sentence(rng, texts, "title", **values)[:200],
        summary=_sentence(rng, texts, "summary", **values),
        problem=_paragraphs(rng, texts, "problem", **values),
        approach=_paragraphs(rng, texts, "approach", **values),
        success=_paragraphs(rng, texts, "success", **values) if full else "",
        replication=_paragraphs(rng, texts, "replication", **values) if full else "",
        externalities=_paragraphs(rng, texts, "externalities", **values) if full else "",
        holders=rng.sample(HOLDERS[language], k=rng.randint(0, 2)),
        term_ids=term_ids,
        actor_ids=actor_ids,
        new_organisations=new_organisations,
        links=links,
        places=places,
        evidence_level=evidence,
        project_status=status,
        start_date=start,
        end_date=end,
        video_url=(
            "https://www.youtube.com/watch?v=" + "".join(rng.choices(string.ascii_letters, k=11))
        )
        if rng.random() < 0.2
        else "",
        state=state,
        created_at=created,
        submitted_at=submitted,
        published_at=published,
        confirmed_at=confirmed,
        withdrawn_at=withdrawn,
        withdrawal_reason=rng.choice(WITHDRAWAL_REASONS) if withdrawn else "",
        second_version=bool(published) and rng.random() < 0.1,
    )


def _pick_state(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return State.PUBLISHED


def _secretariat() -> User:
    staff = (
        User.objects.filter(groups__name=roles.SECRETARIAT, is_active=True).order_by("pk").first()
    )
    if staff is None:
        staff = User.objects.create_user(
            email="demo.secretariat@example.org", password=None, is_staff=True
        )
        staff.groups.add(Group.objects.get_or_create(name=roles.SECRETARIAT)[0])
    return staff


def generate(ctx: DemoContext) -> None:
    if Initiative.objects.exists():
        ctx.stdout.write("Initiatives: already there, left as they are.\n")
        return
    count = ctx.count("initiatives")
    vocab = Vocabularies()
    actors = list(
        ctx.shared.get("actor_ids") or Actor.objects.published().values_list("pk", flat=True)
    )  # type: ignore[call-overload]
    now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    # Our own generator, seeded from the run's seed: the same seed gives the same
    # initiatives whatever the packages before this one drew.
    ctx = dataclasses.replace(ctx)  # shares ``shared`` and the output, not the generator
    ctx.rng = random.Random(f"{ctx.seed}-initiatives")
    if count <= SERVICE_LIMIT:
        _generate_with_services(ctx, count, vocab, actors, now)
    else:
        _generate_in_bulk(ctx, count, vocab, actors, now)


# --- through the services ------------------------------------------------------------------


def _generate_with_services(
    ctx: DemoContext, count: int, vocab: Vocabularies, actors: list[int], now: datetime.datetime
) -> None:
    staff = _secretariat()
    terms = Term.objects.in_bulk()
    actor_objects = Actor.objects.in_bulk(actors)
    contributor: User | None = None
    for index in ctx.progress(range(count), total=count, desc="initiatives"):
        plan = _plan(ctx.rng, index, vocab, actors, now)
        if contributor is None or ctx.rng.random() < 0.6:
            contributor = contributor_create(
                language=plan.language
                if plan.language in {"ar", "bn", "fr", "hi", "ja", "pt", "ru", "sw", "es"}
                else "en"
            )
            # an address (on the reserved demo domain) so the demo's pages can be contacted
            contributor_contact_email_set(
                user=contributor,
                email=f"contributor-{contributor.pk}@demo.example.org",
                consent_text=DEMO_CONSENT,
            )
        with transaction.atomic():
            initiative = services.initiative_create_draft(
                contributor=contributor,
                content=_content(plan, terms, actor_objects),
                language=contributor.language,
            )
            _advance(initiative, plan, contributor, staff)
            _backdate(initiative, plan)


def _content(
    plan: Plan, terms: dict[int, Term], actors: dict[int, Actor]
) -> services.InitiativeContent:
    return services.InitiativeContent(
        title=plan.title,
        summary=plan.summary,
        holders=plan.holders,
        problem=plan.problem,
        approach=plan.approach,
        success=plan.success,
        replication=plan.replication,
        externalities=plan.externalities,
        evidence_level=plan.evidence_level,
        start_date=plan.start_date,
        end_date=plan.end_date,
        project_status=plan.project_status,
        language=plan.language,
        language_confirmed=True,
        video_url=plan.video_url,
        terms=[terms[pk] for pk in plan.term_ids],
        organisations=[
            *(actors[pk] for pk in plan.actor_ids if pk in actors),
            *plan.new_organisations,
        ],
        links=[services.LinkInput(url=u, title=t, kind=k) for u, t, k in plan.links],
        places=[
            services.PlaceInput(name=n, country_code=c, latitude=a, longitude=o)
            for n, c, a, o in plan.places
        ],
    )


def _advance(initiative: Initiative, plan: Plan, contributor: User, staff: User) -> None:
    if plan.state == State.DRAFT:
        return
    initiative = services.initiative_submit(initiative=initiative, by=contributor)
    if plan.state == State.SUBMITTED:
        return
    if plan.state == State.IN_VALIDATION:
        services.initiative_begin_validation(initiative=initiative, by=staff)
    elif plan.state == State.CHANGES_REQUESTED:
        services.initiative_request_changes(
            initiative=initiative, by=staff, note="Please add links to the evidence you mention."
        )
    elif plan.state == State.REJECTED:
        services.initiative_reject(
            initiative=initiative,
            by=staff,
            note="This is a commercial product, not a social initiative.",
        )
    else:
        initiative = services.initiative_publish(initiative=initiative, by=staff)
        if plan.second_version:
            services.initiative_edit_published(initiative=initiative, by=contributor)
            initiative.refresh_from_db()
            initiative = services.initiative_submit(initiative=initiative, by=contributor)
            initiative = services.initiative_publish(initiative=initiative, by=staff)
        if plan.state == State.WITHDRAWN:
            services.initiative_withdraw(
                initiative=initiative, by=contributor, reason=plan.withdrawal_reason
            )


def _backdate(initiative: Initiative, plan: Plan) -> None:
    """The services stamp "now"; spread the demo over the past years instead."""
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=plan.created_at,
        submitted_at=plan.submitted_at,
        published_at=plan.published_at,
        last_confirmed_at=plan.confirmed_at,
        withdrawn_at=plan.withdrawn_at,
    )
    InitiativeVersion.objects.filter(initiative=initiative).update(
        created_at=plan.created_at, submitted_at=plan.submitted_at
    )
    if plan.published_at:
        InitiativeVersion.objects.filter(initiative=initiative, number__isnull=False).update(
            published_at=plan.published_at
        )
    # the audit trail keeps its records as written (append-only): they say when the demo ran


# --- in bulk ------------------------------------------------------------------------------


def _generate_in_bulk(
    ctx: DemoContext, count: int, vocab: Vocabularies, actors: list[int], now: datetime.datetime
) -> None:
    staff = _secretariat()
    contributor_group = Group.objects.get_or_create(name=roles.CONTRIBUTOR)[0]
    known_actor_names = dict(Actor.objects.values_list("normalised_name", "pk"))
    done = 0
    progress = ctx.progress(range(count), total=count, desc="initiatives")
    while done < count:
        size = min(BATCH, count - done)
        plans = [_plan(ctx.rng, done + i, vocab, actors, now) for i in range(size)]
        with transaction.atomic(), _given_creation_times():
            _bulk_batch(plans, staff, contributor_group, known_actor_names)
        done += size
        for _ in range(size):
            next(progress, None)


@contextlib.contextmanager
def _given_creation_times() -> Iterator[None]:
    """Let bulk_create keep the creation times we give instead of stamping "now"."""
    fields = [
        Initiative._meta.get_field("created_at"),
        InitiativeVersion._meta.get_field("created_at"),
    ]
    saved = [field.auto_now_add for field in fields]  # type: ignore[union-attr]
    try:
        for field in fields:
            field.auto_now_add = False  # type: ignore[union-attr]
        yield
    finally:
        for field, value in zip(fields, saved, strict=True):
            field.auto_now_add = value  # type: ignore[union-attr]


def _bulk_batch(
    plans: list[Plan], staff: User, group: Group, known_actor_names: dict[str, int]
) -> None:
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(email=None, password=unusable, language="en") for _ in range(len(plans) // 2 + 1)]
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users]
    )
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                contributor=users[i // 2],
                state=plan.state,
                language=users[i // 2].language,
                withdrawal_reason=plan.withdrawal_reason,
                created_at=plan.created_at,
                submitted_at=plan.submitted_at,
                published_at=plan.published_at,
                last_confirmed_at=plan.confirmed_at,
                withdrawn_at=plan.withdrawn_at,
            )
            for i, plan in enumerate(plans)
        ]
    )
    versions: list[InitiativeVersion] = []
    owners: list[tuple[int, Plan, str]] = []  # (initiative index, plan, role of the version)
    for i, (initiative, plan) in enumerate(zip(initiatives, plans, strict=True)):
        roles_of_versions = _version_roles(plan)
        for number, (role, vstate) in enumerate(roles_of_versions, start=1):
            versions.append(
                _version_row(initiative, plan, vstate, number if role != "pending" else None, staff)
            )
            owners.append((i, plan, role))
    versions = InitiativeVersion.objects.bulk_create(versions)

    terms: list[Any] = []
    organisations: list[InitiativeOrganisation] = []
    links: list[InitiativeLink] = []
    places: list[InitiativePlace] = []
    events: list[PastRecord] = []
    Through = InitiativeVersion.terms.through
    for version, (i, plan, role) in zip(versions, owners, strict=True):
        initiative = initiatives[i]
        if role == "published":
            initiative.published_version = version
        elif role == "pending":
            initiative.pending_version = version
        terms.extend(Through(initiativeversion_id=version.pk, term_id=t) for t in plan.term_ids)
        organisation_ids = list(plan.actor_ids)
        for name in plan.new_organisations:
            normalised = normalise_name(name)
            if normalised not in known_actor_names:
                actor = Actor.objects.create(
                    name=name, normalised_name=normalised, created_from_initiative=initiative
                )
                known_actor_names[normalised] = actor.pk
            organisation_ids.append(known_actor_names[normalised])
        organisations.extend(
            InitiativeOrganisation(version=version, actor_id=pk, order=n)
            for n, pk in enumerate(dict.fromkeys(organisation_ids))
        )
        links.extend(
            InitiativeLink(version=version, url=u, title=t, kind=k, order=n)
            for n, (u, t, k) in enumerate(plan.links)
        )
        places.extend(
            InitiativePlace(
                version=version, name=name, country_code=c, latitude=a, longitude=o, order=n
            )
            for n, (name, c, a, o) in enumerate(plan.places)
        )
    for initiative, plan in zip(initiatives, plans, strict=True):
        events.extend(_events(initiative, plan, staff))
    ids = [initiative.pk for initiative in initiatives]
    for name, states in (
        ("published_version", [VState.PUBLISHED]),
        ("pending_version", [VState.DRAFT, VState.SUBMITTED]),
    ):
        chosen = InitiativeVersion.objects.filter(
            initiative=OuterRef("pk"), state__in=states
        ).values("pk")[:1]
        Initiative.objects.filter(pk__in=ids).update(**{name: Subquery(chosen)})
    Through.objects.bulk_create(terms)
    InitiativeOrganisation.objects.bulk_create(organisations)
    InitiativeLink.objects.bulk_create(links)
    InitiativePlace.objects.bulk_create(places)
    audit_record_many(events)


def _version_roles(plan: Plan) -> list[tuple[str, str]]:
    """The versions the services would leave, as (role, version state)."""
    if plan.state in {State.DRAFT, State.CHANGES_REQUESTED}:
        return [("pending", VState.DRAFT)]
    if plan.state in {State.SUBMITTED, State.IN_VALIDATION}:
        return [("pending", VState.SUBMITTED)]
    if plan.state == State.REJECTED:
        return [("old", VState.REJECTED)]
    if plan.second_version:
        return [("old", VState.SUPERSEDED), ("published", VState.PUBLISHED)]
    return [("published", VState.PUBLISHED)]


def _version_row(
    initiative: Initiative, plan: Plan, state: str, number: int | None, staff: User
) -> InitiativeVersion:
    published = state in {VState.PUBLISHED, VState.SUPERSEDED}
    return InitiativeVersion(
        initiative=initiative,
        number=number if published else None,
        state=state,
        created_at=plan.created_at,
        submitted_at=plan.submitted_at,
        published_at=plan.published_at if published else None,
        decided_by=staff if published or state == VState.REJECTED else None,
        title=plan.title,
        summary=plan.summary,
        holders=plan.holders,
        problem=plan.problem,
        approach=plan.approach,
        success=plan.success,
        replication=plan.replication,
        externalities=plan.externalities,
        evidence_level=plan.evidence_level,
        start_date=plan.start_date,
        end_date=plan.end_date,
        project_status=plan.project_status,
        language=plan.language,
        language_confirmed=True,
        video_url=plan.video_url,
    )


def _events(initiative: Initiative, plan: Plan, staff: User) -> list[PastRecord]:
    """The audit trail the services would have written for this plan."""
    contributor = initiative.contributor

    def record(
        action: str, by: User | None, at: Any, old: str, new: str, note: str = ""
    ) -> PastRecord:
        return PastRecord(
            kind="initiative",
            public_id=initiative.public_id,
            action=action,
            actor=by,
            at=at,
            note=note,
            data={"from": old, "to": new},
        )

    rows = [record("create", contributor, plan.created_at, "", State.DRAFT)]
    if plan.submitted_at is None:
        return rows
    rows.append(record("submit", contributor, plan.submitted_at, State.DRAFT, State.SUBMITTED))
    decisions: dict[str, tuple[str, str]] = {
        State.IN_VALIDATION: ("begin_validation", State.IN_VALIDATION),
        State.CHANGES_REQUESTED: ("request_changes", State.CHANGES_REQUESTED),
        State.REJECTED: ("reject", State.REJECTED),
        State.PUBLISHED: ("publish", State.PUBLISHED),
        State.WITHDRAWN: ("publish", State.PUBLISHED),
    }
    decision = decisions.get(plan.state)
    if decision:
        at = plan.published_at or plan.submitted_at
        rows.append(record(decision[0], staff, at, State.SUBMITTED, decision[1]))
    if plan.state == State.WITHDRAWN and plan.withdrawn_at:
        rows.append(
            record(
                "withdraw",
                contributor,
                plan.withdrawn_at,
                State.PUBLISHED,
                State.WITHDRAWN,
                plan.withdrawal_reason,
            )
        )
    return rows
