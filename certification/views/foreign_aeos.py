"""Inbound recognition pages: the foreign AEOs an enterprise trades with, recorded on its page and
looked up by identifier or name (certification/foreign_aeos.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certification import foreign_aeos
from certification.forms import ForeignAeoForm
from core.errors import NotPermitted
from core.form_post import handle_post
from core.paging import paginate
from enterprises.selectors import visible_enterprises

PAGE_SIZE = 25


@login_required
@require_GET
def foreign_aeo_list(request):
    query = request.GET.get("q", "").strip()[:100]
    context = paginate(request, foreign_aeos.foreign_aeo_search(request.user, query), PAGE_SIZE)
    context["q"] = query
    return render(request, "certification/foreign_aeo_list.html", context)


@login_required
def foreign_aeo_create(request, enterprise_pk):
    enterprise = get_object_or_404(visible_enterprises(request.user), pk=enterprise_pk)
    form = ForeignAeoForm(request.POST or None)
    response = handle_post(
        request,
        form,
        lambda **data: foreign_aeos.foreign_aeo_record(actor=request.user, enterprise=enterprise, **data),
        success=_("The foreign AEO is recorded."),
        then=f"{enterprise.get_absolute_url()}#foreign-aeos",
    )
    return response or render(
        request,
        "enterprises/record_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "title": _("Record a foreign AEO trading partner"),
            "intro_template": "certification/includes/foreign_aeo_intro.html",
        },
    )


@login_required
@require_POST
def foreign_aeo_remove(request, pk):
    record = get_object_or_404(
        foreign_aeos.visible_foreign_aeos(request.user).select_related("enterprise"), pk=pk
    )
    try:
        foreign_aeos.foreign_aeo_remove(actor=request.user, record=record)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("%(name)s is no longer recorded.") % {"name": record.name})
    return redirect(f"{record.enterprise.get_absolute_url()}#foreign-aeos")
