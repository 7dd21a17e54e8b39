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


def page_headers(request, *, total: int, limit: int, offset: int) -> dict[str, str]:
    """`X-Total-Count` and an RFC 8288 `Link` (first, prev, next, last) for a plain-array
    page of `limit` rows from `offset` out of `total`."""
    from rest_framework.utils.urls import replace_query_param

    url = request.build_absolute_uri()

    def at(start: int) -> str:
        return replace_query_param(replace_query_param(url, "limit", limit), "offset", start)

    last = max(0, (total - 1) // limit * limit)
    links = [f'<{at(0)}>; rel="first"']
    if offset > 0:
        links.append(f'<{at(max(0, min(offset - limit, last)))}>; rel="prev"')
    if offset + limit < total:
        links.append(f'<{at(offset + limit)}>; rel="next"')
    links.append(f'<{at(last)}>; rel="last"')
    return {"X-Total-Count": str(total), "Link": ", ".join(links)}
