"""Forms of the programmes pages: they parse input into the services' payloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.activity.models import Theme
from maillage.directory.vocabulary import PUBLICS
from maillage.network.selectors import organisations_by_name
from maillage.programmes import selectors
from maillage.programmes.models import (
    ActionStatus,
    CampaignScope,
    Direction,
    IndicatorSource,
    Participation,
    Priority,
)
from maillage.programmes.services import ActionData, CampaignData, IndicatorData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple


class ActionForm(forms.Form):
    """Every field of `ActionData`, in its order."""

    number = forms.CharField(label=_("Number"), max_length=12)
    title = forms.CharField(label=_("Title"), max_length=200)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=organisations_by_name(), required=False
    )
    lead_person = forms.ModelChoiceField(
        label=_("Lead person"), queryset=selectors.possible_lead_people(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=organisations_by_name(), required=False
    )
    publics = forms.MultipleChoiceField(
        label=_("Target publics"), choices=sorted(PUBLICS.items()), required=False,
        widget=CHECKBOXES,
    )  # fmt: skip
    territories = forms.ModelMultipleChoiceField(
        label=_("Territories"), queryset=selectors.action_territories(), required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    participation = forms.ChoiceField(
        label=_("Citizen participation"), choices=Participation.choices
    )
    start = forms.DateField(label=_("Start"), widget=DATE, required=False)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end is before the start."))
        return data

    def payload(self) -> ActionData:
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) for name in ActionData.FIELDS}
        values["partners"] = list(data.get("partners") or [])
        values["territories"] = list(data.get("territories") or [])
        values["objectives"] = values["objectives"] or ""
        values["description"] = values["description"] or ""
        return ActionData(**values)

    @staticmethod
    def initial_from(action: Any) -> dict[str, Any]:
        initial = {name: getattr(action, name) for name in ActionData.FIELDS}
        initial["partners"] = list(action.partners.all())
        initial["territories"] = list(action.territories.all())
        return initial


class LinkEventsForm(forms.Form):
    events = forms.ModelMultipleChoiceField(
        label=_("Prevention events"), queryset=selectors.linkable_events_base(), widget=CHECKBOXES
    )

    def __init__(self, *args: Any, action: Any, campaign: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["events"]
        field.queryset = selectors.linkable_events(action=action, campaign_slug=campaign)  # type: ignore[attr-defined]
        field.label_from_instance = _event_label  # type: ignore[attr-defined]


def _event_label(event: Any) -> str:
    link = getattr(event, "campaign_link", None)
    campaign = f" — {link.campaign.title}" if link is not None else ""
    return f"{event.date:%d/%m/%Y} {event.title}{campaign}"


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 3}))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=organisations_by_name())
    planned = forms.DecimalField(label=_("Planned (€)"), min_value=0, decimal_places=2)
    committed = forms.DecimalField(label=_("Committed (€)"), min_value=0, decimal_places=2)
    spent = forms.DecimalField(label=_("Spent (€)"), min_value=0, decimal_places=2)


class MeasurementForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.IntegerField(label=_("Value"))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class IndicatorForm(forms.Form):
    definition = forms.CharField(label=_("Definition"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    source = forms.ChoiceField(label=_("Source"), choices=IndicatorSource.choices)
    hub = forms.ModelChoiceField(
        label=_("Hub (computed sources)"), queryset=selectors.hubs_by_name(), required=False
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes (computed sources)"), choices=Theme.choices, required=False,
        widget=CHECKBOXES,
    )  # fmt: skip
    linked_events_only = forms.BooleanField(
        label=_("Event sources: only the events linked to this action"),
        required=False,
        initial=True,
    )
    baseline = forms.IntegerField(label=_("Baseline"), required=False)
    target_year = forms.IntegerField(
        label=_("Target year"), min_value=2000, max_value=2100, required=False
    )
    target = forms.IntegerField(label=_("Target"), required=False)

    def payload(self) -> IndicatorData:
        data = self.cleaned_data
        targets = {}
        if data.get("target_year") and data.get("target") is not None:
            targets[data["target_year"]] = data["target"]
        return IndicatorData(
            definition=data["definition"],
            source=data["source"],
            unit=data.get("unit") or "",
            direction=data["direction"],
            baseline=data.get("baseline"),
            hub=data.get("hub"),
            themes=list(data.get("themes") or []),
            linked_events_only=bool(data.get("linked_events_only")),
            targets=targets,
        )


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=50)
    scope = forms.ChoiceField(label=_("Scope"), choices=CampaignScope.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=CHECKBOXES
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def payload(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            slug=data["slug"],
            title=data["title"],
            scope=data["scope"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            themes=list(data.get("themes") or []),
            description=data.get("description") or "",
        )


class ActionFiltersForm(forms.Form):
    """Parses the contract page's filters; the page draws the selects from its own lists."""

    axis = forms.IntegerField(required=False)
    lead = forms.IntegerField(required=False)
    status = forms.ChoiceField(choices=[("", "")] + list(ActionStatus.choices), required=False)
    territory = forms.IntegerField(required=False)
    public = forms.ChoiceField(choices=[("", "")] + sorted(PUBLICS.items()), required=False)

    def filters(self) -> selectors.ActionFilters:
        if not self.is_valid():
            return selectors.ActionFilters()
        data = self.cleaned_data
        return selectors.ActionFilters(
            axis=data.get("axis"),
            lead=data.get("lead"),
            status=data.get("status") or "",
            territory=data.get("territory"),
            public=data.get("public") or "",
        )
