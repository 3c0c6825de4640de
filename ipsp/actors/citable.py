"""What an actor hands the identifiers package: a citable record of its public page.

Actors get no DOI (the issue does not ask for one); their page is citable by its
address, which never changes (a merged entry's address redirects to the one that stays).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from ipsp.actors.public import PublicActor
from ipsp.core.markdown import to_plain_text
from ipsp.identifiers.display import CiteBox, cite_box
from ipsp.identifiers.records import CitableRecord, Creator, GeoLocation, Subject

KIND = "actor"


def citable_record(public: PublicActor, landing_url: str) -> CitableRecord:
    """The actor's public view as a citable record (public fields only)."""
    published = public.published_at or timezone.now()
    updated = public.updated_at or published
    return CitableRecord(
        kind=KIND,
        public_id=public.public_id,
        title=public.name,
        landing_url=landing_url,
        publication_date=published.date(),
        creators=(Creator(name=public.name, kind="organizational"),),
        language=public.language or "en",
        summary=to_plain_text(public.problems),
        subjects=tuple(
            Subject(label=term.label, scheme="IPSP transversal themes", code=term.code)
            for term in public.themes
        ),
        geo_locations=tuple(GeoLocation(place=term.label) for term in public.countries),
        created=published.date(),
        updated=updated.date(),
        resource_type="Organisation profile",
    )


def actor_citation(public: PublicActor, landing_url: str) -> CiteBox:
    """APA and Chicago references of the page (no DOI, no downloads)."""
    return cite_box(citable_record(public, landing_url), None, {}, language=get_language())
