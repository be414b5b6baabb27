import datetime as dt

import pytest

from maillage.linkage.normalize import BirthDate, InvalidValue, parse_birth_date


def test_it_reads_full_and_partial_dates() -> None:
    assert parse_birth_date("1985-03-12") == BirthDate(1985, 3, 12)
    assert parse_birth_date("1985-03") == BirthDate(1985, 3)
    assert parse_birth_date("1985") == BirthDate(1985)
    assert parse_birth_date(dt.date(1985, 3, 12)).is_full


def test_it_treats_placeholder_days_as_unknown() -> None:
    assert parse_birth_date("1985-01-01") == BirthDate(1985)
    assert parse_birth_date("1985-12-31") == BirthDate(1985)


@pytest.mark.parametrize("raw", ["12/03/1985", "1985-02-30", "1985-13", "1700", "85"])
def test_it_rejects_malformed_dates(raw: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_birth_date(raw)
    assert error.value.field == "birth_date"
