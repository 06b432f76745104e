"""Admin of certification: the catalogue and partners are maintained here; applications and
certificates are evidence, changed only through their pages and services."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import AuditedAdmin, ReadOnlyAdmin, ServiceAdmin, error_message
from certification import partner_verification
from certification.finance import FIGURES
from certification.models import (
    Application,
    ApplicationItem,
    Certificate,
    CertificateNumberCounter,
    CertificationStandard,
    FinancialYear,
    ForeignAeo,
    MutualRecognitionPartner,
    PartnerClient,
    PartnerVerification,
    StandardItem,
    Transition,
)
from core.errors import DomainError
from enterprises.admin import VisibleEnterprisesAdminMixin
from rulebooks.services import rulebook_in_use


class RulebookPartAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """Parts of a rulebook that decisions refer to are read-only, like the rulebook itself."""

    def _editable(self, obj):
        return obj is None or not rulebook_in_use(obj.rulebook)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(CertificationStandard)
class CertificationStandardAdmin(RulebookPartAdmin):
    list_display = ["name", "grade", "announcement", "applied_from", "rulebook", "verified"]
    list_filter = ["rulebook", "grade", "verified"]
    search_fields = ["name", "name_en", "announcement"]
    list_select_related = ["rulebook"]


@admin.register(StandardItem)
class StandardItemAdmin(RulebookPartAdmin):
    list_display = ["code", "title", "grade", "part", "individual", "business_type", "rulebook", "superseded"]
    list_filter = ["rulebook", "grade", "part", "individual", "business_type", "rectifiable", "superseded"]
    search_fields = ["code", "title", "title_en"]
    list_select_related = ["rulebook", "business_type"]


@admin.register(MutualRecognitionPartner)
class MutualRecognitionPartnerAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = [
        "economy",
        "economy_en",
        "countries",
        "signed_on",
        "in_force_on",
        "announcement",
        "verified",
    ]
    list_filter = ["verified"]
    search_fields = ["economy", "economy_en", "announcement"]


@admin.register(PartnerClient)
class PartnerClientAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """A partner customs' system: created here with its key, which is shown once; renewed or
    suspended by the actions below."""

    list_display = ["name", "partner", "is_active", "created_at", "created_by"]
    list_filter = ["is_active", "partner"]
    search_fields = ["name", "partner__economy", "partner__economy_en"]
    list_select_related = ["partner", "created_by"]
    fields = ["partner", "name"]
    actions = ["renew_key", "deactivate", "activate"]

    def get_readonly_fields(self, request, obj=None):
        return ["partner", "name", "is_active", "created_at", "created_by"] if obj else []

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj else self.fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partner":
            kwargs["queryset"] = MutualRecognitionPartner.objects.exclude(in_force_on=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def create(self, actor, data):
        client, client.new_key = partner_verification.partner_client_create(actor=actor, **data)
        return client

    def _show_key(self, request, client, key):
        self.message_user(
            request,
            gettext("The key of %(client)s, shown only now; hand it to the partner securely: %(key)s")
            % {"client": client, "key": key},
            messages.WARNING,
        )

    def response_add(self, request, obj, post_url_continue=None):
        self._show_key(request, obj, obj.new_key)
        return super().response_add(request, obj, post_url_continue)

    def _each(self, request, queryset, write):
        for client in queryset:
            try:
                write(client)
            except DomainError as error:
                self.message_user(request, f"{client}: {error_message(error)}", messages.ERROR)

    @admin.action(description=_("Issue a new key (the old one stops working)"))
    def renew_key(self, request, queryset):
        def renew(client):
            self._show_key(
                request,
                client,
                partner_verification.partner_client_key_renew(actor=request.user, client=client),
            )

        self._each(request, queryset, renew)

    def _set_active(self, request, queryset, active):
        def write(client):
            partner_verification.partner_client_set_active(actor=request.user, client=client, active=active)

        self._each(request, queryset, write)

    @admin.action(description=_("Suspend access"))
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("Restore access"))
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)


@admin.register(ForeignAeo)
class ForeignAeoAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    """Recorded on the enterprise's page and through the API (certification/foreign_aeos.py)."""

    list_display = ["identifier", "name", "partner", "enterprise", "recorded_at"]
    list_filter = ["partner"]
    search_fields = ["identifier", "name", "enterprise__name", "enterprise__uscc"]
    list_select_related = ["partner", "enterprise"]


@admin.register(PartnerVerification)
class PartnerVerificationAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "client", "codes", "in_force", "unknown", "client_address"]
    list_filter = ["client__partner"]
    search_fields = ["client__name", "answer_digest"]
    list_select_related = ["client__partner"]
    date_hierarchy = "requested_at"


class ReadOnlyInline(admin.TabularInline):
    """Rows of an application shown on its read-only admin page."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class ApplicationItemInline(ReadOnlyInline):
    model = ApplicationItem
    fields = ["item", "self_assessment", "finding", "rectification", "rectification_due"]


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["at", "action", "from_status", "to_status", "actor", "reason"]


class FinancialYearInline(ReadOnlyInline):
    model = FinancialYear
    fields = ["year", *FIGURES, "entered_by", "entered_at"]


@admin.register(Application)
class ApplicationAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    list_display = ["__str__", "enterprise", "kind", "target_grade", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind", "target_grade", "rulebook"]
    search_fields = ["=receipt_number", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise"]
    inlines = [TransitionInline, FinancialYearInline, ApplicationItemInline]
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
