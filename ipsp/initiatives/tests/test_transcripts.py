# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import pytest

from ipsp.initiatives.transcripts import TranscriptError, transcript_from_file


def test_a_webvtt_file_becomes_plain_text_without_tags_notes_or_repeats() -> None:
    content = (
        "\ufeffWEBVTT - interview\n\nNOTE recorded in Dhaka\n\n"
        "intro\n00:00:01.000 --> 00:00:03.500 align:start\n<v Rahima>আমরা শুরু করেছি</v>\n\n"
        "00:03.500 --> 00:00:05.000\n<i>We started</i> &amp; grew.\n\n"
        "00:00:05.000 --> 00:00:06.000\n<i>We started</i> &amp; grew.\n"
    ).encode()
    assert transcript_from_file(content, "talk.vtt") == "আমরা শুরু করেছি\nWe started & grew."


def test_an_srt_file_becomes_plain_text() -> None:
    content = (
        b"1\r\n00:00:01,000 --> 00:00:02,000\r\n{\\an8}Karibu\r\n\r\n"
        b"2\r\n00:00:02,000 --> 00:00:04,000\r\nWelcome\r\n"
    )
    assert transcript_from_file(content, "talk.SRT") == "Karibu\nWelcome"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"1\n00:00:04,000 --> 00:00:01,000\nBackwards\n", "a.srt", "ends before it starts"),
        (b"1\nHello without timing\n", "a.srt", "without its timing line"),
        (b"WEBVTT\n", "a.vtt", "no caption text"),
        (b"   \n", "a.vtt", "empty"),
        (b"\xff\xfe\xfa", "a.vtt", "UTF-8"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n", "a.doc", "Only WebVTT"),
    ],
)
def test_malformed_caption_files_are_refused_with_a_reason(
    content: bytes, name: str, message: str
) -> None:
    with pytest.raises(TranscriptError, match=message):
        transcript_from_file(content, name)
