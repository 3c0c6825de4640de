import pytest
from django.contrib.auth.models import Group, Permission

from ipsp.accounts import roles


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(roles.PERMISSIONS))
def test_each_role_group_exists_after_migrate_with_its_permissions(role: str) -> None:
    group = Group.objects.get(name=role)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    wanted = roles.PERMISSIONS[role]
    if "*" in wanted:
        assert held == {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.select_related("content_type")
        }
    else:
        existing = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.select_related("content_type")
        }
        assert held == wanted & existing


def test_every_role_has_a_label_and_second_factor_roles_are_roles() -> None:
    assert set(roles.LABELS) == set(roles.PERMISSIONS)
    assert set(roles.PERMISSIONS) >= roles.SECOND_FACTOR_REQUIRED
    assert set(roles.PERMISSIONS) - {roles.CONTRIBUTOR} == roles.STAFF_ROLES
