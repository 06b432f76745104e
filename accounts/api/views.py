from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken

from accounts.api.serializers import CurrentUserSerializer, CustomsOfficeSerializer
from accounts.models import CustomsOffice


class TokenObtainApi(ObtainAuthToken):
    """Exchange a username and password for an API token (400 on wrong credentials)."""


class CurrentUserApi(generics.RetrieveAPIView):
    serializer_class = CurrentUserSerializer

    @extend_schema(summary="The signed-in user, with role, office and enterprise")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return self.request.user


class CustomsOfficeListApi(generics.ListAPIView):
    """The customs office tree (reference data for filters and forms)."""

    serializer_class = CustomsOfficeSerializer
    queryset = CustomsOffice.objects.filter(is_active=True).select_related("parent").order_by("path")
    filterset_fields = ["level"]
