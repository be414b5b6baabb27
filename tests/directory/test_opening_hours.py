from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from maillage.directory import hours

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize("expression", ["Mo-Fx 09:00-12:00", "Mo 25:00-26:00", "lundi 9h-12h"])
def test_it_rejects_bad_syntax_with_a_clear_message(expression):
    with pytest.raises(ValidationError) as error:
        hours.validate(expression)
    assert "Invalid opening hours" in error.value.messages[0]
    assert "expected" in error.value.messages[0]


@pytest.mark.parametrize(
    "expression",
    [
        "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
        "24/7",
        "off",
        "Tu 09:00-12:00",
        "Jan-Jun Mo 10:00-12:00",
    ],
)
def test_it_accepts_the_syntax_used_in_france(expression):
    hours.validate(expression)


def test_it_expands_the_coming_week_into_slots():
    slots = hours.week_slots("Mo-Fr 08:30-12:00,13:30-17:00", MONDAY)
    assert len(slots) == 10
    assert slots[0] == hours.Slot(0, 8 * 60 + 30, 12 * 60)


def test_it_splits_slots_at_midnight():
    assert hours.week_slots("Mo 22:00-02:00", MONDAY) == (
        hours.Slot(0, 22 * 60, 24 * 60),
        hours.Slot(1, 0, 2 * 60),
    )


def test_it_knows_french_public_holidays():
    christmas_week = date(2026, 12, 21)
    slots = hours.week_slots("Mo-Fr 09:00-12:00; PH off", christmas_week)
    assert {slot.weekday for slot in slots} == {0, 1, 2, 3}  # Friday 25 December is off
    assert hours.is_open("Mo-Fr 09:00-12:00; PH off", datetime(2026, 12, 25, 10)) is False


def test_it_says_unknown_when_no_hours_are_given():
    assert hours.is_open("", datetime(2026, 11, 24, 10)) is None
    assert hours.week_slots("", MONDAY) == ()
