import numpy as np
import pytest

from maillage.linkage.encoding import encode_identity

IDENTITY = dict(first_name="Marie", last_name="Dubois", birth_date="1990-05-06", phone="0612345678")


def _bits(data: bytes) -> np.ndarray:
    return np.unpackbits(np.frombuffer(data, dtype=np.uint8))


def _dice(a: bytes, b: bytes) -> float:
    x, y = _bits(a), _bits(b)
    return 2 * int((x & y).sum()) / int(x.sum() + y.sum())


def test_it_changes_every_keyed_field_with_the_secret(secret: str) -> None:
    ours = encode_identity(secret=secret, **IDENTITY)
    theirs = encode_identity(secret=secret + "-other", **IDENTITY)
    assert ours.phone != theirs.phone
    assert ours.birth_date != theirs.birth_date
    assert set(_chunks(ours.blocking)).isdisjoint(_chunks(theirs.blocking))
    assert _dice(ours.last_name, theirs.last_name) < 0.6


def test_it_is_stable_under_the_same_secret(secret: str) -> None:
    one = encode_identity(secret=secret, **IDENTITY)
    two = encode_identity(secret=secret, **IDENTITY)
    assert one.phone == two.phone and one.blocking == two.blocking
    # The random bit flips make two encodings of one name similar, not equal.
    assert _dice(one.last_name, two.last_name) > 0.75


def test_it_refuses_a_short_secret() -> None:
    with pytest.raises(ValueError):
        encode_identity(secret="short", **IDENTITY)


def _chunks(data: bytes) -> list[bytes]:
    return [data[i : i + 8] for i in range(0, len(data), 8)]
