"""Forms of credit repair and objections; the services in `enterprises.repair` and `.objections` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Objection, RepairApplication

TEXTAREA = forms.Textarea(attrs={"rows": 4})
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def _yes(value):
    return value == "1"


class RepairApplicationForm(forms.Form):
    corrective_actions = forms.CharField(
        label=_("How the behaviour was corrected"),
        widget=TEXTAREA,
        help_text=_("For example: the tax was paid on a given date, internal controls were rebuilt."),
    )


class RepairDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=pgettext_lazy("credit repair decision", "Decision"),
        choices=[("1", _("Repair the credit")), ("0", pgettext_lazy("credit repair decision", "Refuse"))],
        coerce=_yes,
        widget=RADIO,
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False, help_text=_("Needed to repair.")
    )
    note = forms.CharField(
        label=_("Reason"),
        widget=TEXTAREA,
        required=False,
        help_text=pgettext_lazy("credit repair decision", "Needed to refuse."),
    )


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with the record"), widget=TEXTAREA)


class ObjectionAnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Result of the re-check"),
        choices=[
            ("1", _("Uphold: a penalty or dishonesty record is withdrawn, a grade or certificate corrected")),
            ("0", _("Reject: the information stands")),
        ],
        coerce=_yes,
        widget=RADIO,
    )
    answer = forms.CharField(
        label=_("Answer to the objector"),
        widget=TEXTAREA,
        help_text=_(
            "Sent to the objector: the enterprise's users in their inbox, a member of the public by e-mail. "
            "A grade or certificate status found wrong is corrected on its own page; say what was corrected."
        ),
    )


class CaseFilterForm(forms.Form):
    """The status filter of the repair and objection queue, per tab."""

    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, tab, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = RepairApplication.Status if tab == "repairs" else Objection.Status
        self.fields["status"].choices = [("", _("All statuses")), *statuses.choices]
