"""The public view of an actor: THE one place where restricted fields are left out.

Every output that anyone outside the secretariat can see — the actor's page, its
JSON-LD, the suggestions of the initiative form, the search index, the sitemap,
and later the API, exports and feeds — is built from ``actor_public(actor)``,
never from the model. A field the actor keeps "for the secretariat only" is empty
here, whatever its value in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ipsp.actors.models import Actor, normalise_name
from ipsp.taxonomy.models import Term


@dataclass(frozen=True)
class PublicTerm:
    vocabulary: str
    code: str
    label: str


@dataclass(frozen=True)
class PublicPlace:
    name: str
    country_code: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PublicLink:
    url: str
    title: str


@dataclass(frozen=True)
class PublicActor:
    public_id: str
    name: str
    state: str
    language: str
    other_names: tuple[str, ...]
    acronym: str
    actor_types: tuple[PublicTerm, ...]
    themes: tuple[PublicTerm, ...]
    countries: tuple[PublicTerm, ...]
    places: tuple[PublicPlace, ...]
    problems: str
    activities: str
    partnerships: str
    collaboration: str
    open_to_collaboration: bool | None
    collaboration_themes: tuple[PublicTerm, ...]
    collaboration_regions: tuple[PublicTerm, ...]
    collaboration_offer: str
    collaboration_seek: str
    links: tuple[PublicLink, ...]
    logo_url: str
    staff_size: str
    staff_size_label: str
    volunteer_size: str
    volunteer_size_label: str
    founding_year: int | None
    published_at: Any
    updated_at: Any

    @property
    def has_collaboration(self) -> bool:
        return bool(
            self.collaboration
            or self.open_to_collaboration is not None
            or self.collaboration_themes
            or self.collaboration_regions
            or self.collaboration_offer
            or self.collaboration_seek
        )

    def searchable_names(self) -> list[str]:
        """The public names other than the main one (for suggestions and search)."""
        return [name for name in (*self.other_names, self.acronym) if name]


def _terms(terms: list[Term], vocabulary: str) -> tuple[PublicTerm, ...]:
    chosen = [term for term in terms if term.vocabulary.code == vocabulary]
    chosen.sort(key=lambda term: (term.order, term.label.casefold()))
    return tuple(PublicTerm(vocabulary, term.code, term.label) for term in chosen)


def actor_public(actor: Actor) -> PublicActor:
    """What anyone may see of ``actor``; restricted fields are empty.

    Uses the prefetched ``terms__vocabulary``, ``collaboration_terms__vocabulary``,
    ``links`` and ``places`` when they are there (see ``queries.with_content``).
    """
    hidden = set(actor.restricted_fields or [])
    terms = list(actor.terms.all())
    collaboration_terms = list(actor.collaboration_terms.all())
    size_labels = dict(Actor.Size.choices)
    show_collaboration = "collaboration" not in hidden
    show_size = "size" not in hidden
    return PublicActor(
        public_id=actor.public_id,
        name=actor.name,
        state=actor.state,
        language=actor.text_language,
        other_names=tuple(actor.other_names or ()) if "other_names" not in hidden else (),
        acronym=actor.acronym if "acronym" not in hidden else "",
        actor_types=_terms(terms, "actor_type") if "actor_types" not in hidden else (),
        themes=_terms(terms, "theme"),
        countries=_terms(terms, "country"),
        places=tuple(
            PublicPlace(p.name, p.country_code, p.latitude, p.longitude) for p in actor.places.all()
        )
        if "places" not in hidden
        else (),
        problems=actor.problems,
        activities=actor.activities if "activities" not in hidden else "",
        partnerships=actor.partnerships if "partnerships" not in hidden else "",
        collaboration=actor.collaboration if show_collaboration else "",
        open_to_collaboration=actor.open_to_collaboration if show_collaboration else None,
        collaboration_themes=_terms(collaboration_terms, "theme") if show_collaboration else (),
        collaboration_regions=(
            _terms(collaboration_terms, "region") + _terms(collaboration_terms, "country")
            if show_collaboration
            else ()
        ),
        collaboration_offer=actor.collaboration_offer if show_collaboration else "",
        collaboration_seek=actor.collaboration_seek if show_collaboration else "",
        links=tuple(PublicLink(link.url, link.title) for link in actor.links.all())
        if "links" not in hidden
        else (),
        logo_url=actor.logo.url if actor.logo and "logo" not in hidden else "",
        staff_size=actor.staff_size if show_size else "",
        staff_size_label=str(size_labels.get(actor.staff_size, "")) if show_size else "",
        volunteer_size=actor.volunteer_size if show_size else "",
        volunteer_size_label=str(size_labels.get(actor.volunteer_size, "")) if show_size else "",
        founding_year=actor.founding_year if "founding_year" not in hidden else None,
        published_at=actor.published_at,
        updated_at=actor.last_published_at or actor.published_at,
    )


def public_names_key(public: PublicActor) -> str:
    """The normalised public other names and acronym, stored for the suggestions."""
    return " | ".join(normalise_name(name) for name in public.searchable_names())[:1000]


def actor_public_data(public: PublicActor) -> dict[str, Any]:
    """The public view as plain JSON-ready data: what an API or an export hands out."""
    return {
        "id": public.public_id,
        "name": public.name,
        "other_names": list(public.other_names),
        "acronym": public.acronym,
        "actor_types": [term.code for term in public.actor_types],
        "themes": [term.code for term in public.themes],
        "countries": [term.code for term in public.countries],
        "places": [
            {"name": p.name, "country": p.country_code, "lat": p.latitude, "lon": p.longitude}
            for p in public.places
        ],
        "problems": public.problems,
        "activities": public.activities,
        "partnerships": public.partnerships,
        "collaboration": {
            "text": public.collaboration,
            "open": public.open_to_collaboration,
            "themes": [term.code for term in public.collaboration_themes],
            "regions": [term.code for term in public.collaboration_regions],
            "offer": public.collaboration_offer,
            "seek": public.collaboration_seek,
        },
        "links": [{"url": link.url, "title": link.title} for link in public.links],
        "logo": public.logo_url,
        "staff": public.staff_size,
        "volunteers": public.volunteer_size,
        "founding_year": public.founding_year,
    }
