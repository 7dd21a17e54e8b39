"""A password check Django lacks: the person's own name or address inside the password.

UserAttributeSimilarityValidator compares the whole password with each attribute, so
"Ivy Invite x" is only 40 % like "Ivy" and passes; the first thing anyone guesses about a
person's password is their name. Here a password is refused when it contains any word of
the person's first name, last name or the part of their email before the @ (words of
MIN_WORD letters or more, so that "Al" does not rule out every "al" in a password).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

MIN_WORD = 3


def _words(user) -> set[str]:
    local_part = (getattr(user, "email", "") or "").split("@", 1)[0]
    parts = [getattr(user, "first_name", ""), getattr(user, "last_name", ""), local_part]
    words: set[str] = set()
    for part in parts:
        words.update(w for w in re.split(r"[\W_\d]+", (part or "").lower()) if len(w) >= MIN_WORD)
    return words


class NameInPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        lowered = password.lower()
        if any(word in lowered for word in _words(user)):
            raise ValidationError(
                "The password must not contain your name or your email address.",
                code="password_contains_name")

    def get_help_text(self) -> str:
        return "Your password must not contain your name or your email address."
