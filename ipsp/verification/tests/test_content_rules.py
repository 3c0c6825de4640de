from __future__ import annotations

import pytest

from ipsp.verification.models import BlockedDomain, BlockedWord
from ipsp.verification.services import level1_check
from ipsp.verification.tests.helpers import LEGITIMATE_TEXT, make_submission, make_token_id

pytestmark = pytest.mark.django_db


def _codes(outcome: object) -> dict[str, float]:
    return {s.code: s.score for s in outcome.signals}  # type: ignore[attr-defined]


def test_a_plain_description_has_no_suspicious_signal() -> None:
    outcome = level1_check(make_submission())

    assert outcome.passed
    assert [s.code for s in outcome.signals] == ["new_token"]


def test_many_links_per_hundred_words_add_to_the_score() -> None:
    links = " ".join(f"https://shop{i}.example/buy" for i in range(6))
    outcome = level1_check(make_submission(texts=(f"Great offers here {links} buy now",)))

    assert _codes(outcome)["link_density"] > 0
    assert outcome.decision != "pass"


def test_one_website_link_in_a_long_description_is_free() -> None:
    text = LEGITIMATE_TEXT + " More at https://www.kisumu-water.org"
    outcome = level1_check(make_submission(texts=(text,)))

    assert "link_density" not in _codes(outcome)


def test_a_blocked_domain_counts_for_its_subdomains_too() -> None:
    BlockedDomain.objects.create(domain="WWW.Pills.example", weight=7)
    text = LEGITIMATE_TEXT + " See http://cheap.pills.example/x"

    outcome = level1_check(make_submission(texts=(text,)))

    assert _codes(outcome)["blocked_domain"] == 7
    assert outcome.held


def test_blocked_words_match_whole_words_in_their_language_only() -> None:
    BlockedWord.objects.create(word="Casino", weight=5)
    BlockedWord.objects.create(word="pharmacie", language="fr", weight=5)

    hit = level1_check(make_submission(public_id="A", texts=("Best casino bonus today",)))
    inside_word = level1_check(make_submission(public_id="B", texts=("Casinos are not words",)))
    other_language = level1_check(make_submission(public_id="C", texts=("pharmacie online",)))

    assert _codes(hit)["blocked_word"] == 5
    assert "blocked_word" not in _codes(inside_word)
    assert "blocked_word" not in _codes(other_language)


def test_blocked_words_in_chinese_match_inside_the_text() -> None:
    BlockedWord.objects.create(word="博彩", language="zh", weight=5)

    outcome = level1_check(
        make_submission(language="zh-hans", title="体育博彩优惠", texts=("点击这里",))
    )

    assert _codes(outcome)["blocked_word"] == 5


def test_words_mixing_latin_and_cyrillic_letters_are_flagged_as_homoglyphs() -> None:
    # "paypal" whose first two letters are Cyrillic look-alikes
    outcome = level1_check(make_submission(texts=("Verify your \u0440\u0430ypal account now",)))

    assert _codes(outcome)["mixed_script"] == 3
    assert "\u0440\u0430ypal" in next(s.detail for s in outcome.signals if s.code == "mixed_script")


def test_russian_or_english_text_alone_is_not_mixed() -> None:
    outcome = level1_check(make_submission(texts=("Доступ к чистой воде для Kisumu",)))

    assert "mixed_script" not in _codes(outcome)


def test_a_line_pasted_over_and_over_is_repeated_text() -> None:
    outcome = level1_check(make_submission(texts=("BUY CHEAP WATCHES NOW!!! " * 30,)))

    assert _codes(outcome)["repeated_text"] == 6


def test_the_same_text_sent_for_other_entries_is_a_copy_paste_flood() -> None:
    for i in range(3):
        level1_check(make_submission(public_id=f"COPY{i}"))

    fourth = level1_check(make_submission(public_id="COPY3"))
    resent = level1_check(make_submission(public_id="COPY3"))

    assert _codes(fourth)["repeated_elsewhere"] == 9
    assert fourth.decision != "pass"
    # an edit of the same entry does not count as a copy of itself
    assert _codes(resent)["repeated_elsewhere"] == 9


def test_random_letter_strings_are_gibberish() -> None:
    outcome = level1_check(
        make_submission(title="xkcdqwrt", texts=("aXbTgHkLmN qwrtzpl sdfghjk zxcvbnm",))
    )

    assert _codes(outcome)["gibberish"] == 6


def test_a_new_token_adds_a_little_and_a_known_good_token_takes_off() -> None:
    token_id = make_token_id()
    new = level1_check(make_submission(public_id="A", token_id=None))
    known = level1_check(make_submission(public_id="B", token_id=token_id, token_known_good=True))
    returning = level1_check(make_submission(public_id="C", token_id=token_id))

    assert _codes(new)["new_token"] == 1
    assert _codes(known)["known_good_token"] == -4
    assert "new_token" not in _codes(returning)


def test_scores_add_up() -> None:
    BlockedDomain.objects.create(domain="pills.example", weight=6)
    outcome = level1_check(
        make_submission(texts=("Buy at https://pills.example and https://pills.example/x",))
    )

    assert outcome.score == pytest.approx(sum(s.score for s in outcome.signals), abs=0.01)
    assert outcome.is_spam
