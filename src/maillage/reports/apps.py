from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp


class ReportsConfig(MaillageApp):
    name = "maillage.reports"
    verbose_name = _("reports")
