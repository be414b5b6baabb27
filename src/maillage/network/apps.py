from django.utils.translation import gettext_lazy as _

from maillage.core.appkit import MaillageApp, NavEntry


class NetworkConfig(MaillageApp):
    name = "maillage.network"
    verbose_name = _("network")
    url_prefix = "reseau/"
    nav_entries = (
        NavEntry(_("Network"), "network:index", "everyone", order=10),
    )
    demo_loader = "maillage.demo.network:load"
    demo_order = 10

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from maillage.network.models import Network
        from maillage.network.selectors import forget_site_network

        for signal in (post_save, post_delete):
            signal.connect(forget_site_network, sender=Network, dispatch_uid="site-network")
