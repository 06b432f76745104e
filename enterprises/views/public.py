"""The public credit lookup page: no login, only what `enterprises.disclosure` releases."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from credit_mgmt.page_throttling import rate_limited
from credit_mgmt.paging import paginate
from enterprises import disclosure

PAGE_SIZE = 20


class PublicLookupForm(forms.Form):
    q = forms.CharField(
        label=_("Enterprise name, USCC or customs code"),
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
