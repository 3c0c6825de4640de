from __future__ import annotations

from django import template

from ipsp.verification import challenge as challenges

register = template.Library()


@register.simple_tag
def verification_challenge(form: object) -> challenges.Challenge | None:
    """The challenge of a form using VerificationFormMixin, for its page's script."""
    read = getattr(form, "challenge_for_page", None)
    return read() if callable(read) else None
