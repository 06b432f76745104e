"""Public credit lookup: no login, rate-limited, only what `enterprises.disclosure` releases."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from core.throttling import ScopedRateThrottle
from enterprises import disclosure
from enterprises.models import Enterprise


class PublicCertificateSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    issued_on = serializers.DateField()


class PublicDishonestyRecordSerializer(serializers.Serializer):
    # The stored form ("Art. 22(3)"); null where the published text has not confirmed the number.
    article = serializers.CharField(source="criterion.article", allow_null=True)
    title = serializers.CharField(source="criterion.display_title")
    grade = serializers.CharField(source="criterion.resulting_grade")
    decided_on = serializers.DateField(source="ledger_entry.effective_from")
    published_until = serializers.DateField()
    level = serializers.CharField(source="publication_level")


class PublicPenaltySerializer(serializers.Serializer):
    case_number = serializers.CharField()
    kind = serializers.CharField()
    decided_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    # Voluntary disclosure (主动披露): the enterprise reported the violation before customs found it.
    voluntarily_disclosed = serializers.BooleanField()
    disclosed_on = serializers.DateField(allow_null=True)
    disclosure_basis = serializers.CharField()


class PublicEnterpriseSerializer(serializers.Serializer):
    name = serializers.CharField()
    name_en = serializers.CharField()
    uscc = serializers.CharField()
    customs_code = serializers.CharField()
    customs_office = serializers.CharField(source="customs_office.display_name")
    credit_grade = serializers.CharField()
    aeo_code = serializers.CharField(allow_null=True)
    certificates = serializers.SerializerMethodField()
    dishonesty_records = PublicDishonestyRecordSerializer(source="public_determinations", many=True)
    penalties = PublicPenaltySerializer(source="public_penalties", many=True)

    @extend_schema_field(PublicCertificateSerializer(many=True))
    def get_certificates(self, enterprise):
        return PublicCertificateSerializer(disclosure.public_certificates(enterprise), many=True).data


class PublicEnterpriseSearchApi(generics.ListAPIView):
    """Look up an enterprise's public credit information by name, USCC, customs code or AEO code."""

    serializer_class = PublicEnterpriseSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"

    @extend_schema(
        summary="Public credit information (no login)",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description="Name fragment, USCC, customs code or AEO code (AEOCN...)",
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enterprise.objects.none()
        query = self.request.query_params.get("q", "").strip()
        if len(query) < disclosure.MIN_QUERY_LENGTH:
            raise ValidationError(
                {
                    "q": [
                        _("Enter at least %(n)d characters of a name, or a USCC.")
                        % {"n": disclosure.MIN_QUERY_LENGTH}
                    ]
                }
            )
        return disclosure.public_search(query)
