"""Staff passwords are hashed with Argon2 (tests elsewhere use a fast hasher)."""

import importlib

from django.contrib.auth.hashers import Argon2PasswordHasher


def test_staff_passwords_are_hashed_with_argon2_by_the_real_settings() -> None:
    real_settings = importlib.import_module("ipsp.settings")
    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("a long staff password", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")
