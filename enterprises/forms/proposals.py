"""Forms of the dishonest determination workflow; the services in `enterprises.determination` decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import offices_in_jurisdiction
from core.uploads import MAX_BYTES
from enterprises.determination import ATTACHMENT_MAX_FILES
from enterprises.models import DishonestProposal
from rulebooks.models import CriterionKind

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *DishonestProposal.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Criterion kind"), required=False, choices=[("", _("All kinds")), *CriterionKind.choices]
    )
    office = forms.ChoiceField(label=_("Customs office"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Enterprise name or USCC")
        self.fields["office"].choices = [("", _("All offices"))] + [
            (office.code, str(office)) for office in offices_in_jurisdiction(user)
        ]


class ProposalCreateForm(forms.Form):
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=None)
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=TEXTAREA,
        help_text=_("The facts and the legal basis; the enterprise reads them in the pre-notice."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line, for example a case number or a decision reference."),
    )

    def __init__(self, *args, rulebook, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = rulebook.criteria.order_by("order")
        self.fields["criterion"].label_from_instance = lambda c: f"{c.display_article} {c.display_title}"

    def clean_evidence(self):
        return [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]


class NotifyForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds stated in the notice"),
        widget=TEXTAREA,
        help_text=_("Review them: the enterprise receives them in writing."),
    )


class DecideForm(forms.Form):
    """The decision takes the next number of its customs' register: no number is typed."""

    note = forms.CharField(
        label=_("Reason recorded in the credit ledger"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Leave empty to record the grounds of the notice."),
    )


class DropForm(forms.Form):
    reason = forms.CharField(label=_("Reason for dropping"), widget=TEXTAREA)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their number, size and type."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("Supporting documents"), required=False)
    final = forms.BooleanField(
        label=_("We have nothing more to state"),
        required=False,
        help_text=_(
            "Customs may then decide before the statement period ends, and no further statement is accepted."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Up to %(count)d files: PDF, JPG, PNG, DOCX or XLSX, at most %(mb)d MB each."
        ) % {"count": ATTACHMENT_MAX_FILES, "mb": MAX_BYTES // (1024 * 1024)}


ACTION_FORMS = {"notify": NotifyForm, "statement": StatementForm, "decide": DecideForm, "drop": DropForm}
