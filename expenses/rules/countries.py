"""Countries and regions a trip abroad can go to, named from Babel's CLDR locale data (never typed by hand).

The Verohallinto decisions list about 190 countries and regions; every territory CLDR knows is offered, so a
trip is never refused because its country is missing from our list. Codes are ISO 3166 alpha-2 plus the few
CLDR region codes the decisions also list separately (e.g. ``IC`` Canary Islands, ``XK`` Kosovo).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

DOMESTIC = "FI"
LANGUAGES = ("en", "fi")
# Not destinations abroad: Finland and Åland (a trip there is domestic), groupings (EU, euro area, UN,
# "Outlying Oceania") and CLDR's pseudo and unknown regions.
_NOT_ABROAD = frozenset({"FI", "AX", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


def _language(language: str | None) -> str:
    code = (language or "en").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else "en"


@cache
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    return {code: name for code, name in territories.items() if len(code) == 2 and code.isalpha()}


@cache
def foreign_codes() -> frozenset[str]:
    """Every country or region a trip abroad may go to (present in both the English and Finnish data)."""
    return frozenset(_names("en")).intersection(_names("fi")) - _NOT_ABROAD


def is_known(code: str) -> bool:
    """True for Finland and for every country or region abroad."""
    return code == DOMESTIC or code in foreign_codes()


def country_name(code: str, language: str | None = "en") -> str:
    """The country's name in ``language`` ("en" or "fi"; anything else falls back to English)."""
    return _names(_language(language)).get(code, code)


def collation_key(name: str, language: str | None = "en") -> str:
    """Sort key for names: accents ignored, except that Finnish sorts å, ä, ö as letters after z."""
    text = name.casefold()
    if _language(language) == "fi":
        # "{", "|" and "}" follow "z" in ASCII: the Finnish alphabet ends … x, y, z, å, ä, ö.
        text = text.replace("å", "{").replace("ä", "|").replace("ö", "}")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sorted_countries(language: str | None = "en") -> list[tuple[str, str]]:
    """(code, name) of every destination abroad, sorted by the name in ``language``."""
    pairs = [(code, country_name(code, language)) for code in foreign_codes()]
    return sorted(pairs, key=lambda pair: (collation_key(pair[1], language), pair[0]))
