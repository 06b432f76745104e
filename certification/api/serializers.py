"""Serializers of the certification API: read shapes and the input of each action."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from certification import selectors, workflow
from certification.catalogue import standard_for
from certification.clock import clock
from certification.finance import FIGURES
from certification.models import (
    Application,
    ApplicationItem,
    Certificate,
    CertificationStandard,
    Evidence,
    FinancialYear,
    Result,
)
from certification.review import outcome
from core.api import ModelSerializer, Username, Usernames
from rulebooks.models import BusinessType


class ClockSerializer(serializers.Serializer):
    running = serializers.BooleanField()
    days_allowed = serializers.IntegerField()
    days_used = serializers.IntegerField()
    days_left = serializers.IntegerField()
    deadline = serializers.DateField(allow_null=True)


class ApplicationSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    rulebook = serializers.CharField(source="rulebook.code", read_only=True)
    business_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    certificate = serializers.CharField(
        source="certificate.number", default=None, allow_null=True, read_only=True
    )
    clock = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "uscc",
            "kind",
            "trigger",
            "certificate",
            "rulebook",
            "target_grade",
            "business_types",
            "production_enterprise",
            "status",
            "receipt_number",
            "created_at",
            "submitted_at",
            "extended",
            "paused_on",
            "decided_at",
            "decision_number",
            "clock",
        ]
        read_only_fields = fields

    def get_clock(self, application) -> ClockSerializer:
        state = clock(application, timezone.localdate())
        return ClockSerializer(
            {
                "running": state.running,
                "days_allowed": state.days_allowed,
                "days_used": state.days_used,
                "days_left": state.days_left,
                "deadline": state.deadline,
            }
        ).data


class EvidenceSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "stage", "size", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence) -> str:
        return reverse(
            "api-application-evidence", args=[evidence.application_item.application_id, evidence.pk]
        )


class ApplicationItemSerializer(ModelSerializer):
    code = serializers.CharField(source="item.code")
    part = serializers.CharField(source="item.part")
    individual = serializers.BooleanField(source="item.individual")
    business_type = serializers.CharField(source="item.business_type.code", default=None, allow_null=True)
    title = serializers.CharField(source="item.display_title")
    rectifiable = serializers.BooleanField(source="item.rectifiable")
    evidence = EvidenceSerializer(source="released_evidence", many=True, read_only=True)

    class Meta:
        model = ApplicationItem
        fields = [
            "id",
            "code",
            "part",
            "individual",
            "business_type",
            "title",
            "rectifiable",
            "self_assessment",
            "explanation",
            "finding",
            "finding_notes",
            "rectification",
            "rectification_due",
            "rectification_request",
            "rectification_answer",
            "rectification_note",
            "evidence",
        ]
        read_only_fields = fields

    def to_representation(self, row):
        """Rows come from `selectors.application_items`: a finding not released to the reader is blank."""
        data = super().to_representation(row)
        if not row.released:
            data["finding"] = data["finding_notes"] = ""
        return data


class OutcomeSerializer(serializers.Serializer):
    method = serializers.CharField()
    passed = serializers.BooleanField()
    complete = serializers.BooleanField()
    total = serializers.IntegerField(allow_null=True)
    failing = serializers.ListField(child=serializers.CharField())
    basically_meeting = serializers.ListField(child=serializers.CharField())


class StandardSerializer(ModelSerializer):
    class Meta:
        model = CertificationStandard
        fields = ["grade", "name", "name_en", "announcement", "applied_from", "verified"]
        read_only_fields = fields


class FinancialYearSerializer(ModelSerializer):
    """One financial year's figures (yuan): the input of the figures action and its read shape."""

    year = serializers.IntegerField()
    production_enterprise = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        write_only=True,
        help_text="Whether the enterprise is a production enterprise; left out, it stays as it is.",
    )

    class Meta:
        model = FinancialYear
        fields = ["year", *FIGURES, "production_enterprise"]


class FinancialYearRemoveSerializer(serializers.Serializer):
    year = serializers.IntegerField()


