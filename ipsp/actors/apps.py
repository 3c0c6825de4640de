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
        _register_outreach()


def _register_outreach() -> None:
    """Invitations and third-party validation: the staff home link, the public badge of a
    confirmed validation, and the bounce of an invitation email (notifications' hook)."""
    from ipsp.accounts.sections import Section, register_staff_home_section
    from ipsp.actors.access import is_secretariat
    from ipsp.actors.invitations import EMAIL_KIND, invitation_bounce_for_email
    from ipsp.core.panels import Panel, PanelEntry, register_entry_panel
    from ipsp.notifications.delivery import register_failure_handler

    def badge(request: object, entry: PanelEntry) -> dict[str, object] | None:
        from ipsp.actors.validation import confirmed_validation

        found = confirmed_validation(entry.public_id)
        return {"confirmed_at": found.answered_at} if found else None

    register_entry_panel(
        Panel(
            key="actors_third_party_validation",
            kinds=("actor",),
            slot="badges",
            order=10,
            template="actors/_validation_badge.html",
            context=badge,  # type: ignore[arg-type]
        )
    )
    register_failure_handler(EMAIL_KIND, invitation_bounce_for_email)
    register_staff_home_section(
        Section(
            key="actors_outreach",
            order=30,
            template="actors/_staff_home.html",
            context=lambda request, user: {},
            visible=is_secretariat,
        )
    )
