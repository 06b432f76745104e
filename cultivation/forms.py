"""Forms of cultivation; the services in `cultivation.pool`, `plans`, `mock` and `sessions` decide."""

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import CustomsOffice
from accounts.selectors import offices_in_jurisdiction
from certification.models import Result
from cultivation.models import Candidate, CultivationPlan, Gap, GuidanceSession, Milestone
from cultivation.plans import gap_owner_choices, plan_officer_choices
from cultivation.pool import CULTIVABLE_GRADES, Criteria
from rulebooks.models import AEO_GRADES, BusinessType, CreditGrade

TEXTAREA = forms.Textarea(attrs={"rows": 3})
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SelectionForm(forms.Form):
    """The criteria of the selection screen (all optional: an empty form lists every enterprise)."""

    min_declarations = forms.IntegerField(
        label=_("Declarations last year, at least"), min_value=0, required=False
    )
    min_growth_percent = forms.IntegerField(
        label=_("Growth of declarations, at least (%)"), min_value=-100, max_value=10000, required=False
    )
    clean_years = forms.IntegerField(
        label=_("No penalty or overdue arrear for (years)"), min_value=0, max_value=10, required=False
    )
    grades = forms.MultipleChoiceField(
        label=_("Current grade"),
        choices=[(grade.value, grade.label) for grade in CULTIVABLE_GRADES],
        required=False,
        widget=CHECKBOXES,
    )
    business_type = forms.ModelChoiceField(
        label=_("Business type"),
        queryset=BusinessType.objects.order_by("code"),
        required=False,
        empty_label=_("Any"),
    )
    special_zone = forms.BooleanField(label=_("In a special customs supervision zone"), required=False)
    key_industry = forms.BooleanField(label=_("High-tech or key industry"), required=False)
    office = forms.ModelChoiceField(
        label=_("Supervising customs office"),
        queryset=CustomsOffice.objects.none(),
        required=False,
        empty_label=_("Any in my jurisdiction"),
    )
    query = forms.CharField(label=_("Name contains"), max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_in_jurisdiction(user).order_by("path")

    def criteria(self):
        data = self.cleaned_data
        return Criteria(
            min_declarations=data.get("min_declarations") or 0,
            min_growth_percent=data.get("min_growth_percent"),
            clean_years=data.get("clean_years") or 0,
            grades=tuple(data.get("grades") or CULTIVABLE_GRADES),
            business_type=data.get("business_type"),
            special_zone=data.get("special_zone") or False,
            key_industry=data.get("key_industry") or False,
            office=data.get("office"),
            query=(data.get("query") or "").strip(),
        )


class AddCandidatesForm(forms.Form):
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Enterprises"),
        queryset=None,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Tick at least one enterprise."),
        },
    )
    source = forms.ChoiceField(
        label=_("Why"),
        choices=[
            (Candidate.Source.SELECTION, _("They match the criteria")),
            (Candidate.Source.RECOMMENDATION, _("Recommended locally")),
        ],
        initial=Candidate.Source.SELECTION,
        widget=RADIO,
    )
    reason = forms.CharField(
        label=_("Note"), widget=TEXTAREA, required=False, help_text=_("Who recommended them and why, if so.")
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = enterprises


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Why it leaves the pool"), widget=TEXTAREA)


class PlanForm(forms.Form):
    target_grade = forms.ChoiceField(label=_("Target grade"), widget=RADIO)
    business_types = forms.ModelMultipleChoiceField(
        label=_("Business types"), queryset=None, widget=CHECKBOXES
    )
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    target_on = forms.DateField(
        label=_("Target date"), widget=DATE, help_text=_("Plans usually run one to two years.")
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Responsible officers"), queryset=None, widget=CHECKBOXES
    )

    def __init__(self, *args, enterprise, actor, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "starts_on": today,
                "target_on": today + relativedelta(years=2),
                "officers": [actor.pk],
                "business_types": list(enterprise.business_types.values_list("pk", flat=True)),
                "target_grade": CreditGrade.ADVANCED_CERTIFIED,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["target_grade"].choices = [(g.value, g.label) for g in CreditGrade if g in AEO_GRADES]
        self.fields["business_types"].queryset = enterprise.business_types.order_by("code")
        self.fields["officers"].queryset = plan_officer_choices(enterprise).order_by(
            "office__path", "username"
        )


class MilestoneForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Milestone.Phase.choices)
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class MoveForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DATE)


