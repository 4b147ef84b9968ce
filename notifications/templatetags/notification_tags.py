from django import template

from notifications import texts
from notifications.forms import EmailPreferencesForm
from notifications.models import Notification
from notifications.selectors import email_choices

register = template.Library()


@register.simple_tag(takes_context=True)
def email_preferences_form(context: template.Context) -> EmailPreferencesForm:
    """The profile page's checkboxes, filled with the signed-in person's current choices."""
    return EmailPreferencesForm(initial=email_choices(user_id=context["request"].user.pk))


@register.filter
def headline(notification: Notification) -> str:
    """The notification's sentence in the active language."""
    return texts.headline(notification)
