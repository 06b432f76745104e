from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import Arrear, DocumentCount, Penalty

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PenaltyForm(forms.ModelForm):
    class Meta:
        model = Penalty
        fields = [
            "case_number",
            "kind",
            "subject",
            "decided_on",
            "amount",
            "is_intentional",
            "disclosed_on",
            "disclosure_basis",
            "description",
        ]
        widgets = {
            "decided_on": DATE_INPUT,
            "disclosed_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "is_intentional": _(
                "Untick for a violation without subjective intent (非主观故意): for enterprises other than "
                "customs brokers, those decided in the period of a GAC announcement that says so do not "
                "count towards the dishonest criteria."
            )
        }


class ArrearForm(forms.ModelForm):
    class Meta:
        model = Arrear
        fields = ["reference", "kind", "amount", "due_on", "paid_on"]
        widgets = {"due_on": DATE_INPUT, "paid_on": DATE_INPUT}


class DocumentCountForm(forms.ModelForm):
    class Meta:
        model = DocumentCount
        fields = ["year", "declarations", "filing_lists", "manifests"]

    def validate_unique(self):
        """A year already recorded is corrected, not refused: the service upserts by year."""
