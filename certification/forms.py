"""Forms of certification; the services in `certification` decide, these only shape the input."""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from certification.finance import FIGURES
from certification.models import Application, MutualRecognitionPartner, Result
from certification.review import rectifiable_items, team_candidates
from core.uploads import MAX_BYTES
from enterprises.forms.proposals import MultipleFileField
from rulebooks.models import BusinessType

TEXTAREA = forms.Textarea(attrs={"rows": 3})
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})
DATE = forms.DateInput(attrs={"type": "date"})
FILES_HELP = lazy(
    lambda: (
        gettext("Up to 5 files: PDF, JPG, PNG, DOCX or XLSX, at most %(mb)d MB each.")
        % {"mb": MAX_BYTES // (1024 * 1024)}
    ),
    str,
)()


def evidence_field(label=None):
    return MultipleFileField(label=label or _("Evidence documents"), required=False, help_text=FILES_HELP)


class ApplicationScopeForm(forms.Form):
    target_grade = forms.ChoiceField(label=_("Grade applied for"), widget=RADIO)
    business_types = forms.ModelMultipleChoiceField(
        label=_("Business types"),
        queryset=BusinessType.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    production_enterprise = forms.BooleanField(
        label=_("Production enterprise"),
        required=False,
        help_text=_("Some financial thresholds of the standards differ for production enterprises."),
    )

    def __init__(self, *args, enterprise, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_grade"].choices = [(grade.grade, grade.display_name) for grade in grades]
        self.fields["business_types"].queryset = enterprise.business_types.all()


class FinancialYearForm(forms.Form):
    """One financial year's figures from the audited statements, in yuan; a figure left empty is not
    known (an indicator that needs it stays open)."""

    year = forms.IntegerField(label=_("Financial year"))

    def __init__(self, *args, production_enterprise=False, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in FIGURES.items():
            self.fields[code] = forms.DecimalField(
                label=label, required=False, max_digits=18, decimal_places=2, localize=False
            )
        self.fields["production_enterprise"] = forms.BooleanField(
            label=_("Production enterprise"), required=False, initial=production_enterprise
        )

    def service_arguments(self):
        data = self.cleaned_data
        figures = {code: data.get(code) for code in FIGURES}
        return {
            "year": data["year"],
            "figures": figures,
            "production_enterprise": data["production_enterprise"],
        }


class SelfAssessmentForm(forms.Form):
    result = forms.ChoiceField(label=_("Self-assessment"), choices=Result.choices, widget=RADIO)
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Needed unless the item is fully met."),
    )
    files = evidence_field()


class FindingForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), choices=Result.choices, widget=RADIO)
    notes = forms.CharField(
        label=_("Notes"), widget=TEXTAREA, required=False, help_text=_("Needed when the item falls short.")
    )
    files = evidence_field()


class FindingRowForm(forms.Form):
    """One row of the findings table: left blank, the item keeps what it has."""

    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=[("", "—"), *Result.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class RectificationAnswerForm(forms.Form):
    answer = forms.CharField(label=_("What was rectified"), widget=TEXTAREA)
    files = evidence_field()


class RectificationReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Accept: the item now meets the standard")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
        widget=RADIO,
    )
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False, help_text=_("Needed to reject."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA)

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class WithdrawForm(ReasonForm):
    """Withdrawing a received application bars the next one: said before, and confirmed."""

    confirm = forms.BooleanField(
        label=_("I understand that the enterprise cannot apply again until that day.")
    )

    def __init__(self, *args, bar_until=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bar_until is None:
            del self.fields["confirm"]


class TeamForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label=_("Officers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("At least two; officers with a declared conflict of interest are not listed."),
    )
    leader = forms.ModelChoiceField(label=_("Team leader"), queryset=None)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = team_candidates(application)
        self.fields["officers"].queryset = candidates
        self.fields["leader"].queryset = candidates
        self.fields["officers"].label_from_instance = self.fields["leader"].label_from_instance = (
            lambda officer: f"{officer} ({officer.office.display_name})"
        )


class AuditForm(forms.Form):
    visit_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=300)
    agenda = forms.CharField(label=_("Agenda"), widget=TEXTAREA)


class RectificationRequestForm(forms.Form):
    due = forms.DateField(label=_("Rectify by"), widget=DATE)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rectifiable_items(application))
        for row in self.rows:
            self.fields[f"item_{row.pk}"] = forms.CharField(
                label=f"{row.item.code} {row.item.display_title} ({row.get_finding_display()})",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=row.finding_notes,
            )

    def clean(self):
        data = super().clean()
        return {
            "due": data.get("due"),
            "requests": {row.pk: data.get(f"item_{row.pk}", "") for row in self.rows},
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("certification decision", "Decision"),
        choices=[("certify", _("Certify")), ("refuse", pgettext_lazy("certification decision", "Refuse"))],
        widget=RADIO,
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    reason = forms.CharField(
        label=_("Reason"),
        widget=TEXTAREA,
        required=False,
        help_text=pgettext_lazy("certification decision", "Needed to refuse."),
    )


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Enterprise, USCC or receipt number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Application.Status.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + list(Application.Kind.choices)
    )


class CertificateActionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        if action == "revoke":
            self.fields["decision_number"] = forms.CharField(label=_("Decision number"), max_length=60)
        elif action == "suspend":
            self.fields["criminal_case"] = forms.BooleanField(
                label=_("A criminal case was filed (suspension is then required)"), required=False
            )
        elif action == "re_review":
            self.fields["trigger"] = forms.ChoiceField(
                label=_("Trigger"), choices=Application.ReReviewTrigger.choices, widget=RADIO
            )


class CertificateLookupForm(forms.Form):
    number = forms.CharField(label=_("Certificate number or AEO code"), max_length=30)


class CreditStatusLookupForm(forms.Form):
    """Both are printed on a credit status certificate; the number alone opens nothing."""

    number = forms.CharField(
        label=pgettext_lazy("credit status certificate", "Certificate number"), max_length=30
    )
    uscc = forms.CharField(label=_("Unified social credit code"), min_length=18, max_length=18)


class ForeignAeoForm(forms.Form):
    name = forms.CharField(label=_("Foreign trading partner"), max_length=200)
    partner = forms.ModelChoiceField(
        label=_("Certified by the customs of"), queryset=MutualRecognitionPartner.objects.none()
    )
    identifier = forms.CharField(
        label=_("AEO identifier"), max_length=50, help_text=_("As the partner's customs issued it.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = MutualRecognitionPartner.objects.in_force(timezone.localdate())


class AuditHeldForm(forms.Form):
    held_on = forms.DateField(
        label=_("The audit took place on"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        ),
    )
