import pytest

from maillage.linkage.normalize import (
    InvalidValue,
    nir_key,
    normalize_commune,
    normalize_nir,
    normalize_phone,
    normalize_sex,
)


def test_it_reads_french_phone_formats() -> None:
    expected = "0612345678"
    for raw in ("06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678"):
        assert normalize_phone(raw) == expected
    assert normalize_phone("+213 555 12 34 56") == "+213555123456"
    assert normalize_phone("00 00 00 00 00") is None


def test_it_reads_sex_codes() -> None:
    assert normalize_sex("h") == normalize_sex("1") == "M"
    assert normalize_sex("Femme") == normalize_sex("2") == "F"
    assert normalize_sex("") is None
    with pytest.raises(InvalidValue):
        normalize_sex("Q")


def test_it_reads_insee_codes() -> None:
    assert normalize_commune("59350") == "59350"
    assert normalize_commune("2a004") == "2A004"
    assert normalize_commune("1053") == "01053"


def test_it_checks_the_nir_key() -> None:
    body = "1850359350123"
    key = f"{nir_key(body):02d}"
    assert normalize_nir(f"1 85 03 59 350 123 {key}") == body
    wrong = f"{(nir_key(body) + 1) % 97:02d}"
    assert normalize_nir(body + wrong) is None
