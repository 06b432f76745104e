from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import CustomsOffice
from core.api import ModelSerializer, Serializer
from enterprises.models import (
    Arrear,
    CaseFiling,
    CorrectionRequest,
    CreditStatusCertificate,
    DocumentCount,
    Enterprise,
    EnterpriseEvent,
    LedgerEntry,
    Penalty,
)
from rulebooks.models import RATE_KINDS, BusinessType, Measure, MeasureBasis, MeasureMetric


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
    """A measure with the kind of its figure, so that no consuming system misreads `value`.

    `kind`: `absolute_floor` (the `metric` rate is at least `value`), `relative_ceiling` (the
    average `metric` rate stays under `value` times the average rate of `basis`), `flag` (the measure
    applies; `value` empty) or `amount` (`value` in `unit`). `inclusive` says whether the figure
    itself is allowed ("80 % or more", "at most 20 %") or not ("below 20 %"); rates are in 0..1.
    """

    title = serializers.CharField(source="display_title")
    metric = serializers.SerializerMethodField()
    basis = serializers.SerializerMethodField()
    inclusive = serializers.SerializerMethodField()
    unit = serializers.ChoiceField(choices=["fraction", "CNY"], allow_null=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["code", "title", "value", "kind", "metric", "basis", "inclusive", "unit"]

    @extend_schema_field(serializers.ChoiceField(choices=MeasureMetric.choices, allow_null=True))
    def get_metric(self, measure):
        return measure.metric or None

    @extend_schema_field(serializers.ChoiceField(choices=MeasureBasis.choices, allow_null=True))
    def get_basis(self, measure):
        return measure.basis or None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_inclusive(self, measure):
        return measure.inclusive if measure.kind in RATE_KINDS else None


class MeasuresSerializer(Serializer):
    credit_grade = serializers.CharField()
    rulebook = serializers.CharField()
    measures = MeasureSerializer(many=True)


class PenaltySerializer(ModelSerializer):
    voluntarily_disclosed = serializers.BooleanField(
        read_only=True, help_text="Set from `disclosed_on`: the enterprise disclosed it itself (主动披露)."
    )

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
            "voluntarily_disclosed",
            "disclosed_on",
            "disclosure_basis",
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


class CreditStatusCertificateSerializer(ModelSerializer):
    """An issued credit status certificate: what it states (`content`, both languages) and whether it
    is still valid today (`validity`: valid, expired, or superseded by a change of grade)."""

    graded_under = serializers.SlugRelatedField(source="rulebook", slug_field="code", read_only=True)
    validity = serializers.ChoiceField(choices=CreditStatusCertificate.Validity.choices, read_only=True)
    grade_changed_on = serializers.DateField(read_only=True, allow_null=True)
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = CreditStatusCertificate
        fields = [
            "id",
            "number",
            "grade",
            "grade_since",
            "graded_under",
            "purpose",
            "issued_on",
            "valid_until",
            "validity",
            "grade_changed_on",
            "content",
            "pdf",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf(self, certificate):
        path = reverse("api-credit-status-certificate-pdf", args=[certificate.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CreditStatusRequestSerializer(Serializer):
    purpose = serializers.CharField(
        max_length=CreditStatusCertificate._meta.get_field("purpose").max_length,
        required=False,
        allow_blank=True,
        default="",
    )


class CaseFilingSerializer(ModelSerializer):
    """A case filed against the enterprise (read only): a criminal one suspends the AEO measures."""

    penalty = serializers.SlugRelatedField(
        slug_field="case_number",
        read_only=True,
        allow_null=True,
        help_text="Case number of the penalty decision, once liability was established; otherwise null.",
    )

    class Meta:
        model = CaseFiling
        fields = [
            "id",
            "kind",
            "case_number",
            "filing_authority",
            "filed_on",
            "description",
            "suspends_measures",
            "closed_on",
            "outcome",
            "outcome_note",
            "penalty",
        ]
