"""Reads of the network app, each with a bounded number of queries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from maillage.network.models import Hub, Membership, Network, Organisation, Territory


def primary_network() -> Network | None:
    """The network flagged primary, else the first by name."""
    return Network.objects.order_by("-is_primary", "name").first()


@dataclass(frozen=True)
class SiteNetwork:
    """What every page's header says of the network this instance runs."""

    name: str
    short_name: str


SITE_NETWORK_KEY = "network:site"
SITE_NETWORK_SECONDS = 60


def site_network() -> SiteNetwork | None:
    """The primary network's names, kept in the cache: every page prints them, and they change
    once in years. As with Django's sites framework, a change shows at once in the process that
    made it (`forget_site_network`, on save) and within a minute in the others."""
    cached: tuple[SiteNetwork | None] | None = cache.get(SITE_NETWORK_KEY)
    if cached is None:
        network = primary_network()
        cached = (SiteNetwork(network.name, network.short_name) if network else None,)
        cache.set(SITE_NETWORK_KEY, cached, SITE_NETWORK_SECONDS)
    return cached[0]


def forget_site_network(**_signal: object) -> None:
    cache.delete(SITE_NETWORK_KEY)


@dataclass(frozen=True)
class RoleGroup:
    role: str
    label: str
    memberships: list[Membership]


def network_members_by_role(*, network: Network) -> list[RoleGroup]:
    memberships = (
        Membership.objects.filter(network=network)
        .select_related("organisation", "convention")
        .order_by("started_on", "organisation__name")
    )
    groups = []
    for role, label in Membership.Role.choices:
        members = [m for m in memberships if m.role == role]
        if members:
            groups.append(RoleGroup(role=role, label=str(label), memberships=members))
    return groups


def network_history(*, network: Network) -> list[tuple[date, str]]:
    """Dated events: memberships starting and ending, conventions validated and signed."""
    events: list[tuple[date, str]] = []
    for m in Membership.objects.filter(network=network).select_related("organisation"):
        if m.started_on:
            events.append((m.started_on, f"{m.organisation.name} — {m.get_role_display()}"))
        if m.ended_on:
            events.append((m.ended_on, f"{m.organisation.name} — fin ({m.get_role_display()})"))
    for c in network.conventions.all():
        if c.validated_on:
            events.append((c.validated_on, f"{c.title} v{c.version} — {c.validated_by}"))
        if c.signed_on:
            events.append((c.signed_on, f"{c.title} v{c.version} — {c.signature_note}"))
    return sorted(events, key=lambda event: event[0])


def networks_list() -> QuerySet[Network]:
    return Network.objects.select_related("territory").order_by("-is_primary", "name")


def organisation_detail(*, slug: str) -> Organisation:
    return Organisation.objects.select_related("territory", "parent").get(slug=slug)


def organisation_memberships(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("network", "convention")


def territory_contents(*, territory: Territory) -> dict[str, object]:
    return {
        "children": territory.children.order_by("name"),
        "organisations": territory.organisations.order_by("name"),
        "hubs": Hub.objects.filter(quartier=territory).select_related("host"),
    }


def hubs_list(*, network: Network | None = None) -> QuerySet[Hub]:
    hubs = Hub.objects.select_related("quartier", "host", "referent", "network")
    return hubs.filter(network=network) if network else hubs


def network_by_slug(*, slug: str) -> Network:
    """The network, or Http404."""
    return get_object_or_404(Network, slug=slug)


def territory_by_slug(*, slug: str) -> Territory:
    """The territory with its parent, or Http404."""
    return get_object_or_404(Territory.objects.select_related("parent"), slug=slug)


def organisation_by_slug(*, slug: str) -> Organisation:
    """The organisation, or Http404."""
    return get_object_or_404(Organisation, slug=slug)


def organisation_to_edit(*, organisation: Organisation) -> Organisation:
    """A fresh copy for the form, so a failed form leaves `organisation` as stored."""
    return Organisation.objects.get(pk=organisation.pk)


def organisation_by_id_or_none(*, pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()


def organisation_by_slug_or_none(*, slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def organisations_by_name(*, kinds: Collection[str] = ()) -> QuerySet[Organisation]:
    """Choices of a form's organisation field (optionally only these kinds)."""
    organisations = Organisation.objects.order_by("name")
    return organisations.filter(kind__in=kinds) if kinds else organisations
