from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class CoreConfig(MaillageApp):
    name = "maillage.core"
    verbose_name = _("core")
    nav_entries = (
        NavEntry(_("Dashboard"), "core:dashboard", "staff", order=30),
        NavEntry(_("Audit log"), "admin:core_auditevent_changelist", "coordinator", order=90),
    )
    demo_loader = "maillage.demo.accounts:load"
    demo_order = 20


class MaillageAdminConfig(admin_apps.AdminConfig):
    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "maillage.core.admin_site.MaillageAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib import admin

        from maillage.core.admin import hide_authenticator_secrets

        hide_authenticator_secrets(admin.site)
