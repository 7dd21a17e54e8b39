"""Django's own error answers (handler400/403/404/500) for API paths.

DRF's exception handler (common.errors) shapes what views raise. What happens outside a
view, or escapes it, reaches Django's handlers: an unknown URL, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, a bug. Under /api/ those answer the error shape too (the
contract: every 4xx and 5xx); the app's and the admin's pages keep Django's HTML.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from common.errors import error_body

API_PREFIX = "/api/"


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


def server_error(request: HttpRequest) -> HttpResponse:
    if not _is_api(request):
        return defaults.server_error(request)
    return JsonResponse(error_body("server_error", "Something went wrong on our side. "
                                   "Please try again later."), status=500)

