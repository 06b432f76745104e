from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from enterprises.models import CoordinatorAssignment, Enterprise, EnterpriseMembership
from enterprises.selectors import visible_enterprises


class VisibleEnterprisesAdminMixin:
    """Admin lists start from the visibility gate, like every other read."""

    enterprise_lookup = "enterprise__in"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(**{self.enterprise_lookup: visible_enterprises(request.user)})
        )


@admin.register(Enterprise)
class EnterpriseAdmin(VisibleEnterprisesAdminMixin, SimpleHistoryAdmin):
    enterprise_lookup = "pk__in"
    list_display = ["name", "uscc", "customs_code", "credit_grade", "customs_office", "updated_at"]
    list_filter = ["credit_grade", "customs_office__level", "business_types"]
    search_fields = ["name", "name_en", "=uscc", "=customs_code"]
    list_select_related = ["customs_office"]
    autocomplete_fields = ["customs_office"]
    filter_horizontal = ["business_types"]
    readonly_fields = ["credit_grade", "created_at", "updated_at"]
    show_full_result_count = False


@admin.register(EnterpriseMembership)
class EnterpriseMembershipAdmin(VisibleEnterprisesAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "enterprise", "is_senior_manager", "created_at"]
    list_filter = ["is_senior_manager"]
    search_fields = ["user__username", "user__full_name", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["user", "enterprise"]
    autocomplete_fields = ["user", "enterprise"]


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(VisibleEnterprisesAdminMixin, SimpleHistoryAdmin):
    list_display = ["enterprise", "coordinator", "is_active", "assigned_at", "ended_at"]
    list_filter = ["is_active"]
    search_fields = [
        "enterprise__name",
        "=enterprise__uscc",
        "coordinator__username",
        "coordinator__full_name",
    ]
    list_select_related = ["enterprise", "coordinator"]
    autocomplete_fields = ["enterprise", "coordinator"]
    readonly_fields = ["is_active", "assigned_at", "ended_at"]
