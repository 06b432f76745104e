from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import lockout, tokens
from accounts.api.serializers import CurrentUserSerializer, CustomsOfficeSerializer, TokenObtainSerializer
from accounts.models import CustomsOffice


class TokenObtainApi(generics.GenericAPIView):
    """Exchange a username and password (and `otp`, once set up) for a new API token, valid for
    `API_TOKEN_HOURS`; only its digest is kept, so the key is shown this once.

    400 on wrong credentials or code; 429 once the username is locked out from this address.
    """

    serializer_class = TokenObtainSerializer
    permission_classes = [AllowAny]
    authentication_classes = []

    def get_serializer_context(self):
        # Django's own request, not REST framework's wrapper: django-axes marks the request it locks out,
        # and its middleware answers that request with 429.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(
        responses={
            200: TokenObtainSerializer,
            429: OpenApiResponse(
                inline_serializer("LockedOut", {"detail": serializers.CharField()}),
                description="Too many failed sign-ins of this username from this address: wait (Retry-After)",
            ),
        }
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        key = tokens.token_issue(user)
        lockout.forget_failures(request._request, user.get_username())
        return Response({"token": key})


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
