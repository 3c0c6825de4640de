"""Typed helpers that read settings from the environment and fail loudly.

Every helper raises ``ImproperlyConfigured`` naming the variable, so a
misconfigured production start stops with one clear line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_MISSING = object()


def env_str(name: str, default: str | object | None = _MISSING) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be true or false, not {value!r}."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_parsed(name: str, default: str, parse: Callable[[str], T], what: str) -> T:
    """Parse a URL-like variable; any parser error becomes one line naming the variable.

    An empty ``default`` makes the variable required (production mode).
    """
    raw = env_str(name, default) if default else env_str(name)
    try:
        return parse(raw)
    except Exception as exc:  # the parsers raise many kinds; all mean "malformed"
        raise ImproperlyConfigured(
            f"The environment variable {name} is not a valid {what}: {exc}"
        ) from None


def read_or_create_secret(path: os.PathLike[str] | str) -> str:
    """Development only: a secret key kept in var/, generated on first use."""
    import secrets
    from pathlib import Path

    file = Path(path)
    if file.exists():
        return file.read_text().strip()
    file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    file.write_text(key)
    file.chmod(0o600)
    return key
