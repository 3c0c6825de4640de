"""Public identifiers: short, random, Crockford base32 with a check character.

Database ids never leave the server. Every public entry carries one of these
instead; it is also the suffix of the entry's DOI. Eight random characters
(40 bits) are followed by one check character computed with the Luhn mod N
algorithm over the same alphabet, which catches every single mistyped
character and every swap of two neighbours (see docs/decisions.md).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford: no i, l, o, u
_INDEX = {char: index for index, char in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"i": "1", "l": "1", "o": "0"})
DATA_LENGTH = 8
LENGTH = DATA_LENGTH + 1


def _check_char(data: str) -> str:
    base = len(ALPHABET)
    factor = 2
    total = 0
    for char in reversed(data):
        addend = factor * _INDEX[char]
        factor = 1 if factor == 2 else 2
        total += addend // base + addend % base
    return ALPHABET[(base - total % base) % base]


def generate() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + _check_char(data)


def normalise(value: str) -> str | None:
    """Return the canonical form of a typed or pasted id, or None if it is not valid."""
    cleaned = value.strip().lower().replace("-", "").translate(_ALIASES)
    if len(cleaned) != LENGTH or any(char not in _INDEX for char in cleaned):
        return None
    if _check_char(cleaned[:-1]) != cleaned[-1]:
        return None
    return cleaned


def is_valid(value: str) -> bool:
    return normalise(value) == value
