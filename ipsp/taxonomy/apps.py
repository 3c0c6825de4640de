from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "ipsp.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ipsp.core.sitemaps import register
        from ipsp.taxonomy.sitemaps import TermSitemap

        register("taxonomy", TermSitemap)
        # Every database has the taxonomy as soon as it is migrated (and again
        # after a test flush); see docs/decisions.md (taxonomy).
        post_migrate.connect(load_after_migrate, sender=self)


def load_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    if using != DEFAULT_DB_ALIAS:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes("taxonomy")):
        return  # the taxonomy's tables are not (or no longer) fully migrated
    from ipsp.taxonomy import services

    reports = services.taxonomy_load()
    if kwargs.get("verbosity", 1) >= 2:
        for report in reports:
            print(f"  taxonomy {report}")
