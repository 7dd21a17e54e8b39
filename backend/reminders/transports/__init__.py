"""Transports deliver one message to one target and say how it went.

They raise `PermanentError` for a target that will never accept it (a 404/410 push
subscription is gone: the caller disables it) and `TransientError` for failures worth a
retry (network errors, timeouts, 5xx, 429). Every network call has a timeout.
"""

from __future__ import annotations


class DeliveryError(Exception):
    def __init__(self, message: str, status_code: int | None = None):
        super().__init__(message)
        self.status_code = status_code


class TransientError(DeliveryError):
    pass


class PermanentError(DeliveryError):
    def __init__(self, message: str, status_code: int | None = None, *, gone: bool = False):
        super().__init__(message, status_code)
        self.gone = gone  # the target no longer exists: disable it
