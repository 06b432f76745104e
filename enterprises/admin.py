from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import AuditedAdmin, ReadOnlyAdmin, ServiceAdmin
from enterprises import services
from enterprises.models import (
    Arrear,
    CaseFiling,
    ConflictOfInterest,
    CoordinatorAssignment,
    CorrectionRequest,
    CreditStatusCertificate,
    CreditStatusNumberCounter,
    CreditStatusPolicy,
    DishonestProposal,
    DishonestStatement,
    DocumentCount,
    Enterprise,
    EnterpriseEvent,
    EnterpriseMembership,
    LedgerEntry,
    Objection,
    ObjectionAttachment,
    Penalty,
    RepairApplication,
    StatementAttachment,
)
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
class EnterpriseAdmin(VisibleEnterprisesAdminMixin, ServiceAdmin, SimpleHistoryAdmin):
    """Registered and edited as on the register's pages: in the officer's jurisdiction, with a ledger
    entry, change events and the audit trail; the identity codes and the grade are not edited."""

    enterprise_lookup = "pk__in"
    list_display = ["name", "uscc", "customs_code", "credit_grade", "customs_office", "updated_at"]
    list_filter = [
        "credit_grade",
        "customs_office__level",
        "business_types",
        "in_special_zone",
        "is_key_industry",
    ]
    search_fields = ["name", "name_en", "=uscc", "=customs_code"]
    list_select_related = ["customs_office"]
    autocomplete_fields = ["customs_office"]
    filter_horizontal = ["business_types"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        fixed = ["credit_grade", "created_at", "updated_at"]
        return [*fixed, "uscc", "customs_code", "in_special_zone", "is_key_industry"] if obj else fixed

    def create(self, actor, data):
        return services.enterprise_create(actor=actor, **data)

    def update(self, actor, enterprise, data):
        profile = {field: data[field] for field in services.PROFILE_FIELDS}
        return services.enterprise_update(
            actor=actor, enterprise=enterprise, business_types=data["business_types"], **profile
        )


@admin.register(EnterpriseMembership)
class EnterpriseMembershipAdmin(VisibleEnterprisesAdminMixin, ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["user", "enterprise", "is_senior_manager", "created_at"]
    list_filter = ["is_senior_manager"]
    search_fields = ["user__username", "user__full_name", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["user", "enterprise"]
    autocomplete_fields = ["user", "enterprise"]

    def create(self, actor, data):
        return services.membership_create(actor=actor, **data)


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(VisibleEnterprisesAdminMixin, ServiceAdmin, SimpleHistoryAdmin):
    """Adding one is the officer's override: it ends the enterprise's current assignment."""

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

    def create(self, actor, data):
        return services.coordinator_assign(actor=actor, **data)


class EnterpriseRecordAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin, SimpleHistoryAdmin):
    """Credit records are kept on the enterprise's page and by import, through their services."""

    list_select_related = ["enterprise"]
    autocomplete_fields = ["enterprise"]
    search_fields = ["enterprise__name", "=enterprise__uscc", "=enterprise__customs_code"]
    show_full_result_count = False


@admin.register(CaseFiling)
class CaseFilingAdmin(EnterpriseRecordAdmin):
    """Recorded, suspended on and closed on the enterprise's page (`enterprises.case_filings`)."""

    list_display = [
        "case_number",
        "enterprise",
        "kind",
        "filing_authority",
        "filed_on",
        "suspends_measures",
        "closed_on",
        "outcome",
    ]
    list_filter = ["kind", "suspends_measures", "outcome", "filed_on"]
    search_fields = ["=case_number", "filing_authority", *EnterpriseRecordAdmin.search_fields]
    list_select_related = ["enterprise"]


@admin.register(Penalty)
class PenaltyAdmin(EnterpriseRecordAdmin):
    list_display = [
        "case_number",
        "enterprise",
        "kind",
        "subject",
        "decided_on",
        "amount",
        "is_intentional",
        "disclosed_on",
    ]
    list_filter = [
        "kind",
        "subject",
        "is_intentional",
        ("disclosed_on", admin.EmptyFieldListFilter),
        "decided_on",
    ]
    search_fields = ["=case_number", *EnterpriseRecordAdmin.search_fields]
    readonly_fields = ["publication_withdrawn_at"]


@admin.register(Arrear)
class ArrearAdmin(EnterpriseRecordAdmin):
    list_display = ["reference", "enterprise", "kind", "amount", "due_on", "paid_on"]
    list_filter = ["kind", "due_on"]
    search_fields = ["=reference", *EnterpriseRecordAdmin.search_fields]


@admin.register(DocumentCount)
class DocumentCountAdmin(EnterpriseRecordAdmin):
    list_display = ["enterprise", "year", "declarations", "filing_lists", "manifests"]
    list_filter = ["year"]


@admin.register(EnterpriseEvent)
class EnterpriseEventAdmin(EnterpriseRecordAdmin):
    list_display = ["enterprise", "kind", "occurred_on", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(EnterpriseRecordAdmin):
    list_display = ["enterprise", "field", "status", "requested_by", "requested_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "requested_by", "answered_by", "requested_at", "answered_at"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    """The ledger is evidence: read here, written only by the services that decide grades."""

    list_display = [
        "enterprise",
        "previous_grade",
        "grade",
        "effective_from",
        "cause",
        "decision_number",
        "rulebook",
    ]
    list_filter = ["grade", "cause", "rulebook"]
    search_fields = ["enterprise__name", "=enterprise__uscc", "=decision_number"]
    list_select_related = ["enterprise", "rulebook"]
    show_full_result_count = False


@admin.register(DishonestProposal)
class DishonestProposalAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["enterprise", "criterion", "status", "evidence_date", "statement_due", "published_until"]
    list_filter = ["status", "rulebook", "criterion__kind", "publication_level"]
    search_fields = ["enterprise__name", "=enterprise__uscc", "=decision_number"]
    list_select_related = ["enterprise", "criterion"]
    show_full_result_count = False


class StatementAttachmentInline(admin.TabularInline):
    model = StatementAttachment
    extra = 0
    can_delete = False
    readonly_fields = ["file", "original_name", "size"]


@admin.register(DishonestStatement)
class DishonestStatementAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    enterprise_lookup = "proposal__enterprise__in"
    list_display = ["proposal", "submitted_by", "submitted_at"]
    list_select_related = ["proposal__enterprise", "proposal__criterion", "submitted_by"]
    inlines = [StatementAttachmentInline]


@admin.register(RepairApplication)
class RepairApplicationAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["enterprise", "status", "applied_at", "answer_due", "decided_at"]
    list_filter = ["status"]
    search_fields = ["enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise"]


class ObjectionAttachmentInline(admin.TabularInline):
    model = ObjectionAttachment
    extra = 0
    can_delete = False
    readonly_fields = ["file", "original_name", "size"]


@admin.register(Objection)
class ObjectionAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["reference", "enterprise", "item", "objector_kind", "status", "filed_at", "recheck_due"]
    list_filter = ["status", "item", "objector_kind"]
    search_fields = ["=reference", "enterprise__name", "=enterprise__uscc", "objector_name"]
    list_select_related = ["enterprise"]
    inlines = [ObjectionAttachmentInline]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(VisibleEnterprisesAdminMixin, ServiceAdmin, SimpleHistoryAdmin):
    """Declared by officers; the certification team and coordinator assignment leave them out."""

    list_display = ["officer", "enterprise", "declared_at"]
    search_fields = ["officer__username", "officer__full_name", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["officer", "enterprise"]
    autocomplete_fields = ["officer", "enterprise"]
    readonly_fields = ["declared_at"]

    def create(self, actor, data):
        return services.conflict_of_interest_declare(actor=actor, **data)

    def delete(self, actor, conflict):
        services.conflict_of_interest_withdraw(actor=actor, conflict=conflict)


@admin.register(CreditStatusCertificate)
class CreditStatusCertificateAdmin(VisibleEnterprisesAdminMixin, ReadOnlyAdmin):
    """Issued on the enterprise's page and through the API; never changed once issued."""

    list_display = ["number", "enterprise", "grade", "grade_since", "issued_on", "valid_until", "issued_by"]
    list_filter = ["grade", "issued_on"]
    search_fields = ["=number", "enterprise__name", "=enterprise__uscc"]
    list_select_related = ["enterprise", "issued_by"]
    show_full_result_count = False


@admin.register(CreditStatusPolicy)
class CreditStatusPolicyAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """How long credit status certificates stay valid: an administrator's parameter (no law sets it);
    a new row applies to certificates issued from its date on."""

    list_display = ["effective_from", "valid_days"]


@admin.register(CreditStatusNumberCounter)
class CreditStatusNumberCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last"]
