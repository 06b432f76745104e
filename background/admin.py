from django.contrib import admin

from accounts.admin_base import ReadOnlyAdmin
from background.models import Operation


@admin.register(Operation)
class OperationAdmin(ReadOnlyAdmin):
    """What users ran in the background and how it ended; result files are for their requesters only."""

    list_display = ["created_at", "kind", "subject", "requested_by", "status", "done", "total", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["subject", "requested_by__username"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created_at"
    exclude = ["source", "result_file"]
