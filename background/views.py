"""The requester's pages of their long operations: the list, one operation with its progress bar, the
status the bar polls, and the result file. Another user's operation answers 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from background import selectors
from background.models import Operation
from background.operations import background_operation
from core.display import format_count
from core.paging import paginate

PAGE_SIZE = 25


def _own(request, pk):
    return get_object_or_404(selectors.own_operations(request.user), pk=pk)


def _progress_text(state):
    if state["total"] is None:
        return format_count(state["done"])
    counts = {"done": format_count(state["done"]), "total": format_count(state["total"])}
    if state["status"] == Operation.Status.RUNNING and state["done"] >= state["total"]:
        return _("%(done)s of %(total)s, finishing…") % counts
    return _("%(done)s of %(total)s") % counts


@login_required
@require_GET
def operation_list(request):
    operations = selectors.own_operations(request.user).defer("params", "result")
    return render(request, "background/operation_list.html", paginate(request, operations, PAGE_SIZE))


@login_required
@require_GET
def operation_detail(request, pk):
    operation = _own(request, pk)
    state = selectors.operation_state(operation)
    return render(
        request,
        "background/operation_detail.html",
        {
            "operation": operation,
            "state": state,
            "progress_text": _progress_text(state),
            "result_template": background_operation(operation.kind).result_template,
            "file_days": settings.OPERATION_RESULT_FILE_DAYS,
        },
    )


@never_cache
@login_required
@require_GET
def operation_status(request, pk):
    """What the progress bar shows, polled by static/js/operation-progress.js."""
    state = selectors.operation_state(_own(request, pk))
    return JsonResponse({**state, "progress_text": _progress_text(state)})


@login_required
@require_GET
def operation_download(request, pk):
    operation = _own(request, pk)
    if not operation.result_file:
        raise Http404
    return FileResponse(
        operation.result_file.open("rb"), as_attachment=True, filename=operation.result_file_name or None
    )
