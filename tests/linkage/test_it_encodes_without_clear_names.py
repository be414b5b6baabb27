from dataclasses import fields

from maillage.linkage.encoding import Encoding, encode_identity

IDENTITY = dict(
    first_name="Hélène",
    last_name="Martin",
    birth_name="Le Gall",
    birth_date="1985-03-12",
    sex="F",
    commune="59350",
    phone="06 12 34 56 78",
    nir="2850359350123",
)
CLEAR = ("HELENE", "Hélène", "MARTIN", "Martin", "LEGALL", "GALL", "1985", "59350", "0612345678")


def test_it_never_contains_clear_values(secret: str) -> None:
    encoding = encode_identity(secret=secret, **IDENTITY)
    serialised = encoding.to_json()
    raw = b"".join(getattr(encoding, f.name) for f in fields(Encoding) if f.name != "version")
    for value in CLEAR:
        # Short strings can occur by chance in base64 text; raw bytes cover them.
        assert len(value) < 6 or value not in serialised
        assert value.upper().encode() not in raw
        assert value.lower().encode() not in raw


def test_it_round_trips_through_json(secret: str) -> None:
    encoding = encode_identity(secret=secret, **IDENTITY)
    assert Encoding.from_json(encoding.to_json()) == encoding
    assert Encoding.from_dict(encoding.to_dict()) == encoding