class ApplicationDetailSerializer(ApplicationSerializer):
    standard = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()
    financial_years = FinancialYearSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "standard",
            "allowed_actions",
            "team",
            "result",
            "financial_years",
            "items",
        ]
        read_only_fields = fields

    def get_standard(self, application) -> StandardSerializer(allow_null=True):
        standard = standard_for(application.rulebook, application.target_grade)
        return StandardSerializer(standard).data if standard else None

    def get_items(self, application) -> ApplicationItemSerializer(many=True):
        user = self.context["request"].user
        rows = selectors.application_items(application, user).prefetch_related(
            Prefetch(
                "evidence",
                queryset=selectors.released_evidence(user).select_related("application_item"),
                to_attr="released_evidence",
            )
        )
        return ApplicationItemSerializer(rows, many=True).data

    def get_allowed_actions(self, application) -> list[str]:
        return workflow.allowed_actions(self.context["request"].user, application)

    def get_result(self, application) -> OutcomeSerializer(allow_null=True):
        if not selectors.findings_released(self.context["request"].user, application):
            return None
        return OutcomeSerializer(outcome(application)).data

    def get_team(self, application) -> list[str]:
        return [member.officer.username for member in application.team.select_related("officer")]


class ApplicationCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(required=False, help_text="Defaults to the caller's enterprise.")
    target_grade = serializers.CharField()
    business_types = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=BusinessType.objects.all()
    )
    production_enterprise = serializers.BooleanField(required=False, default=False)


class ItemInputMixin(serializers.Serializer):
    item = serializers.CharField(help_text="Code of the standard item, such as A-G-01.")


COMPUTED_HELP = "Left out for an item computed from the financial figures, which gives its result."


class AssessSerializer(ItemInputMixin):
    result = serializers.ChoiceField(
        choices=Result.choices, required=False, default="", help_text=COMPUTED_HELP
    )
    explanation = serializers.CharField(required=False, default="", allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class FindingSerializer(ItemInputMixin):
    finding = serializers.ChoiceField(
        choices=Result.choices, required=False, default="", help_text=COMPUTED_HELP
    )
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class AnswerSerializer(ItemInputMixin):
    answer = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReviewSerializer(ItemInputMixin):
    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class AuditHeldSerializer(serializers.Serializer):
    held_on = serializers.DateField(help_text="The day the on-site audit took place, before its planned day.")


class TeamSerializer(serializers.Serializer):
    """Officers among those who may serve on the application's team (`team_candidates`)."""

    officers = Usernames(help_text="Usernames of the officers.")
    leader = Username(help_text="Username of the leader.")


class AuditSerializer(serializers.Serializer):
    visit_on = serializers.DateField()
    place = serializers.CharField()
    agenda = serializers.CharField()


class RectificationSerializer(serializers.Serializer):
    due = serializers.DateField()
    requests = serializers.DictField(child=serializers.CharField(), help_text="Item code -> what to rectify.")


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["certify", "refuse"])
    decision_number = serializers.CharField(max_length=60)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class CertificateSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    aeo_code = serializers.CharField(read_only=True)
    rulebook = serializers.CharField(source="rulebook.code", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "enterprise",
            "enterprise_name",
            "uscc",
            "aeo_code",
            "grade",
            "rulebook",
            "issued_on",
            "re_review_due",
            "status",
            "status_reason",
            "status_changed_at",
        ]
        read_only_fields = fields


class CertificateActionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    decision_number = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="To revoke."
    )
    criminal_case = serializers.BooleanField(required=False, default=False, help_text="To suspend.")
    trigger = serializers.ChoiceField(
        choices=Application.ReReviewTrigger.choices, required=False, help_text="To start a re-review."
    )


class CertificateVerificationSerializer(serializers.Serializer):
    """The published contract: these fields, nothing more."""

    number = serializers.CharField()
    status = serializers.CharField()
    credit_grade = serializers.CharField(source="grade")
    enterprise_name = serializers.CharField(source="enterprise.name")
    uscc = serializers.CharField(source="enterprise.uscc")
    aeo_code = serializers.CharField()
    issued_on = serializers.DateField()
    rulebook = serializers.CharField(source="rulebook.code")
