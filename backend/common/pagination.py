from rest_framework.pagination import LimitOffsetPagination


class OptionalLimitOffsetPagination(LimitOffsetPagination):
    """Plain arrays by default (the contract's shape); `?limit=&offset=` pages any list."""

    default_limit = None
    max_limit = 500
