import pytest

SECRET = "a-network-secret-for-the-tests"


@pytest.fixture
def secret() -> str:
    return SECRET
