"""API of credit repair and objections; every change goes through `enterprises.repair` / `.objections`."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action

from core.api import ModelSerializer
from core.viewsets import ActionViewSet
from enterprises import objections, repair, selectors
from enterprises.models import DishonestProposal, Enterprise, Objection, Penalty, RepairApplication


class RepairApplicationSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    rulebook = serializers.CharField(source="rulebook.code", read_only=True)
    decision_number = serializers.CharField(source="ledger_entry.decision_number", default="", read_only=True)

    class Meta:
        model = RepairApplication
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "rulebook",
            "corrective_actions",
            "status",
            "applied_at",
            "answer_due",
            "decided_at",
            "decision_note",
            "decision_number",
        ]
        read_only_fields = fields


class RepairApplySerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    corrective_actions = serializers.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # None while the schema is generated
            self.fields["enterprise"].queryset = selectors.visible_enterprises(request.user)


class RepairDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    decision_number = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ObjectionSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    record = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = [
            "id",
            "reference",
            "enterprise",
            "enterprise_name",
            "item",
            "penalty",
            "determination",
            "certificate_number",
            "record",
            "objector_kind",
            "reason",
            "status",
            "filed_at",
            "recheck_due",
            "answer",
            "answered_at",
        ]
        read_only_fields = fields

    def get_record(self, objection) -> str:
        """The item objected to: a case or decision number, a certificate number, or the grade."""
        return str(objections.item_label(objection))


class ObjectionFileSerializer(serializers.Serializer):
    penalty = serializers.PrimaryKeyRelatedField(queryset=Penalty.objects.none(), required=False)
    determination = serializers.PrimaryKeyRelatedField(
        queryset=DishonestProposal.objects.none(), required=False
    )
    reason = serializers.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # while the schema is generated
            return
        enterprises = selectors.visible_enterprises(request.user)
        self.fields["penalty"].queryset = Penalty.objects.filter(enterprise__in=enterprises)
        self.fields["determination"].queryset = DishonestProposal.objects.filter(
            enterprise__in=enterprises, status=DishonestProposal.Status.DETERMINED
        )

    def validate(self, data):
        if bool(data.get("penalty")) == bool(data.get("determination")):
            raise serializers.ValidationError("Name either a penalty or a determination.")
        return data


class ObjectionAnswerSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    answer = serializers.CharField()


@extend_schema_view(
    list=extend_schema(summary="Credit repair applications of visible enterprises"),
    retrieve=extend_schema(summary="One credit repair application (404 outside visibility)"),
)
class RepairApplicationViewSet(ActionViewSet):
    serializer_class = RepairApplicationSerializer
    filterset_fields = ["status"]
    queryset = RepairApplication.objects.none()

    def get_queryset(self):
        return (
            selectors.visible_repair_applications(self.request.user)
            .select_related("enterprise", "rulebook", "ledger_entry")
            .order_by("-applied_at", "-id")
        )

    @extend_schema(
        summary="Apply for credit repair (the enterprise's users); 409 with the date when too early",
        request=RepairApplySerializer,
        responses={201: RepairApplicationSerializer},
    )
    def create(self, request):
        application = repair.repair_apply(actor=request.user, **self.validated_input(RepairApplySerializer))
        return self.respond(application, status.HTTP_201_CREATED)

    @extend_schema(summary="Approve or refuse (officers)", request=RepairDecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        application = self.get_object()
        data = self.validated_input(RepairDecisionSerializer)
        return self.respond(repair.repair_decide(actor=request.user, application=application, **data))


@extend_schema_view(
    list=extend_schema(
        summary="Objections to published credit information of visible enterprises (an enterprise's "
        "users: their own only)"
    ),
    retrieve=extend_schema(summary="One objection (404 outside visibility)"),
)
class ObjectionViewSet(ActionViewSet):
    serializer_class = ObjectionSerializer
    filterset_fields = ["status"]
    queryset = Objection.objects.none()

    def get_queryset(self):
        return (
            selectors.visible_objections(self.request.user)
            .select_related("enterprise", "penalty", "determination__criterion__rulebook")
            .order_by("-filed_at", "-id")
        )

    @extend_schema(
        summary="Object to a published penalty or dishonesty record (the enterprise's users)",
        request=ObjectionFileSerializer,
        responses={201: ObjectionSerializer},
    )
    def create(self, request):
        data = self.validated_input(ObjectionFileSerializer)
        record = data.get("penalty") or data.get("determination")
        objection = objections.objection_file(actor=request.user, record=record, reason=data["reason"])
        return self.respond(objection, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the re-check: uphold or reject (officers)", request=ObjectionAnswerSerializer
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        objection = self.get_object()
        data = self.validated_input(ObjectionAnswerSerializer)
        return self.respond(objections.objection_answer(actor=request.user, objection=objection, **data))
