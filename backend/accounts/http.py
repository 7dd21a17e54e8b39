"""Request types for views behind authentication.

Every API view requires a signed-in user (the default permission is IsAuthenticated), so
`request.user` there is always an `accounts.models.User`, never `AnonymousUser`. DRF's
`Request` types it as the union; views annotate `request: AuthedRequest` to say which one
it is, so the type checker holds services to the real `User`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

if TYPE_CHECKING:
    from accounts.models import User

    class AuthedRequest(Request):
        user: User  # narrows the stubs' User | AnonymousUser

else:
    # At run time it is DRF's Request: the annotation only informs the type checker.
    AuthedRequest = Request
