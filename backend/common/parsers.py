"""The API's one JSON parser: what every view reads as `request.data`.

Two kinds of body are valid JSON and still broke views further on, so they stop here, once,
as a 400 in the error shape:

- Nesting deeper than `settings.JSON_MAX_DEPTH`. Python's decoder recurses per level: 1,000
  levels (2 KB) raised RecursionError, and a few hundred pass the decoder only to exhaust
  the stack in a serializer or in the error formatter. No request of ours nests past ~6.
- Lone surrogates (`"\\ud800"` without its pair). JSON's escapes allow them, but they are
  not text: PostgreSQL refuses them and the renderer cannot encode an error that echoes
  one (a lone surrogate as a dictionary key answered 500).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# A surrogate can only arrive as an escape: the body is decoded as strict UTF-8 first.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _too_deep(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels (a flat list is one level).

    Iterative, so that the check itself never recurses."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (item.values() if isinstance(item, dict)
                    else item if isinstance(item, list) else None)
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the two refusals above (REST_FRAMEWORK's only parser)."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=json.strict_constant if self.strict
                              else None)
        except ValueError as exc:  # also UnicodeDecodeError
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:
            raise self._too_deep_error() from None

        limit = settings.JSON_MAX_DEPTH
        # Counting brackets is C-speed; only a body with that many is walked.
        if raw.count(b"[") + raw.count(b"{") > limit and _too_deep(data, limit):
            raise self._too_deep_error()
        if _SURROGATE_ESCAPE.search(raw) and _has_lone_surrogate(data):
            raise ParseError("The request contains text that is not valid Unicode "
                             "(a lone surrogate escape such as \\ud800).")
        return data

    @staticmethod
    def _too_deep_error() -> ParseError:
        return ParseError(f"The request nests deeper than {settings.JSON_MAX_DEPTH} levels.")
