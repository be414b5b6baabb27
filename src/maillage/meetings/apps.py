from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp


class MeetingsConfig(MaillageApp):
    name = "maillage.meetings"
    verbose_name = _("meetings")
