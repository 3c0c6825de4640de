"""Topic pages, the encyclopedia of social progress: proposals, computed parts, publication.

How a topic page comes to be:

1. ``topics_refresh()`` (the job: ``manage.py propose_topics`` or the task in
   ``tasks.py``) finds groups of published entries once a group holds the number of
   entries the secretariat set (``PortalSettings``): entries sharing a topical term
   (alone or with a place or a second topical term), and entries close in wording
   (``topic_text``: TF-IDF cosine, then the key words they share). It proposes a
   ``TopicPage`` for each new group, titled from the terms' labels or the key words,
   with its computed parts.
2. The secretariat edits the title and the introduction (Markdown), adds
   translations, and publishes it (``topic_publish``); a published page is in the
   search index as kind "topic" and in the sitemap.
3. Pages follow their entries: the search index tells ``entry_index_changed`` of every
   entry published, edited or withdrawn, and once the transaction commits a task
   recomputes the pages that hold the entry or should now hold it
   (``topics_follow_entries``). Every run of the job recomputes all pages as well
   (``computed_at`` says when). Recomputing never touches the secretariat's text.

Computed parts (``TopicPage.computed``): what made the group (its terms or key words),
the entries, the features they share (themes, types, regions, evidence levels... with
counts), their time span, their main actors, and for each entry its specificities: its
terms that few others in the group carry (the rarest in the whole index first) and its
own words (frequent in it, rare in the group).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsp.accounts.models import User
from ipsp.core.markdown import to_plain_text
from ipsp.core.tasks import enqueue_batched_on_commit
from ipsp.portal import topic_text
from ipsp.portal.models import (
    PortalSettings,
    TopicEntry,
    TopicPage,
    TopicPageQuerySet,
    TopicTranslation,
)
from ipsp.portal.tasks import topics_follow_entries_task
from ipsp.search import queries, related
from ipsp.search.documents import SearchDocument

KIND = "topic"
COMMON_SHARE = 0.3  # a feature carried by this share of the entries is common to them
COMMON_PER_FACET = 5
SPECIFIC_PER_ENTRY = 3
MAIN_ACTORS = 6
SPECIFIC_FACETS = ("theme", "sdg", "discipline", "project_type", "actor_type", "country", "region")

# Headings of the common features, per facet (the time span is shown apart).
FEATURE_LABELS = {
    "kind": gettext_lazy("Kinds of entries"),
    "agenda": gettext_lazy("Agenda components"),
    "theme": gettext_lazy("Themes"),
    "sdg": gettext_lazy("Sustainable Development Goals"),
    "discipline": gettext_lazy("Disciplines"),
    "project_type": gettext_lazy("Types of project"),
    "actor_type": gettext_lazy("Types of organisation"),
    "region": gettext_lazy("Regions"),
    "country": gettext_lazy("Countries"),
    "evidence_level": gettext_lazy("Evidence levels"),
    "status": gettext_lazy("Project status"),
}
KIND_LABELS = {
    "initiative": gettext_lazy("Initiative"),
    "actor": gettext_lazy("Organisation"),
    "resource": gettext_lazy("Resource"),
    "event": gettext_lazy("Event"),
    "question": gettext_lazy("Question"),
}


class TopicError(ValueError):
    """A rule of topic pages was broken; ``field`` names the form field concerned."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- actors of entries: the directories say who is behind their entries -----------------------

ActorsOf = Callable[[list[str]], dict[str, list[tuple[str, str, bool]]]]
_actors_of: dict[str, ActorsOf] = {}


def register_entry_actors(kind: str, actors_of: ActorsOf) -> None:
    """``actors_of(public_ids) -> {public_id: [(actor public id, name, published)]}``."""
    _actors_of[kind] = actors_of


def _initiative_actors(public_ids: list[str]) -> dict[str, list[tuple[str, str, bool]]]:
    from ipsp.initiatives.public_queries import organisations_of_published

    return organisations_of_published(public_ids)


register_entry_actors("initiative", _initiative_actors)


# --- signatures and titles --------------------------------------------------------------------


def topic_signature(terms: Iterable[tuple[str, str]]) -> str:
    return "|".join(f"{facet}:{code}" for facet, code in sorted(set(terms)))


