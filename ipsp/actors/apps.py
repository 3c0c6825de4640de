from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "ipsp.actors"
    label = "actors"
    verbose_name = _("Actors")

    def ready(self) -> None:
        from ipsp.accounts.sections import Section, register_my_entries_section
        from ipsp.actors import review
        from ipsp.actors.search import KIND, published_count, published_documents
        from ipsp.actors.sitemaps import ActorSitemap
        from ipsp.core.sitemaps import register
        from ipsp.search.registry import register_provider

        review.register()
        register("actors", ActorSitemap)
        register_provider(KIND, published_documents, count=published_count)

        def context(request: object, user: object) -> dict[str, object]:
            from ipsp.actors.views import my_entries_context

            return my_entries_context(request, user)  # type: ignore[arg-type]

        register_my_entries_section(
            Section(key="actors", order=20, template="actors/_my_entries.html", context=context)
        )
