"""Groups of textually close entries, for topic pages (the job's second way of grouping).

Entries that do not share enough taxonomy terms may still be about the same thing:
"tenants", "cooperative", "rent" in several descriptions. The job finds them so:

1. **Vectors** — two passes over the indexed text of every published entry (titles
   count three times; texts cut at ``MAX_CHARS``), read in batches from the index
   (``ipsp.search.queries.indexed_texts``). Words are those of the index (letters,
   digits and marks; Chinese and Japanese as character bigrams), case folded, three
   letters or more, common function words left out. The first pass counts in how many
   entries each word is (document frequency); the second gives each entry a TF-IDF
   vector, ``(1 + log tf) * log(N / df)``, of its ``VECTOR_WORDS`` heaviest words found
   in at least two entries and at most ``df_cap`` (a word in most entries says nothing),
   normalised to length 1.
2. **Closeness** — the cosine of two vectors. Pairs are found through the words the
   vectors share (an inverted index); words in the vectors of more than
   ``POSTING_CAP`` entries are too common to propose pairs, but still count in the
   cosine. Pairs at or over the secretariat's threshold
   (``PortalSettings.topic_text_similarity``) are the edges of a graph.
3. **Groups** — greedy "stars": the entry with the most close neighbours not yet in a
   group, with those neighbours (every member is close to that centre), as long as a
   star holds the secretariat's minimum number of entries. The closest groups (mean
   cosine to the centre) come first, so the proposals per run go to them.
4. **Key words** — the words in the vectors of at least half the members, the rarest
   first (up to ``KEY_WORDS``; at least two, or the group is dropped). They define the
   page from then on: its entries are those whose indexed text holds at least
   ``min_words(len(key words))`` of them (``ipsp.search.queries.entries_with_words``),
   so a page follows its entries as they change without re-running the whole job, and
   the page says why its entries are together ("close in wording: …").

Everything is plain Python over the index: about ``bench/topics.py``'s figures for
100,000 entries (see docs/topics.md), run nightly with the other topic work.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ipsp.search.queries import IndexedText, indexed_texts
from ipsp.search.related import STOPWORDS
from ipsp.search.text import CJK_RUN, cjk_bigrams

MAX_CHARS = 8_000  # of each entry's text (~1,200 words): the start of a description says most
TITLE_WEIGHT = 3
MIN_WORD_CHARS = 3
MAX_WORD_CHARS = 40
VECTOR_WORDS = 12
POSTING_CAP = 400
KEY_WORDS = 6
KEY_SHARE = 0.5  # a key word is in the vectors of at least this share of the members
COMMON_SHARE = 0.05  # a word in more than this share of the entries is too common

# Frequent short words (three letters) of the main Latin-script languages.
_SHORT_STOPWORD_TEXT = """
    the and for are was but not you all any can had her his its our out who how why yet
    les des une est pas par sur aux ces ses qui que mes nos vos
    los las del con por una son sus les que ser
    das der die und mit von den dem ein für ist
    uma dos das nas nos com por são
