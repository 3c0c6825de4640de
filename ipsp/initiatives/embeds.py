"""Video links on initiative pages: which platform, and how to embed it after a click.

A visitor's browser makes no request to a video platform until they press "Play
video": the page shows a link to the video, which ``static/initiatives/video.js``
turns into an ``<iframe>`` of the embed address on click. The initiative page's
Content-Security-Policy then allows ``frame-src`` for that one platform's embed
origin only (``Embed.frame_origin``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Platform:
    name: str
    hosts: tuple[str, ...]  # the link's host is one of these or a subdomain of one


@dataclass(frozen=True)
class Embed:
    """What the page needs to show a video link and, on click, its player."""

    platform: str  # a display name, e.g. "YouTube"
    url: str  # the link as the contributor gave it
    embed_url: str  # "" when the platform cannot be embedded: the link stays a link

    @property
    def frame_origin(self) -> str:
        if not self.embed_url:
            return ""
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}"


PLATFORMS = (
    Platform("YouTube", ("youtube.com", "youtu.be", "youtube-nocookie.com")),
    Platform("Vimeo", ("vimeo.com",)),
    Platform("Dailymotion", ("dailymotion.com", "dai.ly")),
    Platform("Bilibili", ("bilibili.com", "b23.tv")),
    Platform("Rutube", ("rutube.ru",)),
    Platform("VK Video", ("vk.com", "vkvideo.ru")),
    Platform("Internet Archive", ("archive.org",)),
    Platform("TED", ("ted.com",)),
    Platform("TikTok", ("tiktok.com",)),
    Platform("Facebook", ("facebook.com", "fb.watch")),
    Platform("Instagram", ("instagram.com",)),
    Platform("Twitch", ("twitch.tv",)),
)

# The embed origins the page may ever frame (one per embeddable platform).
FRAME_ORIGINS = {
    "YouTube": "https://www.youtube-nocookie.com",
    "Vimeo": "https://player.vimeo.com",
    "Dailymotion": "https://www.dailymotion.com",
    "Bilibili": "https://player.bilibili.com",
    "Rutube": "https://rutube.ru",
    "Internet Archive": "https://archive.org",
    "TED": "https://embed.ted.com",
}

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_SLUG = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")


def _platform(host: str) -> Platform | None:
    for platform in PLATFORMS:
        if any(host == known or host.endswith("." + known) for known in platform.hosts):
            return platform
    return None


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _youtube(host: str, path: str, query: str) -> str:
    segments = _segments(path)
    video = ""
    if host.endswith("youtu.be") and segments:
        video = segments[0]
    elif segments[:1] == ["watch"]:
        video = (parse_qs(query).get("v") or [""])[0]
    elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
        video = segments[1]
    if not _YOUTUBE_ID.match(video):
        return ""
    return f"{FRAME_ORIGINS['YouTube']}/embed/{video}"


def _vimeo(host: str, path: str) -> str:
    numbers = [segment for segment in _segments(path) if segment.isdigit()]
    if not numbers:
        return ""
    return f"{FRAME_ORIGINS['Vimeo']}/video/{numbers[0]}?dnt=1"


def _dailymotion(host: str, path: str) -> str:
    segments = _segments(path)
    video = ""
    if host.endswith("dai.ly") and segments:
        video = segments[0]
    elif len(segments) >= 2 and segments[0] == "video":
        video = segments[1].split("_")[0]
    if not _SLUG.match(video):
        return ""
    return f"{FRAME_ORIGINS['Dailymotion']}/embed/video/{video}"


def _bilibili(path: str) -> str:
    segments = _segments(path)
    if (
        len(segments) >= 2
        and segments[0] == "video"
        and segments[1].startswith("BV")
        and _SLUG.match(segments[1])
    ):
        return f"{FRAME_ORIGINS['Bilibili']}/player.html?bvid={segments[1]}&autoplay=0"
    return ""


def _rutube(path: str) -> str:
    segments = _segments(path)
    if len(segments) >= 2 and segments[0] == "video" and _SLUG.match(segments[1]):
        return f"{FRAME_ORIGINS['Rutube']}/play/embed/{segments[1]}"
    return ""


def _archive(path: str) -> str:
    segments = _segments(path)
    if len(segments) >= 2 and segments[0] == "details" and _SLUG.match(segments[1]):
        return f"{FRAME_ORIGINS['Internet Archive']}/embed/{quote(segments[1])}"
    return ""


def _ted(path: str) -> str:
    segments = _segments(path)
    if len(segments) >= 2 and segments[0] == "talks" and _SLUG.match(segments[1]):
        return f"{FRAME_ORIGINS['TED']}/talks/{segments[1]}"
    return ""


def video_embed(url: str) -> Embed | None:
    """The platform and player address of a video link; None when there is no link."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower()
    platform = _platform(host)
    if platform is None:
        return Embed(platform=host, url=url, embed_url="")
    builders = {
        "YouTube": lambda: _youtube(host, parts.path, parts.query),
        "Vimeo": lambda: _vimeo(host, parts.path),
        "Dailymotion": lambda: _dailymotion(host, parts.path),
        "Bilibili": lambda: _bilibili(parts.path),
        "Rutube": lambda: _rutube(parts.path),
        "Internet Archive": lambda: _archive(parts.path),
        "TED": lambda: _ted(parts.path),
    }
    build = builders.get(platform.name)
    return Embed(platform=platform.name, url=url, embed_url=build() if build else "")
