"""Forms of cases; the services in `coordination.cases` decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from certification.forms import evidence_field
from coordination.cases import contact_staff_choices
from coordination.models import Case, ServiceLogEntry
from core.deadlines import deadline_state

TEXTAREA = forms.Textarea(attrs={"rows": 3})
# A case due within this many days is flagged "due soon" in the queue (service deadlines are 5-15 days).
DUE_SOON_DAYS = 2
RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


class CaseForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of case"), choices=Case.Category.choices, widget=RADIO)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    files = evidence_field(label=_("Attachments"))


class LogForm(forms.Form):
    contact_at = forms.DateTimeField(
        label=_("Time of contact"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ServiceLogEntry.Channel.choices, widget=RADIO)
    people = forms.CharField(label=_("People contacted"), max_length=300)
    officers = forms.ModelMultipleChoiceField(
        label=_("Customs staff involved"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("A site visit needs at least two officers."),
    )
    departments = forms.CharField(label=_("Departments involved"), max_length=300, required=False)
    result = forms.CharField(label=_("Result"), widget=TEXTAREA)
    next_action = forms.CharField(
        label=_("Next action"),
        max_length=300,
        required=False,
        help_text=_("Optional: what happens next and who does it."),
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("initial", {"contact_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = contact_staff_choices(case.enterprise).order_by(
            "office__path", "username"
        )


class QuickLogForm(forms.Form):
    """A contact logged from the queue as it happens: the time is now, no other officer took part.

    Site visits need the officers present, so they are logged on the case page.
    """

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (value, label)
            for value, label in ServiceLogEntry.Channel.choices
            if value != ServiceLogEntry.Channel.SITE_VISIT
        ],
    )
    people = forms.CharField(label=_("People contacted"), max_length=300)
    result = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))
    next_action = forms.CharField(label=_("Next action"), max_length=300, required=False)

    def as_log_data(self):
        """The case page's log form fields for the same contact, to show errors there."""
        data = {key: self.data.get(key, "") for key in ("channel", "people", "result", "next_action")}
        data["contact_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        return data


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=TEXTAREA)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the service?"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=RADIO,
        help_text=_("5 is the best."),
    )
    comment = forms.CharField(label=_("Comment"), widget=TEXTAREA, required=False)


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Case.Status.choices)
    )
    overdue = forms.BooleanField(label=_("Past the deadline only"), required=False)


def queue_rows(cases, today, may_log):
    """(case, deadline state, quick-log form or None) for each case of a queue page.

    Each form has ids of its own, so a page of forms keeps every label tied to its field.
    """
    return [
        (
            case,
            deadline_state(case.due_on if case.is_open else None, today, soon_days=DUE_SOON_DAYS),
            QuickLogForm(auto_id=f"log-{case.pk}-%s") if may_log(case) else None,
        )
        for case in cases
    ]
