from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class SurveillanceConfig(MaillageApp):
    name = "maillage.surveillance"
    verbose_name = _("surveillance")
    url_prefix = "veille/"
    api_prefix = "surveillance"
    nav_entries = (
        NavEntry(_("Surveillance"), "surveillance:dashboard", "staff", order=70),
    )
    demo_loader = "maillage.demo.surveillance:load"
    demo_order = 80
