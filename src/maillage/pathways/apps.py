from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class PathwaysConfig(MaillageApp):
    name = "maillage.pathways"
    verbose_name = _("pathways")
    url_prefix = "parcours/"
    api_prefix = "/pathways"
    nav_entries = (
        NavEntry(_("Pathways"), "pathways:worklist", "files", order=40),
    )
    demo_loader = "maillage.demo.pathways:load"
    demo_order = 40
