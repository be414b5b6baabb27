import pytest


@pytest.fixture
def demo_directory(db):
    from maillage.demo import directory, network

    network.load()
    return directory.load()
