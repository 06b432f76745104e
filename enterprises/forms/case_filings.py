from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.forms.records import DATE_INPUT
from enterprises.models import CaseFiling, Penalty


class CaseFilingForm(forms.ModelForm):
    class Meta:
        model = CaseFiling
        fields = ["kind", "case_number", "filing_authority", "filed_on", "description"]
        widgets = {
            "kind": forms.RadioSelect,
            "filed_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "kind": _(
                "A criminal case suspends the enterprise's AEO measures at once; for an administrative "
                "case customs may decide to suspend them."
            )
        }

    def validate_unique(self):
        """The service decides: the same filing again is returned, another with its number refused."""


class CaseFilingCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("case closed on"), widget=DATE_INPUT)
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=CaseFiling.Outcome.choices, widget=forms.RadioSelect
    )
    penalty = forms.ModelChoiceField(
        label=_("penalty decision"),
        queryset=Penalty.objects.none(),
        required=False,
        help_text=_(
            "With liability: the penalty decision or judgment, once recorded under the credit records; "
            "the dishonest criteria are evaluated on it."
        ),
    )
    note = forms.CharField(label=_("outcome note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, filing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penalty"].queryset = filing.enterprise.penalties.all()


class CaseFilingSuspendForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
