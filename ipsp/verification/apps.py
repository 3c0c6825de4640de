from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "ipsp.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self) -> None:
        from ipsp.accounts.models import User
        from ipsp.accounts.sections import (
            Section,
            register_my_entries_section,
            register_staff_home_section,
        )

        def my_entries(request: object, user: User) -> dict[str, object]:
            from ipsp.verification.views import my_entries_context

            return my_entries_context(request, user)  # type: ignore[arg-type]

        def staff_home(request: object, user: User) -> dict[str, object]:
            from ipsp.verification.views import staff_home_context

            return staff_home_context(request, user)  # type: ignore[arg-type]

        def may_decide(user: User) -> bool:
            return user.has_perm("verification.decide_queueitem")

        register_my_entries_section(
            Section(
                key="verification",
                order=90,
                template="verification/_my_entries.html",
                context=my_entries,
            )
        )
        register_staff_home_section(
            Section(
                key="verification",
                order=10,
                template="verification/_staff_home.html",
                context=staff_home,
                visible=may_decide,
            )
        )
