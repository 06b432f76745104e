from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import AuditedAdmin, ServiceAdmin
from rulebooks.forms import WorkingCalendarYearForm
from rulebooks.models import (
    BusinessType,
    DishonestCriterion,
    Measure,
    PublicationPeriod,
    RecordRule,
    Rulebook,
    RulebookGrade,
    WorkingCalendarYear,
)
from rulebooks.services import (
    rulebook_in_use,
    rulebook_new_version,
    working_calendar_year_create,
    working_calendar_year_delete,
    working_calendar_year_deletion_refusal,
    working_calendar_year_update,
)
from rulebooks.working_days import holiday_days as read_holiday_days


@admin.register(BusinessType)
class BusinessTypeAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "order"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["order"]


class RulebookPartInline(admin.TabularInline):
    extra = 0

    def _editable(self, request, obj):
        return obj is None or not rulebook_in_use(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


class RulebookGradeInline(RulebookPartInline):
    model = RulebookGrade


class PublicationPeriodInline(RulebookPartInline):
    model = PublicationPeriod


class DishonestCriterionInline(RulebookPartInline):
    model = DishonestCriterion
    fields = [
        "order",
        "code",
        "article",
        "title",
        "title_en",
        "kind",
        "resulting_grade",
        "serious_list",
        "publication_level",
        "evaluated",
        "window_months",
        "ratio_per_thousand",
        "ratio_per_thousand_broker",
        "fine_threshold",
        "fine_threshold_broker",
        "count_unintentional_non_broker",
        "overdue_months",
        "amount_threshold",
        "repair_waiting_months",
        "source",
    ]
    classes = ["collapse"]


class MeasureInline(RulebookPartInline):
    model = Measure
    fields = [
        "grade",
        "order",
        "code",
        "title",
        "title_en",
        "kind",
        "value",
        "metric",
        "basis",
        "inclusive",
        "source",
    ]


class RecordRuleInline(RulebookPartInline):
    """The GAC announcements that leave penalties out of the criteria for a period, with their sources."""

    model = RecordRule
    fields = ["code", "kind", "title", "title_en", "effective_from", "effective_to", "fine_limit", "source"]
    classes = ["collapse"]


@admin.register(Rulebook)
class RulebookAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """A rulebook that decisions refer to is read-only here; 'new version' copies it for editing."""

    list_display = ["code", "title", "effective_from", "effective_to", "in_use"]
    search_fields = ["code", "title", "title_en"]
    inlines = [
        RulebookGradeInline,
        PublicationPeriodInline,
        DishonestCriterionInline,
        MeasureInline,
        RecordRuleInline,
    ]
    actions = ["make_new_version"]

    @admin.display(boolean=True, description=_("in use"))
    def in_use(self, obj):
        return rulebook_in_use(obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and rulebook_in_use(obj):
            return [field.name for field in obj._meta.fields if field.name != "effective_to"]
        return []

    @admin.action(description=_("Make a new version of the selected rulebook"))
    def make_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one rulebook."), messages.ERROR)
            return
        try:
            copy = rulebook_new_version(actor=request.user, rulebook=queryset.get())
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Created %(code)s: set its dates and figures, then save.") % {"code": copy.code}
        )


@admin.register(WorkingCalendarYear)
class WorkingCalendarYearAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """The State Council's holiday notice of each year, entered when it is published (usually in
    November); every working-day deadline computed afterwards follows it."""

    form = WorkingCalendarYearForm
    list_display = [
        "year",
        "notice",
        "notice_date",
        "holiday_days",
        "make_up_days",
        "entered_by",
        "updated_at",
    ]
    list_select_related = ["entered_by"]
    search_fields = ["notice", "notice_number"]
    fields = [
        "year",
        "notice",
        "notice_number",
        "notice_date",
        "holidays",
        "make_up_working_days",
        "source",
        "entered_by",
        "updated_at",
    ]

    @admin.display(description=_("holiday days"))
    def holiday_days(self, obj):
        return len(read_holiday_days(obj.holidays))

    @admin.display(description=_("make-up working days"))
    def make_up_days(self, obj):
        return len(obj.make_up_working_days)

    def get_readonly_fields(self, request, obj=None):
        return ["year", "entered_by", "updated_at"] if obj else ["entered_by", "updated_at"]

    def create(self, actor, data):
        return working_calendar_year_create(actor=actor, **data)

    def update(self, actor, obj, data):
        return working_calendar_year_update(actor=actor, calendar_year=obj, **data)

    def delete(self, actor, obj):
        working_calendar_year_delete(actor=actor, calendar_year=obj)

    def delete_view(self, request, object_id, extra_context=None):
        """A year under way is refused before the confirmation page, with the reason."""
        obj = self.get_object(request, unquote(object_id))
        allowed = obj is not None and self.has_delete_permission(request, obj)
        refusal = allowed and working_calendar_year_deletion_refusal(obj)
        if refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(reverse("admin:rulebooks_workingcalendaryear_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)
