from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentifiersConfig(AppConfig):
    name = "ipsp.identifiers"
    label = "identifiers"
    verbose_name = _("Identifiers")
