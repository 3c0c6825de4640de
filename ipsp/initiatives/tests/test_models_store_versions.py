# mypy: disable-error-code="union-attr, arg-type, operator, misc"
from __future__ import annotations

import pytest
from django.db import IntegrityError

from ipsp.accounts.tokens import contributor_create
from ipsp.initiatives.models import Initiative, InitiativeVersion


@pytest.mark.django_db
def test_an_end_date_before_the_start_date_is_refused_by_the_database() -> None:
    import datetime

    initiative = Initiative.objects.create(contributor=contributor_create())
    with pytest.raises(IntegrityError):
        InitiativeVersion.objects.create(
            initiative=initiative,
            title="Water kiosks",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2023, 1, 1),
        )
