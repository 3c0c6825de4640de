"""What each level 1 signal means, in words the secretariat reads (level 2 shows these)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    "honeypot": _("A field hidden from people was filled in, as robots do."),
    "too_fast": _("The form was sent faster than a person can fill it in."),
    "no_javascript": _("The browser did not run the check that it is not a robot (no JavaScript)."),
    "rate_limited": _("The sender reached a rate limit (shadow mode: not enforced)."),
    "link_density": _("Many links for the length of the text."),
    "blocked_domain": _("Links to a domain on the secretariat's list."),
    "blocked_word": _("Words on the secretariat's list."),
    "mixed_script": _("Words mixing letters of different alphabets (look-alike letters)."),
    "repeated_text": _("The same text repeated over and over."),
    "repeated_elsewhere": _("The same text was recently sent for other entries."),
    "gibberish": _("Many words look like random letters."),
    "new_token": _("First submission with this access token."),
    "known_good_token": _("The contributor already has published entries."),
    "classifier": _("The text resembles what the secretariat marked as spam before."),
}


def label(code: str) -> str:
    return str(LABELS.get(code, code))
