from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.forms.records import DATE_INPUT
from enterprises.models import CorrectionRequest, EnterpriseEvent


class EnterpriseEventForm(forms.ModelForm):
    class Meta:
        model = EnterpriseEvent
        fields = ["kind", "occurred_on", "description"]
        widgets = {"occurred_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}


class CorrectionRequestForm(forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["field", "correct_value"]
        widgets = {"correct_value": forms.Textarea(attrs={"rows": 3})}


class CorrectionAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Corrected")), ("0", _("Not corrected"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
