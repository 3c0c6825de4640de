"""Public identifiers: short, random, Crockford base32 with a check character.

Database ids never leave the server. Every public entry carries one of these
instead; it is also the suffix of the entry's DOI. Eight random characters
(40 bits) are followed by one check character. Each character is an element
of the field GF(32) and position i weighs alpha**i (alpha primitive), chosen so
that the weighted sum of all nine is zero: any single mistyped character, and
any swap of two different characters, changes that sum, so every such mistake
is caught. (Luhn mod 32, used before, missed the swap of "0" and "z".)
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford: no i, l, o, u
_INDEX = {char: index for index, char in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"i": "1", "l": "1", "o": "0"})
DATA_LENGTH = 8
LENGTH = DATA_LENGTH + 1


def _gf32_multiply(a: int, b: int) -> int:
    """Multiply in GF(2**5) modulo the primitive polynomial x**5 + x**2 + 1."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return product


def _weights(count: int) -> list[int]:
    weights = [1]
    for _ in range(count - 1):
        weights.append(_gf32_multiply(weights[-1], 2))  # 2 is x, a primitive element
    return weights


_WEIGHTS = _weights(DATA_LENGTH + 1)
_LAST_INVERSE = next(v for v in range(1, 32) if _gf32_multiply(v, _WEIGHTS[-1]) == 1)


def _check_char(data: str) -> str:
    total = 0
    for weight, char in zip(_WEIGHTS, data, strict=False):
        total ^= _gf32_multiply(weight, _INDEX[char])
    return ALPHABET[_gf32_multiply(total, _LAST_INVERSE)]


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
