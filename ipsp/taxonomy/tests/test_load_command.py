"""`manage.py load_taxonomy` reports progress, or nothing with -v0."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_command_is_quiet_with_verbosity_zero(taxonomy: None) -> None:
    out = StringIO()
    call_command("load_taxonomy", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_the_command_reports_each_vocabulary(taxonomy: None) -> None:
    out = StringIO()
    call_command("load_taxonomy", stdout=out)
    text = out.getvalue()
    assert "  sdg: unchanged (version 1)" in text
    assert "Taxonomy loaded: 11 vocabularies, 0 changed" in text


def test_the_command_can_load_some_vocabularies_only(taxonomy: None) -> None:
    out = StringIO()
    call_command("load_taxonomy", "agenda", "theme", stdout=out)
    assert "Taxonomy loaded: 2 vocabularies" in out.getvalue()
