"""The product's URLs plus two reference views that every figure is compared with.

1. `bench/ref-plain`: a plain Django view returning {"ok": true} (no DRF, no database).
2. `bench/ref-drf`: a DRF view with the project's default authentication (device tokens),
   returning the user's id and one indexed query (the user's clinic name by primary key).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Clinic


def ref_plain(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


class RefDrfView(APIView):
    """Project defaults: DeviceTokenAuthentication + SessionAuthentication, IsAuthenticated."""

    def get(self, request: Request) -> Response:
        name = (Clinic.objects.filter(pk=request.user.clinic_id)
                .values_list("name", flat=True).first())
        return Response({"id": request.user.pk, "clinic": name})


urlpatterns = [
    path("bench/ref-plain", ref_plain, name="bench-ref-plain"),
    path("bench/ref-drf", RefDrfView.as_view(), name="bench-ref-drf"),
    path("", include("hep.urls")),
]
