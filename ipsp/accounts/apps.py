from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "ipsp.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ipsp.accounts import roles

        # Permissions exist only after migrate has run (each app's are created by its own
        # post_migrate), so role groups follow the last app's signal.
        post_migrate.connect(roles.sync_after_migrate, dispatch_uid="ipsp.accounts.roles")


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site demands the second factor (see admin_site.py)."""

    default = False
    default_site = "ipsp.accounts.admin_site.StaffAdminSite"
