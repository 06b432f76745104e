from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.credit_status import PURPOSE_MAX_LENGTH


class CreditStatusRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose (optional)"),
        max_length=PURPOSE_MAX_LENGTH,
        required=False,
        help_text=_("For example a tender, a bank loan, a listing or a partner's due diligence."),
    )
