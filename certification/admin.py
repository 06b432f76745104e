"""Admin of certification: the catalogue and partners are maintained here; applications and
certificates are evidence, changed only through their pages and services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import AuditedAdmin, ReadOnlyAdmin
from certification.models import (
    Application,
    ApplicationItem,
    Certificate,
    CertificateNumberCounter,
    MutualRecognitionPartner,
    StandardItem,
    Transition,
)
from enterprises.admin import VisibleEnterprisesAdminMixin
from rulebooks.services import rulebook_in_use


@admin.register(StandardItem)
class StandardItemAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """Items of a rulebook that decisions refer to are read-only, like the rulebook itself."""

    list_display = ["code", "title", "part", "business_type", "rulebook", "rectifiable", "advanced_only"]
    list_filter = ["rulebook", "part", "business_type", "rectifiable", "advanced_only"]
    search_fields = ["code", "title", "title_en"]
    list_select_related = ["rulebook", "business_type"]

    def _editable(self, obj):
        return obj is None or not rulebook_in_use(obj.rulebook)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(MutualRecognitionPartner)
class MutualRecognitionPartnerAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["economy", "economy_en", "countries", "in_force_on"]
    search_fields = ["economy", "economy_en"]


class ApplicationItemInline(admin.TabularInline):
    model = ApplicationItem
    fields = ["item", "self_assessment", "finding", "rectification", "rectification_due"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = Transition
    fields = ["at", "action", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    list_display = ["__str__", "enterprise", "kind", "target_grade", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind", "target_grade", "rulebook"]
    search_fields = ["=receipt_number", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise"]
    inlines = [TransitionInline, ApplicationItemInline]
    show_full_result_count = False


@admin.register(Certificate)
class CertificateAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    list_display = ["number", "enterprise", "grade", "status", "issued_on", "re_review_due"]
    list_filter = ["status", "grade", "rulebook"]
    search_fields = ["=number", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise"]
    show_full_result_count = False


@admin.register(CertificateNumberCounter)
class CertificateNumberCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last"]
