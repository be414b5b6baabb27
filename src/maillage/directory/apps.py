from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class DirectoryConfig(MaillageApp):
    name = "maillage.directory"
    verbose_name = _("directory")
    url_prefix = "annuaire/"
    api_prefix = "/services"
    nav_entries = (
        NavEntry(_("Directory"), "directory:search", "everyone", order=20),
    )
    demo_loader = "maillage.demo.directory:load"
    demo_order = 30
