"""Inbound recognition over the API: customs clearance systems look a foreign AEO up by its
identifier; the enterprise's users, coordinator and officers record and remove them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from certification import foreign_aeos
from certification.models import ForeignAeo, MutualRecognitionPartner
from core.viewsets import ActionViewSet
from enterprises.selectors import visible_enterprises


class ForeignAeoSerializer(serializers.ModelSerializer):
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    partner = serializers.CharField(source="partner.economy_en", read_only=True)

    class Meta:
        model = ForeignAeo
        fields = ["id", "identifier", "name", "partner", "enterprise_uscc", "enterprise_name", "recorded_at"]


class ForeignAeoRecordSerializer(serializers.Serializer):
    enterprise_uscc = serializers.CharField(max_length=18)
    name = serializers.CharField(max_length=200)
    partner = serializers.SlugRelatedField(
        slug_field="economy_en",
        queryset=MutualRecognitionPartner.objects.all(),
        help_text="The partner economy in English, as /public/partners/ lists it (e.g. Singapore).",
    )
    identifier = serializers.CharField(max_length=50)

    def validate_enterprise_uscc(self, uscc):
        enterprise = (
            visible_enterprises(self.context["request"].user).filter(uscc=uscc.strip().upper()).first()
        )
        if enterprise is None:
            raise serializers.ValidationError(_("No visible enterprise has this USCC."))
        return enterprise


@extend_schema_view(
    list=extend_schema(
        summary="Foreign AEO trading partners of visible enterprises",
        parameters=[OpenApiParameter("q", str, description="AEO identifier or name fragment")],
    ),
    retrieve=extend_schema(summary="One foreign AEO trading partner (404 outside visibility)"),
    destroy=extend_schema(summary="Remove a foreign AEO trading partner"),
)
class ForeignAeoViewSet(mixins.DestroyModelMixin, ActionViewSet):
    serializer_class = ForeignAeoSerializer
    queryset = ForeignAeo.objects.none()
    filterset_fields = []

    def get_queryset(self):
        return foreign_aeos.foreign_aeo_search(
            self.request.user, self.request.query_params.get("q", "")[:100]
        )

    @extend_schema(
        summary="Record a foreign AEO trading partner of a visible enterprise",
        request=ForeignAeoRecordSerializer,
        responses={201: ForeignAeoSerializer},
    )
    def create(self, request):
        data = self.validated_input(ForeignAeoRecordSerializer)
        record = foreign_aeos.foreign_aeo_record(
            actor=request.user,
            enterprise=data["enterprise_uscc"],
            name=data["name"],
            partner=data["partner"],
            identifier=data["identifier"],
        )
        return self.respond(record, status.HTTP_201_CREATED)

    def perform_destroy(self, record):
        foreign_aeos.foreign_aeo_remove(actor=self.request.user, record=record)
