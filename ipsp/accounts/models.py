"""People who sign in: contributors (access token), reviewers and staff (password + TOTP)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipsp.core.models import PublicIdField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        user = self.model(email=self.normalize_email(email) if email else None, **extra)
        user.set_password(password)  # None gives an unusable password, as contributors have
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One person. Contributors have no email and no usable password: their token is their key."""

    public_id = PublicIdField()
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, default="en")
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can sign in to the staff pages.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # A contributor's optional, private address for notifications and token recovery.
    # Staff sign in with ``email``; contributors have none and may give this one instead.
    contact_email = models.EmailField(_("contact email"), blank=True, db_index=True)
    contact_email_consent_text = models.TextField(
        _("consent given"), blank=True, help_text=_("The exact text the person agreed to.")
    )
    contact_email_consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email or self.public_id

    @property
    def notification_email(self) -> str:
        """Where mail for this person goes: the contact address, else the sign-in address."""
        return self.contact_email or self.email or ""

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def usable(self) -> AccessTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class AccessToken(models.Model):
    """A contributor's key. Only a SHA-256 hash is stored; the token itself is shown once.

    Tokens carry 256 random bits, so a fast hash is enough (no brute force can
    reach them) and a lookup by hash is a plain indexed query.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(
        _("hint"), max_length=8, help_text=_("The last characters, to tell tokens apart.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=40, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"…{self.hint}"


class SignInThrottle(models.Model):
    """Failed sign-ins counted per key (an email address or a network address).

    The key is stored only as a keyed hash (HMAC with SECRET_KEY), so the table
    says nothing about who tried; rows older than a day are deleted.
    """

    scope = models.CharField(max_length=20)
    key_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField(default=timezone.now, db_index=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key_hash"], name="signin_throttle_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.failures}"
