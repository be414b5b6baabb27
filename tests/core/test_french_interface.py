import pytest
from django.urls import reverse

from maillage.demo.loader import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.french]


def test_the_interface_speaks_french_by_default(client) -> None:
    load_demo(only={"network"})
    page = client.get("/").content.decode()
    assert "Aller au contenu principal" in page
    assert "Navigation principale" in page
    network = client.get(reverse("network:index")).content.decode()
    assert "Membre fondateur" in network and "Membre associé" in network
