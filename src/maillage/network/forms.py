from django import forms

from maillage.network.models import Membership, Organisation
from maillage.network.services import ORGANISATION_FIELDS


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)  # the service's list: one place says what is editable


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "started_on", "convention", "note"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"})}
