from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maillage.directory import hours
from maillage.directory import vocabulary as V
from maillage.directory.models import Location, Service
from maillage.directory.selectors import (
    DEFAULT_RADIUS_KM,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    SearchParams,
    locations_of,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]
RADII = [("1", "1 km"), ("3", "3 km"), ("10", "10 km"), ("30", "30 km"), ("100", "100 km")]
OPEN_CHOICES = [("", _("Any time")), ("now", _("Open now")), ("at", _("Open on…"))]


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def theme_choices() -> list[tuple[StrOrPromise, Any]]:
    health = [(value, label) for value, label in V.THEMES.items() if value.startswith("sante--")]
    rights = [(V.DI_ACCESS_TO_RIGHTS, V.THEMES[V.DI_ACCESS_TO_RIGHTS])]
    others = [
        (value, label)
        for value, label in V.THEMES.items()
        if not value.startswith("sante--") and value != V.DI_ACCESS_TO_RIGHTS
    ]
    return [
        *_blank(_("All themes")),
        (_("Health"), health + rights),
        (_("Other themes"), others),
    ]


class SearchForm(forms.Form):
    """The search parameters, shared by the page and the API (`GET /api/v1/services`)."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    near = forms.CharField(
        label=_("Near (commune, quartier, postcode or address)"), required=False, max_length=200
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=RADII, coerce=float, required=False, empty_value=None
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(_("All categories"))
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=theme_choices)
    public = forms.ChoiceField(label=_("Public"), required=False)
    type = forms.ChoiceField(label=_("Type of service"), required=False)
    condition = forms.MultipleChoiceField(
        label=_("Conditions"),
        required=False,
        choices=V.choices(V.CONDITIONS),
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    mode = forms.ChoiceField(label=_("Mode of access"), required=False)
    open = forms.ChoiceField(label=_("Opening"), required=False, choices=OPEN_CHOICES)
    day = forms.TypedChoiceField(
        label=_("Day"),
        required=False,
        choices=_blank(_("Any day")) + WEEKDAYS,
        coerce=int,
        empty_value=None,
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("category", _("All categories"), V.CATEGORIES)
        self._set_choices("public", _("All publics"), V.PUBLICS)
        self._set_choices("type", _("All types"), V.SERVICE_TYPES)
        self._set_choices("language", _("Any language"), V.LANGUAGES)
        self._set_choices("mode", _("Any mode"), V.MODES)

    def _set_choices(self, name: str, blank: Any, vocabulary: Mapping[str, object]) -> None:
        field = cast(forms.ChoiceField, self.fields[name])
        field.choices = _blank(blank) + V.choices(vocabulary)

    def params(self) -> SearchParams:
        data = self.cleaned_data
        wants_day = data.get("open") == "at" or data.get("day") is not None
        return SearchParams(
            q=data.get("q") or "",
            near=data.get("near") or "",
            lat=data.get("lat"),
            lon=data.get("lon"),
            radius_km=data.get("radius") or DEFAULT_RADIUS_KM,
            category=data.get("category") or "",
            theme=data.get("theme") or "",
            public=data.get("public") or "",
            service_type=data.get("type") or "",
            conditions=data.get("condition") or [],
            language=data.get("language") or "",
            mode=data.get("mode") or "",
            open_now=data.get("open") == "now",
            open_day=data.get("day") if wants_day else None,
            open_time=_time(data) if wants_day else None,
            page=data.get("page") or 1,
            page_size=data.get("page_size") or PAGE_SIZE,
        )


def _time(data: dict[str, Any]) -> time | None:
    return data.get("time") or (time(10, 0) if data.get("day") is not None else None)


def _multiple(label: Any, vocabulary: dict[str, Any]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=V.choices(vocabulary),
        widget=forms.CheckboxSelectMultiple,
    )


class ServiceForm(forms.ModelForm):
    themes = _multiple(_("Themes"), V.THEMES)
    types = _multiple(_("Service types"), V.SERVICE_TYPES)
    publics = _multiple(_("Publics"), V.PUBLICS)
    conditions = _multiple(_("Conditions"), V.CONDITIONS)
    languages = _multiple(_("Languages spoken"), V.LANGUAGES)
    modes = _multiple(_("Modes of access"), V.MODES)
    locations = forms.ModelMultipleChoiceField(
        label=_("Places"),
        queryset=locations_of().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "themes",
            "types",
            "publics",
            "publics_note",
            "conditions",
            "access_note",
            "what_to_bring",
            "languages",
            "modes",
            "opening_hours",
            "phone",
            "email",
            "contact_name",
            "website",
            "locations",
        ]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["locations"])
        field.queryset = locations_of(organisation=organisation)

    def clean_opening_hours(self) -> str:
        value = self.cleaned_data.get("opening_hours", "").strip()
        hours.validate(value)
        return value

    def clean_publics(self) -> list[str]:
        publics = self.cleaned_data.get("publics") or []
        if "tous-publics" in publics and len(publics) > 1:
            raise ValidationError(_("“tous-publics” cannot be combined with other publics."))
        return publics


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "name",
            "address",
            "address_extra",
            "postcode",
            "city",
            "insee_code",
            "transit_stop",
            "latitude",
            "longitude",
        ]
