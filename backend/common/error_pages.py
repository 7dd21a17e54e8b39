"""Django's own error answers (handler400/403/404/500) for API paths.

DRF's exception handler (common.errors) shapes what views raise. What happens outside a
view, or escapes it, reaches Django's handlers: an unknown URL, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, a bug. Under /api/ those answer the error shape too (the
contract: every 4xx and 5xx); the app's and the admin's pages keep Django's HTML.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from common.errors import error_body

API_PREFIX = "/api/"
# The database could not be reached or dropped the connection: the server is unavailable,
# not broken, and the request may be sent again (a phone's outbox does).
DATABASE_DOWN = (OperationalError, InterfaceError)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(error_body("too_large", "The request is too large."), status=413)
    return JsonResponse(error_body("bad_request", "The request could not be understood."),
                        status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return JsonResponse(error_body("permission_denied", "Permission denied."), status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After. Nothing was written (the transaction did not commit), so the
    client sends the same request again; Django reconnects on the next request once the
    database answers (CONN_HEALTH_CHECKS), without a restart."""
    retry_after = settings.DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS
    if _is_api(request):
        response: HttpResponse = JsonResponse(error_body(
            "unavailable", "The service is briefly unavailable. Please try again in a moment."),
            status=503)
    else:
        response = HttpResponse("<!doctype html><title>Unavailable</title><h1>Briefly "
                                "unavailable</h1><p>Please try again in a moment.</p>",
                                status=503)
    response["Retry-After"] = str(retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this handler inside its `except`: the exception is the current one.
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return database_unavailable(request)
    if not _is_api(request):
        return defaults.server_error(request)
    return JsonResponse(error_body("server_error", "Something went wrong on our side. "
                                   "Please try again later."), status=500)

