from rest_framework import serializers

from accounts.models import CustomsOffice, User
from credit_mgmt.api import ModelSerializer


class CustomsOfficeSerializer(ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CustomsOffice
        fields = ["code", "name", "name_en", "level", "parent"]


class CurrentUserSerializer(ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    enterprise = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "office", "enterprise", "preferred_language"]

    def get_enterprise(self, user) -> int | None:
        membership = getattr(user, "enterprise_membership", None)
        return membership.enterprise_id if membership else None
