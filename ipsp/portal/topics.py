"""Topic pages, the encyclopedia of social progress: proposals, computed parts, publication.

How a topic page comes to be:

1. ``topics_refresh()`` (the job: ``manage.py propose_topics`` or the task in
   ``tasks.py``) finds groups of published entries sharing a topical term (alone or
   with a place or a second topical term) once a group holds the number of entries
   the secretariat set (``PortalSettings``), and proposes a ``TopicPage`` for each
   new group, with a title made of the terms' labels and its computed parts.
2. The secretariat edits the title and the introduction (Markdown), adds
   translations, and publishes it (``topic_publish``); a published page is in the
   search index as kind "topic" and in the sitemap.
3. Every run recomputes the parts of proposed and published pages, so a page
   follows its entries as they are published, edited and withdrawn
   (``computed_at`` says when).

Computed parts (``TopicPage.computed``): the entries, the features they share
(themes, types, regions, evidence levels... with counts), their time span, their
main actors, and for each entry its specificities: its terms that few others in the
group carry, the rarest in the whole index first.
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
from ipsp.portal.models import (
    PortalSettings,
    TopicEntry,
    TopicPage,
    TopicPageQuerySet,
    TopicTranslation,
)
from ipsp.search import related
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


def compute_parts(
    terms: list[tuple[str, str]],
    *,
    limit: int,
    frequencies: tuple[int, dict[tuple[str, str], int]] | None = None,
) -> dict[str, Any]:
    """The computed parts of the group of entries carrying every one of ``terms``."""
    entries = related.group_entries(terms, limit=limit)
    total, df = frequencies if frequencies is not None else related.term_frequencies()
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
            }
        )
    return {
        "size": size,
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
    frequencies: tuple[int, dict[tuple[str, str], int]] | None = None,
    limit: int | None = None,
) -> TopicPage:
    """Recompute a topic page's parts and entries; reindex it when published."""
    if limit is None:
        limit = PortalSettings.current().topic_max_entries
    parts = compute_parts(topic.terms, limit=limit, frequencies=frequencies)
    topic.computed = parts
    topic.entry_count = parts["size"]
    topic.computed_at = timezone.now()
    topic.save(update_fields=["computed", "entry_count", "computed_at", "updated_at"])
    TopicEntry.objects.filter(topic=topic).delete()
    TopicEntry.objects.bulk_create(
        [TopicEntry(topic=topic, kind=e["kind"], entry_id=e["public_id"]) for e in parts["entries"]]
    )
    if topic.state == TopicPage.State.PUBLISHED:
        _index(topic)
    return topic


@dataclass
class RefreshReport:
    recomputed: int = 0
    proposed: list[TopicPage] = field(default_factory=list)


def topics_refresh(*, progress: Callable[[str], None] | None = None) -> RefreshReport:
    """The job: recompute every proposed and published page, then propose new groups."""
    report = RefreshReport()
    setting = PortalSettings.current()
    frequencies = related.term_frequencies()
    for topic in TopicPage.objects.exclude(state=TopicPage.State.DISMISSED).iterator():
        topic_compute(topic, frequencies=frequencies, limit=setting.topic_max_entries)
        report.recomputed += 1
        if progress:
            progress(_("Recomputed “%(title)s”") % {"title": topic.title})
    known = set(TopicPage.objects.values_list("signature", flat=True))
    groups = related.term_groups(
        min_size=max(2, setting.topic_min_entries), max_size=setting.topic_max_entries
    )
    for group in groups:
        if len(report.proposed) >= setting.topic_proposals_per_run:
            break
        signature = topic_signature(group.terms)
        if signature in known:
            continue
        topic = topic_propose(list(group.terms), frequencies=frequencies)
        known.add(signature)
        report.proposed.append(topic)
        if progress:
            progress(_("Proposed “%(title)s”") % {"title": topic.title})
    return report


@transaction.atomic
def topic_propose(
    terms: list[tuple[str, str]],
    *,
    frequencies: tuple[int, dict[tuple[str, str], int]] | None = None,
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
    topic.save()
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


def topic_view(topic: TopicPage, *, language: str | None = None) -> TopicView:
    """The page's parts with labels: one query for the labels of every term shown."""
    title, introduction, text_language = topic.text_in(language)
    parts = topic.computed or {}
    pairs = [(row["facet"], code) for row in parts.get("common", []) for code, _n in row["codes"]]
    pairs += [tuple(t) for e in parts.get("entries", []) for t in e.get("specific", [])]
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
    entries = [
        ListedEntry(
            kind_label=str(KIND_LABELS.get(e["kind"], e["kind"])),
            title=e["title"],
            url=related.entry_url(e["kind"], e["public_id"]),
            specific=[labels.get((f, c), c) for f, c in e.get("specific", [])],
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
    )
