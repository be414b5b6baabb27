"""Forms of the activity app: parse input only; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.activity.identity import Identity, age_band_from, parse_birth_date
from maillage.activity.models import AgeBand, Kind, PreventionEvent, Sex, Theme
from maillage.activity.selectors import Place, residence_places
from maillage.network.selectors import hubs_list, organisations_by_name

NEW_OR_KNOWN = [("new", _("New person")), ("known", _("Already known"))]


def place_choices(places: list[Place]) -> list[Any]:
    hubs = [(p.value, p.label) for p in places if p.hub_id is not None]
    organisations = [(p.value, p.label) for p in places if p.hub_id is None]
    groups: list[Any] = []
    if hubs:
        groups.append((_("Hubs"), hubs))
    if organisations:
        groups.append((_("Organisations"), organisations))
    return groups


class PlaceField(forms.ChoiceField):
    def __init__(self, places: list[Place], **kwargs: Any) -> None:
        super().__init__(choices=place_choices(places), **kwargs)
        self.places = {p.value: p for p in places}

    def clean(self, value: Any) -> Place:
        return self.places[super().clean(value)]


class ContactForm(forms.Form):
    """Quick entry: identity first (encoded at once, never stored), then the contact."""

    last_name = forms.CharField(
        label=_("Last name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_name = forms.CharField(
        label=_("Birth name"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = forms.CharField(
        label=_("Birth date"),
        required=False,
        max_length=10,
        help_text=_("DD/MM/YYYY, MM/YYYY or just the year."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, widget=forms.RadioSelect
    )
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=AgeBand.choices,
        initial=AgeBand.UNKNOWN,
        help_text=_("Filled in from the birth date when left unknown."),
    )
    quartier = forms.ModelChoiceField(
        label=_("Place of residence"),
        queryset=residence_places(),
        required=False,
        empty_label=_("Not known"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=Kind.choices,
        initial=Kind.INFORMATION,
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_or_known = forms.ChoiceField(
        label=_("New or known"), choices=NEW_OR_KNOWN, initial="new", widget=forms.RadioSelect
    )
    date = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, places: list[Place], default_place: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["place"] = PlaceField(places, label=_("Hub or organisation"))
        self.fields["place"].initial = default_place
        self.fields["quartier"].queryset = residence_places()  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()
        first_error = next((name for name in self.fields if name in self.errors), None)
        if first_error:  # on a refused entry the keyboard lands on the field to correct
            for field in self.fields.values():
                field.widget.attrs.pop("autofocus", None)
            self.fields[first_error].widget.attrs["autofocus"] = True

    def clean_birth_date(self) -> str:
        try:
            return parse_birth_date(self.cleaned_data["birth_date"])
        except ValueError as error:
            raise forms.ValidationError(
                _("Enter a real past date: DD/MM/YYYY, MM/YYYY or YYYY."), code="invalid"
            ) from error

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A contact cannot be in the future."), code="future")
        return date

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            birth_name=data["birth_name"].strip(),
            birth_date=data["birth_date"],
            sex=data["sex"],
        )

    def resolved_age_band(self) -> str:
        band = self.cleaned_data["age_band"]
        if band == AgeBand.UNKNOWN:
            return age_band_from(self.cleaned_data["birth_date"], self.cleaned_data["date"])
        return band


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=organisations_by_name().none()
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Windows-1252, separated by commas or semicolons; see the columns below."
        ),
    )

    MAX_BYTES = 20 * 1024 * 1024

    def __init__(self, *args: Any, organisation_ids: set[int] | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organisations = organisations_by_name()
        if organisation_ids is not None:
            organisations = organisations.filter(pk__in=organisation_ids)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisation_ids is not None and len(organisation_ids) == 1:
            self.fields["organisation"].initial = next(iter(organisation_ids))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="too_large")
        return upload


class EventForm(forms.ModelForm):
    class Meta:
        model = PreventionEvent
        fields = [
            "title",
            "kind",
            "date",
            "ended_on",
            "organiser",
            "hub",
            "quartier",
            "partners",
            "description",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }

    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation_ids: set[int] | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organisers = organisations_by_name()
        hubs = hubs_list().order_by("name")
        if organisation_ids is not None:
            organisers = organisers.filter(pk__in=organisation_ids)
            hubs = hubs.filter(host_id__in=organisation_ids)
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]
        if organisation_ids is not None and len(organisation_ids) == 1:
            self.fields["organiser"].initial = next(iter(organisation_ids))
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        self.fields["partners"].queryset = organisations_by_name()  # type: ignore[attr-defined]
        self.fields["quartier"].queryset = residence_places()  # type: ignore[attr-defined]
        for band, band_label in AgeBand.choices:
            for sex, sex_label in Sex.choices:
                self.fields[audience_field(band, sex)] = forms.IntegerField(
                    label=f"{band_label} — {sex_label}",
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "count"}),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hub, organiser = data.get("hub"), data.get("organiser")
        if hub and organiser and hub.host_id != organiser.pk:
            self.add_error("hub", _("A hub's events are organised by its host organisation."))
        if data.get("ended_on") and data.get("date") and data["ended_on"] < data["date"]:
            self.add_error("ended_on", _("An event cannot end before it starts."))
        return data

    def audience(self) -> dict[tuple[str, str], int]:
        return {
            (band, sex): self.cleaned_data.get(audience_field(band, sex)) or 0
            for band in AgeBand.values
            for sex in Sex.values
        }

    def audience_rows(self) -> list[tuple[str, list[Any]]]:
        """Bound fields laid out as a table: one row per age band, one column per sex."""
        return [
            (str(label), [self[audience_field(band, sex)] for sex in Sex.values])
            for band, label in AgeBand.choices
        ]


def audience_field(band: str, sex: str) -> str:
    return "audience_" + band.replace("-", "_").replace("+", "plus") + "_" + sex


IDENTITY_FIELDS = ("last_name", "first_name", "birth_name", "birth_date", "sex")


class FileContactForm(ContactForm):
    """A contact on a pathway file: the identity comes from the file, not from the form."""

    def __init__(self, *args: Any, beneficiary: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in IDENTITY_FIELDS:
            del self.fields[name]
        self.fields["age_band"].widget.attrs["autofocus"] = True
        self.beneficiary = beneficiary

    def identity(self) -> Identity:
        return Identity()

    def resolved_age_band(self) -> str:
        band = self.cleaned_data["age_band"]
        if band == AgeBand.UNKNOWN and self.beneficiary.birth_year:
            return age_band_from(str(self.beneficiary.birth_year), self.cleaned_data["date"])
        return band

    def clean_birth_date(self) -> str:
        return ""
