"""Organisations and memberships change through the network's pages (audited services)."""

from django.contrib import admin

from maillage.core.admin import ReadOnlyAdmin, ReadOnlyInline
from maillage.network.models import Convention, Hub, Membership, Network, Organisation, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "insee_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "insee_code"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "siret", "finess"]


class MembershipInline(ReadOnlyInline):
    model = Membership


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    inlines = [MembershipInline]


admin.site.register(Convention)
admin.site.register(Hub)
