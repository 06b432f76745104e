from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coordination.assignment import coordinator_deactivate
from coordination.models import CoordinatorProfile


@admin.register(CoordinatorProfile)
class CoordinatorProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "office", "capacity", "is_active"]
    list_filter = ["is_active", "office"]
    search_fields = ["user__username", "user__full_name", "office__name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise"]
    list_select_related = ["user", "office"]
    readonly_fields = ["is_active"]
    actions = ["deactivate"]

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
                    "waiting": counts["without_capacity"],
                },
                messages.SUCCESS,
            )