def topic_title(terms: list[tuple[str, str]], language: str) -> str:
    """A title made of the terms' labels in a language: "Living wages in Kenya"."""
    with translation.override(language):
        labels = related.term_labels(terms)
        topical = [labels[t] for t in terms if t[0] in related.TOPICAL_FACETS]
        places = [labels[t] for t in terms if t[0] in related.PLACE_FACETS]
        if topical and places:
            return _("%(topic)s in %(place)s") % {"topic": topical[0], "place": places[0]}
        if len(topical) >= 2:
            return _("%(first)s and %(second)s") % {"first": topical[0], "second": topical[1]}
        return topical[0] if topical else ", ".join(labels.values())


# --- computing the parts ----------------------------------------------------------------------

Frequencies = tuple[int, dict[tuple[str, str], int]]


def _members(topic: TopicPage, limit: int) -> list[related.GroupEntry]:
    """The published entries of a page's group: carrying all its terms, or (a group close
    in wording) holding enough of its key words."""
    if topic.words:
        found = queries.entries_with_words(
            topic.words, min_words=topic_text.min_words(len(topic.words)), limit=limit
        )
        return _group_entries(found)
    return related.group_entries(topic.terms, limit=limit)


def _group_entries(found: list[queries.WordsEntry]) -> list[related.GroupEntry]:
    return [
        related.GroupEntry(kind=e.kind, public_id=e.public_id, title=e.title, terms=e.terms)
        for e in found
    ]


def compute_parts(
    topic: TopicPage,
    *,
    limit: int,
    frequencies: Frequencies | None = None,
    members: list[related.GroupEntry] | None = None,
) -> dict[str, Any]:
    """The computed parts of a page: its group's entries (``members`` when the caller has
    just read them), what they share, what sets each apart, and what made the group
    (``basis``)."""
    entries = _members(topic, limit) if members is None else members
    if frequencies is None:  # only the terms of these entries (a page, not the job)
        frequencies = queries.term_counts(
            t for entry in entries for t in entry.terms if t[0] in SPECIFIC_FACETS
        )
    total, df = frequencies
    size = len(entries)
    counts: Counter[tuple[str, str]] = Counter(t for entry in entries for t in entry.terms)
    threshold = max(2, math.ceil(size * COMMON_SHARE)) if size > 1 else 1
    common: list[dict[str, Any]] = []
    for facet in FEATURE_LABELS:
        codes = sorted(
            ((code, count) for (f, code), count in counts.items() if f == facet),
            key=lambda item: (-item[1], item[0]),
        )
        kept = [[code, count] for code, count in codes if count >= threshold]
        if kept:
            common.append({"facet": facet, "codes": kept[:COMMON_PER_FACET]})
    common_terms = {(row["facet"], code) for row in common for code, _count in row["codes"]}
    years = sorted(int(code) for entry in entries for f, code in entry.terms if f == "start_year")
    words = topic_text.distinctive_words(
        queries.indexed_texts(
            keys=[(e.kind, e.public_id) for e in entries], max_chars=topic_text.MAX_CHARS
        ),
        exclude=topic.words,
    )
    listed = []
    for entry in entries:
        specific = sorted(
            (t for t in entry.terms if t[0] in SPECIFIC_FACETS and t not in common_terms),
            key=lambda t: (-related.idf(total, df.get(t, 1)), t),
        )
        listed.append(
            {
                "kind": entry.kind,
                "public_id": entry.public_id,
                "title": entry.title,
                "specific": [list(t) for t in specific[:SPECIFIC_PER_ENTRY]],
                "words": words.get((entry.kind, entry.public_id), []),
            }
        )
    if topic.words:
        basis: dict[str, Any] = {
            "words": list(topic.words),
            "min_words": topic_text.min_words(len(topic.words)),
        }
    else:
        basis = {"terms": [list(t) for t in topic.terms]}
    return {
        "size": size,
        "basis": basis,
        "entries": listed,
        "common": common,
        "years": [years[0], years[-1]] if years else None,
        "actors": _main_actors(entries),
    }


