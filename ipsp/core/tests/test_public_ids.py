"""Public identifiers: what a person reads, types, pastes or mistypes."""

from __future__ import annotations

import random

import pytest

from ipsp.core import publicid
from ipsp.core.publicid import ALPHABET, LENGTH


def sample_ids(count: int) -> list[str]:
    return [publicid.generate() for _ in range(count)]


def test_a_new_id_is_nine_crockford_characters_and_valid() -> None:
    for value in sample_ids(200):
        assert len(value) == LENGTH == 9
        assert set(value) <= set(ALPHABET)
        assert publicid.is_valid(value)
        assert publicid.normalise(value) == value


def test_new_ids_do_not_repeat() -> None:
    values = sample_ids(5000)
    assert len(set(values)) == len(values)


def test_ids_never_contain_the_letters_that_look_like_digits_or_spell_words() -> None:
    for value in sample_ids(500):
        assert not set(value) & set("ilou")


def test_a_typed_id_is_normalised_from_capitals_dashes_spaces_and_look_alike_letters() -> None:
    value = publicid.generate()
    assert publicid.normalise(value.upper()) == value
    assert publicid.normalise(f"  {value[:4]}-{value[4:]}  ") == value
    assert publicid.normalise("-".join(value)) == value
    typed = value.replace("1", "l").replace("0", "O")
    assert publicid.normalise(typed) == value
    typed_i = value.replace("1", "I")
    assert publicid.normalise(typed_i) == value


@pytest.mark.parametrize(
    "value", ["", "abc", "0123456789", "abcdefgh", "abcdefgh!", "abcdefghu", "ü" * 9]
)
def test_malformed_ids_are_refused(value: str) -> None:
    assert publicid.normalise(value) is None
    assert not publicid.is_valid(value)


def test_a_non_canonical_spelling_is_not_itself_a_valid_id() -> None:
    value = publicid.generate()
    assert not publicid.is_valid(value.upper() if value.upper() != value else value + "-")


def some_ids() -> list[str]:
    rng = random.Random(20240601)
    ids = []
    for _ in range(40):
        data = "".join(rng.choice(ALPHABET) for _ in range(LENGTH - 1))
        ids.append(data + publicid._check_char(data))
    # Corner cases: the first and last symbols (Luhn mod 32 missed their swap), the alphabet.
    for data in ["0" * 8, "z" * 8, "0z0z0z0z", "z0z0z0z0", ALPHABET[:8], ALPHABET[-8:]]:
        ids.append(data + publicid._check_char(data))
    return ids


@pytest.mark.parametrize("value", some_ids())
def test_every_single_character_mistake_is_caught(value: str) -> None:
    for position in range(LENGTH):
        for char in ALPHABET:
            if char == value[position]:
                continue
            mistyped = value[:position] + char + value[position + 1 :]
            assert publicid.normalise(mistyped) is None, (value, mistyped)


@pytest.mark.parametrize("value", some_ids())
def test_every_swap_of_two_neighbours_is_caught(value: str) -> None:
    for position in range(LENGTH - 1):
        a, b = value[position], value[position + 1]
        if a == b:
            continue
        swapped = value[:position] + b + a + value[position + 2 :]
        assert publicid.normalise(swapped) is None, (value, swapped)
