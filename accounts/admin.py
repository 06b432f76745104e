from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from accounts import two_factor
from accounts.admin_base import AuditedAdmin, ReadOnlyAdmin, ServiceAdmin
from accounts.models import ActivityEntry, ApiToken, CustomsOffice, DocumentNumberCounter, Role, User
from accounts.services import (
    USER_FIELDS,
    office_create,
    office_update,
    user_create,
    user_password_set,
    user_update,
)
from core.request_context import current_request

# Devices are reset with the audited action on users, never edited (nor their secrets shown) on their own.
admin.site.unregister(TOTPDevice)
# Recovery codes are made and used through accounts.two_factor only (an administrator's reset
# removes them with the app); django-otp's admin would let codes be added by hand.
admin.site.unregister(StaticDevice)


def _refused(self, request, obj=None):
    return False


def _audited(model, *refused, **attributes):
    """Keep a third-party admin, its writes recorded in the audit chain and the `refused` ones
    ("add", "change", "delete") not offered."""
    current = type(admin.site._registry[model])
    overrides = {f"has_{operation}_permission": _refused for operation in refused} | attributes
    overrides["__module__"] = __name__
    admin.site.unregister(model)
    admin.site.register(model, type(current.__name__, (AuditedAdmin, current), overrides))


# The schedule is paused and re-timed here; unlocking a sign-in is deleting its access attempt.
for _model in (PeriodicTask, ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule):
    _audited(_model)
# Its "clean up expired attempts" action needs attempt expiry, which this project does not use (it fails).
_audited(AccessAttempt, "add", "change", actions=[])
# Sign-in logs are evidence.
_audited(AccessLog, "add", "change", "delete")
_audited(AccessFailureLog, "add", "change", "delete")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """A token made here would let whoever made it act as its user: tokens are only revoked here
    (their keys are not stored, only digests)."""

    list_display = ["user", "created_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name"]
    readonly_fields = ["user", "created_at", "expires_at"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The role groups are derived from accounts.roles (sync_role_groups); edited here they would drift.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["permissions"]


@admin.register(CustomsOffice)
class CustomsOfficeAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "level", "parent", "document_prefix", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    ordering = ["path"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "level", "parent", "path"] if obj else ["path"]

    def create(self, actor, data):
        return office_create(actor=actor, **data)

    def update(self, actor, office, data):
        return office_update(actor=actor, office=office, **data)


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


class PasswordForm(AdminPasswordChangeForm):
    """The admin's password page, through the audited service (the actor is the request's user)."""

    def save(self, commit=True):
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return user_password_set(actor=current_request().user, user=self.user, password=password)


@admin.register(User)
class UserAdmin(ServiceAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
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
    list_filter = ["role", "is_active", "office__level", "certification_qualified", "preferred_language"]
    actions = ["reset_two_factor"]
    search_fields = ["username", "full_name", "email", "office__name", "office__code"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    change_password_form = PasswordForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "phone", "preferred_language")}),
        (
            _("Role"),
            {
                "fields": (
                    "role",
                    "office",
                    "certification_qualified",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                )
            },
        ),
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

    def create(self, actor, data):
        return user_create(
            actor=actor,
            username=data["username"],
            password=data.get("password1") or None,
            role=data["role"],
            office=data.get("office"),
            full_name=data.get("full_name", ""),
        )

    def update(self, actor, user, data):
        return user_update(actor=actor, user=user, **{field: data[field] for field in USER_FIELDS})

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


@admin.register(DocumentNumberCounter)
class DocumentNumberCounterAdmin(ReadOnlyAdmin):
    """Counters only count up (accounts.numbering): an edited counter could issue a number twice."""

    list_display = ["office", "year", "last"]
    list_filter = ["year"]
    search_fields = ["office__code", "office__name"]
    list_select_related = ["office"]
