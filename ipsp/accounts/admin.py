from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ipsp.accounts import tokens
from ipsp.accounts.models import AccessToken, User


class AccessTokenInline(admin.TabularInline):
    model = AccessToken
    extra = 0
    can_delete = False
    fields = ("hint", "created_at", "last_used_at", "revoked_at", "revoked_reason")
    readonly_fields = fields  # the hash is never shown; tokens are issued by the owner only

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("email",)


class PersonChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = StaffCreationForm
    form = PersonChangeForm
    ordering = ("-date_joined",)
    list_display = ("__str__", "email", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name", "public_id", "contact_email")
    readonly_fields = (
        "public_id",
        "date_joined",
        "last_login",
        "contact_email_consent_text",
        "contact_email_consent_at",
    )
    fieldsets = (
        (None, {"fields": ("public_id", "email", "password", "display_name", "language")}),
        (
            _("Contact email"),
            {"fields": ("contact_email", "contact_email_consent_text", "contact_email_consent_at")},
        ),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups", "user_permissions")
    inlines = (AccessTokenInline,)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_reason",)
    search_fields = ("user__public_id", "hint")
    fields = ("user", "hint", "created_at", "last_used_at", "revoked_at", "revoked_reason")
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[AccessToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.token_revoke(token=token, reason="revoked by staff")