def _main_actors(entries: list[related.GroupEntry]) -> list[dict[str, Any]]:
    """Organisations behind several entries of the group, and organisations in it."""
    counter: Counter[str] = Counter()
    names: dict[str, tuple[str, bool]] = {}
    by_kind: dict[str, list[str]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry.public_id)
        if entry.kind == "actor":
            counter[entry.public_id] += 1
            names[entry.public_id] = (entry.title, True)
    for kind, public_ids in by_kind.items():
        actors_of = _actors_of.get(kind)
        if actors_of is None:
            continue
        for actors in actors_of(public_ids).values():
            for actor_id, name, published in dict.fromkeys(actors):
                counter[actor_id] += 1
                names[actor_id] = (name, published)
    main = [(actor_id, count) for actor_id, count in counter.most_common() if count >= 2]
    return [
        {
            "public_id": actor_id,
            "name": names[actor_id][0],
            "published": names[actor_id][1],
            "count": count,
        }
        for actor_id, count in main[:MAIN_ACTORS]
    ]


@transaction.atomic
def topic_compute(
    topic: TopicPage,
    *,
    frequencies: Frequencies | None = None,
    limit: int | None = None,
    members: list[related.GroupEntry] | None = None,
) -> TopicPage:
    """Recompute a topic page's parts and entries; reindex it when published.

    Only the computed parts are written: the secretariat's title, introduction and
    translations are never touched. The row is locked and read again first, so an edit
    made meanwhile is what the index receives.
    """
    if limit is None:
        limit = PortalSettings.current().topic_max_entries
    locked = TopicPage.objects.select_for_update(of=("self",)).filter(pk=topic.pk).first()
    if locked is None:
        return topic
    parts = compute_parts(locked, limit=limit, frequencies=frequencies, members=members)
    locked.computed = parts
    locked.entry_count = parts["size"]
    locked.computed_at = locked.updated_at = timezone.now()
    TopicPage.objects.filter(pk=locked.pk).update(
        computed=parts,
        entry_count=parts["size"],
        computed_at=locked.computed_at,
        updated_at=locked.updated_at,
    )
    TopicEntry.objects.filter(topic=locked).delete()
    TopicEntry.objects.bulk_create(
        [
            TopicEntry(topic=locked, kind=e["kind"], entry_id=e["public_id"])
            for e in parts["entries"]
        ]
    )
    if locked.state == TopicPage.State.PUBLISHED:
        _index(locked)
    return locked


@dataclass
class RefreshReport:
    recomputed: int = 0
    proposed: list[TopicPage] = field(default_factory=list)


