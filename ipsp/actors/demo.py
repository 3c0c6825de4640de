"""Demo actors: organisations in eleven languages and every region, of every size and age,
most of them published, some keeping optional fields for the secretariat only.

Written in bulk (a few thousand rows per statement) so that the benchmark size
(20,000 actors) takes seconds; the rows are those the services would write.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ipsp.actors.models import Actor, ActorLink, ActorPlace, match_key, normalise_name
from ipsp.core.demo import DemoContext
from ipsp.taxonomy.models import Term

BATCH = 2000
SIZES = [value for value, _label in Actor.Size.choices]
# Small organisations are the many: weights of the size brackets, smallest first.
SIZE_WEIGHTS = [8, 30, 28, 18, 10, 6]


def _texts(rng: random.Random, language: str, city: str) -> tuple[str, str, str]:
    from ipsp.core.demo_texts import TEXTS

    texts = TEXTS.get(language) or TEXTS["en"]
    topic, long = rng.choice(texts["topics"])  # type: ignore[misc]
    values = {"place": city, "topic": topic, "Topic": topic[:1].upper() + topic[1:], "long": long}
    problems = " ".join(str(s).format(**values) for s in rng.sample(texts["problem"], k=1))
    activities = " ".join(str(s).format(**values) for s in rng.sample(texts["approach"], k=1))
    collaboration = " ".join(str(s).format(**values) for s in rng.sample(texts["replication"], k=1))
    return problems, activities, collaboration


def _acronym(name: str) -> str:
    letters = [word[0] for word in name.split() if word[:1].isalpha() and word[:1].isupper()]
    return "".join(letters)[:8] if len(letters) >= 2 else ""


def generate(ctx: DemoContext) -> None:
    from ipsp.core.demo_texts import ORGANISATION_PATTERNS, PLACES

    if Actor.objects.exists():
        ctx.stdout.write("Actors: already there, left as they are.\n")
        return
    count = ctx.count("actors")
    rng = random.Random(f"{ctx.seed}-actors")  # independent of what other packages drew
    terms = {
        vocabulary: list(Term.objects.active().of(vocabulary).values_list("code", "pk"))
        for vocabulary in ("actor_type", "theme", "country", "region")
    }
    countries = dict(terms["country"])
    now = timezone.now()
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for index in ctx.progress(range(count), total=count, desc="actors"):
        city, country, lat, lon, languages = rng.choice(PLACES)
        language = rng.choice(languages)
        name = rng.choice(ORGANISATION_PATTERNS[language]).format(place=city)
        normalised = normalise_name(name)
        if normalised in seen:  # one entry per organisation, as the services ensure
            name = f"{name} {index + 1}"
            normalised = normalise_name(name)
        seen.add(normalised)
        problems, activities, collaboration = _texts(rng, language, city)
        published = rng.random() < 0.85
        founded = rng.choice([rng.randint(1950, 2010), rng.randint(2011, now.year)])
        restricted = (
            sorted(rng.sample(["size", "founding_year", "partnerships", "links", "places"], k=2))
            if rng.random() < 0.15
            else []
        )
        created = now - datetime.timedelta(days=rng.randint(1, 900))
        actor = Actor(
            name=name,
            normalised_name=normalised,
            match_key=match_key(name),
            public_names=normalise_name(_acronym(name)) if "acronym" not in restricted else "",
            acronym=_acronym(name),
            state=Actor.State.PUBLISHED if published else Actor.State.DRAFT,
            language=language,
            text_language=language,
            problems=problems,
            activities=activities,
            partnerships=rng.choice(["", f"Works with the municipality of {city}."]),
            collaboration=collaboration,
            open_to_collaboration=rng.choice([True, True, False, None]),
            collaboration_offer=rng.choice(["", "Training", "Volunteers", "Data and maps"]),
            collaboration_seek=rng.choice(["", "Funding", "Partners abroad", "Research partners"]),
            staff_size=rng.choices(SIZES, weights=SIZE_WEIGHTS)[0],
            volunteer_size=rng.choices(SIZES, weights=SIZE_WEIGHTS)[0],
            founding_year=founded,
            restricted_fields=restricted,
            published_at=created if published else None,
            last_published_at=created if published else None,
        )
        rows.append(
            {
                "actor": actor,
                "created": created,
                "terms": [
                    pk
                    for pk in (
                        rng.choice(terms["actor_type"])[1] if terms["actor_type"] else None,
                        *(
                            pk
                            for _code, pk in rng.sample(
                                terms["theme"], k=min(2, len(terms["theme"]))
                            )
                        ),
                        countries.get(country),
                    )
                    if pk is not None
                ],
                "collaboration": [
                    pk for _code, pk in rng.sample(terms["region"], k=min(1, len(terms["region"])))
                ],
                "place": (city, country, lat, lon),
                "link": f"https://example.org/{normalised.replace(' ', '-')[:60]}",
            }
        )
        if len(rows) >= BATCH:
            _flush(rows)
    _flush(rows)
    ctx.shared["actor_ids"] = list(
        Actor.objects.published().order_by("pk").values_list("pk", flat=True)
    )


def _flush(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    with transaction.atomic():
        actors = Actor.objects.bulk_create([row["actor"] for row in rows])
        terms_through = Actor.terms.through
        collaboration_through = Actor.collaboration_terms.through
        terms_through.objects.bulk_create(
            terms_through(actor_id=actor.pk, term_id=pk)
            for actor, row in zip(actors, rows, strict=True)
            for pk in dict.fromkeys(row["terms"])
        )
        collaboration_through.objects.bulk_create(
            collaboration_through(actor_id=actor.pk, term_id=pk)
            for actor, row in zip(actors, rows, strict=True)
            for pk in row["collaboration"]
        )
        ActorPlace.objects.bulk_create(
            ActorPlace(
                actor_id=actor.pk,
                name=row["place"][0],
                country_code=row["place"][1],
                latitude=row["place"][2],
                longitude=row["place"][3],
            )
            for actor, row in zip(actors, rows, strict=True)
        )
        ActorLink.objects.bulk_create(
            ActorLink(actor_id=actor.pk, url=row["link"], title="Website")
            for actor, row in zip(actors, rows, strict=True)
        )
        # created_at is set on insert; spread it over the past years like real entries
        # (a published demo actor was published the day it was created).
        Actor.objects.filter(
            pk__in=[actor.pk for actor in actors], published_at__isnull=False
        ).update(created_at=F("published_at"))
    rows.clear()
