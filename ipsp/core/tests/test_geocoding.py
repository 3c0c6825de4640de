# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

from ipsp.core.geocoding import geocode, suggest


def test_cities_are_found_offline_in_any_spelling_or_script() -> None:
    nairobi = geocode("nairobi", "ke")
    assert nairobi is not None and nairobi.name == "Nairobi" and nairobi.geonames_id
    assert geocode("Sao-Paulo", "BR") is not None
    assert geocode("मुंबई", "IN") is not None
    assert geocode("Nairobi", "BD") is None


def test_close_spellings_are_suggested() -> None:
    assert "Dhaka" in suggest("Dhakka", "BD")
    assert suggest("Qwxyz", "BD") == []
