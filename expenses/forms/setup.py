from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from accounts.models import User
from companies import roles
from companies.models import Company, Membership
from expenses.forms.fields import DateField
from expenses.models import ExpenseSettings, PaymentMethod, PurchaseType

if TYPE_CHECKING:
    # Generic only in django-stubs: Django's ModelForm and ModelChoiceField cannot be subscripted at run time.
    _PurchaseTypeForm = forms.ModelForm[PurchaseType]
    _PaymentMethodForm = forms.ModelForm[PaymentMethod]
    _ExpenseSettingsForm = forms.ModelForm[ExpenseSettings]
    _MemberField = forms.ModelChoiceField[User]
else:
    _PurchaseTypeForm = _PaymentMethodForm = _ExpenseSettingsForm = forms.ModelForm
    _MemberField = forms.ModelChoiceField


def members(company: Company, *, approvers_only: bool = False) -> QuerySet[User]:
    memberships = Membership.objects.filter(company=company, is_active=True)
    if approvers_only:
        memberships = memberships.filter(role__in=[r for r in roles.Role.values if roles.can_approve(r)])
    return User.objects.filter(pk__in=memberships.values("user_id")).order_by("email")


class PurchaseTypeForm(_PurchaseTypeForm):
    class Meta:
        model = PurchaseType
        fields = ["name", "account_number", "vat_class", "is_active"]


class PaymentMethodForm(_PaymentMethodForm):
    class Meta:
        model = PaymentMethod
        fields = ["name", "kind", "counter_account", "is_active"]


class ExpenseSettingsForm(_ExpenseSettingsForm):
    class Meta:
        model = ExpenseSettings
        fields = [
            "employee_payable_account",
            "mileage_account",
            "per_diem_account",
            "duplicate_check_enabled",
            "locked_until",
            "fallback_approver",
        ]
        field_classes = {"locked_until": DateField}
        help_texts = {
            "fallback_approver": _("Approves the expenses of people who have no active approver of their own."),
        }

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "fallback_approver", members(company, approvers_only=True))


class ApproverAssignmentForm(forms.Form):
    employee: _MemberField = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    approver: _MemberField = forms.ModelChoiceField(label=_("Approver"), queryset=None)

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "employee", members(company))
        _offer(self, "approver", members(company, approvers_only=True))


def _offer(form: forms.BaseForm, name: str, people: QuerySet[User]) -> None:
    """Offer ``people`` in the form's own copy of the member field ``name``."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = people


class IbanForm(forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False)

    def clean_iban(self) -> str:
        text = self.cleaned_data["iban"].strip()
        if not text:
            return ""
        try:
            return IBAN(text).compact
        except SchwiftyException as error:
            raise forms.ValidationError(_("This is not a valid IBAN: %(why)s") % {"why": error}) from error
