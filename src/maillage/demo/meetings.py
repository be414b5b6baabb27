"""Demo meetings (filled in below)."""


def load() -> None:
    return None
