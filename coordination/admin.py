from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import AuditedAdmin, ReadOnlyAdmin
from coordination.assignment import coordinator_deactivate
from coordination.models import Case, CoordinatorProfile, ServiceLogEntry
from enterprises.admin import VisibleEnterprisesAdminMixin


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """Kept by administrators; a coordinator who leaves is deactivated (their enterprises reassigned),
    never deleted."""

    list_display = ["user", "office", "capacity", "is_active"]
    list_filter = ["is_active", "office"]
    search_fields = ["user__username", "user__full_name", "office__name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise"]
    list_select_related = ["user", "office"]
    readonly_fields = ["is_active"]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate and reassign their enterprises"))
    def deactivate(self, request, queryset):
        for profile in queryset.filter(is_active=True):
            counts = coordinator_deactivate(actor=request.user, profile=profile)
            self.message_user(
                request,
                _(
                    "%(coordinator)s deactivated; %(created)d enterprises reassigned, "
                    "%(waiting)d wait for capacity."
                )
                % {
                    "coordinator": profile,
                    "created": counts["created"],
                    "waiting": counts["unassigned"],
                },
                messages.SUCCESS,
            )


class ServiceLogInline(admin.TabularInline):
    model = ServiceLogEntry
    fields = ["contact_at", "channel", "people", "departments", "result", "logged_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    """Cases are served on their page; the admin shows them and their log for oversight."""

    list_display = ["subject", "enterprise", "category", "status", "coordinator", "due_on", "rating"]
    list_filter = ["status", "category"]
    search_fields = ["subject", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise", "coordinator"]
    inlines = [ServiceLogInline]
