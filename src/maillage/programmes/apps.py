from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp


class ProgrammesConfig(MaillageApp):
    name = "maillage.programmes"
    verbose_name = _("programmes")
