"""Text handling shared by the query parser and both backends.

Words are runs of letters, digits, combining marks and private-use characters
(Unicode categories L*, N*, M*, Co): the same rule as the FTS5 tokenizer of the
index, so Bengali, Hindi and Arabic words keep their vowel signs. Chinese,
Japanese and Korean are written without spaces; their runs are indexed as
overlapping character bigrams (plus the run's last character alone), and a
query run becomes the phrase of its bigrams, which finds it anywhere in a run.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator

from django.utils.safestring import SafeString, mark_safe

# Markers around highlighted words inside snippets, taken from the Unicode
# private use area and removed from every indexed text, so they cannot be typed
# into an entry to forge a highlight.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),  # iteration mark, closing mark, ideographic zero
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x3134F),  # CJK extensions B-G
)


_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")


def is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


def is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def normalise(text: str) -> str:
    """NFC (so "é" typed as e + accent matches "é"), without snippet markers or NUL."""
    text = unicodedata.normalize("NFC", text)
    return text.replace(MARK_OPEN, " ").replace(MARK_CLOSE, " ").replace("\x00", " ")


def words(text: str) -> Iterator[str]:
    """The words of a text, a CJK run being one word, split where the script changes."""
    current: list[str] = []
    current_cjk = False
    for char in text:
        if is_word_char(char) and char not in (MARK_OPEN, MARK_CLOSE):
            cjk = is_cjk(char)
            if current and cjk != current_cjk:
                yield "".join(current)
                current = []
            current.append(char)
            current_cjk = cjk
        elif current:
            yield "".join(current)
            current = []
    if current:
        yield "".join(current)


def word_is_cjk(word: str) -> bool:
    return bool(word) and is_cjk(word[0])


_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])"
    r"(?=[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])"
    r"|(?<=[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])"
    r"(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])"
)


def split_scripts(text: str) -> str:
    """Put a space where a CJK run touches a Latin (or other) word: "AI社会" -> "AI 社会"."""
    return _SCRIPT_BOUNDARY.sub(" ", text)


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a CJK run: 社会进步 -> 社会 会进 进步."""
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def cjk_index_text(texts: Iterable[str]) -> str:
    """What the *_cjk columns hold: each run's bigrams and its last character.

    Every character of a run then starts an indexed token (a bigram, or the
    last character alone), so a one-character query is a prefix search.
    """
    tokens: list[str] = []
    for text in texts:
        for run in CJK_RUN.findall(text):  # a regular expression: indexing must be fast
            if len(run) > 1:
                tokens.extend(cjk_bigrams(run))
            tokens.append(run[-1])
    return " ".join(tokens)


def highlighted(snippet: str) -> SafeString:
    """HTML of a snippet: everything escaped, the marked words in <mark>."""
    escaped = html.escape(snippet, quote=True)
    escaped = escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - built from escaped text and our own tags


def snippet_around(text: str, needles: Iterable[str], *, width: int = 160) -> str:
    """A snippet of ``text`` around the first needle, needles marked (CJK queries).

    The full-text engines cannot highlight a run matched through its bigrams,
    so for queries with CJK words the snippet is cut here from the stored text.
    """
    needles = sorted({n.casefold() for n in needles if n}, key=len, reverse=True)
    folded = text.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß...): match case-sensitively
        folded = text
    positions = [folded.find(n) for n in needles]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - width // 4) if found else 0
    end = min(len(text), start + width)
    window = text[start:end]
    folded_window = folded[start:end]
    out: list[str] = []
    i = 0
    while i < len(window):
        for needle in needles:
            if folded_window.startswith(needle, i):
                out.append(MARK_OPEN + window[i : i + len(needle)] + MARK_CLOSE)
                i += len(needle)
                break
        else:
            out.append(window[i])
            i += 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out).strip() + suffix
