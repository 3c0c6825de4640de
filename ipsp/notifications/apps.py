from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ipsp.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from ipsp.accounts import roles
        from ipsp.accounts.mail import AccountMailer, register_account_mailer
        from ipsp.accounts.models import User
        from ipsp.accounts.sections import Section, register_staff_home_section
        from ipsp.accounts.services import user_roles
        from ipsp.notifications.services import token_email, token_recovery_email

        register_account_mailer(
            AccountMailer(token_email=token_email, token_recovery_email=token_recovery_email)
        )

        def may_see_mail(user: User) -> bool:
            held = user_roles(user)
            return user.is_superuser or bool(held & {roles.SECRETARIAT, roles.ADMIN})

        register_staff_home_section(
            Section(
                key="notifications",
                order=80,
                template="notifications/_staff_home.html",
                context=lambda request, user: {},
                visible=may_see_mail,
            )
        )
