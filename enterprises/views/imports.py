from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from enterprises.forms.imports import ImportForm
from enterprises.imports import IMPORTERS, import_queue


@login_required
def enterprise_import(request):
    """Administrators upload a register or credit-record file; a worker imports it while the
    operation's page shows the progress, then what the import did, row by row."""
    if not request.user.is_administrator:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            operation = import_queue(
                actor=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                partial=form.cleaned_data["partial"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(operation)
    return render(
        request,
        "enterprises/import_form.html",
        {
            "form": form,
            "kinds": [(importer.label, importer.column_names()) for importer in IMPORTERS.values()],
        },
    )
