from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def dist_dir() -> Path:
    return Path(settings.BASE_DIR) / "frontend" / "dist"


@never_cache
@require_safe
def app_shell(request: HttpRequest, **_: object) -> HttpResponse:
    """index.html for `/`, `/invite` (and old `/invite/<token>` links) and the app's client
    routes; the assets, manifest and service worker are files WhiteNoise serves from
    frontend/dist."""
    try:
        html = (dist_dir() / "index.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        return HttpResponse("The web app is not built: run `make run` (or `npm run build` in "
                            "frontend/).", status=503, content_type="text/plain")
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # An old invite link's token is in this page's path: keep it out of Referer headers.
    response["Referrer-Policy"] = "no-referrer"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None,
                   **_: object) -> HttpResponse:
    """The app's 404 page (templates/404.html), which Django's handler404 renders too."""
    return render(request, "404.html", status=404)
