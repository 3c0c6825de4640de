"""How complete an initiative is, and what would make it more useful to readers.

Each part has a weight; the score is the share of the weights filled, in
percent. The suggestions name the parts that are missing, heaviest first, so
the contributor sees what matters most.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipsp.initiatives.models import InitiativeLink, InitiativeVersion

# (part, weight, suggestion when missing)
PARTS: list[tuple[str, int, Promise]] = [
    ("title", 5, _("Give the initiative a title.")),
    ("summary", 10, _("Write a one-paragraph summary that says what the initiative does.")),
    ("problem", 10, _("Describe the problem the initiative addresses.")),
    ("approach", 10, _("Explain the approach and what is innovative about it.")),
    ("success", 8, _("Say why it works and how success is measured.")),
    ("replication", 6, _("Say to what extent it could be replicated elsewhere.")),
    ("externalities", 6, _("Say how the initiative deals with its side effects.")),
    ("organisations", 6, _("Name the organisation(s) behind the initiative.")),
    ("holders", 3, _("Name the project holder(s).")),
    ("countries", 6, _("Choose the country or countries where it takes place.")),
    ("places", 3, _("Add the cities or regions, so the initiative appears on the map.")),
    ("themes", 5, _("Choose the themes it works on.")),
    ("sdgs", 4, _("Choose the Sustainable Development Goals it contributes to.")),
    ("disciplines", 2, _("Choose the disciplines it draws on.")),
    ("types", 2, _("Choose the type of project and of activities.")),
    ("evidence_level", 4, _("Say what evidence of its results exists.")),
    ("evidence_links", 3, _("Link to the evidence: an evaluation, a study, monitoring data.")),
    ("resources", 2, _("Link to resources and documents about the initiative.")),
    ("dates", 3, _("Give the start date (and the end date, if it has ended).")),
    ("project_status", 2, _("Say whether the project is planned, active, completed...")),
]


@dataclass(frozen=True)
class Completeness:
    percent: int
    suggestions: list[tuple[str, str]]  # (part, what to add), most useful first


def _filled(version: InitiativeVersion) -> set[str]:
    vocabularies = {term.vocabulary.code for term in version.terms.all()}
    kinds = {link.kind for link in version.links.all()}
    filled = {
        name
        for name in (
            "title",
            "summary",
            "problem",
            "approach",
            "success",
            "replication",
            "externalities",
            "evidence_level",
            "project_status",
        )
        if str(getattr(version, name) or "").strip()
    }
    checks = {
        "organisations": bool(list(version.organisations.all())),
        "holders": bool(version.holders),
        "countries": "country" in vocabularies,
        "places": bool(list(version.places.all())),
        "themes": bool({"theme", "agenda"} & vocabularies),
        "sdgs": "sdg" in vocabularies,
        "disciplines": "discipline" in vocabularies,
        "types": bool({"project_type", "activity_type"} & vocabularies),
        "evidence_links": InitiativeLink.Kind.EVIDENCE in kinds,
        "resources": InitiativeLink.Kind.RESOURCE in kinds,
        "dates": version.start_date is not None,
    }
    return filled | {name for name, ok in checks.items() if ok}


def completeness(version: InitiativeVersion) -> Completeness:
    filled = _filled(version)
    total = sum(weight for _part, weight, _text in PARTS)
    score = sum(weight for part, weight, _text in PARTS if part in filled)
    missing = sorted(
        ((part, weight, text) for part, weight, text in PARTS if part not in filled),
        key=lambda item: -item[1],
    )
    return Completeness(
        percent=round(100 * score / total),
        suggestions=[(part, str(text)) for part, _weight, text in missing],
    )
