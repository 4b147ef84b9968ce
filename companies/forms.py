from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from companies.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EMPLOYEE)


class BasicSettingsForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "business_id"]
