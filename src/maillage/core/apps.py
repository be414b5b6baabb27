from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "maillage.core"
    verbose_name = _("core")


class MaillageAdminConfig(admin_apps.AdminConfig):
    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "maillage.core.admin_site.MaillageAdminSite"

    def ready(self) -> None:
        super().ready()
        from django.contrib import admin

        from maillage.core.admin import hide_authenticator_secrets

        hide_authenticator_secrets(admin.site)
