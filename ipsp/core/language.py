"""Detecting the language of an entry's text, offline, with lingua.

The detector knows the interface languages and other languages common among
contributors; it is built once per process on first use (low-accuracy mode:
small models, fast, good enough for paragraphs). Short or ambiguous text gives
no answer: the contributor then chooses.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pycountry
from lingua import Language, LanguageDetector, LanguageDetectorBuilder

MIN_CHARACTERS = 20
MIN_CONFIDENCE = 0.5

LANGUAGES = [
    # the interface languages
    Language.ENGLISH, Language.ARABIC, Language.BENGALI, Language.CHINESE, Language.FRENCH,
    Language.HINDI, Language.JAPANESE, Language.PORTUGUESE, Language.RUSSIAN, Language.SWAHILI,
    Language.SPANISH,
    # other languages contributors often write in
    Language.GERMAN, Language.ITALIAN, Language.DUTCH, Language.TURKISH, Language.PERSIAN,
    Language.URDU, Language.INDONESIAN, Language.MALAY, Language.VIETNAMESE, Language.THAI,
    Language.KOREAN, Language.POLISH, Language.UKRAINIAN, Language.GREEK, Language.HEBREW,
    Language.TAMIL, Language.TELUGU, Language.MARATHI, Language.GUJARATI, Language.PUNJABI,
    Language.TAGALOG, Language.YORUBA, Language.ZULU, Language.XHOSA, Language.SOMALI,
    Language.SHONA, Language.ROMANIAN, Language.CATALAN,
]  # fmt: skip

_lock = threading.Lock()
_detector: LanguageDetector | None = None


@dataclass(frozen=True)
class Detected:
    code: str  # ISO 639-1, e.g. "fr", "sw", "zh"
    confidence: float


def _get_detector() -> LanguageDetector:
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = (
                    LanguageDetectorBuilder.from_languages(*LANGUAGES)
                    .with_low_accuracy_mode()
                    .build()
                )
    return _detector


def detect_language(text: str) -> Detected | None:
    """The language of ``text``, or None when the text is too short or too ambiguous."""
    text = " ".join((text or "").split())
    if len(text) < MIN_CHARACTERS:
        return None
    values = _get_detector().compute_language_confidence_values(text[:5000])
    if not values:
        return None
    best = values[0]
    if best.value < MIN_CONFIDENCE:
        return None
    return Detected(code=best.language.iso_code_639_1.name.lower(), confidence=best.value)


def language_name(code: str) -> str:
    """The name of a language in the active interface language, when Django knows it."""
    from django.conf.locale import LANG_INFO
    from django.utils.translation import gettext

    info = LANG_INFO.get(code)
    if info:
        return str(gettext(info["name"]))
    entry = pycountry.languages.get(alpha_2=code)
    return str(entry.name) if entry else code


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of the languages a contributor may choose, named in the active language."""
    choices = [
        (language.iso_code_639_1.name.lower(), language_name(language.iso_code_639_1.name.lower()))
        for language in LANGUAGES
    ]
    choices.sort(key=lambda pair: pair[1].casefold())
    return choices
