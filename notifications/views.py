from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from companies.access import company_view
from companies.http import CompanyRequest, SignedInRequest
from companies.middleware import SESSION_KEY
from companies.selectors import memberships_of
from notifications import services
from notifications.forms import EmailPreferencesForm
from notifications.models import Kind, Notification
from notifications.selectors import recent_notifications


@company_view()
@require_GET
def notification_list(request: CompanyRequest) -> HttpResponse:
    """The person's recent notifications in their current company; seeing them marks them read."""
    company_id = request.company.pk
    notifications = recent_notifications(user_id=request.user.pk, company_id=company_id)
    unread = {n.pk for n in notifications if n.read_at is None}
    if unread:
        services.mark_read(user=request.user, company_id=company_id, up_to=notifications[0].created_at)
    return render(request, "notifications/list.html", {"notifications": notifications, "unread": unread})


@login_required
@require_GET
def open_notification(request: SignedInRequest, notification_id: int) -> HttpResponse:
    """The link of a mail: switch to the notification's company, mark it read, go to what it is about."""
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    if not memberships_of(request.user).filter(company_id=notification.company_id).exists():
        raise Http404("No longer a member")
    request.session[SESSION_KEY] = notification.company_id
    user = request.user
    services.mark_read(user=user, company_id=notification.company_id, notification_ids=[notification.pk])
    return redirect(_destination(notification))


@login_required
@require_POST
def email_preferences(request: SignedInRequest) -> HttpResponse:
    form = EmailPreferencesForm(request.POST)
    form.is_valid()  # unchecked boxes are simply absent: every submission is valid
    services.set_email_preferences(user=request.user, enabled=form.cleaned_data)
    messages.success(request, _("E-mail notification choices saved."))
    return redirect(reverse("expenses:profile") + "#notifications")


def _destination(notification: Notification) -> str:
    if notification.expense_id is not None:
        return reverse("expenses:detail", args=[notification.expense_id])
    if notification.kind == Kind.REMINDER and notification.params.get("pending"):
        return reverse("expenses:approvals")
    return reverse("expenses:list")
