"""Signals change through the surveillance pages (audited services); reporting partners here."""

from __future__ import annotations

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.surveillance.models import ReportingPartner, SignalDefinition


@admin.register(SignalDefinition)
class SignalDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "method", "notify", "is_active", "position"]


@admin.register(ReportingPartner)
class ReportingPartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "started_on", "ended_on"]
    list_select_related = ["organisation"]
