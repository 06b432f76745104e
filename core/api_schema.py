"""The OpenAPI schema of every endpoint, with the error answers the contract promises.

Apart from `core.api` because REST framework imports the pagination class from there while
drf-spectacular, imported here, is still importing REST framework.
"""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS


class ErrorSerializer(serializers.Serializer):
    """The body of every refusal that is not about the input: 401, 403, 404, 409, 429."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """A 400: messages per field (or `non_field_errors`), or `detail` for a body that does not parse."""


class ValidationErrorExtension(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Field name (or non_field_errors) -> messages; nested fields nest; "
            'a body that does not parse answers {"detail": message}.',
            "additionalProperties": {
                "oneOf": [{"type": "array", "items": {}}, {"type": "object"}, {"type": "string"}]
            },
        }


class AutoSchema(openapi.AutoSchema):
    """Documents the error answers of the contract on every operation, beside its success.

    400 where the operation takes input, 401 everywhere (a bad token is refused even on public
    endpoints), 403 where a role may be refused, 404 everywhere (an object missing or invisible, a
    page past the end), 409 for changes the object's state may not allow, 415 for a body of another
    media type, 429 where throttled.
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        takes_input = "requestBody" in operation or any(
            parameter["in"] == "query" for parameter in operation.get("parameters", ())
        )
        public = {} in operation.get("security", ())
        errors = {
            "400": (ValidationErrorSerializer, takes_input, "Invalid input"),
            "401": (ErrorSerializer, True, "No credentials, or a token that is not valid"),
            "403": (ErrorSerializer, not public, "The caller's role may not do this"),
            "404": (ErrorSerializer, True, "No such object visible to the caller, or no such page"),
            "409": (ErrorSerializer, self.method not in SAFE_METHODS, "The object's state does not allow it"),
            "415": (ErrorSerializer, "requestBody" in operation, "The body is of a media type not read here"),
            "429": (ErrorSerializer, bool(self.view.get_throttles()), "Too many requests from this client"),
        }
        for code, (serializer, applies, description) in errors.items():
            if applies and code not in operation["responses"]:
                response = self._get_response_for_code(serializer, code)
                operation["responses"][code] = {**response, "description": description}
        return operation
