from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import offices_in_jurisdiction
from enterprises.models import Enterprise
from rulebooks.models import BusinessType, CreditGrade


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    credit_grade = forms.ChoiceField(
        label=_("Credit grade"), required=False, choices=[("", _("All grades")), *CreditGrade.choices]
    )
    office = forms.ChoiceField(label=_("Customs office"), required=False)
    business_type = forms.ChoiceField(label=_("Business type"), required=False)
    coordinator = forms.CharField(required=False, max_length=150, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Name, USCC, customs code or AEO code")
        self.fields["office"].choices = [("", _("All offices"))] + [
            (office.code, str(office)) for office in offices_in_jurisdiction(user)
        ]
        self.fields["business_type"].choices = [("", _("All business types"))] + [
            (bt.code, bt.display_name) for bt in BusinessType.objects.all()
        ]


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "customs_code",
            "name",
            "name_en",
            "address",
            "legal_representative",
            "customs_office",
            "business_types",
        ]
        widgets = {"business_types": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customs_office"].queryset = offices_in_jurisdiction(user).filter(is_active=True)
        if self.instance.pk:
            for code_field in ("uscc", "customs_code"):
                self.fields[code_field].disabled = True
                self.fields[code_field].help_text = _("Identity codes cannot be changed.")
