"""API of cultivation; every change goes through the services of `cultivation`."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role
from core.viewsets import ActionViewSet
from cultivation import mock, plans, pool, selectors, sessions
from cultivation.api import serializers as s
from cultivation.models import Candidate, CultivationPlan, Gap, GuidanceSession, Milestone
from enterprises.selectors import visible_enterprises


class _Base(ActionViewSet):
    def _officers_only(self):
        if self.request.user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
            raise PermissionDenied


@extend_schema_view(
    list=extend_schema(summary="Cultivation plans of visible enterprises"),
    retrieve=extend_schema(summary="One plan with its milestones and mock reviews (404 outside visibility)"),
)
class PlanViewSet(_Base):
    serializer_class = s.PlanSerializer
    queryset = CultivationPlan.objects.none()
    filterset_fields = ["status", "target_grade"]

    def get_queryset(self):
        return (
            selectors.visible_plans(self.request.user)
            .select_related("enterprise", "office")
            .prefetch_related("business_types", "officers", "milestones", "mock_reviews")
            .order_by("-starts_on", "-id")
        )

    @extend_schema(
        summary="Open a plan (officers)", request=s.PlanOpenSerializer, responses={201: s.PlanSerializer}
    )
    def create(self, request):
        self._officers_only()
        data = self.validated_input(
            s.PlanOpenSerializer,
            enterprises=visible_enterprises(request.user),
            candidates=selectors.visible_candidates(request.user),
        )
        plan = plans.plan_open(actor=request.user, **data)
        return self.respond(plan, status.HTTP_201_CREATED)

    @extend_schema(summary="Add a milestone (officers)", request=s.MilestoneAddSerializer)
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        plan = self.get_object()
        plans.milestone_add(actor=request.user, plan=plan, **self.validated_input(s.MilestoneAddSerializer))
        return self.respond(plan)

    @extend_schema(
        summary="Record a mock review: a finding for every item, scored like certification (officers)",
        request=s.MockReviewInputSerializer,
        responses={201: s.MockReviewSerializer},
    )
    @action(detail=True, methods=["post"], url_path="mock-reviews")
    def mock_reviews(self, request, pk=None):
        review = mock.mock_review_record(
            actor=request.user, plan=self.get_object(), **self.validated_input(s.MockReviewInputSerializer)
        )
        return Response(s.MockReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="The plan's gaps", responses={200: s.GapSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)  # one plan's gaps, bounded by its items
    def gaps(self, request, pk=None):
        gaps = selectors.gaps_of(self.get_object(), request.user)
        return Response(s.GapSerializer(gaps, many=True).data)

    @extend_schema(
        summary="Recommend applying: ends the plan and opens a pre-filled application (officers)",
        request=s.NoteSerializer,
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        return self.respond(
            plans.plan_recommend(
                actor=request.user, plan=self.get_object(), **self.validated_input(s.NoteSerializer)
            )
        )

    @extend_schema(summary="End the plan with a reason (officers)", request=s.ExitSerializer)
    @action(detail=True, methods=["post"])
    def exit(self, request, pk=None):
        return self.respond(
            plans.plan_exit(
                actor=request.user, plan=self.get_object(), **self.validated_input(s.ExitSerializer)
            )
        )


@extend_schema_view(
    list=extend_schema(summary="The candidate pool of the caller's jurisdiction (officers)"),
    retrieve=extend_schema(summary="One candidate (404 outside visibility)"),
)
class CandidateViewSet(_Base):
    serializer_class = s.CandidateSerializer
    queryset = Candidate.objects.none()
    filterset_fields = ["status", "source"]

    def get_queryset(self):
        return selectors.visible_candidates(self.request.user).select_related("enterprise", "office")

    @extend_schema(
        summary="Add enterprises to the pool of the officer's office",
        request=s.CandidatesAddSerializer,
        responses={201: s.CandidateSerializer(many=True)},
    )
    def create(self, request):
        self._officers_only()
        data = self.validated_input(s.CandidatesAddSerializer, enterprises=visible_enterprises(request.user))
        added = pool.candidates_add(actor=request.user, **data)
        return Response(s.CandidateSerializer(added, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Keep a suggested enterprise in the pool", request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.respond(pool.candidate_accept(actor=request.user, candidate=self.get_object()))

    @extend_schema(summary="Dismiss from the pool, with the reason", request=s.DismissSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self.respond(
            pool.candidate_dismiss(
                actor=request.user, candidate=self.get_object(), **self.validated_input(s.DismissSerializer)
            )
        )


class MilestoneViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.MilestoneSerializer
    queryset = Milestone.objects.none()

    def get_queryset(self):
        return Milestone.objects.filter(plan__in=selectors.visible_plans(self.request.user))

    @extend_schema(summary="Mark a milestone completed today (officers)", request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        milestone = plans.milestone_complete(actor=request.user, milestone=self.get_object())
        return Response(s.MilestoneSerializer(milestone).data)

    @extend_schema(
        summary="Move an open milestone within the plan's dates (officers)", request=s.MoveSerializer
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        milestone = self.get_object()
        serializer = s.MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        milestone = plans.milestone_move(actor=request.user, milestone=milestone, **serializer.validated_data)
        return Response(s.MilestoneSerializer(milestone).data)


@extend_schema_view(retrieve=extend_schema(summary="One gap (404 outside visibility)"))
class GapViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.GapSerializer
    queryset = Gap.objects.none()
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Gap.objects.filter(plan__in=selectors.visible_plans(self.request.user)).select_related(
            "item", "owner"
        )

    @extend_schema(
        summary="Update a gap: officers any field; the enterprise user owning it status and progress",
        request=s.GapUpdateSerializer,
    )
    def partial_update(self, request, pk=None):
        gap = self.get_object()
        serializer = s.GapUpdateSerializer(
            data=request.data, partial=True, context={"users": plans.gap_owner_choices(gap.plan)}
        )
        serializer.is_valid(raise_exception=True)
        gap = plans.gap_update(actor=request.user, gap=gap, **serializer.validated_data)
        return Response(s.GapSerializer(self.get_queryset().get(pk=gap.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Guidance sessions of visible plans (an enterprise: those shared with it)"),
    retrieve=extend_schema(summary="One guidance session (404 outside visibility)"),
)
class GuidanceSessionViewSet(_Base):
    serializer_class = s.SessionSerializer
    queryset = GuidanceSession.objects.none()

    def get_queryset(self):
        return (
            selectors.sessions_visible_to(self.request.user)
            .prefetch_related("plans")
            .order_by("-held_on", "-id")
        )

    @extend_schema(
        summary="Record a session held (officers)",
        request=s.SessionInputSerializer,
        responses={201: s.SessionSerializer},
    )
    def create(self, request):
        self._officers_only()
        data = self.validated_input(
            s.SessionInputSerializer, plans=sessions.plans_for_group_sessions(request.user)
        )
        return self.respond(sessions.session_record(actor=request.user, **data), status.HTTP_201_CREATED)
