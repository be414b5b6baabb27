import datetime as dt

from maillage.core.charts import nice_step
from maillage.surveillance.selectors import ChartPoint
from maillage.surveillance.views import weekly_chart


def _points(values):
    monday = dt.date(2026, 1, 5)
    return [ChartPoint(monday + dt.timedelta(weeks=i), *value) for i, value in enumerate(values)]


def test_it_picks_round_steps():
    assert [nice_step(x) for x in (3, 9, 40, 235)] == [1, 5, 10, 100]


def test_it_draws_a_bar_per_week_and_breaks_the_bounds_where_the_engine_said_nothing():
    chart = weekly_chart(
        _points(
            [
                (2, None, None, None),
                (3, 2.0, 5.0, False),
                (9, 2.5, 5.5, True),
                (None, None, None, None),
                (1, 2.0, 5.0, False),
            ]
        )
    )
    assert len(chart.bars) == 5 and [b.alarm for b in chart.bars].count(True) == 1
    assert len(chart.threshold) == 2 and len(chart.expected) == 2
    assert len(chart.alarms) == 1
    assert chart.bars[3].height == 0 and chart.bars[3].label.endswith("—")
    assert chart.bars[0].label.startswith("2026-W02")
    assert chart.y_ticks[0].label == "0" and chart.y_ticks[-1].label == "10"
