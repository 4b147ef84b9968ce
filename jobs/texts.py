"""Messages that people read later, kept in every language of the service.

A worker writes a message when something fails; the admin reads it later, in their own language.
So the message is built once per language when it is stored, and shown in the reader's.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation

Texts = dict[str, str]


def in_every_language(build: Callable[[], str]) -> Texts:
    """``build`` (which calls gettext) run once in each language of the service."""
    texts: Texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(build())
    return texts


def shown(texts: Texts, fallback: str = "") -> str:
    """The text in the active language, else the default language's, else ``fallback``."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or fallback


def message_fields(texts: Texts) -> dict[str, object]:
    """The two columns of a row that stores a message: the default language's text and all of them."""
    return {"message": texts.get(settings.LANGUAGE_CODE, ""), "message_texts": texts}
