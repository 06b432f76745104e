from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rulebooks.models import BusinessType


@admin.register(BusinessType)
class BusinessTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "order"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["order"]
