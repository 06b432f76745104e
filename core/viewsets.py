"""The base of the API's viewsets that act on cases. Apart from `core.api` because REST framework's
generic views read the pagination class from `core.api` while they are being imported."""

from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response


class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Lists and reads the objects of `get_queryset` (a visibility gate), and acts on them: an action
    validates its body with `validated_input`, calls its service and answers the object as it now is
    with `respond`."""

    permission_classes = [permissions.IsAuthenticated]

    def validated_input(self, serializer_class, **context):
        """The validated body; `context` adds to the serializer's (the users a body may name, say)."""
        serializer = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **context}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, obj, status_code=status.HTTP_200_OK, serializer_class=None):
        """`obj` read again through the gate, by `serializer_class` (the view's own by default)."""
        serializer_class = serializer_class or self.get_serializer_class()
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(
            serializer_class(fresh, context=self.get_serializer_context()).data, status=status_code
        )
