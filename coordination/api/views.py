"""API of cases; every change goes through `coordination.cases`."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser

from coordination import cases, selectors
from coordination.models import Case, ServiceLogEntry
from core.api import ModelSerializer, Usernames
from core.parsers import JSONParser
from core.viewsets import ActionViewSet
from enterprises.selectors import visible_enterprises


class ServiceLogSerializer(ModelSerializer):
    officers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    logged_by = serializers.CharField(source="logged_by.username", read_only=True)

    class Meta:
        model = ServiceLogEntry
        fields = [
            "id",
            "contact_at",
            "channel",
            "people",
            "officers",
            "departments",
            "result",
            "next_action",
            "logged_by",
        ]
        read_only_fields = fields


class CaseSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    coordinator = serializers.CharField(
        source="coordinator.username", default=None, read_only=True, allow_null=True
    )
    log = ServiceLogSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "category",
            "subject",
            "description",
            "status",
            "coordinator",
            "opened_at",
            "due_on",
            "escalated_at",
            "closed_at",
            "outcome",
            "rating",
            "rating_comment",
            "log",
        ]
        read_only_fields = fields


class CaseOpenSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Case.Category.choices)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class CaseLogSerializer(serializers.Serializer):
    contact_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ServiceLogEntry.Channel.choices)
    people = serializers.CharField(max_length=300)
    officers = Usernames(required=False, default=list)
    departments = serializers.CharField(required=False, default="", allow_blank=True)
    result = serializers.CharField()
    next_action = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class CaseCloseSerializer(serializers.Serializer):
    outcome = serializers.CharField()


class CaseRateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, default="", allow_blank=True)


@extend_schema_view(
    list=extend_schema(summary="Cases visible to the caller (a coordinator: those assigned to them)"),
    retrieve=extend_schema(summary="One case with its service log (404 outside visibility)"),
)
class CaseViewSet(ActionViewSet):
    serializer_class = CaseSerializer
    queryset = Case.objects.none()
    filterset_fields = ["status", "category"]

    def get_queryset(self):
        return (
            selectors.visible_cases(self.request.user)
            .select_related("enterprise", "coordinator")
            .prefetch_related("log__officers", "log__logged_by")
            .order_by("due_on", "id")
        )

    @extend_schema(
        summary="Open a case (the enterprise's users)",
        request=CaseOpenSerializer,
        responses={201: CaseSerializer},
    )
    def create(self, request):
        enterprise = visible_enterprises(request.user).first()
        if enterprise is None or not request.user.is_enterprise_user:
            raise ValidationError({"non_field_errors": ["Only an enterprise's users open cases."]})
        case = cases.case_open(
            actor=request.user, enterprise=enterprise, **self.validated_input(CaseOpenSerializer)
        )
        return self.respond(case, status.HTTP_201_CREATED)

    def get_parsers(self):
        return [JSONParser(), MultiPartParser(), FormParser()]

    @extend_schema(summary="Log a contact (the coordinator or officers)", request=CaseLogSerializer)
    @action(detail=True, methods=["post"])
    def log(self, request, pk=None):
        case = self.get_object()
        data = self.validated_input(CaseLogSerializer, users=cases.contact_staff_choices(case.enterprise))
        cases.case_log(actor=request.user, case=case, **data)
        return self.respond(case)

    @extend_schema(
        summary="Close with the outcome (the coordinator or officers)", request=CaseCloseSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self.respond(
            cases.case_close(
                actor=request.user, case=self.get_object(), **self.validated_input(CaseCloseSerializer)
            )
        )

    @extend_schema(summary="Rate a closed case once (the enterprise's users)", request=CaseRateSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self.respond(
            cases.case_rate(
                actor=request.user, case=self.get_object(), **self.validated_input(CaseRateSerializer)
            )
        )
