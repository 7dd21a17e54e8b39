from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response


class OptionalLimitOffsetPagination(LimitOffsetPagination):
    """Plain arrays by default (the contract's shape); `?limit=&offset=` pages any list."""

    default_limit = None
    max_limit = 500

    def get_paginated_response_schema(self, schema: dict) -> dict:
        # Say both truths in the OpenAPI document: an array, or a page when ?limit= is given.
        return {"oneOf": [schema, super().get_paginated_response_schema(schema)]}


def list_response(view, rows, serializer_class) -> Response:
    """The rows as a plain array, or as a page when the client asked with ?limit=."""
    page = view.paginate_queryset(rows)
    if page is not None:
        return view.get_paginated_response(serializer_class(page, many=True).data)
    return Response(serializer_class(rows, many=True).data)
