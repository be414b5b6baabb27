"""The coordinator's forms: which report to compute, with whom to share an edition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.reports import selectors
from maillage.reports.models import ReportKind


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year, 2009, -1)]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_years)
    hub = forms.ModelChoiceField(
        label=_("Hub (for a hub report)"), queryset=selectors.hubs(), required=False
    )
    contract = forms.ModelChoiceField(
        label=_("Contract (for a contract report)"),
        queryset=selectors.contracts(),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReportKind.HUB and not data.get("hub"):
            self.add_error("hub", _("Choose the hub of the report."))
        if data.get("kind") == ReportKind.CONTRACT and not data.get("contract"):
            self.add_error("contract", _("Choose the contract of the report."))
        return data


class ShareForm(forms.Form):
    shared_with = forms.ModelMultipleChoiceField(
        label=_("Funders who may read this edition"),
        queryset=selectors.funder_organisations(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
