"""Alert rules and pathway templates change through the pathways' pages (audited services)."""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin, ReadOnlyInline
from maillage.pathways.models import AlertRule, PathwayTemplate, TemplateStep


@admin.register(AlertRule)
class AlertRuleAdmin(ReadOnlyAdmin):
    list_display = ["kind", "delay_days", "enabled"]


class TemplateStepInline(ReadOnlyInline):
    model = TemplateStep


@admin.register(PathwayTemplate)
class PathwayTemplateAdmin(ReadOnlyAdmin):
    inlines = [TemplateStepInline]
