"""The admin's form for a foreign per diem taken from the Tax Administration's decision."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from expenses.forms.fields import TypedDecimalField
from expenses.models import ForeignPerDiemRate
from expenses.rules.countries import country_name, sorted_countries
from expenses.rules.tables import TABLES, city_key, decision_rate

MAX_DAY_RATE = Decimal(1000)


def _country_choices() -> list[tuple[str, str]]:
    return [("", "---------"), *sorted_countries(get_language())]


def _year_choices() -> list[tuple[int, int]]:
    return [(table.year, table.year) for table in reversed(TABLES)]


if TYPE_CHECKING:
    # Generic only in django-stubs: Django's ModelForm cannot be subscripted at run time.
    _ModelForm = forms.ModelForm[ForeignPerDiemRate]
else:
    _ModelForm = forms.ModelForm


class ForeignPerDiemRateForm(_ModelForm):
    year = forms.TypedChoiceField(label=_("Year"), choices=_year_choices, coerce=int)
    country = forms.ChoiceField(label=_("Country or region"), choices=_country_choices)
    amount = TypedDecimalField(label=_("Per diem (€)"), max_digits=7, decimal_places=2)

    class Meta:
        model = ForeignPerDiemRate
        fields = ["year", "country", "city", "amount"]
        help_texts = {"city": _("Leave empty for the whole country.")}

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company = company

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        if amount <= 0 or amount > MAX_DAY_RATE:
            raise forms.ValidationError(_("Enter the per diem of the decision: above 0 and at most 1000 €."))
        return amount

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        year, country, city = data.get("year"), data.get("country"), data.get("city", "")
        if year and country:
            self._check_not_built_in(int(year), str(country), str(city))
            self._check_not_entered(int(year), str(country), str(city))
        return data

    def _check_not_built_in(self, year: int, country: str, city: str) -> None:
        built_in = decision_rate(year, country, city or None)
        if built_in is not None:
            message = _("The decision's figure for %(place)s in %(year)s is built in (%(amount)s €): nothing to enter.")
            place = country_name(country, get_language()) + (f", {city}" if city else "")
            self.add_error("country", message % {"place": place, "year": year, "amount": built_in})

    def _check_not_entered(self, year: int, country: str, city: str) -> None:
        others = ForeignPerDiemRate.objects.filter(company=self.company, year=year, country=country)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if any(city_key(other.city) == city_key(city) for other in others):
            self.add_error("country", _("This country (and city) already has a figure for that year; edit it instead."))
