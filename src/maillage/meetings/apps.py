from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class MeetingsConfig(MaillageApp):
    name = "maillage.meetings"
    verbose_name = _("meetings")
    url_prefix = "reunions/"
    nav_entries = (NavEntry(_("Meetings"), "meetings:series_list", "staff", order=60),)
    demo_loader = "maillage.demo.meetings:load"
    demo_order = 60