"""
_SHORT_STOPWORDS = frozenset(_SHORT_STOPWORD_TEXT.split())
STOP = STOPWORDS | _SHORT_STOPWORDS


# Marks of the Basic Multilingual Plane only: a class within it is a bitmap for the regular
# expression engine (as fast as ``\\w+``); marks beyond it belong to historic scripts.
BMP_END = 0xFFFF


@functools.cache
def _word_pattern() -> re.Pattern[str]:
    """Runs of letters, digits, combining marks and private-use characters (as the index
    tokenizer reads words), built once: ``\\w`` lacks the marks Indic scripts need. One
    character class (with "_", taken out of the text first), which the engine scans fast."""
    extra: list[str] = []
    start = None
    for code in range(BMP_END + 1):
        char = chr(code)
        category = unicodedata.category(char)
        wanted = (category[0] == "M" or category == "Co") and not ("\ue000" <= char <= "\ue001")
        if wanted and start is None:
            start = code
        elif not wanted and start is not None:
            extra.append(_range(start, code - 1))
            start = None
    if start is not None:
        extra.append(_range(start, BMP_END))
    return re.compile(r"[\w" + "".join(extra) + "]+")


def _range(first: int, last: int) -> str:
    return re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")


def tokens(text: str) -> list[str]:
    """The words of a text worth comparing: folded, not too short, not function words;
    Chinese and Japanese runs as character bigrams (as the index holds them)."""
    folded = text.casefold().replace("_", " ")
    found = _word_pattern().findall(folded)
    bigrams: list[str] = []
    if CJK_RUN.search(folded) is not None:
        split: list[str] = []
        for word in found:
            if CJK_RUN.search(word) is None:
                split.append(word)
                continue
            split += CJK_RUN.split(word)
            for run in CJK_RUN.findall(word):
                if len(run) >= 2:
                    bigrams += cjk_bigrams(run)
        found = split
    kept = [
        word
        for word in found
        if MIN_WORD_CHARS <= len(word) <= MAX_WORD_CHARS and word not in STOP and not word.isdigit()
    ]
    return kept + bigrams


def entry_words(entry: IndexedText) -> Counter[str]:
    counts: Counter[str] = Counter(tokens(entry.body))
    for word in tokens(entry.title):
        counts[word] += TITLE_WEIGHT
    return counts


def _entry_word_set(entry: IndexedText) -> set[str]:
    return set(tokens(entry.body)).union(tokens(entry.title))


def min_words(key_words: int) -> int:
    """How many of a group's key words an entry's text must hold to belong to it."""
    return min(key_words, max(2, math.ceil(key_words / 2)))


@dataclass(frozen=True)
class TextGroup:
    """Entries close in wording, and the words they share, most distinctive first."""

    members: tuple[tuple[str, str], ...]  # (kind, public_id), the centre first
    key_words: tuple[str, ...]
    closeness: float = 0.0  # mean cosine of the members to the centre


@dataclass
class _Vectors:
    keys: list[tuple[str, str]]
    words: list[tuple[int, ...]]
    weights: list[tuple[float, ...]]
    vocabulary: list[str]
    idf: list[float]


def _vectors(
    texts: Callable[[], Iterable[IndexedText]],
    *,
    df_floor: int,
    progress: Callable[[str], None] | None,
) -> _Vectors:
    frequency: Counter[str] = Counter()
    by_language: dict[str, Counter[str]] = {}
    sizes: Counter[str] = Counter()
    for entry in texts():
        found = _entry_word_set(entry)
        frequency.update(found)
        by_language.setdefault(entry.language, Counter()).update(found)
        sizes[entry.language] += 1
    total = sum(sizes.values())
    if progress:
        progress(f"text: {total} entries, {len(frequency)} words")
    # too common: in more than 5 % of all entries, or of the entries of one language
    # (function words of a language few entries are written in)
    common: set[str] = set()
    for language, counts in by_language.items():
        cap = _df_cap(sizes[language], df_floor)
        common.update(word for word, count in counts.items() if count > cap)
    del by_language
    df_cap = _df_cap(total, df_floor)
    ids: dict[str, int] = {}
    vocabulary: list[str] = []
    idf: list[float] = []
    for word, count in frequency.items():
        if 2 <= count <= df_cap and word not in common:
            ids[word] = len(vocabulary)
            vocabulary.append(word)
            idf.append(math.log((total + 1) / count))
    del frequency
    keys: list[tuple[str, str]] = []
    words: list[tuple[int, ...]] = []
    weights: list[tuple[float, ...]] = []
    for entry in texts():
        scored = []
        for word, count in entry_words(entry).items():
            word_id = ids.get(word)
            if word_id is not None:
                scored.append(((1 + math.log(count)) * idf[word_id], word_id))
        scored.sort(reverse=True)
        scored = scored[:VECTOR_WORDS]
        norm = math.sqrt(sum(weight * weight for weight, _id in scored)) or 1.0
        keys.append((entry.kind, entry.public_id))
        words.append(tuple(word_id for _weight, word_id in scored))
        weights.append(tuple(weight / norm for weight, _id in scored))
    return _Vectors(keys=keys, words=words, weights=weights, vocabulary=vocabulary, idf=idf)


def _df_cap(entries: int, floor: int) -> int:
    """The most entries (of ``entries``) a word may be in and still tell them apart."""
    return min(max(floor, int(entries * COMMON_SHARE)), max(2, entries // 2))


def _close_pairs(vectors: _Vectors, threshold: float) -> dict[int, dict[int, float]]:
    """Entries' neighbours at cosine >= ``threshold`` (both directions)."""
    postings: dict[int, list[int]] = {}
    for index, word_ids in enumerate(vectors.words):
        for word_id in word_ids:
            postings.setdefault(word_id, []).append(index)
    short = {word_id for word_id, docs in postings.items() if len(docs) <= POSTING_CAP}
    neighbours: dict[int, dict[int, float]] = {}
    words, weights = vectors.words, vectors.weights
    for index, word_ids in enumerate(words):
        partial: dict[int, float] = {}
        own = dict(zip(word_ids, weights[index], strict=True))
        for word_id, weight in own.items():
            if word_id not in short:
                continue
            for other in postings[word_id]:
                if other > index:
                    other_weight = weights[other][words[other].index(word_id)]
                    partial[other] = partial.get(other, 0.0) + weight * other_weight
        for other, score in partial.items():
            if score < threshold / 2:
                continue
            # add what the common words (not used to find pairs) contribute
            for word_id, other_weight in zip(words[other], weights[other], strict=True):
                if word_id not in short and word_id in own:
                    score += own[word_id] * other_weight
            if score >= threshold:
                neighbours.setdefault(index, {})[other] = score
                neighbours.setdefault(other, {})[index] = score
    return neighbours


