"""Request parsers of the API (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]).

A module of its own: REST framework reads the setting while its views module loads, which the API's
other conventions (`core.api`) import.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """REST framework's JSON parser, with a document nested deeper than Python's decoder goes refused
    as malformed (400) like any other unreadable body, instead of failing the request (500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError(_("JSON parse error - the document is nested too deeply.")) from error
