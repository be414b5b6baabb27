from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "maillage.network"
    verbose_name = _("network")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from maillage.network.models import Network
        from maillage.network.selectors import forget_site_network

        for signal in (post_save, post_delete):
            signal.connect(forget_site_network, sender=Network, dispatch_uid="site-network")
