from rest_framework import serializers

from accounts.models import CustomsOffice
from credit_mgmt.api import ModelSerializer, Serializer
from enterprises.models import (
    Arrear,
    CorrectionRequest,
    DocumentCount,
    Enterprise,
    EnterpriseEvent,
    LedgerEntry,
    Penalty,
)
from rulebooks.models import BusinessType, Measure


class EnterpriseSerializer(ModelSerializer):
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


class LedgerEntrySerializer(ModelSerializer):
    """One grade change, as the contract's credit-history lists it."""

    legal_basis = serializers.CharField(read_only=True)
    rulebook = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "grade",
            "previous_grade",
            "effective_from",
            "reason",
            "legal_basis",
            "decision_number",
            "rulebook",
            "cause",
        ]


class MeasureSerializer(ModelSerializer):
    title = serializers.CharField(source="display_title")

    class Meta:
        model = Measure
        fields = ["code", "title", "value"]


class MeasuresSerializer(Serializer):
    credit_grade = serializers.CharField()
    rulebook = serializers.CharField()
    measures = MeasureSerializer(many=True)


class PenaltySerializer(ModelSerializer):
    class Meta:
        model = Penalty
        fields = [
            "id",
            "case_number",
            "kind",
            "subject",
            "decided_on",
            "amount",
            "is_intentional",
            "description",
        ]


class ArrearSerializer(ModelSerializer):
    class Meta:
        model = Arrear
        fields = ["id", "reference", "kind", "amount", "due_on", "paid_on"]


class DocumentCountSerializer(ModelSerializer):
    total = serializers.IntegerField(read_only=True)

    class Meta:
        model = DocumentCount
        fields = ["year", "declarations", "filing_lists", "manifests", "total"]
        # The service upserts by (enterprise, year); the model's unique check would refuse a correction.
        validators = []


class EnterpriseEventSerializer(ModelSerializer):
    class Meta:
        model = EnterpriseEvent
        fields = ["id", "kind", "occurred_on", "description"]


class CorrectionRequestSerializer(ModelSerializer):
    class Meta:
        model = CorrectionRequest
        fields = ["id", "field", "correct_value", "status", "requested_at", "answer", "answered_at"]
        read_only_fields = ["status", "requested_at", "answer", "answered_at"]
