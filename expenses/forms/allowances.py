from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from expenses.forms.choices import CostCenterChoiceField, set_choices
from expenses.forms.fields import DateField, TypedDecimalField
from expenses.forms.formsets import RowFormSet, row_formset
from expenses.models import ForeignPerDiemRate
from expenses.rules.countries import sorted_countries
from expenses.rules.tables import figure_keys
from expenses.selectors import choosable_cost_centers
from expenses.services.inputs import LegInput, MileageInput, PerDiemInput
from expenses.services.recording import MAX_LEGS
from expenses.services.scoping import NOTHING_KEPT, KeptReferences

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def destination_choices() -> list[tuple[str, str | Promise]]:
    """Finland first, then every country and region abroad by its name in the user's language."""
    return [("FI", _("Finland (domestic)")), *sorted_countries(get_language())]


class _CostCenterMixin(forms.Form):
    cost_center = CostCenterChoiceField()

    def __init__(self, *args: Any, company: Company, kept: KeptReferences = NOTHING_KEPT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "cost_center", choosable_cost_centers(company, kept.cost_centers))


class MileageForm(_CostCenterMixin):
    date = DateField(label=_("Date"))
    description = forms.CharField(label=_("Purpose of the trip"), max_length=300)
    vehicle = forms.ChoiceField(label=_("Vehicle"), choices=[("car", _("Car")), ("motorcycle", _("Motorcycle"))])
    passengers = forms.IntegerField(label=_("Extra passengers"), min_value=0, max_value=8, initial=0)
    trailer = forms.BooleanField(label=_("Trailer"), required=False)
    heavy_load = forms.BooleanField(label=_("Machine over 80 kg or bulky item"), required=False)
    field_order = ["date", "description", "vehicle", "passengers", "trailer", "heavy_load", "cost_center"]

    def to_input(self, legs: tuple[LegInput, ...]) -> MileageInput:
        data = self.cleaned_data
        return MileageInput(
            date=data["date"],
            description=data["description"],
            legs=legs,
            vehicle=data["vehicle"],
            passengers=data["passengers"] or 0,
            trailer=data["trailer"],
            heavy_load=data["heavy_load"],
            cost_center=data.get("cost_center"),
        )


class LegForm(forms.Form):
    start = forms.CharField(label=_("From"), max_length=200)
    end = forms.CharField(label=_("To"), max_length=200)
    km = TypedDecimalField(label=_("km"), max_digits=8, decimal_places=2)


class BaseLegFormSet(RowFormSet):
    def clean(self) -> None:
        if not any(self.errors) and not self.used_forms():
            raise forms.ValidationError(_("Add at least one leg of the route."))

    def to_legs(self) -> tuple[LegInput, ...]:
        return tuple(
            LegInput(row.cleaned_data["start"], row.cleaned_data["end"], row.cleaned_data["km"])
            for row in self.used_forms()
        )


LegFormSet = row_formset(LegForm, BaseLegFormSet, max_rows=MAX_LEGS)


class PerDiemForm(_CostCenterMixin):
    description = forms.CharField(label=_("Purpose of the trip"), max_length=300)
    departure = forms.DateTimeField(label=_("Departure"), widget=DATETIME)
    return_at = forms.DateTimeField(label=_("Return"), widget=DATETIME)
    destination = forms.ChoiceField(label=_("Destination"), choices=destination_choices, initial="FI")
    city = forms.CharField(label=_("City (abroad, when it has its own rate)"), max_length=100, required=False)
    day_rate = TypedDecimalField(
        label=_("Day rate from the decision (€)"),
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_(
            "Only asked when there is no figure for this country and year yet: the foreign per diem of the "
            "Tax Administration's decision. Your approver will check it."
        ),
    )
    free_meals = forms.CharField(
        label=_("Free meals per travel day"),
        required=False,
        help_text=_("One number per travel day, e.g. “1” or “0, 2, 1”."),
    )
    meal_allowance_meals = forms.TypedChoiceField(
        label=_("Meal allowance instead"),
        choices=[
            (0, _("No")),
            (1, _("One meal")),
            (2, _("Two meals (working day over 11 h including meal breaks)")),
        ],
        coerce=int,
        initial=0,
        required=False,
        empty_value=0,  # type: ignore[arg-type]  # the stubs narrow it to str | None; Django takes any value
        help_text=_("Only for a trip that gives no per diem, when you could not eat at your usual place of work."),
    )
    field_order = [
        "description",
        "departure",
        "return_at",
        "destination",
        "city",
        "day_rate",
        "free_meals",
        "meal_allowance_meals",
        "cost_center",
    ]

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, company=company, **kwargs)
        self.company = company

    def known_figures(self) -> dict[int, list[str]]:
        """Where a foreign per diem is known per year (built in or entered by the company's admins)."""
        entered = ForeignPerDiemRate.objects.filter(company=self.company).select_related("entered_by")
        return figure_keys([rate.as_entered_rate() for rate in entered])

    def clean_free_meals(self) -> tuple[int, ...]:
        text = self.cleaned_data["free_meals"].replace(";", ",").strip()
        if not text:
            return ()
        try:
            meals = tuple(int(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(_("Use whole numbers separated by commas.")) from None
        if any(count < 0 or count > 3 for count in meals):
            raise forms.ValidationError(_("Each day has 0–3 free meals."))
        return meals

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        departure, return_at = data.get("departure"), data.get("return_at")
        if departure and return_at and return_at <= departure:
            self.add_error("return_at", _("The return must be after the departure."))
        return data

    def to_input(self) -> PerDiemInput:
        data = self.cleaned_data
        return PerDiemInput(
            description=data["description"],
            departure=data["departure"],
            return_at=data["return_at"],
            destination=data["destination"],
            city=data["city"],
            day_rate=data.get("day_rate"),
            free_meals=data["free_meals"],
            cost_center=data.get("cost_center"),
            meal_allowance_meals=data.get("meal_allowance_meals") or 0,
        )
