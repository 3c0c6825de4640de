# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import pytest

from ipsp.core.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Des kiosques solaires vendent de l'eau potable au prix coûtant.", "fr"),
        ("Vibanda vya maji safi vinauza maji kwa bei nafuu kwa jamii.", "sw"),
        ("নারীদের দল পরিচালিত সৌর জল কিয়স্ক শহরে বিশুদ্ধ পানি বিক্রি করে", "bn"),
        ("社区水亭以成本价向居民出售清洁的饮用水。", "zh"),
        ("Киоски продают чистую питьевую воду по себестоимости.", "ru"),
    ],
)
def test_the_language_of_a_text_is_detected(text: str, code: str) -> None:
    detected = detect_language(text)
    assert detected is not None and detected.code == code


def test_too_short_a_text_gives_no_language() -> None:
    assert detect_language("Hello") is None
