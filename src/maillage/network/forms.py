from django import forms

from maillage.network.models import Membership, Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "siret",
            "finess",
            "address",
            "postcode",
            "city",
            "territory",
            "parent",
            "description",
            "website",
            "phone",
        ]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "started_on", "convention", "note"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"})}
