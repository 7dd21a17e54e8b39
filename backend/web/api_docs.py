"""The OpenAPI schema and Swagger UI at /api/v1/schema and /api/v1/docs.

The docs page runs no inline script, so the Content-Security-Policy (script-src 'self')
holds there too: drf-spectacular's split view serves its start-up script from a URL of its
own (`docs?script`), the sidecar serves Swagger UI's files locally, and our template moves
the page's inline style into a file. Both answer errors (not signed in, where the docs are
private) in the API's JSON error shape rather than as YAML or HTML.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.permissions import CanReadApiDocs


class _JsonErrors(APIView):
    """Renders errors as JSON whatever the view renders otherwise (YAML, HTML)."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class ApiSchemaView(_JsonErrors, SpectacularAPIView):
    permission_classes = [CanReadApiDocs]


class ApiDocsView(_JsonErrors, SpectacularSwaggerSplitView):
    permission_classes = [CanReadApiDocs]
    template_name = "web/api_docs.html"
