"""Cultivation is worked on its pages; the admin shows it for oversight, read-only."""

from django.contrib import admin

from accounts.admin_base import ReadOnlyAdmin
from cultivation.models import (
    Candidate,
    CultivationPlan,
    Gap,
    GuidanceSession,
    Milestone,
    MockFinding,
    MockReview,
)
from enterprises.admin import VisibleEnterprisesAdminMixin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["phase", "title", "due_on", "completed_on", "completed_by"]


class GapInline(ReadOnlyInline):
    model = Gap
    fields = ["item", "finding", "owner", "status", "due_on", "closed_on"]


@admin.register(Candidate)
class CandidateAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    list_display = ["enterprise", "office", "status", "source", "added_at", "added_by"]
    list_filter = ["status", "source", "office"]
    search_fields = ["enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise", "office", "added_by"]
    date_hierarchy = "added_at"


@admin.register(CultivationPlan)
class CultivationPlanAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    list_display = ["enterprise", "office", "target_grade", "status", "exit_reason", "starts_on", "target_on"]
    list_filter = ["status", "exit_reason", "target_grade", "office"]
    search_fields = ["enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise", "office"]
    date_hierarchy = "starts_on"
    inlines = [MilestoneInline, GapInline]


class MockFindingInline(ReadOnlyInline):
    model = MockFinding
    fields = ["item", "result", "note"]


@admin.register(MockReview)
class MockReviewAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    enterprise_lookup = "plan__enterprise__in"
    list_display = ["plan", "held_on", "items_met", "items_total", "passed", "reviewed_by"]
    list_filter = ["passed"]
    search_fields = ["plan__enterprise__name"]
    list_select_related = ["plan__enterprise", "reviewed_by"]
    inlines = [MockFindingInline]


@admin.register(GuidanceSession)
class GuidanceSessionAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    enterprise_lookup = "plans__enterprise__in"

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()  # a group session covers several visible plans

    list_display = ["held_on", "kind", "mode", "office", "recorded_by"]
    list_filter = ["kind", "mode", "office"]
    search_fields = ["topics", "attendees", "plans__enterprise__name"]
    list_select_related = ["office", "recorded_by"]
    date_hierarchy = "held_on"
