from __future__ import annotations

from django import forms
from django.contrib import admin

from maillage.surveillance.detection_adapter import DetectionError, check_params
from maillage.surveillance.models import ReportingPartner, SignalDefinition


class SignalDefinitionForm(forms.ModelForm):
    class Meta:
        model = SignalDefinition
        fields = [
            "code",
            "name",
            "kind",
            "unit",
            "description",
            "method",
            "params",
            "notify",
            "is_active",
            "position",
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        try:
            check_params(data.get("method", ""), data.get("params") or {})
        except DetectionError as error:
            self.add_error("params", str(error))
        return data


@admin.register(SignalDefinition)
class SignalDefinitionAdmin(admin.ModelAdmin):
    form = SignalDefinitionForm
    list_display = ["name", "code", "kind", "method", "notify", "is_active", "position"]
    list_editable = ["is_active", "position"]


@admin.register(ReportingPartner)
class ReportingPartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "started_on", "ended_on"]
    list_select_related = ["organisation"]
