"""Explanations as data rendered per language, and the country list from Babel's locale data."""

from datetime import datetime
from decimal import Decimal as D

from django.utils import translation

from expenses.rules import calculate_per_diem
from expenses.rules.countries import collation_key, country_name, foreign_codes, is_known, sorted_countries
from expenses.rules.wording import Wording, from_json, localized, render, to_json

START = datetime(2026, 3, 10, 7)


def test_phrases_survive_json_and_render_the_same():
    result = calculate_per_diem(START, datetime(2026, 3, 12, 11), "GB", [2, 0, 1], city="London")
    stored = [to_json(item) for item in result.phrases]

    assert [render(from_json(item)) for item in stored] == result.lines


def test_a_wording_translates_each_message_and_formats_amounts():
    finnish = {
        "%(duration)s, one travel day": "%(duration)s, yksi matkavuorokausi",
        "%(day)s → %(entitlement)s": "%(day)s → %(entitlement)s",
        "partial per diem %(amount)s": "osapäiväraha %(amount)s",
        "%(line)s; 1 free meal → %(amount)s": "%(line)s; 1 ilmainen ateria → %(amount)s",
    }
    wording = Wording(gettext=lambda text: finnish.get(text, text), money_number=lambda d: f"{d:.2f}".replace(".", ","))
    result = calculate_per_diem(START, datetime(2026, 3, 10, 13, 40), "FI", [1])

    assert result.render_lines(wording) == [
        "6 h 40 min, yksi matkavuorokausi → osapäiväraha 25,00 €; 1 ilmainen ateria → 12,50 €"
    ]


def test_localized_amounts_and_country_names_follow_the_active_language():
    result = calculate_per_diem(START, datetime(2026, 3, 10, 19), "SE")
    with translation.override("fi"):
        finnish = result.render_lines(localized())
    with translation.override("en"):
        english = result.render_lines(localized())

    assert english == ["12 h, one travel day → foreign per diem Sweden 70.00 €"]
    assert "Ruotsi 70,00 €" in finnish[0]


def test_country_names_come_from_babel_in_both_languages():
    assert (country_name("SE", "en"), country_name("SE", "fi")) == ("Sweden", "Ruotsi")
    assert country_name("DE", "fi-FI") == "Saksa"
    assert country_name("DE", "sv") == "Germany"  # not offered: English


def test_every_country_and_region_abroad_is_listed():
    codes = foreign_codes()
    assert len(codes) >= 190  # the decisions list about 190 countries and regions
    assert {"SE", "JP", "XK", "IC", "US"} <= codes
    assert not {"FI", "AX", "EU", "ZZ", "UN"} & codes  # Finland and Åland are domestic; no groupings
    assert is_known("FI") and not is_known("QQ")


def test_finnish_sorts_a_with_rings_and_umlauts_after_z():
    names = ["Öljy", "Zeta", "Ääni", "Åke", "Alfa"]
    assert sorted(names, key=lambda name: collation_key(name, "fi")) == ["Alfa", "Zeta", "Åke", "Ääni", "Öljy"]
    assert sorted(names, key=lambda name: collation_key(name, "en")) == ["Ääni", "Åke", "Alfa", "Öljy", "Zeta"]


def test_the_country_list_is_sorted_by_the_readers_language():
    finnish = [code for code, _name in sorted_countries("fi")]
    english = [code for code, _name in sorted_countries("en")]
    assert finnish.index("SE") < finnish.index("DE")  # Ruotsi < Saksa
    assert english.index("DE") < english.index("SE")  # Germany < Sweden


def test_rates_are_rendered_with_two_decimals():
    assert localized().money(D("70")) == "70.00 €"
