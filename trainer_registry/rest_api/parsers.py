"""The API's JSON parser: JSON nested deeper than the parser's stack (a few thousand
levels fit in a small body) is a 400 naming the problem, not a server error. Anything
nested more modestly is judged by the serializers, which accept no nested values in the
registry's fields."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply") from None


PARSERS = [BoundedJSONParser, FormParser, MultiPartParser]
