"""Read-only admin: directory changes go through the staff pages (services.py), so they are
audited and keep the derived search data in step."""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin
from maillage.directory.models import Location, Service


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
