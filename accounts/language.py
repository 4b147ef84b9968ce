"""The language a person last chose in the top bar, remembered for what is written to them later (mails)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language

from accounts.models import User


def remember_language(*, user: User, language: str) -> None:
    """Store ``language`` as the user's own; a code the site does not offer is ignored. Safe to repeat."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def set_language_view(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, the redirect), and for a signed-in person their stored choice."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(user=request.user, language=request.POST.get("language", ""))
    return response
