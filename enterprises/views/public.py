"""The public credit lookup page: no login, only what `enterprises.disclosure` releases; and the
objection form anyone may use against what it shows (`enterprises.objections`)."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from core.form_post import add_service_errors
from core.page_throttling import rate_limited
from core.paging import paginate
from enterprises import disclosure, objections
from enterprises.forms.public import PublicObjectionForm
from enterprises.models import Enterprise, Objection
from rulebooks.selectors import rulebook_in_force

# The references of the objections filed in this browser session: only they have a receipt page here.
RECEIPTS_KEY = "public_objection_receipts"
RECEIPTS_KEPT = 20

PAGE_SIZE = 20


class PublicLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Enterprise name, USCC, customs code or AEO code"),
        min_length=disclosure.MIN_QUERY_LENGTH,
        max_length=200,
        strip=True,
    )


@rate_limited("public")
def public_lookup(request):
    form = PublicLookupForm(request.GET if "q" in request.GET else None)
    context = {"form": form, "page": None}
    if form.is_valid():
        context.update(paginate(request, disclosure.public_search(form.cleaned_data["q"]), PAGE_SIZE))
    return render(request, "enterprises/public_lookup.html", context)


def _objection_page(request, enterprise, form, status=200):
    return render(
        request,
        "enterprises/public_objection_form.html",
        {
            "enterprise": enterprise,
            "form": form,
            "recheck_days": rulebook_in_force(timezone.localdate()).objection_recheck_days,
        },
        status=status,
    )


@rate_limited("public")
@require_http_methods(["GET", "POST"])
def public_objection_create(request, uscc):
    """Anyone objects to an item published about an enterprise: identity, contact, grounds, evidence."""
    enterprise = get_object_or_404(Enterprise.objects.select_related("customs_office"), uscc=uscc)
    if request.method == "POST":
        return _public_objection_file(request, enterprise)
    return _objection_page(
        request, enterprise, PublicObjectionForm(items=objections.public_items(enterprise))
    )


@rate_limited("public_objection")
def _public_objection_file(request, enterprise):
    """The filing itself, under its own stricter limit (`PUBLIC_OBJECTION_RATE`)."""
    form = PublicObjectionForm(request.POST, request.FILES, items=objections.public_items(enterprise))
    if form.is_valid():
        try:
            objection = objections.objection_file_public(
                enterprise=enterprise, language=translation.get_language(), **form.cleaned_data
            )
        except forms.ValidationError as error:
            add_service_errors(form, error)
        else:
            receipts = [ref for ref in request.session.get(RECEIPTS_KEY, []) if ref != objection.reference]
            request.session[RECEIPTS_KEY] = [*receipts, objection.reference][-RECEIPTS_KEPT:]
            return redirect("public-objection-receipt", reference=objection.reference)
    return _objection_page(request, enterprise, form, status=400)


@rate_limited("public")
@require_GET
def public_objection_receipt(request, reference):
    """The receipt of an objection filed in this browser session; any other reference is not found."""
    if reference not in request.session.get(RECEIPTS_KEY, []):
        raise Http404
    objection = get_object_or_404(
        Objection.objects.select_related("enterprise__customs_office", "penalty", "determination__criterion"),
        reference=reference,
    )
    return render(
        request,
        "enterprises/public_objection_receipt.html",
        {
            "objection": objection,
            "enterprise": objection.enterprise,
            "label": objections.item_label(objection),
        },
    )
