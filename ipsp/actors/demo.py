"""Demo actors: organisations with names in eleven languages, most of them published."""

from __future__ import annotations

import random

from django.db import transaction

from ipsp.actors.models import Actor, normalise_name
from ipsp.core.demo import DemoContext

BATCH = 5000


def generate(ctx: DemoContext) -> None:
    from ipsp.initiatives.demo_texts import ORGANISATION_PATTERNS, PLACES

    if Actor.objects.exists():
        ctx.stdout.write("Actors: already there, left as they are.\n")
        return
    count = ctx.count("actors")
    rng = random.Random(f"{ctx.seed}-actors")  # independent of what other packages drew
    seen: set[str] = set()
    batch: list[Actor] = []
    for index in ctx.progress(range(count), total=count, desc="actors"):
        city, _country, _lat, _lon, languages = rng.choice(PLACES)
        language = rng.choice(languages)
        name = rng.choice(ORGANISATION_PATTERNS[language]).format(place=city)
        normalised = normalise_name(name)
        if normalised in seen:  # one entry per organisation, as the services ensure
            name = f"{name} {index + 1}"
            normalised = normalise_name(name)
        seen.add(normalised)
        state = Actor.State.PUBLISHED if rng.random() < 0.85 else Actor.State.DRAFT
        batch.append(Actor(name=name, normalised_name=normalised, state=state))
        if len(batch) >= BATCH:
            _flush(batch)
    _flush(batch)
    ctx.shared["actor_ids"] = list(
        Actor.objects.published().order_by("pk").values_list("pk", flat=True)
    )


def _flush(batch: list[Actor]) -> None:
    if batch:
        with transaction.atomic():
            Actor.objects.bulk_create(batch)
        batch.clear()
