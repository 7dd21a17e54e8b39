"""What accounts announce."""

from django.dispatch import Signal

# A person's password was changed (by any path, the shell included), after the save.
# `accounts.receivers` ends their other device tokens.
password_changed = Signal()  # user
