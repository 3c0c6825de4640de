"""Related entries: what else in the index is about the same things, and why.

    from ipsp.search.related import related_entries, reason_texts

    items = related_entries("initiative", public_id, limit=6)
    texts = reason_texts(items)   # {(kind, public_id): ["also about Living wages", ...]}

Two signals, both read from the index only (so every kind of entry takes part):

1. **Shared taxonomy terms**, each weighted by how rare it is in the index
   (inverse document frequency, ``log(N / df)``) and by its facet (a shared theme
   says more than a shared region). A term carried by most entries weighs nothing.
2. **Text similarity**: the entry's most distinctive words (frequent in its own
   text, rare in the index) become one OR query, ranked by the backend's own
   relevance (bm25 / ts_rank_cd).

The work is bounded whatever the size of the index: the candidates are the most
recent entries sharing each of the entry's rarest terms (``CANDIDATES_PER_TERM``
each) plus the best text matches (``TEXT_CANDIDATES``). How many entries carry a term
is read from the facet totals the index keeps (``ipsp.search.facet_totals``); how many
contain a word is counted up to a cap, and on PostgreSQL only for the words its
statistics do not already show to be common. At most eight queries, whatever the
number of results; the labels of the reasons (``reason_texts``) are one more.

Only published entries are in the index, so an unpublished or withdrawn entry is
never offered; the entry itself is left out.
"""

# SQL here is assembled from constants, column names and %s placeholders only; every
# value is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import json
import math
import operator
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, reduce
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsp.core.tasks import enqueue_batched_on_commit
from ipsp.search.backends import get_backend
from ipsp.search.backends.base import SqlSearchBackend, _placeholders
from ipsp.search.facet_totals import totals_read
from ipsp.search.text import CJK_RUN, cjk_bigrams, word_is_cjk, words

# Facets that make two entries related, with how much a shared term of each says.
FACET_WEIGHTS: dict[str, float] = {
    "theme": 1.0,
    "sdg": 0.7,
    "discipline": 0.7,
    "project_type": 0.7,
    "actor_type": 0.6,
    "agenda": 0.4,
    "country": 0.8,
    "region": 0.3,
}
TEXT_WEIGHT = 3.0  # the best text match counts as much as a shared term this rare
DF_CAP = 5000  # a term carried by more entries than this seeds no candidates
CANDIDATE_TERMS = 6  # the rarest shared terms seed the candidates
CANDIDATES_PER_TERM = 150
TEXT_CANDIDATES = 40
TEXT_RANK_LIMIT = 400
PROBE_WORDS = 12  # words whose frequency is checked
QUERY_WORDS = 6  # distinctive words in the text query
WORD_DF_CAP = 800
MIN_WORD_LENGTH = 4
OWN_TEXT_CHARS = 1200  # of the entry's text, its distinctive words are taken from the start
EXCLUDED_KINDS: tuple[str, ...] = ("topic",)
_excluded = _placeholders(len(EXCLUDED_KINDS))

