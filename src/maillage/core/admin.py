"""The admin writes no audited model behind the services' back.

A model whose changes the services audit is read-only here (`ReadOnlyAdmin`, `ReadOnlyInline`);
accounts and their staff memberships, which only the admin creates, are audited on save.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from maillage.core.audit import AuditAction
from maillage.core.models import AuditEvent, StaffMembership, User
from maillage.core.services import audit_record


class ReadOnlyAdmin(admin.ModelAdmin):
    """Searchable and readable; changes go through the app's pages and services (audited)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StaffMembershipInline(admin.TabularInline):
    """Memberships end (an end date), they are never deleted: the trail keeps who had access."""

    model = StaffMembership
    extra = 0
    can_delete = False
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "profession", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [StaffMembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identity", {"fields": ["first_name", "last_name", "profession"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2"]})]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = sorted(set(form.changed_data) - {"password", "password1", "password2"})
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.USER_CHANGE,
            obj=obj,
            request=request,
            detail={"created": not change, "fields": changed},
        )

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Every membership given or changed here is an audit event (the admin's own included)."""
        saved = formset.save()
        for membership in saved:
            audit_membership(request, membership, created=membership in formset.new_objects)


def audit_membership(request: HttpRequest, membership: models.Model, *, created: bool) -> None:
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action=(
            AuditAction.STAFF_MEMBERSHIP_CREATE if created else AuditAction.STAFF_MEMBERSHIP_CHANGE
        ),
        obj=membership,
        request=request,
        detail={
            "user": membership.user_id,  # type: ignore[attr-defined]
            "organisation": membership.organisation_id,  # type: ignore[attr-defined]
            "role": membership.role,  # type: ignore[attr-defined]
            "ended_on": str(membership.ended_on or ""),  # type: ignore[attr-defined]
            "via": "admin",
        },
    )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Search the trail; nobody may change or delete it."""

    list_display = ["at", "actor_label", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "action", "object_type", "object_id", "ip_address"]
    date_hierarchy = "at"


class AuthenticatorAdmin(ReadOnlyAdmin):
    """Who has which second factor, never its secret: the `data` field is not shown anywhere."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")
    search_fields = ["user__email"]


def hide_authenticator_secrets(site: admin.AdminSite) -> None:
    """Replace allauth's authenticator admin, whose change form prints each TOTP secret."""
    from allauth.mfa.models import Authenticator

    if site.is_registered(Authenticator):
        site.unregister(Authenticator)
    site.register(Authenticator, AuthenticatorAdmin)
