from django.contrib import admin

from maillage.pathways.models import AlertRule, PathwayTemplate, TemplateStep


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "delay_days", "enabled"]


class TemplateStepInline(admin.TabularInline):
    model = TemplateStep
    extra = 1


@admin.register(PathwayTemplate)
class PathwayTemplateAdmin(admin.ModelAdmin):
    inlines = [TemplateStepInline]
