"""API of the dishonest determination workflow; every change goes through `enterprises.determination`."""

from django.db.models import Prefetch
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import ModelSerializer
from core.viewsets import ActionViewSet
from enterprises import determination, selectors
from enterprises.models import DishonestProposal, DishonestStatement, Enterprise, StatementAttachment
from enterprises.notices import decision_remedies
from enterprises.selectors import visible_enterprises
from rulebooks.models import CriterionKind, DishonestCriterion
from rulebooks.selectors import rulebook_in_force


class AttachmentSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = StatementAttachment
        fields = ["id", "original_name", "size", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("statement-attachment", args=[attachment.pk])


class StatementSerializer(ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = DishonestStatement
        fields = ["id", "text", "final", "submitted_at", "attachments"]


class ProposalSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    customs_office = serializers.CharField(source="enterprise.customs_office.code", read_only=True)
    criterion = serializers.CharField(source="criterion.code", read_only=True)
    article = serializers.CharField(source="criterion.article", read_only=True, allow_null=True)
    criterion_title = serializers.CharField(source="criterion.display_title", read_only=True)
    criterion_kind = serializers.CharField(source="criterion.kind", read_only=True)
    resulting_grade = serializers.CharField(source="criterion.resulting_grade", read_only=True)
    rulebook = serializers.CharField(source="rulebook.code", read_only=True)
    notice_number = serializers.SerializerMethodField()
    notice_pdf_url = serializers.SerializerMethodField()
    decision_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = DishonestProposal
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "uscc",
            "customs_office",
            "rulebook",
            "criterion",
            "article",
            "criterion_title",
            "criterion_kind",
            "resulting_grade",
            "status",
            "grounds",
            "figures",
            "evidence",
            "evidence_date",
            "created_at",
            "notified_at",
            "notice_number",
            "notice_pdf_url",
            "statement_due",
            "decided_at",
            "decision_number",
            "decision_pdf_url",
            "drop_reason",
            "publication_level",
            "published_until",
        ]
        read_only_fields = fields

    def get_notice_number(self, proposal) -> str:
        return determination.notice_number(proposal)

    def get_notice_pdf_url(self, proposal) -> str | None:
        return reverse("proposal-notice-pdf", args=[proposal.pk]) if proposal.notified_at else None

    def get_decision_pdf_url(self, proposal) -> str | None:
        if proposal.status != DishonestProposal.Status.DETERMINED:
            return None
        return reverse("proposal-decision-pdf", args=[proposal.pk])


class ProposalDetailSerializer(ProposalSerializer):
    statements = StatementSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    remedies = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "statements", "allowed_actions", "remedies"]
        read_only_fields = fields

    def get_remedies(self, proposal) -> str | None:
        """The remedies the written decision states, in the caller's language."""
        if proposal.status != DishonestProposal.Status.DETERMINED:
            return None
        return str(decision_remedies(proposal))

    def get_allowed_actions(self, proposal) -> list[str]:
        return determination.allowed_actions(self.context["request"].user, proposal)


class ProposalCreateSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    criterion = serializers.SlugRelatedField(
        slug_field="code",
        queryset=DishonestCriterion.objects.none(),
        help_text="Code in the rulebook in force.",
    )
    grounds = serializers.CharField()
    evidence = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["enterprise"].queryset = visible_enterprises(request.user)
            self.fields["criterion"].queryset = rulebook_in_force().criteria.all()


class NotifySerializer(serializers.Serializer):
    grounds = serializers.CharField(required=False, help_text="Replaces the grounds stated in the notice.")


class DecideSerializer(serializers.Serializer):
    decision_number = serializers.CharField(
        max_length=60,
        required=False,
        default="",
        allow_blank=True,
        help_text="Leave out: the decision takes the next number of its customs' register, such as "
        "西关信字〔2026〕12号. Give one only for a decision numbered elsewhere.",
    )
    note = serializers.CharField(required=False, default="", allow_blank=True)


class DropSerializer(serializers.Serializer):
    reason = serializers.CharField()


class StatementCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    final = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Nothing more to state: customs may decide before the statement period ends.",
    )


class ProposalFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=DishonestProposal.Status.choices)
    criterion_kind = filters.ChoiceFilter(field_name="criterion__kind", choices=CriterionKind.choices)
    customs_office = filters.CharFilter(method="filter_office", label="Office code")
    search = filters.CharFilter(method="filter_search", label="Enterprise name or USCC")

    def filter_office(self, queryset, name, value):
        return selectors.filter_proposals(queryset, office_code=value)

    def filter_search(self, queryset, name, value):
        return selectors.filter_proposals(queryset, query=value)


@extend_schema_view(
    list=extend_schema(summary="Dishonest proposals visible to the caller"),
    retrieve=extend_schema(summary="One proposal with its statements (404 outside visibility)"),
    create=extend_schema(
        summary="Propose a determination on a criterion an officer establishes (officers)",
        request=ProposalCreateSerializer,
        responses={201: ProposalDetailSerializer},
    ),
)
class ProposalViewSet(mixins.CreateModelMixin, ActionViewSet):
    filterset_class = ProposalFilter
    serializer_class = ProposalSerializer
    queryset = DishonestProposal.objects.none()

    def get_queryset(self):
        proposals = selectors.visible_proposals(self.request.user).select_related(
            "enterprise__customs_office", "criterion", "rulebook"
        )
        if self.action != "list":
            proposals = proposals.prefetch_related(
                Prefetch(
                    "statements",
                    queryset=DishonestStatement.objects.prefetch_related("attachments").order_by(
                        "submitted_at"
                    ),
                )
            )
        return proposals.order_by("-created_at", "-id")

    def get_serializer_class(self):
        return ProposalSerializer if self.action == "list" else ProposalDetailSerializer

    def respond(self, proposal, status_code=status.HTTP_200_OK, serializer_class=ProposalDetailSerializer):
        return super().respond(proposal, status_code, serializer_class)

    def create(self, request, *args, **kwargs):
        if request.user.role not in determination.DECIDERS:
            raise PermissionDenied("Only customs officers propose determinations.")
        proposal = determination.proposal_create(
            actor=request.user, **self.validated_input(ProposalCreateSerializer)
        )
        return self.respond(proposal, status.HTTP_201_CREATED)

    @extend_schema(summary="Send the written pre-notice (officers)", request=NotifySerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        proposal = self.get_object()
        data = self.validated_input(NotifySerializer)
        return self.respond(determination.proposal_notify(actor=request.user, proposal=proposal, **data))

    @extend_schema(
        summary="Determine the enterprise dishonest after the statement period (officers)",
        request=DecideSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        proposal = self.get_object()
        data = self.validated_input(DecideSerializer)
        return self.respond(determination.proposal_decide(actor=request.user, proposal=proposal, **data))

    @extend_schema(summary="Drop the proposal with a reason (officers)", request=DropSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        proposal = self.get_object()
        data = self.validated_input(DropSerializer)
        return self.respond(determination.proposal_drop(actor=request.user, proposal=proposal, **data))

    @extend_schema(
        summary="State the enterprise's case, with attachments (the enterprise's users)",
        request={"multipart/form-data": StatementCreateSerializer},
        responses={201: StatementSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def statements(self, request, pk=None):
        proposal = self.get_object()
        data = self.validated_input(StatementCreateSerializer)
        statement = determination.statement_submit(actor=request.user, proposal=proposal, **data)
        return Response(StatementSerializer(statement).data, status=status.HTTP_201_CREATED)