# Frequent words of the main Latin-script languages: never worth a probe.
_STOPWORD_TEXT = """
    about also been being both from have having into more most much must only other over
    such than that their them then there these they this those through very were what
    when where which while will with within without would your
    avec dans elle elles leur leurs mais nous pour sans sont tous toute toutes cette
    comme aussi plus être avoir fait entre chez dont
    como para pero esta este estos estas sobre entre desde todo todos también cuando
    uma seus suas pelo pela mais como para entre também sobre
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# How the reasons read, per group of facets (named placeholders, localised at display).
REASON_GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("theme", "agenda", "sdg", "discipline"), "about"),
    (("country", "region"), "place"),
    (("project_type", "actor_type"), "type"),
    (("text",), "text"),
)
MAX_REASON_TERMS = 3


@dataclass(frozen=True)
class Related:
    """One related entry; ``reasons`` are (facet, code) pairs, ("text", word) for words."""

    kind: str
    public_id: str
    title: str
    score: float
    reasons: tuple[tuple[str, str], ...] = ()

    @cached_property  # a page asks twice (whether there is one, then the link)
    def url(self) -> str | None:
        return entry_url(self.kind, self.public_id)


# --- addresses of entries ---------------------------------------------------------------------

_url_builders: dict[str, Callable[[str], str]] = {}


def register_entry_url(kind: str, build: Callable[[str], str]) -> None:
    """Say where an entry of this kind lives (``build(public_id) -> path``).

    Without one, ``<kind>s:detail`` (e.g. ``initiatives:detail``) is tried.
    """
    _url_builders[kind] = build


def entry_url(kind: str, public_id: str) -> str | None:
    """The address of an entry's page (in the active language); None for a kind without
    pages."""
    build = _url_builders.get(kind)
    try:
        if build is not None:
            return build(public_id)
        return reverse(f"{kind}s:detail", kwargs={"public_id": public_id})
    except NoReverseMatch:
        return None


_SAMPLE_IDS = ("0000000000", "1111111111")


def entry_url_shape(kind: str) -> tuple[str, str] | None:
    """The text before and after the public id in the addresses of this kind's pages, when
    they are the id in a fixed frame (checked with two sample ids), else None. Reversed
    twice per kind, so that a list of thousands of entries (the map) costs a string
    concatenation each."""
    first, second = (entry_url(kind, sample) for sample in _SAMPLE_IDS)
    if not first or not second or first.count(_SAMPLE_IDS[0]) != 1:
        return None
    before, after = first.split(_SAMPLE_IDS[0])
    return (before, after) if before + _SAMPLE_IDS[1] + after == second else None


def entry_urls(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """``entry_url`` of each ``(kind, public_id)``, two reverses per kind (``entry_url_shape``)
    rather than one per entry."""
    wanted = list(dict.fromkeys(keys))
    shapes = {kind: entry_url_shape(kind) for kind in {kind for kind, _id in wanted}}
    urls: dict[tuple[str, str], str | None] = {}
    for kind, public_id in wanted:
        shape = shapes[kind]
        urls[(kind, public_id)] = (
            shape[0] + public_id + shape[1] if shape else entry_url(kind, public_id)
        )
    return urls


@dataclass(frozen=True)
class EntryRef:
    """An entry as the index knows it (published): enough to link to it."""

    kind: str
    public_id: str
    title: str
    language: str = ""

    @property
    def url(self) -> str | None:
        return entry_url(self.kind, self.public_id)


def entry_refs(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], EntryRef]:
    """The published entries among ``(kind, public_id)`` keys: one query.

    Keys missing from the answer are not (or no longer) published.
    """
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    condition = " OR ".join(["(kind = %s AND public_id = %s)"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, public_id, title, language FROM search_entry WHERE {condition}",
            [value for key in wanted for value in key],
        )
        return {(row[0], row[1]): EntryRef(*row) for row in cursor.fetchall()}


def entry_find(public_id: str) -> EntryRef | None:
    """The published entry with this public id, whatever its kind (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, public_id, title, language FROM search_entry WHERE public_id = %s"
            " ORDER BY kind LIMIT 1",
            [public_id],
        )
        row = cursor.fetchone()
    return EntryRef(*row) if row else None


# --- the related entries ----------------------------------------------------------------------


@dataclass
class _Candidate:
    terms: list[tuple[str, str]] = field(default_factory=list)
    term_score: float = 0.0
    text_score: float = 0.0


def related_entries(
    kind: str,
    public_id: str,
    limit: int = 6,
    *,
    exclude_kinds: Sequence[str] = EXCLUDED_KINDS,
) -> list[Related]:
    """The entries most related to one entry, best first, each with its reasons.

    Read from the entry's kept list (``search_related``: two queries) when there is one,
    else computed (``related_compute``). An entry that is not in the index (not
    published) has no related entries, and neither list ever offers one.
    """
    if tuple(exclude_kinds) == EXCLUDED_KINDS and limit <= KEPT_ITEMS:
        kept = _kept_related(kind, public_id, limit)
        if kept is not None:
            return kept
    return related_compute(kind, public_id, limit, exclude_kinds=exclude_kinds)


def related_compute(
    kind: str,
    public_id: str,
    limit: int = 6,
    *,
    exclude_kinds: Sequence[str] = EXCLUDED_KINDS,
) -> list[Related]:
    """The related entries computed from the index as it stands (at most eight queries)."""
    return _computed(kind, public_id, limit, exclude_kinds) or []


