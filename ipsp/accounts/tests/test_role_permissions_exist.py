"""Every permission a role names must exist, or the role silently lacks it."""

import pytest
from django.contrib.auth.models import Permission

from ipsp.accounts import roles


@pytest.mark.django_db
def test_every_permission_named_by_a_role_exists() -> None:
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    named = {name for wanted in roles.PERMISSIONS.values() for name in wanted if name != "*"}
    assert sorted(named - existing) == []
