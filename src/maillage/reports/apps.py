from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class ReportsConfig(MaillageApp):
    name = "maillage.reports"
    verbose_name = _("reports")
    url_prefix = "rapports/"
    nav_entries = (NavEntry(_("Reports"), "reports:list", "staff", order=85),)
    demo_loader = "maillage.reports.demo:load"  # demo and reports import neither the other
    demo_order = 95