def _computed(
    kind: str, public_id: str, limit: int, exclude_kinds: Sequence[str]
) -> list[Related] | None:
    """``related_compute``'s answer, or None when the entry is not in the index."""
    backend = get_backend()
    with connection.cursor() as cursor:
        found = _entry_terms_and_text(cursor, backend, kind, public_id)
        if found is None:
            return None
        entry_id, pairs, own_text = found
        total, frequencies = _term_frequencies(cursor, pairs)
        weights = {
            pair: FACET_WEIGHTS[pair[0]] * _idf(total, frequencies.get(pair, 0)) for pair in pairs
        }
        candidates: dict[int, _Candidate] = {}
        for doc_id, facet, code in _sharing(cursor, entry_id, pairs, frequencies, weights):
            candidate = candidates.setdefault(doc_id, _Candidate())
            candidate.terms.append((facet, code))
            candidate.term_score += weights.get((facet, code), 0.0)
        chosen_words: list[str] = []
        if isinstance(backend, SqlSearchBackend):
            chosen_words, text_scores = _text_matches(cursor, backend, entry_id, own_text, total)
            for doc_id, score in text_scores.items():
                candidates.setdefault(doc_id, _Candidate()).text_score = score
        candidates.pop(entry_id, None)
        ranked = sorted(
            candidates.items(),
            key=lambda item: (-(item[1].term_score + item[1].text_score), -item[0]),
        )[: max(limit * 3, limit + len(exclude_kinds) * 4)]
        if not ranked:
            return []
        ids = [doc_id for doc_id, _candidate in ranked]
        cursor.execute(
            "SELECT id, kind, public_id, title FROM search_entry"
            f" WHERE id IN ({_placeholders(len(ids))})",
            ids,
        )
        entries = {row[0]: row[1:] for row in cursor.fetchall()}
        kept = [
            (doc_id, candidate)
            for doc_id, candidate in ranked
            if doc_id in entries and entries[doc_id][0] not in exclude_kinds
        ][:limit]
        shared_words: dict[int, list[str]] = {}
        if chosen_words and isinstance(backend, SqlSearchBackend):
            text_ids = [doc_id for doc_id, candidate in kept if candidate.text_score > 0]
            shared_words = backend.words_in(cursor, chosen_words, text_ids)
    results = []
    for doc_id, candidate in kept:
        entry_kind, entry_public_id, title = entries[doc_id]
        terms = sorted(candidate.terms, key=lambda pair: -weights.get(pair, 0.0))
        reasons = tuple(terms) + tuple(("text", word) for word in shared_words.get(doc_id, []))
        results.append(
            Related(
                kind=entry_kind,
                public_id=entry_public_id,
                title=title,
                score=round(candidate.term_score + candidate.text_score, 6),
                reasons=reasons,
            )
        )
    return results


def _idf(total: int, frequency: int) -> float:
    if frequency <= 0:
        return 0.0
    return max(0.0, math.log((total + 1) / frequency))


def _entry_terms_and_text(
    cursor: Any, backend: Any, kind: str, public_id: str
) -> tuple[int, list[tuple[str, str]], str] | None:
    """The entry's index id, its (facet, code) pairs and its text (title and the beginning
    of its texts, from the full-text table, for the text similarity): one query."""
    names = list(FACET_WEIGHTS)
    sql = (
        "SELECT e.id, f.facet, f.code, NULL, NULL FROM search_entry e LEFT JOIN search_facet f"
        f" ON f.document_id = e.id AND f.facet IN ({_placeholders(len(names))})"
        " WHERE e.kind = %s AND e.public_id = %s"
    )
    params: list[Any] = [*names, kind, public_id]
    # the beginning of the text only (a summary, usually): its words are as telling, and
    # a 5,000-word description costs no more to read and count than a short one
    if isinstance(backend, SqlSearchBackend):
        text_sql, text_params = backend.entry_text_sql(kind, public_id, OWN_TEXT_CHARS)
        sql += f" UNION ALL SELECT NULL, NULL, NULL, t.* FROM ({text_sql}) AS t"
        params += text_params
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    entry_rows = [row for row in rows if row[0] is not None]
    if not entry_rows:
        return None
    texts = [(title, body) for entry_id, _facet, _code, title, body in rows if entry_id is None]
    title, body = texts[0] if texts else ("", "")
    # the title counts three times: its words say most about the entry
    text = "\n".join([title or ""] * 3 + [body or ""]) if texts else ""
    pairs = [(facet, code) for _id, facet, code, _title, _body in entry_rows if facet]
    return entry_rows[0][0], pairs, text


