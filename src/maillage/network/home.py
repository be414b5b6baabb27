"""The site's home page: the network this instance runs, its members and its hubs.

Mounted at the site's root by `maillage/urls.py` (URL name `home`), outside the network app's
own prefix.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.network.selectors import hubs_list, network_members_by_role, primary_network


def home(request: HttpRequest) -> HttpResponse:
    network = primary_network()
    context = {
        "network": network,
        "groups": network_members_by_role(network=network) if network else [],
        "hubs": hubs_list(network=network) if network else [],
    }
    return render(request, "network/home.html", context)
