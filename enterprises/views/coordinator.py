"""An officer's override of the automatic coordinator assignment, from the enterprise's page."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import Role, User
from core.form_post import handle_post
from enterprises import selectors, services
from enterprises.models import ConflictOfInterest


class CoordinatorForm(forms.Form):
    coordinator = forms.ModelChoiceField(label=gettext_lazy("Coordinator"), queryset=User.objects.none())

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        conflicted = ConflictOfInterest.objects.filter(enterprise=enterprise).values("officer")
        self.fields["coordinator"].queryset = (
            services.coordinator_choices(enterprise)
            .exclude(pk__in=conflicted)
            .annotate(
                load=Count("coordinator_assignments", filter=Q(coordinator_assignments__is_active=True))
            )
            .order_by("username")
        )
        self.fields["coordinator"].label_from_instance = lambda user: (
            ngettext("%(name)s · %(count)d enterprise now", "%(name)s · %(count)d enterprises now", user.load)
            % {"name": user, "count": user.load}
        )


@login_required
@require_http_methods(["GET", "POST"])
def coordinator_set(request, pk):
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    if request.user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied
    current = enterprise.coordinator_assignments.filter(is_active=True).select_related("coordinator").first()
    form = CoordinatorForm(
        request.POST or None,
        enterprise=enterprise,
        initial={"coordinator": current.coordinator if current else None},
    )
    response = handle_post(
        request,
        form,
        lambda **data: services.coordinator_assign(actor=request.user, enterprise=enterprise, **data),
        success=_("The coordinator has been assigned."),
        then=enterprise.get_absolute_url(),
    )
    return response or render(
        request,
        "enterprises/record_form.html",
        {
            "title": _("Assign a coordinator"),
            "submit_label": _("Assign"),
            "intro_template": "enterprises/includes/coordinator_intro.html",
            "current": current,
            "enterprise": enterprise,
            "form": form,
        },
    )
