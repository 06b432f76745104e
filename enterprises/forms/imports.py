from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from enterprises.imports import KIND_CHOICES
from enterprises.imports.files import FILE_SUFFIXES

# Uploads are stored and imported by a worker; larger files go to the import commands, which take any size.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX (first sheet), with the column names in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FILE_SUFFIXES)}),
    )
    partial = forms.BooleanField(
        label=_("Import the valid rows even when other rows have errors"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in FILE_SUFFIXES:
            raise ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s; import it with the import command instead.")
                % {"limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload
