"""Citable records as a directory would build them, for the tests of this package."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from ipsp.identifiers.records import CitableRecord, Creator, GeoLocation, Subject

PUBLIC_ID = "7kq2m9xa4"


def make_record(**overrides: Any) -> CitableRecord:
    public_id = overrides.pop("public_id", PUBLIC_ID)
    version = overrides.get("version")
    url = f"https://ipsp.example.org/en/initiatives/{public_id}/"
    if version is not None:
        url += f"versions/{version}/"
    url = overrides.pop("landing_url", url)
    record = CitableRecord(
        kind="initiative",
        public_id=public_id,
        title="Community health workers in rural Senegal",
        landing_url=url,
        publication_date=datetime.date(2025, 3, 14),
        creators=(
            Creator(name="Awa Diallo", given_name="Awa", family_name="Diallo"),
            Creator(name="Santé Pour Tous", kind="organizational"),
        ),
        language="en",
        summary="Trained volunteers bring basic care to villages far from clinics.",
        subjects=(
            Subject(
                label="Good health and well-being",
                scheme="Sustainable Development Goals",
                code="sdg-3",
            ),
            Subject(label="Health sciences", scheme="OECD Fields of Science", code="3.3"),
        ),
        geo_locations=(
            GeoLocation(place="Senegal"),
            GeoLocation(place="Kaolack", latitude=14.15, longitude=-16.07),
        ),
        created=datetime.date(2025, 1, 2),
        updated=datetime.date(2025, 3, 14),
    )
    return replace(record, public_id=public_id, landing_url=url, **overrides)