class GapForm(forms.Form):
    """All fields for officers; the enterprise owner gets status and progress only."""

    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Gap.Status.choices, widget=RADIO)
    due_on = forms.DateField(label=_("Close by"), widget=DATE, required=False)
    progress = forms.CharField(label=_("Progress"), widget=TEXTAREA, required=False)

    def __init__(self, *args, gap, officer, **kwargs):
        kwargs.setdefault(
            "initial",
            {"owner": gap.owner_id, "status": gap.status, "due_on": gap.due_on, "progress": gap.progress},
        )
        super().__init__(*args, **kwargs)
        if officer:
            self.fields["owner"].queryset = gap_owner_choices(gap.plan).order_by("role", "username")
        else:
            del self.fields["owner"], self.fields["due_on"]
            self.fields["status"].choices = [
                choice for choice in Gap.Status.choices if choice[0] != Gap.Status.CLOSED
            ]


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GuidanceSession.Kind.choices, widget=RADIO)
    mode = forms.ChoiceField(label=_("Mode"), choices=GuidanceSession.Mode.choices, widget=RADIO)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    plans = forms.ModelMultipleChoiceField(
        label=_("Plans covered"),
        queryset=None,
        widget=CHECKBOXES,
        help_text=_("One plan for one-to-one guidance; two or more for a group session."),
    )
    attendees = forms.CharField(label=_("Attendees"), widget=TEXTAREA)
    topics = forms.CharField(label=_("Topics"), widget=TEXTAREA)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    follow_up = forms.CharField(label=_("Follow-up actions"), widget=TEXTAREA, required=False)
    shared_with_enterprise = forms.BooleanField(
        label=_("Share the notes with the enterprise"), required=False, initial=True
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans
        self.fields["plans"].label_from_instance = lambda plan: plan.enterprise.display_name


class MockReviewForm(forms.Form):
    """One finding per standard item (fields named by item code), plus the date and a summary."""

    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), widget=TEXTAREA, required=False)

    def __init__(self, *args, items, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["held_on"].initial = timezone.localdate()
        for item in self.items:
            self.fields[f"result_{item.code}"] = forms.ChoiceField(
                label=item.code,
                choices=[("", "—")] + list(Result.choices),
                initial=(previous or {}).get(item.code, ""),
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note"), max_length=1000, required=False
            )

    def rows(self):
        return [(item, self[f"result_{item.code}"], self[f"note_{item.code}"]) for item in self.items]

    def service_data(self):
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "summary": data.get("summary", ""),
            "results": {item.code: data[f"result_{item.code}"] for item in self.items},
            "notes": {item.code: data.get(f"note_{item.code}", "") for item in self.items},
        }


class RecommendForm(forms.Form):
    note = forms.CharField(label=_("Note for the record"), widget=TEXTAREA, required=False)


class ExitForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why the plan ends"), choices=CultivationPlan.ExitReason.choices, widget=RADIO
    )
    note = forms.CharField(label=_("How it ended"), widget=TEXTAREA)


class PlanFilterForm(forms.Form):
    query = forms.CharField(label=_("Enterprise"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(CultivationPlan.Status.choices)
    )
    phase = forms.ChoiceField(
        label=_("Current phase"), required=False, choices=[("", _("All"))] + list(Milestone.Phase.choices)
    )
    overdue = forms.BooleanField(label=_("With an overdue milestone"), required=False)


class CandidateFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("progress", "Open"))] + list(Candidate.Status.choices),
    )
