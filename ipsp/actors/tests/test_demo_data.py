"""The demo actors: varied (languages, regions, sizes, ages, restricted fields), quick."""

from __future__ import annotations

import io

import pytest

from ipsp.actors import demo
from ipsp.actors.models import Actor
from ipsp.core import demo as core_demo

pytestmark = pytest.mark.django_db


def test_demo_actors_are_varied_and_published_for_the_most_part(
    monkeypatch: pytest.MonkeyPatch, taxonomy: None
) -> None:
    monkeypatch.setitem(core_demo.SIZES, "tiny", {"initiatives": 0, "actors": 300})
    ctx = core_demo.DemoContext(size="tiny", seed=5, stdout=io.StringIO(), show_progress=False)
    demo.generate(ctx)
    actors = Actor.objects.all()
    assert actors.count() == 300
    assert actors.filter(state="published").count() > 200
    assert len(set(actors.values_list("language", flat=True))) >= 8
    assert len(set(actors.values_list("staff_size", flat=True))) == len(Actor.Size.values)
    assert actors.exclude(restricted_fields=[]).exists()
    assert actors.filter(founding_year__gte=2020).exists()
    countries = set(actors.values_list("places__country_code", flat=True))
    assert {"KE", "BD", "FR"} <= countries
    first = actors.order_by("pk").first()
    assert first is not None
    assert first.terms.filter(vocabulary__code="country").exists()
    assert len(ctx.shared["actor_ids"]) == actors.filter(state="published").count()  # type: ignore[arg-type]