def topics_refresh(*, progress: Callable[[str], None] | None = None) -> RefreshReport:
    """The job: recompute every proposed and published page, then propose new groups:
    entries sharing terms and entries close in wording, each kind taking up to half of
    the proposals per run before the other fills what is left."""
    report = RefreshReport()
    setting = PortalSettings.current()
    frequencies = related.term_frequencies()
    for topic in TopicPage.objects.exclude(state=TopicPage.State.DISMISSED).iterator():
        topic_compute(topic, frequencies=frequencies, limit=setting.topic_max_entries)
        report.recomputed += 1
        if progress:
            progress(_("Recomputed “%(title)s”") % {"title": topic.title})
    known = set(TopicPage.objects.values_list("signature", flat=True))
    min_size = max(2, setting.topic_min_entries)
    per_run = setting.topic_proposals_per_run
    groups = iter(related.term_groups(min_size=min_size, max_size=setting.topic_max_entries))
    _propose_terms(report, groups, known, frequencies, progress, until=per_run - per_run // 2)
    if len(report.proposed) < per_run:
        _propose_close_in_wording(report, setting, known, frequencies, progress)
    _propose_terms(report, groups, known, frequencies, progress, until=per_run)
    return report


def _propose_terms(
    report: RefreshReport,
    groups: Iterator[related.TermGroup],
    known: set[str],
    frequencies: Frequencies,
    progress: Callable[[str], None] | None,
    *,
    until: int,
) -> None:
    while len(report.proposed) < until:
        group = next(groups, None)
        if group is None:
            return
        signature = topic_signature(group.terms)
        if signature in known:
            continue
        topic = topic_propose(list(group.terms), frequencies=frequencies)
        known.add(signature)
        report.proposed.append(topic)
        if progress:
            progress(_("Proposed “%(title)s”") % {"title": topic.title})


# A group close in wording is not proposed when this share of its entries already
# belongs to one page (proposed, published or set aside).
COVERED_SHARE = 0.6


def _propose_close_in_wording(
    report: RefreshReport,
    setting: PortalSettings,
    known: set[str],
    frequencies: Frequencies,
    progress: Callable[[str], None] | None,
) -> None:
    min_size = max(2, setting.topic_min_entries)
    groups = topic_text.text_groups(
        threshold=setting.topic_text_similarity / 100,
        min_size=min_size,
        max_size=setting.topic_max_entries,
        progress=progress,
    )
    if not groups:
        return
    pages_of: dict[tuple[str, str], set[int]] = {}
    for topic_id, kind, entry_id in TopicEntry.objects.values_list("topic_id", "kind", "entry_id"):
        pages_of.setdefault((kind, entry_id), set()).add(topic_id)
    for group in groups:
        if len(report.proposed) >= setting.topic_proposals_per_run:
            return
        signature = words_signature(group.key_words)
        if signature in known:
            continue
        members = queries.entries_with_words(
            group.key_words,
            min_words=topic_text.min_words(len(group.key_words)),
            limit=setting.topic_max_entries + 1,
        )
        if not min_size <= len(members) <= setting.topic_max_entries:
            continue
        overlap: Counter[int] = Counter(
            topic_id for m in members for topic_id in pages_of.get((m.kind, m.public_id), ())
        )
        if overlap and overlap.most_common(1)[0][1] >= COVERED_SHARE * len(members):
            continue
        topic = topic_propose_words(
            list(group.key_words), frequencies=frequencies, members=_group_entries(members)
        )
        known.add(signature)
        for entry in topic.computed.get("entries", []):
            pages_of.setdefault((entry["kind"], entry["public_id"]), set()).add(topic.pk)
        report.proposed.append(topic)
        if progress:
            progress(_("Proposed “%(title)s”") % {"title": topic.title})


@transaction.atomic
def topic_propose(
    terms: list[tuple[str, str]],
    *,
    frequencies: Frequencies | None = None,
) -> TopicPage:
    """A new proposal for the group of entries carrying ``terms`` (its title from the
    terms' labels in the platform's default language)."""
    language = settings.LANGUAGE_CODE
    title = topic_title(terms, language)[:200]
    topic = TopicPage(
        signature=topic_signature(terms),
        title=title,
        slug=slugify(title)[:80],
        language=language,
    )
    topic.full_clean()
    topic.save()
    return topic_compute(topic, frequencies=frequencies)


def words_signature(words: Iterable[str]) -> str:
    """The signature of a group close in wording: its key words, sorted (within 300
    characters)."""
    signature = "text:"
    for word in sorted(set(words)):
        part = word if signature == "text:" else "+" + word
        if len(signature) + len(part) > 300:
            break
        signature += part
    return signature


def words_title(words: list[str]) -> str:
    """A provisional title from the key words ("Tenants, cooperative, rent"), for the
    secretariat to rewrite."""
    title = ", ".join(words[:3])
    return title[:1].upper() + title[1:]


@transaction.atomic
def topic_propose_words(
    words: list[str],
    *,
    frequencies: Frequencies | None = None,
    members: list[related.GroupEntry] | None = None,
) -> TopicPage:
    """A new proposal for the entries whose text holds enough of ``words`` (``members``:
    those entries, when the caller has just read them)."""
    title = words_title(words)[:200]
    topic = TopicPage(
        signature=words_signature(words),
        words=list(words),
        title=title,
        slug=slugify(title)[:80],
        language=settings.LANGUAGE_CODE,
    )
    topic.full_clean()
    topic.save()
    return topic_compute(topic, frequencies=frequencies, members=members)


# --- following the entries as they change -----------------------------------------------------
#
# ``ipsp.search`` tells its index listeners of every entry indexed or removed (publication,
# a new published version, withdrawal). The portal notes the entry and, once the
# transaction commits, enqueues one task that recomputes the pages holding it or that
# should now hold it.


def entry_index_changed(kind: str, public_id: str, removed: bool) -> None:
    """The index listener: note the entry in its transaction's batch, which enqueues the
    recompute once the transaction commits (nothing if it rolls back)."""
    if kind in related.EXCLUDED_KINDS:
        return
    enqueue_batched_on_commit(topics_follow_entries_task, (kind, public_id))


def _affected(topics: list[TopicPage], keys: list[tuple[str, str]]) -> list[TopicPage]:
    """The pages that hold one of these entries, or whose definition the entry now meets
    (a text group: loosely, its text holds enough of the key words)."""
    holding = set(
        TopicEntry.objects.filter(
            topic__in=[t.pk for t in topics],
            kind__in={kind for kind, _id in keys},
            entry_id__in={public_id for _kind, public_id in keys},
        ).values_list("topic_id", "kind", "entry_id")
    )
    wanted = set(keys)
    affected = {topic_id for topic_id, kind, entry_id in holding if (kind, entry_id) in wanted}
    term_pages = [t for t in topics if not t.words]
    word_pages = [t for t in topics if t.words]
    if term_pages:
        facets = sorted({facet for t in term_pages for facet, _code in t.terms})
        carried = queries.entry_terms(keys, facets)
        for topic in term_pages:
            terms = set(topic.terms)
            if terms and any(terms <= found for found in carried.values()):
                affected.add(topic.pk)
    if word_pages:
        texts = [
            (entry.title + "\n" + entry.body).casefold()
            for entry in queries.indexed_texts(keys=keys, max_chars=topic_text.MAX_CHARS)
        ]
        for topic in word_pages:
            # loosely (a stem's prefix, as the search's stemming may match more), but an
            # entry with fewer words than a member needs cannot join
            stems = [word[: max(4, len(word) - 2)] for word in topic.words]
            needed = topic_text.min_words(len(topic.words))
            if any(sum(stem in text for stem in stems) >= needed for text in texts):
                affected.add(topic.pk)
    return [t for t in topics if t.pk in affected]


def topics_follow_entries(keys: Iterable[tuple[str, str]]) -> list[TopicPage]:
    """Recompute the proposed and published pages that hold these entries or should now
    hold them (after a publication, an edit or a withdrawal); returns those recomputed."""
    wanted = [(kind, public_id) for kind, public_id in keys if kind not in related.EXCLUDED_KINDS]
    if not wanted:
        return []
    live = list(
        TopicPage.objects.exclude(state=TopicPage.State.DISMISSED).only(
            "pk", "signature", "words", "state"
        )
    )
    if not live:
        return []
    limit = PortalSettings.current().topic_max_entries
    return [topic_compute(topic, limit=limit) for topic in _affected(live, wanted)]


# --- the secretariat's edits ------------------------------------------------------------------


def _check_text(title: str, introduction: str) -> tuple[str, str]:
    title = " ".join((title or "").split())
    if not title:
        raise TopicError("title", _("Give the page a title."))
    if len(title) > 200:
        raise TopicError("title", _("Keep the title under 200 characters."))
    return title, (introduction or "").strip()


@transaction.atomic
def topic_update(
    *, topic: TopicPage, title: str, introduction: str, language: str, by: User
) -> TopicPage:
    """Edit the page's original text (its title, introduction and their language)."""
    title, introduction = _check_text(title, introduction)
    if language not in dict(settings.LANGUAGES):
        raise TopicError("language", _("Choose one of the platform's languages."))
    topic.title = title
    topic.introduction = introduction
    topic.language = language
    topic.slug = slugify(title)[:80] or topic.slug
    # only the secretariat's fields: the computed parts may have changed meanwhile
    topic.save(update_fields=["title", "introduction", "language", "slug", "updated_at"])
    TopicTranslation.objects.filter(topic=topic, language=language).delete()
    if topic.state == TopicPage.State.PUBLISHED:
        _index(topic)
    return topic


@transaction.atomic
def topic_translation_save(
    *, topic: TopicPage, language: str, title: str, introduction: str, machine: bool = False
) -> TopicTranslation:
    """Add or replace the page's text in one more language."""
    title, introduction = _check_text(title, introduction)
    if language not in dict(settings.LANGUAGES):
        raise TopicError("language", _("Choose one of the platform's languages."))
    if language == topic.language:
        raise TopicError(
            "language", _("This is the language of the original text: edit the page itself.")
        )
    found, _created = TopicTranslation.objects.update_or_create(
        topic=topic,
        language=language,
        defaults={"title": title, "introduction": introduction, "machine": machine},
    )
    if topic.state == TopicPage.State.PUBLISHED:
        _index(topic)
    return found


@transaction.atomic
def topic_publish(*, topic: TopicPage, by: User) -> TopicPage:
    """Publish a proposed page (guarded: a page published or dismissed meanwhile stays so)."""
    if not topic.introduction.strip():
        raise TopicError("introduction", _("Write an introduction before publishing the page."))
    now = timezone.now()
    changed = TopicPage.objects.filter(pk=topic.pk, state=TopicPage.State.PROPOSED).update(
        state=TopicPage.State.PUBLISHED, published_at=now, published_by=by, updated_at=now
    )
    if changed != 1:
        raise TopicError("state", _("Only a proposed page can be published."))
    topic.refresh_from_db()
    _index(topic)
    return topic


@transaction.atomic
def topic_unpublish(*, topic: TopicPage, by: User) -> TopicPage:
    """Take a published page back to the proposals (out of the index and the sitemap)."""
    changed = TopicPage.objects.filter(pk=topic.pk, state=TopicPage.State.PUBLISHED).update(
        state=TopicPage.State.PROPOSED, updated_at=timezone.now()
    )
    if changed != 1:
        raise TopicError("state", _("Only a published page can be taken back."))
    from ipsp.search.services import document_remove

    document_remove(kind=KIND, public_id=topic.public_id)
    topic.refresh_from_db()
    return topic


@transaction.atomic
def topic_dismiss(*, topic: TopicPage, by: User) -> TopicPage:
    """Set a proposal aside; the same group is not proposed again."""
    changed = TopicPage.objects.filter(pk=topic.pk, state=TopicPage.State.PROPOSED).update(
        state=TopicPage.State.DISMISSED, updated_at=timezone.now()
    )
    if changed != 1:
        raise TopicError("state", _("Only a proposed page can be set aside."))
    topic.refresh_from_db()
    return topic


# --- in the search index ----------------------------------------------------------------------


def topic_search_document(topic: TopicPage) -> SearchDocument:
    translations = list(topic.translations.all())
    texts = [(topic.language, to_plain_text(topic.introduction))]
    texts += [(t.language, to_plain_text(t.introduction)) for t in translations]
    entry_titles = " ; ".join(e["title"] for e in topic.computed.get("entries", [])[:50])
    if entry_titles:
        texts.append(("", entry_titles))
    if topic.words:  # a group close in wording is found by the words its entries share
        texts.append(("", " ".join(topic.words)))
    facets: dict[str, list[str]] = {}
    for facet, code in topic.terms:
        facets.setdefault(facet, []).append(code)
    for row in topic.computed.get("common", []):
        if row["facet"] in ("kind", "status", "evidence_level"):
            continue
        for code, _count in row["codes"]:
            if code not in facets.setdefault(row["facet"], []):
                facets[row["facet"]].append(code)
    return SearchDocument(
        kind=KIND,
        public_id=topic.public_id,
        language=topic.language,
        title=topic.title,
        other_titles=tuple((t.language, t.title) for t in translations),
        texts=tuple(texts),
        facets=facets,
        published_at=topic.published_at,
        updated_at=topic.updated_at,
    )


def _index(topic: TopicPage) -> None:
    from ipsp.search.services import document_index

    document_index(topic_search_document(topic))


def published_topic_documents() -> Iterator[SearchDocument]:
    topics = TopicPage.objects.published().prefetch_related("translations").order_by("pk")
    for topic in topics.iterator(chunk_size=200):
        yield topic_search_document(topic)


def published_topic_count() -> int:
    return TopicPage.objects.published().count()


def topic_url(public_id: str, slug: str = "") -> str:
    """The page's address; without its slug, the address redirects to the one with it."""
    if slug:
        return reverse("portal:topic_detail", kwargs={"public_id": public_id, "slug": slug})
    return reverse("portal:topic_short", kwargs={"public_id": public_id})


# --- reads for the pages ----------------------------------------------------------------------


def _with_translations() -> TopicPageQuerySet:
    return TopicPage.objects.prefetch_related("translations")


def topics_public() -> list[TopicPage]:
    return list(_with_translations().published().order_by("title"))


def topic_get_public(public_id: str) -> TopicPage | None:
    return _with_translations().published().filter(public_id=public_id).first()


def topic_get_for_staff(public_id: str) -> TopicPage | None:
    return _with_translations().filter(public_id=public_id).first()


def topics_for_staff(state: str) -> list[TopicPage]:
    return list(_with_translations().filter(state=state).order_by("-entry_count", "title"))


def topics_of_entry(kind: str, public_id: str) -> list[TopicPage]:
    """The published topic pages an entry belongs to (one query with their translations)."""
    return list(
        _with_translations()
        .published()
        .filter(entries__kind=kind, entries__entry_id=public_id)
        .order_by("title")
    )


@dataclass(frozen=True)
class Feature:
    label: str
    values: list[tuple[str, int]]  # (label, count)


@dataclass(frozen=True)
class ListedEntry:
    kind_label: str
    title: str
    url: str | None
    specific: list[str]
    words: list[str] = field(default_factory=list)

    # worded here rather than by {% blocktranslate %} in the template: a topic lists up to
    # hundreds of entries, and the tag cost more than the rest of each entry's markup
    @property
    def specific_text(self) -> str:
        return _("Also: %(terms)s") % {"terms": ", ".join(self.specific)} if self.specific else ""

    @property
    def words_text(self) -> str:
        if not self.words:
            return ""
        return _("In its own words: “%(words)s”") % {"words": "”, “".join(self.words)}


@dataclass(frozen=True)
class TopicView:
    """What a topic page shows, labelled in the reader's language."""

    topic: TopicPage
    title: str
    introduction: str
    language: str
    size: int
    features: list[Feature]
    years: tuple[int, int] | None
    actors: list[dict[str, Any]]
    entries: list[ListedEntry]
    basis_terms: list[str] = field(default_factory=list)  # "share the terms …"
    basis_words: list[str] = field(default_factory=list)  # "close in wording: …"


def topic_view(topic: TopicPage, *, language: str | None = None) -> TopicView:
    """The page's parts with labels: one query for the labels of every term shown."""
    title, introduction, text_language = topic.text_in(language)
    parts = topic.computed or {}
    pairs = [(row["facet"], code) for row in parts.get("common", []) for code, _n in row["codes"]]
    pairs += [tuple(t) for e in parts.get("entries", []) for t in e.get("specific", [])]
    basis = parts.get("basis") or {}
    basis_pairs = [(t[0], t[1]) for t in basis.get("terms", [])]
    pairs += basis_pairs
    labels = related.term_labels(p for p in pairs if p[0] != "kind")
    features = []
    for row in parts.get("common", []):
        facet = row["facet"]
        values = [
            (
                str(KIND_LABELS.get(code, code)) if facet == "kind" else labels[(facet, code)],
                count,
            )
            for code, count in row["codes"]
        ]
        features.append(Feature(label=str(FEATURE_LABELS.get(facet, facet)), values=values))
    urls = related.entry_urls([(e["kind"], e["public_id"]) for e in parts.get("entries", [])])
    entries = [
        ListedEntry(
            kind_label=str(KIND_LABELS.get(e["kind"], e["kind"])),
            title=e["title"],
            url=urls[(e["kind"], e["public_id"])],
            specific=[labels.get((f, c), c) for f, c in e.get("specific", [])],
            words=list(e.get("words", [])),
        )
        for e in parts.get("entries", [])
    ]
    actors = []
    for actor in parts.get("actors", []):
        url = related.entry_url("actor", actor["public_id"]) if actor.get("published") else None
        actors.append({**actor, "url": url})
    years = parts.get("years")
    return TopicView(
        topic=topic,
        title=title,
        introduction=introduction,
        language=text_language,
        size=parts.get("size", 0),
        features=features,
        years=(years[0], years[1]) if years else None,
        actors=actors,
        entries=entries,
        basis_terms=[labels.get(pair, pair[1]) for pair in basis_pairs],
        basis_words=list(basis.get("words", [])),
    )