def _term_frequencies(
    cursor: Any, pairs: list[tuple[str, str]]
) -> tuple[int, dict[tuple[str, str], int]]:
    """How many entries carry each term, and how many entries the index holds: read from
    the facet totals the index keeps in step with every write (``search_facet_total``, a
    few hundred rows), not counted from the facet rows."""
    if not pairs:
        total, _counts = totals_read(cursor, [])
        return max(total, 1), {}
    total, counts = totals_read(cursor, sorted({facet for facet, _code in pairs}))
    frequencies = {(facet, code): counts.get(facet, {}).get(code, 0) for facet, code in pairs}
    return max(total, 1), frequencies


def _sharing(
    cursor: Any,
    entry_id: int,
    pairs: list[tuple[str, str]],
    frequencies: dict[tuple[str, str], int],
    weights: dict[tuple[str, str], float],
) -> list[tuple[int, str, str]]:
    """(entry id, facet, code) of the candidates' terms shared with the entry."""
    seeds = [
        pair
        for pair in sorted(pairs, key=lambda pair: -weights[pair])
        if 1 < frequencies.get(pair, 0) <= DF_CAP and weights[pair] > 0
    ][:CANDIDATE_TERMS]
    if not seeds:
        return []
    seed_sql = " UNION ".join(
        [
            f"SELECT document_id FROM (SELECT document_id FROM search_facet WHERE facet = %s"
            f" AND code = %s AND document_id <> %s ORDER BY document_id DESC LIMIT %s) AS s{i}"
            for i in range(len(seeds))
        ]
    )
    seed_params: list[Any] = []
    for facet, code in seeds:
        seed_params += [facet, code, entry_id, CANDIDATES_PER_TERM]
    # A list of row values, not a chain of ORs: with ORs SQLite reads every entry of
    # each shared term through the (facet, code) index (a common region: tens of
    # thousands of rows) instead of the few candidates' own rows (the document index).
    shared = ", ".join(["(%s, %s)"] * len(pairs))
    if connection.vendor == "postgresql":
        # the same, candidate by candidate: PostgreSQL otherwise reads every entry of each
        # shared term (a region: ~12,000 rows) to hash-join them with the candidates
        # (~130 ms); OFFSET 0 keeps the lateral subquery from being merged into a join
        sql = (
            f"SELECT c.document_id, f.facet, f.code FROM ({seed_sql}) AS c"
            " CROSS JOIN LATERAL (SELECT facet, code FROM search_facet"
            " WHERE document_id = c.document_id OFFSET 0) AS f"
            f" WHERE (f.facet, f.code) IN (VALUES {shared})"
        )
    else:
        sql = (
            "SELECT f.document_id, f.facet, f.code FROM search_facet f"
            f" WHERE f.document_id IN ({seed_sql}) AND (f.facet, f.code) IN (VALUES {shared})"
        )
    cursor.execute(sql, [*seed_params, *(value for pair in pairs for value in pair)])
    return [(int(row[0]), row[1], row[2]) for row in cursor.fetchall()]


# --- text similarity --------------------------------------------------------------------------


def candidate_words(text: str, count: int = PROBE_WORDS) -> list[str]:
    """The words of a text most worth looking for: frequent in it, long, not function words."""
    counts: Counter[str] = Counter()
    for word in words(text):
        if word_is_cjk(word):
            for run in CJK_RUN.findall(word):
                if len(run) >= 2:
                    counts.update(cjk_bigrams(run))
            continue
        folded = word.casefold()
        if len(folded) < MIN_WORD_LENGTH or folded.isdigit() or folded in STOPWORDS:
            continue
        counts[folded] += 1
    scored = sorted(
        counts.items(), key=lambda item: (-(item[1] * math.log(1 + len(item[0]))), item[0])
    )
    return [word for word, _count in scored[:count]]


