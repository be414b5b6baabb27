import datetime as dt

import pytest

from maillage.surveillance.detection_adapter import DetectionError, check_params, detect


def test_it_judges_each_series_and_maps_na_to_none():
    calm = [2, 1, 2, 3, 2, 2, 1, 2, 2, 2, 2]
    verdicts = detect(
        {"calm": calm, "burst": [*calm[:-1], 25], "holes": [None, *calm[1:]]},
        "earsC1",
        {"minSigma": 1},
        start=dt.date(2026, 1, 5),
    )
    assert [j.alarm for j in verdicts["burst"]][-1] is True
    assert not any(j.alarm for j in verdicts["calm"])
    assert verdicts["holes"][0].alarm is None and verdicts["holes"][0].expected is None
    assert verdicts["burst"][-1].observed == 25 and verdicts["burst"][-1].position == 10


def test_a_series_the_engine_refuses_is_left_out_without_silencing_the_others():
    long = [3] * 120
    verdicts = detect({"long": long, "gap": [3] * 60 + [None] + [3] * 59}, "farrington", {"b": 2})
    assert verdicts["long"] and verdicts["gap"] == []


def test_it_checks_parameters_with_the_engine():
    check_params("farringtonFlexible", {"b": 2, "w": 3, "limit54": [5, 4]})
    for method, params in [("earsC1", {"b": 2}), ("farrington", {"nope": 1}), ("x", {})]:
        with pytest.raises(DetectionError):
            check_params(method, params)
