from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class IdentifiersConfig(AppConfig):
    name = "ipsp.identifiers"
    label = "identifiers"
    verbose_name = _("Identifiers")

    def ready(self) -> None:
        # each directory's ``citable`` module registers how to describe its entries
        # (records.register_record_source) without this package importing it by name
        autodiscover_modules("citable")
