from rest_framework.pagination import LimitOffsetPagination


class OptionalLimitOffsetPagination(LimitOffsetPagination):
    """Plain arrays by default (the contract's shape); `?limit=&offset=` pages any list."""

    default_limit = None
    max_limit = 500

    def get_paginated_response_schema(self, schema: dict) -> dict:
        # Say both truths in the OpenAPI document: an array, or a page when ?limit= is given.
        return {"oneOf": [schema, super().get_paginated_response_schema(schema)]}