def text_groups(
    *,
    threshold: float,
    min_size: int,
    max_size: int,
    texts: Callable[[], Iterable[IndexedText]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[TextGroup]:
    """Groups of at least ``min_size`` entries close in wording, the closest first."""
    source = texts or (lambda: indexed_texts(max_chars=MAX_CHARS))
    vectors = _vectors(source, df_floor=max_size, progress=progress)
    neighbours = _close_pairs(vectors, threshold)
    if progress:
        edges = sum(len(found) for found in neighbours.values()) // 2
        progress(f"text: {edges} close pairs")
    grouped: set[int] = set()
    groups: list[TextGroup] = []
    order = sorted(neighbours, key=lambda index: (-len(neighbours[index]), index))
    for centre in order:
        if centre in grouped:
            continue
        free = [
            (score, other) for other, score in neighbours[centre].items() if other not in grouped
        ]
        if len(free) + 1 < min_size:
            continue
        free.sort(reverse=True)
        free = free[: max_size - 1]
        members = [centre] + [other for _score, other in free]
        grouped.update(members)
        key_words = _key_words(vectors, members)
        if len(key_words) < 2:
            continue
        groups.append(
            TextGroup(
                members=tuple(vectors.keys[index] for index in members),
                key_words=tuple(key_words),
                closeness=sum(score for score, _other in free) / len(free),
            )
        )
    # the closest groups first: those the proposals per run go to
    groups.sort(key=lambda group: (-group.closeness, -len(group.members), group.key_words))
    return groups


def _key_words(vectors: _Vectors, members: list[int]) -> list[str]:
    carried: Counter[int] = Counter()
    for index in members:
        carried.update(vectors.words[index])
    needed = max(2, math.ceil(len(members) * KEY_SHARE))
    shared = [word_id for word_id, count in carried.items() if count >= needed]
    shared.sort(key=lambda word_id: (-carried[word_id] * vectors.idf[word_id], word_id))
    return [vectors.vocabulary[word_id] for word_id in shared[:KEY_WORDS]]


def distinctive_words(
    texts: Iterable[IndexedText], *, exclude: Iterable[str] = (), per_entry: int = 3
) -> dict[tuple[str, str], list[str]]:
    """Per entry of a group, its words that few other members use (most telling first):
    what sets it apart within the group."""
    counted = [(entry, entry_words(entry)) for entry in texts]
    size = len(counted)
    if size < 2:
        return {}
    left_out = set(exclude)
    frequency: Counter[str] = Counter()
    for _entry, counts in counted:
        frequency.update(counts.keys())
    limit = max(1, size // 4)
    found: dict[tuple[str, str], list[str]] = {}
    for entry, counts in counted:
        scored = sorted(
            (
                (-(1 + math.log(count)) * math.log((size + 1) / frequency[word]), word)
                for word, count in counts.items()
                if frequency[word] <= limit and word not in left_out and count >= 2
            ),
        )
        found[(entry.kind, entry.public_id)] = [word for _score, word in scored[:per_entry]]
    return found
