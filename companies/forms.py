from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from companies.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EMPLOYEE)


if TYPE_CHECKING:
    # Generic only in django-stubs: Django's ModelForm cannot be subscripted at run time.
    _CompanyForm = forms.ModelForm[Company]
else:
    _CompanyForm = forms.ModelForm


class BasicSettingsForm(_CompanyForm):
    class Meta:
        model = Company
        fields = ["name", "business_id"]
