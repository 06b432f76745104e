from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.paging import paginate
from notifications.models import Notification
from notifications.services import notification_mark_all_read, notification_mark_read


@login_required
def inbox(request):
    notices = Notification.objects.filter(recipient=request.user)
    return render(request, "notifications/inbox.html", paginate(request, notices, 20))


@login_required
@require_POST
def mark_read(request, pk):
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(actor=request.user, notification=notice)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notification_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notices marked as read.") % {"count": count})
    return redirect("inbox")
