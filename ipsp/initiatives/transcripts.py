"""Captions and transcripts: WebVTT and SubRip (SRT) files reduced to plain text.

The text is stored with the initiative so search can find what is said in the
video. Files are size-limited and parsed strictly enough that a file of another
kind, or a broken one, is refused with a message that says what is wrong.
"""

from __future__ import annotations

import html
import re

from django.utils.translation import gettext as _

MAX_BYTES = 512 * 1024
_TIMESTAMP = r"(?:\d{1,3}:)?[0-5]?\d:[0-5]\d[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_TIMESTAMP})\s*-->\s*({_TIMESTAMP})(?:\s+.*)?$")
_TAG = re.compile(r"<[^>]{0,200}>")
_SRT_STYLE = re.compile(r"\{\\[^}]{0,100}\}")


class TranscriptError(ValueError):
    """The file is not a caption file we can read; the message says why."""


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise TranscriptError(
            _("The caption file is too large: at most %(size)s KB.") % {"size": MAX_BYTES // 1024}
        )
    if b"\x00" in content:
        raise TranscriptError(_("This is not a text file. Please upload a .vtt or .srt file."))
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise TranscriptError(
        _("The caption file must be saved as UTF-8 text. Please save it again as UTF-8.")
    )


def _clean_line(line: str) -> str:
    line = _SRT_STYLE.sub("", _TAG.sub("", line))
    return " ".join(html.unescape(line).split())


def _cue_text(lines: list[str], line_number: int) -> list[str]:
    cleaned = [_clean_line(line) for line in lines]
    return [line for line in cleaned if line]


def _check_timing(match: re.Match[str], line_number: int) -> None:
    if _seconds(match.group(2)) < _seconds(match.group(1)):
        raise TranscriptError(
            _("Line %(line)s: the caption ends before it starts.") % {"line": line_number}
        )


def _parse_blocks(text: str) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def parse_webvtt(text: str) -> list[str]:
    blocks = _parse_blocks(text)
    if not blocks or not re.match(r"^WEBVTT(?:[ \t].*)?$", blocks[0][1][0].strip()):
        raise TranscriptError(_("A WebVTT file must begin with the line “WEBVTT”."))
    lines: list[str] = []
    for start, block in blocks[1:]:
        head = block[0].strip()
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        timing_index = 0 if "-->" in head else 1
        if timing_index >= len(block):
            raise TranscriptError(
                _("Line %(line)s: a caption without its timing line.") % {"line": start}
            )
        match = _TIMING.match(block[timing_index])
        if match is None:
            raise TranscriptError(
                _("Line %(line)s: the timing line is not valid (expected “%(example)s”).")
                % {"line": start + timing_index, "example": "00:00:01.000 --> 00:00:04.000"}
            )
        _check_timing(match, start + timing_index)
        lines.extend(_cue_text(block[timing_index + 1 :], start))
    return lines


def parse_srt(text: str) -> list[str]:
    blocks = _parse_blocks(text)
    lines: list[str] = []
    for start, block in blocks:
        timing_index = 1 if block[0].strip().isdigit() else 0
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            raise TranscriptError(
                _("Line %(line)s: a caption without its timing line.") % {"line": start}
            )
        match = _TIMING.match(block[timing_index])
        if match is None:
            raise TranscriptError(
                _("Line %(line)s: the timing line is not valid (expected “%(example)s”).")
                % {"line": start + timing_index, "example": "00:00:01,000 --> 00:00:04,000"}
            )
        _check_timing(match, start + timing_index)
        lines.extend(_cue_text(block[timing_index + 1 :], start))
    return lines


def transcript_from_file(content: bytes, filename: str) -> str:
    """The plain text of a .vtt or .srt file, consecutive repeated lines merged."""
    name = filename.lower()
    if not name.endswith((".vtt", ".srt")):
        raise TranscriptError(_("Only WebVTT (.vtt) and SubRip (.srt) caption files are accepted."))
    text = _decode(content)
    if not text.strip():
        raise TranscriptError(_("The caption file is empty."))
    lines = parse_webvtt(text) if name.endswith(".vtt") else parse_srt(text)
    if not lines:
        raise TranscriptError(_("The caption file contains no caption text."))
    merged: list[str] = []
    for line in lines:
        if not merged or merged[-1] != line:
            merged.append(line)
    return "\n".join(merged)
