from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class ActivityConfig(MaillageApp):
    name = "maillage.activity"
    verbose_name = _("activity")
    url_prefix = "activite/"
    api_prefix = "activity"
    nav_entries = (
        NavEntry(_("Activity"), "activity:quick_entry", "activity", order=50),
    )
    demo_loader = "maillage.demo.activity:load"
    demo_order = 50