def _text_matches(
    cursor: Any, backend: SqlSearchBackend, entry_id: int, own_text: str, total: int
) -> tuple[list[str], dict[int, float]]:
    """The words chosen, and the best text matches with a score in [0, TEXT_WEIGHT]."""
    probe_words = candidate_words(own_text)
    if not probe_words:
        return [], {}
    cap = min(WORD_DF_CAP, max(3, total // 5))
    frequencies = backend.word_counts(cursor, probe_words, cap)
    # rare in the index (but found elsewhere), frequent in this text: probe_words' order
    chosen = sorted(
        (
            (index, word)
            for index, word in enumerate(probe_words)
            if 1 < frequencies.get(index, 0) <= cap
        ),
        key=lambda item: (-_idf(total, frequencies[item[0]]) / (1 + item[0] / 4), item[0]),
    )
    chosen_words = [word for _index, word in chosen[:QUERY_WORDS]]
    if not chosen_words:
        return [], {}
    ranked_sql, ranked_params = backend.words_ranked_sql(chosen_words, TEXT_RANK_LIMIT)
    cursor.execute(
        f"SELECT r.id, r.relevance FROM ({ranked_sql}) AS r WHERE r.id <> %s"
        " ORDER BY r.relevance DESC, r.id DESC LIMIT %s",
        [*ranked_params, entry_id, TEXT_CANDIDATES],
    )
    rows = [(int(doc_id), float(relevance or 0.0)) for doc_id, relevance in cursor.fetchall()]
    best = max((relevance for _id, relevance in rows), default=0.0)
    if best <= 0:
        return chosen_words, {}
    return chosen_words, {doc_id: TEXT_WEIGHT * relevance / best for doc_id, relevance in rows}


# --- kept lists: what the pages read ------------------------------------------------------------
#
# Computing an entry's related entries takes seven queries (~7 ms at 100,000 entries; more
# on PostgreSQL, whose word counts run in the server). Each entry's list is therefore kept
# in ``search_related`` and the page reads it (two queries): after an entry is indexed, a
# task recomputes its list and those of the entries it is now related to (which may now
# list it); ``manage.py related_refresh`` (daily) recomputes the lists that are missing or
# older than ``RELATED_MAX_AGE_DAYS``. Titles and publication are read from the index at
# every read, so a kept list never offers an entry withdrawn since, and a changed title
# shows at once; the reasons are as they were when the list was computed.

KEPT_ITEMS = 10  # a page shows six; the spares stand in for entries withdrawn since
NEIGHBOURS_FOLLOWED = 6  # after an entry changes, this many of its related entries follow


def _kept_related(kind: str, public_id: str, limit: int) -> list[Related] | None:
    """The entry's kept list, its entries still published (two queries); None when none
    is kept, [] when the entry itself is not (or no longer) in the index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.items, e.id FROM search_related r LEFT JOIN search_entry e"
            " ON e.kind = r.kind AND e.public_id = r.public_id"
            " WHERE r.kind = %s AND r.public_id = %s",
            [kind, public_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if row[1] is None:
        return []
    items = unpack_items(row[0])
    published = entry_refs((item[0], item[1]) for item in items)
    found: list[Related] = []
    for item_kind, item_public_id, score, reasons in items:
        ref = published.get((item_kind, item_public_id))
        if ref is None:
            continue
        found.append(
            Related(
                kind=item_kind,
                public_id=item_public_id,
                title=ref.title,
                score=float(score),
                reasons=tuple(_reason_pair(reason) for reason in reasons),
            )
        )
        if len(found) == limit:
            break
    return found


def pack_items(items: Sequence[Related]) -> bytes:
    """A kept list as stored: ``[[kind, public_id, score, ["facet:code", ...]], ...]`` in
    JSON, zlib-compressed (``SearchRelated.items``)."""
    listed = [
        [item.kind, item.public_id, item.score, [f"{f}:{c}" for f, c in item.reasons]]
        for item in items
    ]
    return zlib.compress(json.dumps(listed, ensure_ascii=False, separators=(",", ":")).encode())


def unpack_items(packed: bytes | memoryview) -> list[list[Any]]:
    return list(json.loads(zlib.decompress(packed)))


def _reason_pair(text: str) -> tuple[str, str]:
    facet, _colon, code = text.partition(":")
    return facet, code


def related_keep(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Related]]:
    """Compute and keep the lists of these entries; an entry no longer in the index loses
    its list. Returns the lists kept."""
    from ipsp.search.models import SearchRelated

    now = timezone.now()
    kept: dict[tuple[str, str], list[Related]] = {}
    gone: list[tuple[str, str]] = []
    for kind, public_id in dict.fromkeys(keys):
        if kind in EXCLUDED_KINDS:
            continue
        items = _computed(kind, public_id, KEPT_ITEMS, EXCLUDED_KINDS)
        if items is None:
            gone.append((kind, public_id))
        else:
            kept[(kind, public_id)] = items
    rows = [
        SearchRelated(
            kind=kind,
            public_id=public_id,
            computed_at=now,
            items=pack_items(items),
        )
        for (kind, public_id), items in kept.items()
    ]
    with transaction.atomic():
        if gone:
            SearchRelated.objects.filter(
                reduce(operator.or_, (Q(kind=kind, public_id=pid) for kind, pid in gone))
            ).delete()
        SearchRelated.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kind", "public_id"],
            update_fields=["items", "computed_at"],
        )
    return kept


def related_follow(keys: Iterable[tuple[str, str]]) -> int:
    """After these entries were indexed or removed: their lists, then the lists of the
    entries they are now related to (a new entry belongs in its neighbours' lists at
    once, not only after the daily refresh). Returns how many lists were recomputed."""
    changed = list(dict.fromkeys(keys))
    kept = related_keep(changed)
    neighbours = [
        (item.kind, item.public_id)
        for items in kept.values()
        for item in items[:NEIGHBOURS_FOLLOWED]
        if (item.kind, item.public_id) not in kept
    ]
    related_keep(neighbours)
    return len(changed) + len(set(neighbours))


def entry_index_changed(kind: str, public_id: str, removed: bool) -> None:
    """The index listener (registered by ``SearchConfig.ready``): once the transaction
    commits, one task follows every entry it indexed or removed (``related_follow``)."""
    from ipsp.search.tasks import related_follow_entries_task

    if kind in EXCLUDED_KINDS:
        return
    enqueue_batched_on_commit(related_follow_entries_task, (kind, public_id))


def related_refresh(
    *, everything: bool = False, progress: Callable[[int], None] | None = None, batch: int = 200
) -> int:
    """Recompute the kept lists that are missing or older than ``RELATED_MAX_AGE_DAYS``
    (``everything``: all of them), and drop those of entries no longer in the index.
    Returns how many were recomputed. Each batch commits on its own."""
    cutoff = _refresh_cutoff(everything)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM search_related WHERE NOT EXISTS (SELECT 1 FROM search_entry e"
            " WHERE e.kind = search_related.kind AND e.public_id = search_related.public_id)"
        )
    done = 0
    last_id = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id, e.kind, e.public_id FROM search_entry e"
                " LEFT JOIN search_related r ON r.kind = e.kind AND r.public_id = e.public_id"
                f" WHERE e.id > %s AND e.kind NOT IN ({_excluded})"
                " AND (r.id IS NULL OR r.computed_at < %s) ORDER BY e.id LIMIT %s",
                [last_id, *EXCLUDED_KINDS, cutoff, batch],
            )
            rows = cursor.fetchall()
        if not rows:
            return done
        related_keep((kind, public_id) for _id, kind, public_id in rows)
        done += len(rows)
        last_id = rows[-1][0]
        if progress is not None:
            progress(len(rows))


def _refresh_cutoff(everything: bool) -> datetime.datetime:
    """Lists computed before this are recomputed: now (``everything``), or
    ``RELATED_MAX_AGE_DAYS`` ago."""
    if everything:
        return timezone.now()
    return timezone.now() - datetime.timedelta(days=settings.RELATED_MAX_AGE_DAYS)


def related_refresh_count(*, everything: bool = False) -> int:
    """How many lists ``related_refresh`` would recompute (for its progress bar)."""
    cutoff = _refresh_cutoff(everything)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_entry e"
            " LEFT JOIN search_related r ON r.kind = e.kind AND r.public_id = e.public_id"
            f" WHERE e.kind NOT IN ({_excluded}) AND (r.id IS NULL OR r.computed_at < %s)",
            [*EXCLUDED_KINDS, cutoff],
        )
        return int(cursor.fetchone()[0])


# --- reasons, in the reader's language --------------------------------------------------------


def term_labels(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Labels in the active language of (facet, code) pairs (``filters.facet_labels``:
    one query for the taxonomy terms); a code without a label stands for itself."""
    from ipsp.search.filters import facet_labels

    wanted = list(dict.fromkeys(pairs))
    by_facet: dict[str, list[str]] = {}
    for facet, code in wanted:
        by_facet.setdefault(facet, []).append(code)
    labels = facet_labels(by_facet)
    return {pair: labels.get(pair, pair[1]) for pair in wanted}


def _reason_sentence(group: str, labels: list[str]) -> str:
    joined = ", ".join(labels)
    if group == "about":
        return _("also about %(terms)s") % {"terms": joined}
    if group == "place":
        return _("also in %(places)s") % {"places": joined}
    if group == "type":
        return _("also of the type %(types)s") % {"types": joined}
    quoted = ", ".join(_("“%(word)s”") % {"word": label} for label in labels)
    return _("also mentions %(words)s") % {"words": quoted}


def reason_texts(items: Sequence[Related]) -> dict[tuple[str, str], list[str]]:
    """The reasons of each related entry as short sentences in the active language.

    "also about Cities and social progress", "also in Kenya", "also mentions “housing”".
    A shared country makes its regions redundant: they are not repeated.
    """
    labels = term_labels(pair for item in items for pair in item.reasons if pair[0] != "text")
    texts: dict[tuple[str, str], list[str]] = {}
    for item in items:
        by_facet: dict[str, list[tuple[str, str]]] = {}
        for pair in item.reasons:
            by_facet.setdefault(pair[0], []).append(pair)
        if by_facet.get("country"):
            by_facet.pop("region", None)
        elif by_facet.get("region"):
            by_facet["region"] = by_facet["region"][:1]  # the rarest: the narrowest
        if by_facet.get("theme"):
            by_facet.pop("agenda", None)  # the theme already names its component
        sentences = []
        for facets, group in REASON_GROUPS:
            shown = [
                labels.get(pair, pair[1]) if pair[0] != "text" else pair[1]
                for facet in facets
                for pair in by_facet.get(facet, [])
            ][:MAX_REASON_TERMS]
            if shown:
                sentences.append(_reason_sentence(group, shown))
        texts[(item.kind, item.public_id)] = sentences
    return texts


# --- what an entry page shows ---------------------------------------------------------------


@dataclass(frozen=True)
class RelatedShown:
    entry: Related
    reasons: list[str]


def related_context(kind: str, public_id: str, limit: int = 6) -> dict[str, Any]:
    """Context for the ``search/_related.html`` partial of an entry page: ``related``,
    the related entries with their reasons in the reader's language. (What higher
    packages show beside them comes through ``ipsp.core.panels``, slot "beside".)"""
    items = related_entries(kind, public_id, limit=limit)
    reasons = reason_texts(items) if items else {}
    return {
        "related": [
            RelatedShown(entry=item, reasons=reasons.get((item.kind, item.public_id), []))
            for item in items
        ]
    }


# --- groups of entries (topic pages) ----------------------------------------------------------
#
# A topic page is a group of published entries that share one or two terms. These reads
# let the portal find such groups and describe them, from the index alone.

TOPICAL_FACETS: tuple[str, ...] = ("theme", "sdg", "discipline", "project_type")
PLACE_FACETS: tuple[str, ...] = ("country", "region")
DESCRIBED_FACETS: tuple[str, ...] = (
    "kind",
    "agenda",
    "theme",
    "sdg",
    "discipline",
    "project_type",
    "actor_type",
    "region",
    "country",
    "evidence_level",
    "status",
    "start_year",
)

Term = tuple[str, str]


@dataclass(frozen=True)
class TermGroup:
    """Entries sharing every one of ``terms``; ``size`` of them (topic pages excluded)."""

    terms: tuple[Term, ...]
    size: int


def term_groups(*, min_size: int, max_size: int) -> list[TermGroup]:
    """Groups of ``min_size`` to ``max_size`` entries sharing a topical term (theme, SDG,
    discipline, project type), alone or with a place or a second topical term.

    Two queries (single terms, pairs), each a pass over the facet table: for a
    background job, not for a page. A pair that holds exactly the entries of one of
    its terms' own group adds nothing and is left out.
    """
    topical = list(TOPICAL_FACETS)
    places = list(PLACE_FACETS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f.facet, f.code, count(*) FROM search_facet f"
            " JOIN search_entry e ON e.id = f.document_id"
            f" WHERE f.facet IN ({_placeholders(len(topical))}) AND e.kind NOT IN ({_excluded})"
            " GROUP BY f.facet, f.code HAVING count(*) >= %s",
            [*topical, *EXCLUDED_KINDS, min_size],
        )
        singles = {(facet, code): int(count) for facet, code, count in cursor.fetchall()}
        cursor.execute(
            "SELECT a.facet, a.code, b.facet, b.code, count(*) FROM search_facet a"
            " JOIN search_facet b ON b.document_id = a.document_id"
            " JOIN search_entry e ON e.id = a.document_id"
            f" WHERE a.facet IN ({_placeholders(len(topical))}) AND e.kind NOT IN ({_excluded})"
            f" AND (b.facet IN ({_placeholders(len(places))})"
            f" OR (b.facet IN ({_placeholders(len(topical))})"
            " AND (b.facet > a.facet OR (b.facet = a.facet AND b.code > a.code))))"
            " GROUP BY a.facet, a.code, b.facet, b.code HAVING count(*) >= %s",
            [*topical, *EXCLUDED_KINDS, *places, *topical, min_size],
        )
        pairs = [((a, b), (c, d), int(count)) for a, b, c, d, count in cursor.fetchall()]
    groups = [
        TermGroup(terms=(term,), size=size) for term, size in singles.items() if size <= max_size
    ]
    for first, second, size in pairs:
        if size > max_size:
            continue
        covered = any(singles.get(term) == size and size <= max_size for term in (first, second))
        if not covered:
            groups.append(TermGroup(terms=tuple(sorted((first, second))), size=size))
    groups.sort(key=lambda group: (len(group.terms), -group.size, group.terms))
    return groups


@dataclass(frozen=True)
class GroupEntry:
    kind: str
    public_id: str
    title: str
    terms: tuple[Term, ...]  # its (facet, code) pairs among DESCRIBED_FACETS


def group_entries(terms: Sequence[Term], *, limit: int) -> list[GroupEntry]:
    """The published entries carrying every one of ``terms`` (topic pages excluded), most
    recently published first, with their terms: two queries."""
    if not terms:
        return []
    conditions = " ".join(
        "AND e.id IN (SELECT document_id FROM search_facet WHERE facet = %s AND code = %s)"
        for _term in terms
    )
    params: list[Any] = [value for term in terms for value in term]
    nulls = " NULLS LAST" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.kind, e.public_id, e.title FROM search_entry e"
            f" WHERE e.kind NOT IN ({_excluded}) {conditions}"
            f" ORDER BY e.published_at DESC{nulls}, e.id DESC LIMIT %s",
            [*EXCLUDED_KINDS, *params, limit],
        )
        rows = cursor.fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        names = list(DESCRIBED_FACETS)
        cursor.execute(
            "SELECT document_id, facet, code FROM search_facet"
            f" WHERE document_id IN ({_placeholders(len(ids))})"
            f" AND facet IN ({_placeholders(len(names))}) ORDER BY document_id, facet, code",
            [*ids, *names],
        )
        by_entry: dict[int, list[Term]] = {}
        for doc_id, facet, code in cursor.fetchall():
            by_entry.setdefault(doc_id, []).append((facet, code))
    return [
        GroupEntry(kind=kind, public_id=public_id, title=title, terms=tuple(by_entry.get(i, [])))
        for i, kind, public_id, title in rows
    ]


def term_frequencies(facets: Sequence[str] = DESCRIBED_FACETS) -> tuple[int, dict[Term, int]]:
    """How many entries the index holds, and how many carry each term of these facets
    (a pass over the facet table: for a background job)."""
    names = list(facets)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM search_entry WHERE kind NOT IN ({_excluded})",
            list(EXCLUDED_KINDS),
        )
        total = int(cursor.fetchone()[0])
        cursor.execute(
            f"SELECT facet, code, count(*) FROM search_facet WHERE facet IN"
            f" ({_placeholders(len(names))}) GROUP BY facet, code",
            names,
        )
        return total, {(facet, code): int(count) for facet, code, count in cursor.fetchall()}


def idf(total: int, frequency: int) -> float:
    """How rare a term is in an index of ``total`` entries (0 for a term every entry has)."""
    return _idf(total, frequency)
