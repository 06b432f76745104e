from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import ActivityEntry, CustomsOffice, User
from accounts.services import user_apply_role


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are evidence: visible in the admin, never editable there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CustomsOffice)
class CustomsOfficeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    readonly_fields = ["path"]
    ordering = ["path"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "role", "office", "email", "is_active", "last_login"]
    list_filter = ["role", "is_active", "office__level", "preferred_language"]
    search_fields = ["username", "full_name", "email", "office__name", "office__code"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "phone", "preferred_language")}),
        (_("Role"), {"fields": ("role", "office", "is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "role", "office", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_apply_role(obj)


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "verb", "target_type", "target_repr", "request_id"]
    list_filter = ["verb", "target_type"]
    search_fields = ["target_repr", "target_id", "request_id", "actor__username"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"
