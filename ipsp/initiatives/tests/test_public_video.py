"""Issue 3: the video is never embedded until the visitor clicks: the page holds a link
(no iframe) and its Content-Security-Policy lets it frame that video platform only."""

from __future__ import annotations

from typing import Any

import pytest

from ipsp.initiatives.embeds import video_embed
from ipsp.initiatives.tests.public_helpers import page_url, publish, visitor


def frame_src(response: Any) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-src"))


@pytest.mark.django_db
def test_the_video_is_a_link_until_clicked_and_only_its_platform_may_be_framed(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(
        contributor.user, terms, video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )

    response = visitor().get(page_url(initiative))
    html = response.content.decode()

    assert "<iframe" not in html
    assert "Play video (loads content from YouTube)" in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "/static/initiatives/video.js" in html
    assert frame_src(response) == "frame-src https://www.youtube-nocookie.com"
    assert "youtube" not in response["Content-Security-Policy"].replace(frame_src(response), "")


@pytest.mark.django_db
def test_a_page_without_video_frames_nothing(contributor: Any, terms: Any) -> None:
    initiative = publish(contributor.user, terms)

    response = visitor().get(page_url(initiative))

    assert frame_src(response) == "frame-src 'none'"
    assert "video.js" not in response.content.decode()


@pytest.mark.django_db
def test_a_platform_that_cannot_be_embedded_stays_a_plain_link(
    contributor: Any, terms: Any
) -> None:
    initiative = publish(
        contributor.user, terms, video_url="https://www.tiktok.com/@ngo/video/7234567890"
    )

    response = visitor().get(page_url(initiative))

    assert "Watch the video on TikTok" in response.content.decode()
    assert frame_src(response) == "frame-src 'none'"


@pytest.mark.django_db
def test_the_transcript_is_collapsed_under_the_video(contributor: Any, terms: Any) -> None:
    initiative = publish(
        contributor.user,
        terms,
        video_url="https://vimeo.com/76979871",
        transcript_text="Welcome to the kiosk.",
    )

    html = visitor().get(page_url(initiative)).content.decode()

    assert '<details class="transcript">' in html
    assert "Welcome to the kiosk." in html


@pytest.mark.parametrize(
    ("url", "platform", "embed"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?v=<script>", "YouTube", ""),
        ("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://www.dailymotion.com/video/x7tgad0", "Dailymotion", "https://www.dailymotion.com/embed/video/x7tgad0"),
        ("https://dai.ly/x7tgad0", "Dailymotion", "https://www.dailymotion.com/embed/video/x7tgad0"),
        ("https://www.bilibili.com/video/BV1xx411c7mD", "Bilibili", "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&autoplay=0"),
        ("https://archive.org/details/some_film", "Internet Archive", "https://archive.org/embed/some_film"),
        ("https://www.ted.com/talks/some_talk", "TED", "https://embed.ted.com/talks/some_talk"),
        ("https://www.facebook.com/watch/?v=1", "Facebook", ""),
        ("https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ", "evil.example", ""),
    ],
)  # fmt: skip
def test_video_links_are_recognised_and_embedded_only_from_known_players(
    url: str, platform: str, embed: str
) -> None:
    found = video_embed(url)

    assert found is not None
    assert (found.platform, found.embed_url) == (platform, embed)


def test_no_link_and_other_schemes_give_no_video() -> None:
    assert video_embed("") is None
    assert video_embed("javascript:alert(1)") is None
