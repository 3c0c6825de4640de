"""Posting the actor form as a browser does (level 1's challenge solved)."""

from __future__ import annotations

from typing import Any

from ipsp.core import formtokens
from ipsp.verification.tests.helpers import solved_form


def verification_fields(*, solve: bool = True, honeypot: str = "") -> dict[str, str]:
    signals = solved_form(seconds_ago=60, solve=solve, honeypot=honeypot)
    return {
        "vf_challenge": signals.challenge,
        "vf_solution": signals.solution,
        "vf_website": signals.honeypot,
    }


def form_data(*, public: bool = True, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Maji Safi Collective",
        "other_names": "Collectif Maji Safi",
        "acronym": "MSC",
        "actor_types": ["civil-society"],
        "themes": ["living-wages"],
        "countries": ["KE"],
        "problems": "Households in informal settlements pay ten times more for water.",
        "activities": "Kiosks run by women's groups.",
        "partnerships": "",
        "collaboration": "",
        "open_to_collaboration": "yes",
        "collaboration_themes": ["cities-social-progress"],
        "collaboration_regions": ["002"],
        "collaboration_offer": "Training",
        "collaboration_seek": "Partners",
        "staff_size": "6-20",
        "volunteer_size": "",
        "founding_year": "2016",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-url": "https://example.org/msc",
        "links-0-title": "Website",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-0-name": "Nairobi",
        "places-0-country": "KE",
    }
    if public:
        data["form_token"] = formtokens.issue("actor_full")
        data["contact_email"] = ""
    data.update(verification_fields())
    data.update(overrides)
    return data
