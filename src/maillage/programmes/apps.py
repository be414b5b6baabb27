from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class ProgrammesConfig(MaillageApp):
    name = "maillage.programmes"
    verbose_name = _("programmes")
    url_prefix = "programmes/"
    nav_entries = (NavEntry(_("Health contracts"), "programmes:contract_list", "staff", order=70),)
    demo_loader = "maillage.demo.programmes:load"
    demo_order = 70
