"""The admin never writes an audited model behind the services' back.

A model is audited when an action of the audit vocabulary is named after it (`signal.update` for
`SignalDefinition`, `membership.end` for `Membership`, …). Every such model, registered or shown
inline, is read-only in the admin; accounts and staff memberships, which only the admin creates,
record an audit event on every save, the administrator's own membership included.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from maillage.core.audit import AuditAction
from maillage.core.models import AuditEvent, Role, StaffMembership, User
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

AUDITED_ON_SAVE = {"core.user", "core.staffmembership"}


def action_nouns() -> set[str]:
    """`directory.service.update` → "service"; `signal.create` → "signal"."""
    apps_with_prefix = {"directory"}
    nouns = set()
    for action in AuditAction:
        parts = action.value.split(".")
        nouns.add(parts[1] if parts[0] in apps_with_prefix and len(parts) > 2 else parts[0])
    return nouns


def snake_name(model: type[models.Model]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def is_audited(model: type[models.Model]) -> bool:
    name = snake_name(model)
    return any(name == noun or name.startswith(f"{noun}_") for noun in action_nouns())


def admins_and_inlines(request) -> list[tuple[type[models.Model], object, bool]]:
    """(model, its admin or inline, whether it is an inline) for everything the admin shows."""
    shown = []
    for model, model_admin in admin.site._registry.items():
        shown.append((model, model_admin, False))
        for inline in model_admin.get_inline_instances(request):
            shown.append((inline.model, inline, True))
    return shown


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    return request


def test_the_rule_knows_the_audited_models() -> None:
    from maillage.network.models import Membership, Organisation, Territory
    from maillage.surveillance.models import ReportingPartner, SignalDefinition

    assert is_audited(SignalDefinition) and is_audited(Membership) and is_audited(Organisation)
    assert not is_audited(Territory) and not is_audited(ReportingPartner)


def test_every_audited_model_is_read_only_in_the_admin() -> None:
    request = superuser_request()
    writable = []
    for model, model_admin, inline in admins_and_inlines(request):
        if not is_audited(model) or model._meta.label_lower in AUDITED_ON_SAVE:
            continue
        add = (
            model_admin.has_add_permission(request, None)
            if inline
            else model_admin.has_add_permission(request)
        )
        if add or model_admin.has_change_permission(request, None):
            writable.append(model._meta.label_lower)
        elif model_admin.has_delete_permission(request, None):
            writable.append(model._meta.label_lower)
    assert writable == []


def test_a_post_to_an_audited_models_admin_is_refused(mfa_login) -> None:
    organisation = make_organisation()
    client = mfa_login(make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))

    change = client.post(
        reverse("admin:network_organisation_change", args=[organisation.pk]),
        {"name": "Renommée", "kind": organisation.kind},
    )
    add = client.post(reverse("admin:network_organisation_add"), {"name": "Nouvelle"})

    assert change.status_code == 403 and add.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name != "Renommée"


def test_an_administrator_giving_itself_a_staff_membership_is_audited(mfa_login) -> None:
    administrator = make_user(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client = mfa_login(administrator)
    pass_unit = make_organisation()
    own = list(StaffMembership.objects.filter(user=administrator))
    url = reverse("admin:core_user_change", args=[administrator.pk])
    data = {
        "email": administrator.email,
        "first_name": "Ada",
        "last_name": administrator.last_name,
        "profession": administrator.profession,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "staff_memberships-TOTAL_FORMS": str(len(own) + 1),
        "staff_memberships-INITIAL_FORMS": str(len(own)),
        "staff_memberships-MIN_NUM_FORMS": "0",
        "staff_memberships-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(own):
        data |= {
            f"staff_memberships-{i}-id": str(membership.pk),
            f"staff_memberships-{i}-user": str(administrator.pk),
            f"staff_memberships-{i}-organisation": str(membership.organisation_id),
            f"staff_memberships-{i}-role": membership.role,
            f"staff_memberships-{i}-started_on": membership.started_on.isoformat(),
        }
    new = len(own)
    data |= {
        f"staff_memberships-{new}-user": str(administrator.pk),
        f"staff_memberships-{new}-organisation": str(pass_unit.pk),
        f"staff_memberships-{new}-role": Role.PROFESSIONAL,
        f"staff_memberships-{new}-started_on": "2026-01-05",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    given = StaffMembership.objects.get(user=administrator, organisation=pass_unit)
    event = AuditEvent.objects.get(action=AuditAction.STAFF_MEMBERSHIP_CREATE)
    assert event.actor == administrator and event.object_id == str(given.pk)
    assert event.detail["organisation"] == pass_unit.pk and event.detail["via"] == "admin"
    user_event = AuditEvent.objects.get(action=AuditAction.USER_CHANGE)
    assert user_event.object_id == str(administrator.pk)
    assert "first_name" in user_event.detail["fields"]
    assert User.objects.get(pk=administrator.pk).first_name == "Ada"


def test_a_staff_membership_cannot_be_deleted_in_the_admin() -> None:
    request = superuser_request()
    user_admin = admin.site._registry[User]
    inlines = [i for i in user_admin.get_inline_instances(request) if i.model is StaffMembership]
    assert inlines and not inlines[0].can_delete
