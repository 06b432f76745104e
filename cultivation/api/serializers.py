"""Shapes of cultivation in the API: read serializers of the records, input serializers of the services."""

from rest_framework import serializers

from certification.models import Result
from core.api import ModelSerializer, Username, named_users
from cultivation.models import Candidate, CultivationPlan, Gap, GuidanceSession, Milestone, MockReview
from cultivation.plans import plan_officer_choices
from enterprises.models import Enterprise
from rulebooks.models import BusinessType


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "phase", "title", "due_on", "completed_on"]
        read_only_fields = fields


class GapSerializer(ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True)
    owner = serializers.CharField(source="owner.username", default=None, read_only=True)

    class Meta:
        model = Gap
        fields = ["id", "plan", "item", "finding", "owner", "status", "due_on", "progress", "closed_on"]
        read_only_fields = fields


class MockReviewSerializer(ModelSerializer):
    class Meta:
        model = MockReview
        fields = ["id", "held_on", "items_total", "items_met", "passed", "result", "summary"]
        read_only_fields = fields


class SessionSerializer(ModelSerializer):
    plans = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = GuidanceSession
        fields = [
            "id",
            "kind",
            "mode",
            "held_on",
            "plans",
            "attendees",
            "topics",
            "notes",
            "follow_up",
            "shared_with_enterprise",
        ]
        read_only_fields = fields


class PlanSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    office = serializers.CharField(source="office.code", read_only=True)
    business_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    officers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    mock_reviews = MockReviewSerializer(many=True, read_only=True)
    application = serializers.PrimaryKeyRelatedField(allow_null=True, read_only=True)

    class Meta:
        model = CultivationPlan
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "office",
            "target_grade",
            "business_types",
            "officers",
            "starts_on",
            "target_on",
            "status",
            "exit_reason",
            "closing_note",
            "closed_on",
            "application",
            "milestones",
            "mock_reviews",
        ]
        read_only_fields = fields


class CandidateSerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    office = serializers.CharField(source="office.code", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "enterprise", "enterprise_name", "office", "source", "status", "reason", "added_at"]
        read_only_fields = fields


class PlanOpenSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    target_grade = serializers.CharField()
    business_types = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=BusinessType.objects.all()
    )
    starts_on = serializers.DateField()
    target_on = serializers.DateField()
    officers = serializers.ListField(child=serializers.CharField(), help_text="Usernames of the officers.")

    def __init__(self, *args, **kwargs):
        """The caller's visible enterprises and candidates from the context (none for the schema)."""
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = self.context.get("enterprises", Enterprise.objects.none())
        self.fields["candidate"].queryset = self.context.get("candidates", Candidate.objects.none())

    def validate(self, data):
        """The officers among those of the enterprise's customs, known once the enterprise is."""
        try:
            data["officers"] = named_users(data["officers"], plan_officer_choices(data["enterprise"]))
        except serializers.ValidationError as error:
            raise serializers.ValidationError({"officers": error.detail}) from error
        return data


class MilestoneAddSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Milestone.Phase.choices)
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class MoveSerializer(serializers.Serializer):
    due_on = serializers.DateField()


class MockReviewInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    results = serializers.DictField(child=serializers.ChoiceField(choices=Result.choices))
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=1000), required=False
    )
    summary = serializers.CharField(required=False, default="", allow_blank=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ExitSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CultivationPlan.ExitReason.choices)
    note = serializers.CharField()


class CandidatesAddSerializer(serializers.Serializer):
    enterprises = serializers.PrimaryKeyRelatedField(many=True, queryset=Enterprise.objects.none())
    source = serializers.ChoiceField(
        choices=[Candidate.Source.SELECTION, Candidate.Source.RECOMMENDATION],
        default=Candidate.Source.SELECTION,
    )
    reason = serializers.CharField(required=False, default="", allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "enterprises" in self.context:
            self.fields["enterprises"].child_relation.queryset = self.context["enterprises"]


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField()


class GapUpdateSerializer(serializers.Serializer):
    owner = Username(required=False, allow_null=True, help_text="Username of the owner.")
    status = serializers.ChoiceField(choices=Gap.Status.choices, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    progress = serializers.CharField(required=False, allow_blank=True)


class SessionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GuidanceSession.Kind.choices)
    mode = serializers.ChoiceField(choices=GuidanceSession.Mode.choices)
    held_on = serializers.DateField()
    plans = serializers.PrimaryKeyRelatedField(many=True, queryset=CultivationPlan.objects.none())
    attendees = serializers.CharField()
    topics = serializers.CharField()
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    follow_up = serializers.CharField(required=False, default="", allow_blank=True)
    shared_with_enterprise = serializers.BooleanField(default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "plans" in self.context:
            self.fields["plans"].child_relation.queryset = self.context["plans"]
