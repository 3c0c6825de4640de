"""The query language people know, parsed into a safe structure.

    social economy          both words (in any order)
    "social economy"        the exact phrase
    housing OR shelter      either word (OR binds tighter than the implicit AND)
    -microcredit            without this word (or "-exact phrase")
    cooperat*               words starting with "cooperat"

Any input parses: characters that are not part of words (quotes left open,
FTS or SQL syntax such as ``NEAR(``, ``:``, ``^``, ``'; DROP``, emoji) only
separate words. The backends never see the user's syntax, only the words of a
``ParsedQuery``, which they turn into their own expression with quoted strings
and SQL parameters. Inputs that leave nothing to look for raise ``QueryError``
with a message for the person who typed them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ipsp.search.text import normalise, word_is_cjk, words

MAX_QUERY_CHARS = 500  # longer input is cut (at a space) with a notice
MAX_CLAUSES = 12  # words or phrases that must all match
MAX_ALTERNATIVES = 8  # per OR group
MAX_PHRASE_WORDS = 16
MAX_WORD_CHARS = 64
MIN_PREFIX_CHARS = 2  # "a*" would match most of the index


class QueryError(ValueError):
    """A query with nothing to look for; ``message`` is shown to the visitor (localised)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Phrase:
    """One or more words that must appear in this order (a single word is a phrase of one).

    ``exact``: typed in quotes (no stemming). ``prefix``: the last word is a prefix.
    A phrase never mixes CJK and other words: the parser splits such input.
    """

    words: tuple[str, ...]
    prefix: bool = False
    exact: bool = False

    @property
    def is_cjk(self) -> bool:
        return word_is_cjk(self.words[0])

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """``clauses`` must all match; each clause is a group of alternatives (OR)."""

    clauses: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def phrases(self) -> list[Phrase]:
        return [phrase for clause in self.clauses for phrase in clause]

    @classmethod
    def any_of_words(cls, words: Sequence[str]) -> ParsedQuery:
        """Entries containing any of these words (one clause of alternatives)."""
        return cls(clauses=(tuple(Phrase((word,)) for word in words),))


@dataclass
class _Item:
    phrases: list[Phrase]  # more than one when a chunk mixes scripts (AND of them)
    excluded: bool = False


_OR = object()


def _phrases_from(text: str, *, prefix: bool, exact: bool) -> list[Phrase]:
    """Split into same-script phrases; "e-mail" is the phrase (e mail), as the index sees it."""
    groups: list[list[str]] = []
    for word in words(text):
        word = word[:MAX_WORD_CHARS]
        if groups and word_is_cjk(groups[-1][-1]) == word_is_cjk(word) and not word_is_cjk(word):
            groups[-1].append(word)
        else:
            groups.append([word])
    phrases = []
    for index, group in enumerate(groups):
        group = group[:MAX_PHRASE_WORDS]
        last = index == len(groups) - 1
        wants_prefix = (
            prefix and last and not word_is_cjk(group[-1]) and len(group[-1]) >= MIN_PREFIX_CHARS
        )
        phrases.append(Phrase(tuple(group), prefix=wants_prefix, exact=exact))
    return phrases


def _lex(text: str) -> list[_Item | object]:
    items: list[_Item | object] = []
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        excluded = False
        if char == "-" and i + 1 < length and not text[i + 1].isspace():
            excluded = True
            i += 1
            char = text[i]
        if char in '"“”«»„「」':
            closing = _closing_quote(text, i + 1)
            content = text[i + 1 : closing]
            i = closing + 1
            phrases = _phrases_from(content, prefix=False, exact=True)
            if phrases:
                items.append(_Item(phrases, excluded=excluded))
            continue
        end = i
        while end < length and not text[end].isspace() and text[end] not in '"“”«»„「」':
            end += 1
        chunk = text[i:end]
        i = end
        if not excluded and chunk in {"OR", "|", "||"}:
            items.append(_OR)
            continue
        prefix = chunk.endswith("*")
        phrases = _phrases_from(chunk.rstrip("*"), prefix=prefix, exact=False)
        if phrases:
            items.append(_Item(phrases, excluded=excluded))
    return items


def _closing_quote(text: str, start: int) -> int:
    for index in range(start, len(text)):
        if text[index] in '"“”«»„「」':
            return index
    return len(text)  # an unbalanced quote runs to the end


def parse(raw: str) -> ParsedQuery:
    """Parse what a visitor typed. Empty input gives an empty query (browse everything)."""
    notices: list[str] = []
    text = normalise(raw or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        cut = text.rfind(" ", 0, MAX_QUERY_CHARS)
        text = text[: cut if cut > MAX_QUERY_CHARS // 2 else MAX_QUERY_CHARS]
        notices.append(
            _("Your search was shortened to its first %(count)s characters.")
            % {"count": MAX_QUERY_CHARS}
        )
    if not text:
        return ParsedQuery(notices=tuple(notices))
    items = _lex(text)
    clauses: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    join_next = False
    for index, item in enumerate(items):
        if item is _OR:
            previous_ok = index > 0 and isinstance(items[index - 1], _Item)
            next_ok = index + 1 < len(items) and isinstance(items[index + 1], _Item)
            previous_item = items[index - 1] if previous_ok else None
            next_item = items[index + 1] if next_ok else None
            if (
                isinstance(previous_item, _Item)
                and isinstance(next_item, _Item)
                and not previous_item.excluded
                and not next_item.excluded
                and clauses
            ):
                join_next = True
            else:  # "OR" with nothing on one side is the word "or"
                clauses.append([Phrase(("or",))])
            continue
        assert isinstance(item, _Item)
        if item.excluded:
            excluded.extend(item.phrases)
            continue
        first, *rest = item.phrases
        if join_next and clauses:
            clauses[-1].append(first)
        else:
            clauses.append([first])
        join_next = False
        # a chunk mixing scripts ("AI社会") needs all its parts
        clauses.extend([phrase] for phrase in rest)
    clauses = [_dedupe(clause)[:MAX_ALTERNATIVES] for clause in clauses]
    clauses = _dedupe_clauses(clauses)
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        notices.append(
            ngettext(
                "Only the first %(count)s word or phrase of your search was used.",
                "Only the first %(count)s words or phrases of your search were used.",
                MAX_CLAUSES,
            )
            % {"count": MAX_CLAUSES}
        )
    excluded = _dedupe(excluded)[:MAX_CLAUSES]
    if not clauses:
        if excluded:
            raise QueryError(
                _("Add at least one word to look for: a search cannot only exclude words.")
            )
        raise QueryError(
            _("There is nothing to look for in “%(query)s”: please type words, not only symbols.")
            % {"query": text[:80]}
        )
    return ParsedQuery(
        clauses=tuple(tuple(clause) for clause in clauses),
        excluded=tuple(excluded),
        notices=tuple(notices),
    )


def _dedupe(phrases: list[Phrase]) -> list[Phrase]:
    return list(dict.fromkeys(phrases))


def _dedupe_clauses(clauses: list[list[Phrase]]) -> list[list[Phrase]]:
    seen: set[tuple[Phrase, ...]] = set()
    out = []
    for clause in clauses:
        key = tuple(clause)
        if key not in seen:
            seen.add(key)
            out.append(clause)
    return out
