from django.http import HttpRequest

from maillage.network import selectors


def site_network(request: HttpRequest) -> dict[str, object]:
    """The network's names in every page's header and title (base.html), read from the cache."""
    return {"site_network": selectors.site_network()}
