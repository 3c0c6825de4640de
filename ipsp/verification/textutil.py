"""Text helpers shared by the rules and the classifier: scripts, words, links, tokens.

Tokenisation works for every script: words for scripts written with spaces,
character bigrams for scripts written without (Chinese, Japanese, Thai, Lao,
Khmer, Myanmar, Tibetan), so one classifier design serves every language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

NO_SPACE_SCRIPTS = frozenset(
    {"CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"}
)

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'\uff0c\u3002\u3001]+", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
BARE_DOMAIN_RE = re.compile(
    r"\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|net|info|biz|xyz|top|shop|online|site|club|click|"
    r"store|live|win|loan|vip|icu|buzz|ru|cn)\b",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


@functools.lru_cache(maxsize=8192)
def script_of(char: str) -> str:
    """The script of a letter, from its Unicode name ('LATIN', 'CYRILLIC', 'CJK'...)."""
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    if not name:
        return ""
    first = name.split(" ", 1)[0]
    if first in {"CJK", "HIRAGANA", "KATAKANA"}:
        return first
    if first == "HANGUL":
        return "HANGUL"
    return first


def words(text: str) -> list[str]:
    """Runs of letters, marks and digits. Unlike the regex \\w, this keeps the vowel signs
    of Devanagari, Bengali or Thai (combining marks) inside their word."""
    found: list[str] = []
    current: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def normalise_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def find_links(text: str) -> list[str]:
    """Links written in a text: full URLs and bare domains on spam-prone endings."""
    links = URL_RE.findall(text)
    rest = URL_RE.sub(" ", text)
    rest = EMAIL_RE.sub(" ", rest)
    links.extend(BARE_DOMAIN_RE.findall(rest))
    return links


def domain_of(link: str) -> str:
    link = link.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", link, re.IGNORECASE):
        link = "http://" + link
    try:
        host = urlsplit(link).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def split_runs(word: str) -> list[tuple[bool, str]]:
    """Split a word into (written_without_spaces, segment) pieces."""
    runs: list[tuple[bool, str]] = []
    for char in word:
        script = script_of(char)
        # vowel signs and other marks (no script of their own) stay with their letter
        nospace = runs[-1][0] if not script and runs else script in NO_SPACE_SCRIPTS
        if runs and runs[-1][0] == nospace:
            runs[-1] = (nospace, runs[-1][1] + char)
        else:
            runs.append((nospace, char))
    return runs


def word_count(text: str) -> int:
    """Words of spaced scripts, plus one word per two characters of unspaced ones."""
    total = 0
    for word in words(text):
        for nospace, segment in split_runs(word):
            total += max(1, len(segment) // 2) if nospace else 1
    return total


def tokens(text: str) -> list[str]:
    """Classifier features: words, character bigrams, link domains and a few markers."""
    text = normalise_text(text)
    found: list[str] = []
    for link in URL_RE.findall(text):
        found.append("__link")
        domain = domain_of(link)
        if domain:
            found.append("__domain:" + domain)
    text = URL_RE.sub(" ", text)
    if EMAIL_RE.search(text):
        found.append("__email")
        text = EMAIL_RE.sub(" ", text)
    if PHONE_RE.search(text):
        found.append("__phone")
    for word in words(text):
        for nospace, segment in split_runs(word):
            if segment.isdigit():
                found.append("__number")
            elif nospace:
                if len(segment) == 1:
                    found.append(segment)
                found.extend(segment[i : i + 2] for i in range(len(segment) - 1))
            elif len(segment) > 1:
                found.append(segment)
                # letter pairs inside words: unusual ones betray random strings
                padded = f"^{segment}$"
                found.extend("~" + padded[i : i + 2] for i in range(len(padded) - 1))
    return found
