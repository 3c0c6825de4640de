from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "ipsp.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from ipsp.accounts.sections import Section, register_my_entries_section
        from ipsp.core.sitemaps import register
        from ipsp.initiatives.sitemaps import InitiativeSitemap

        register("initiatives", InitiativeSitemap)
        from ipsp.initiatives.review import register as verification_register

        verification_register()  # the secretariat's queue (ipsp/verification)
        from ipsp.initiatives.search import search_register

        search_register()
        from ipsp.initiatives.actor_entries import register as actor_entries_register

        actor_entries_register()  # an actor's page lists its initiatives; claims find them
        from ipsp.initiatives.citable import register as citable_register

        citable_register()  # DOIs: the record registration at DataCite sends

        def context(request: object, user: object) -> dict[str, object]:
            from ipsp.initiatives.views import my_entries_context

            return my_entries_context(request, user)  # type: ignore[arg-type]

        register_my_entries_section(
            Section(
                key="initiatives",
                order=10,
                template="initiatives/_my_entries.html",
                context=context,
            )
        )
