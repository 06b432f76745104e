from rest_framework import serializers

from accounts.models import CustomsOffice
from enterprises.models import Enterprise
from rulebooks.models import BusinessType


class EnterpriseSerializer(serializers.ModelSerializer):
    business_types = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=BusinessType.objects.all(), required=False
    )
    customs_office = serializers.SlugRelatedField(
        slug_field="code", queryset=CustomsOffice.objects.filter(is_active=True)
    )
    aeo_code = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "uscc",
            "customs_code",
            "name",
            "name_en",
            "business_types",
            "customs_office",
            "credit_grade",
            "aeo_code",
            "address",
            "legal_representative",
        ]
        read_only_fields = ["credit_grade"]


class EnterpriseUpdateSerializer(EnterpriseSerializer):
    """Identity codes are fixed once registered."""

    class Meta(EnterpriseSerializer.Meta):
        read_only_fields = ["credit_grade", "uscc", "customs_code"]
