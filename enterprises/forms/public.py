"""The public objection form; `enterprises.objections.objection_file_public` checks and files it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import MAX_BYTES
from enterprises.forms.proposals import MultipleFileField
from enterprises.models import Objection
from enterprises.objections import ATTACHMENT_MAX_FILES, REASON_MAX_LENGTH

RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


class PublicObjectionForm(forms.Form):
    item = forms.ChoiceField(label=_("Information you object to"), widget=RADIO)
    objector_kind = forms.ChoiceField(
        label=_("You object as"),
        choices=[(kind.value, kind.label) for kind in Objection.PUBLIC_KINDS],
        widget=RADIO,
    )
    objector_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("Your name, or the registered name of the legal person or organisation."),
    )
    objector_id_number = forms.CharField(
        label=_("Identity card number or unified social credit code"),
        max_length=18,
        help_text=_(
            "A natural person: the 18-character resident identity card number. A legal person or "
            "organisation: its 18-character unified social credit code."
        ),
    )
    contact_email = forms.EmailField(
        label=_("E-mail"), help_text=_("The reference number and the result of the re-check are sent here.")
    )
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("What is wrong, and why"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = MultipleFileField(label=_("Evidence"), required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = items
        self.fields["files"].help_text = _(
            "Up to %(count)d files: PDF, JPG, PNG, DOCX or XLSX, at most %(mb)d MB each."
        ) % {"count": ATTACHMENT_MAX_FILES, "mb": MAX_BYTES // (1024 * 1024)}
