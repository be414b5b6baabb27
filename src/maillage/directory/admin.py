"""Read-only admin: directory changes go through the staff pages (services.py), so they are
audited and keep the derived search data in step."""

from django.contrib import admin
from django.http import HttpRequest

from maillage.directory.models import Location, Service


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "last_verified_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "source_id"]
    exclude = ["search_document", "search_title"]


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "postcode", "city"]
    search_fields = ["address", "city", "postcode"]
