"""Published initiatives are in the sitemap in every language, linked by hreflang, with
the date of their last version; drafts and withdrawn initiatives are not."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache

from ipsp.initiatives import services
from ipsp.initiatives.tests.conftest import make_initiative
from ipsp.initiatives.tests.public_helpers import publish, publisher, visitor

pytestmark = pytest.mark.django_db


def test_published_initiatives_are_listed_in_every_language_with_their_last_change(
    contributor: Any, terms: Any
) -> None:
    published = publish(contributor.user, terms)
    draft = make_initiative(contributor.user, terms, state="draft")
    withdrawn = services.initiative_withdraw(
        initiative=publish(contributor.user, terms), by=publisher(), reason="Asked by the holders."
    )

    cache.clear()  # the sitemap view is cached for a quarter of an hour
    xml = visitor().get("/sitemap-initiatives.xml").content.decode()

    for code, _name in settings.LANGUAGES:
        assert f"/{code}/initiatives/{published.public_id}/</loc>" in xml
        assert (
            f'hreflang="{code}" href="http://testserver/{code}/initiatives/{published.public_id}/"'
            in xml
        )
    assert published.published_at is not None
    assert f"<lastmod>{published.published_at.date().isoformat()}</lastmod>" in xml
    assert draft.public_id not in xml
    assert withdrawn.public_id not in xml
