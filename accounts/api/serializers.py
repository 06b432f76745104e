from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from accounts import two_factor
from accounts.models import CustomsOffice, User
from core.api import ModelSerializer


class TokenObtainSerializer(AuthTokenSerializer):
    """Username and password, plus the authenticator app's code once the user has set one up."""

    otp = serializers.RegexField(
        r"^[0-9]{6}$",
        label=_("Two-factor code"),
        help_text=_("The 6-digit code from the user's authenticator app; required once one is set up."),
        required=False,
        write_only=True,
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        two_factor.api_code_check(self.context["request"], attrs["user"], attrs.get("otp"))
        return attrs


class CustomsOfficeSerializer(ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", allow_null=True, read_only=True)

    class Meta:
        model = CustomsOffice
        fields = ["code", "name", "name_en", "level", "parent"]


class CurrentUserSerializer(ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", allow_null=True, read_only=True)
    enterprise = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "office", "enterprise", "preferred_language"]

    def get_enterprise(self, user) -> int | None:
        membership = getattr(user, "enterprise_membership", None)
        return membership.enterprise_id if membership else None
