from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_base import AuditedAdmin
from rulebooks.models import (
    BusinessType,
    DishonestCriterion,
    Measure,
    PublicationPeriod,
    Rulebook,
    RulebookGrade,
)
from rulebooks.services import rulebook_in_use, rulebook_new_version


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
    ]
    classes = ["collapse"]


class MeasureInline(RulebookPartInline):
    model = Measure
    fields = ["grade", "order", "code", "title", "title_en", "value"]


@admin.register(Rulebook)
class RulebookAdmin(AuditedAdmin, SimpleHistoryAdmin):
    """A rulebook that decisions refer to is read-only here; 'new version' copies it for editing."""

    list_display = ["code", "title", "effective_from", "effective_to", "in_use"]
    search_fields = ["code", "title", "title_en"]
    inlines = [RulebookGradeInline, PublicationPeriodInline, DishonestCriterionInline, MeasureInline]
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
