from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from enterprises.forms.imports import ImportForm
from enterprises.imports import IMPORTERS, bulk_import

# The page shows the first errors; the import command writes a full report.
ERRORS_SHOWN = 200


@login_required
def enterprise_import(request):
    """Administrators upload a register or credit-record file and see what it did, row by row."""
    if not request.user.is_administrator:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = bulk_import(
                actor=request.user,
                source=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                partial=form.cleaned_data["partial"],
            )
        except ValidationError as error:
            form.add_error("file", error)
    return render(
        request,
        "enterprises/import_form.html",
        {
            "form": form,
            "result": result,
            "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
            "kinds": [(importer.label, importer.column_names()) for importer in IMPORTERS.values()],
        },
    )
