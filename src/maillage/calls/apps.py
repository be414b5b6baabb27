from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class CallsConfig(MaillageApp):
    name = "maillage.calls"
    verbose_name = _("calls for projects")
    url_prefix = "appels/"
    nav_entries = (NavEntry(_("Calls for projects"), "calls:call_list", "staff", order=75),)
    demo_loader = "maillage.demo.calls:load"
    demo_order = 80

    def ready(self) -> None:
        # Programmes sits below this app and imports nothing from it: the grants and what the
        # grantees report join its catalogue of computed indicator sources from here.
        from maillage.calls.indicators import register_sources

        register_sources()
