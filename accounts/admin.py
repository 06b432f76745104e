from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from accounts import two_factor
from accounts.models import ActivityEntry, CustomsOffice, Role, User
from accounts.services import user_apply_role

# Devices are reset with the audited action on users, never edited (nor their secrets shown) on their own.
admin.site.unregister(TOTPDevice)


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


ROLE_HELP = _(
    "Enterprise user: staff of one enterprise (link them to it under Enterprise memberships). "
    "Customs officer: keeps the register and decides applications, determinations and repairs. "
    "Coordinator: serves the cases of the enterprises assigned to them. "
    "Administrator: all of that in every office, and this admin. "
    "Officers and administrators confirm their sign-in with an authenticator app."
)
OFFICE_HELP = _(
    "Customs staff see the enterprises of this office and of the offices below it. "
    "Leave empty for enterprise users."
)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = [
        "username",
        "full_name",
        "role",
        "office",
        "email",
        "is_active",
        "two_factor",
        "last_login",
    ]
    list_filter = ["role", "is_active", "office__level", "preferred_language"]
    actions = ["reset_two_factor"]
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

    def get_form(self, request, obj=None, **kwargs):
        """Say on the form what each role may do and what the office decides, for a first-time admin."""
        form = super().get_form(request, obj, **kwargs)
        if "role" in form.base_fields:
            form.base_fields["role"].help_text = ROLE_HELP
        if "office" in form.base_fields:
            form.base_fields["office"].help_text = OFFICE_HELP
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_apply_role(obj)

    def response_add(self, request, obj, post_url_continue=None):
        """A new coordinator gets enterprises only once a coordinator profile names their customs."""
        if obj.role == Role.COORDINATOR and obj.office is not None:
            code = obj.office.directly_under_code or obj.office.code
            office = CustomsOffice.objects.filter(code=code).first()
            url = reverse("admin:coordination_coordinatorprofile_add")
            self.message_user(
                request,
                format_html(
                    str(
                        _(
                            "Enterprises are assigned to a coordinator once they have a coordinator profile: "
                            '<a href="{}">add the profile</a> with their customs and capacity.'
                        )
                    ),
                    f"{url}?{urlencode({'user': obj.pk, 'office': office.pk if office else ''})}",
                ),
                messages.WARNING,
            )
        return super().response_add(request, obj, post_url_continue)

    def get_queryset(self, request):
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(devices))

    @admin.display(description=_("two-factor sign-in"), boolean=True, ordering="has_two_factor")
    def two_factor(self, user):
        return user.has_two_factor

    @admin.action(description=_("Reset two-factor sign-in (lost or replaced authenticator app)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            if two_factor.device_reset(actor=request.user, user=user):
                self.message_user(
                    request,
                    _("%(user)s sets up a new authenticator app at their next sign-in.") % {"user": user},
                    messages.SUCCESS,
                )


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "created_at", "actor", "verb", "target_type", "target_repr", "request_id"]
    readonly_fields = ["sequence", "created_at", "previous_hash", "entry_hash"]
    list_filter = ["verb", "target_type"]
    search_fields = ["target_repr", "target_id", "request_id", "actor__username"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"
