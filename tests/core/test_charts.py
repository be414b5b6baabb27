import re

import pytest
from django.template import Context, Template
from django.utils import translation

from maillage.core.charts import (
    BAR_AREA,
    STACK_AREA,
    SeriesPoint,
    bar_chart,
    column_chart,
    line_chart,
    stacked_chart,
)


def _widths(chart):
    return [[bar.width for bar in group.bars] for group in chart.groups]


def test_it_draws_bars_proportional_to_their_values():
    chart = bar_chart([("Pôle Nord", [100, 50]), ("Pôle Sud", [25, 0])], ["2015", "2016"])
    assert _widths(chart) == [[BAR_AREA, BAR_AREA // 2], [BAR_AREA // 4, 0]]
    assert [g.label for g in chart.groups] == ["Pôle Nord", "Pôle Sud"]
    assert [[b.series for b in g.bars] for g in chart.groups] == [["2015", "2016"]] * 2
    assert chart.groups[0].bars[0].colour != chart.groups[0].bars[1].colour


def test_it_groups_digits_and_shows_a_dash_for_a_hidden_value_by_default():
    with translation.override("fr"):
        chart = bar_chart([("Pôle Nord", [12345, None])], ["2015", "2016"])
    grouped, hidden = (b.text for b in chart.groups[0].bars)
    assert re.fullmatch(r"12\s345", grouped) and hidden == "—"


def test_it_gives_a_hidden_value_no_bar_and_the_callers_text():
    def text(value):
        return "secret" if value is None else str(value)

    chart = bar_chart(
        [("Pôle Nord", [None, 40]), ("Pôle Sud", [None, None])], ["a", "b"], text=text
    )
    assert _widths(chart) == [[0, BAR_AREA], [0, 0]]
    assert [b.text for b in chart.groups[0].bars] == ["secret", "40"]
    hidden = chart.groups[0].bars[0]
    assert hidden.text_x == chart.bar_x + 6  # the label sits where the bar would start


def test_it_draws_an_empty_chart_for_empty_input():
    chart = bar_chart([], ["2015", "2016"])
    assert chart.groups == [] and chart.height > 0 and len(chart.legend) == 2
    assert stacked_chart([], []).rows == []
    assert column_chart([], []).columns == []
    assert line_chart([]).bars == []


def test_it_stacks_segments_as_shares_of_the_largest_row():
    chart = stacked_chart([("Axe 1", [2, 0, 2]), ("Axe 2", [1, 0, 0])], ["a", "b", "c"])
    first, second = chart.rows
    assert [s.width for s in first.segments] == [STACK_AREA // 2, STACK_AREA // 2]
    assert first.segments[1].x == first.segments[0].x + first.segments[0].width
    assert [s.width for s in second.segments] == [STACK_AREA // 4]
    assert first.segments[1].title == "c : 2"


def test_it_draws_one_column_per_row_in_each_group():
    chart = column_chart(["2025-S1", "2025-S2"], [("Logement", [4, 2]), ("Santé", [0, 1])])
    assert len(chart.columns) == 4 and [t.label for t in chart.ticks] == ["2025-S1", "2025-S2"]
    assert chart.columns[0].height == 2 * chart.columns[2].height  # Logement: 4, then 2
    assert chart.columns[1].height == 0
    assert chart.columns[0].title == "2025-S1 — Logement : 4"


def test_it_marks_the_slots_above_the_threshold():
    points = [SeriesPoint("W1", 3, 2.0, 5.0), SeriesPoint("W2", 9, 2.5, 5.5, alarm=True)]
    chart = line_chart(points)
    assert [b.alarm for b in chart.bars] == [False, True] and len(chart.alarms) == 1


def _chart(name):
    return {
        "bar": bar_chart([("Pôle Nord", [None, 12]), ("Pôle Sud", [7, 9])], ["2015", "2016"]),
        "stacked": stacked_chart([("Axe 1", [2, 1])], ["Prévue", "En cours"]),
        "columns": column_chart(["2025-S1"], [("Logement", [3])]),
        "line": line_chart([SeriesPoint("2026-W02", 4, 2.0, 5.0)]),
    }[name]


def _render(name, chart, chart_id="hub-2016"):
    template = Template(
        f'{{% include "core/charts/{name}.html" with chart=chart chart_id="{chart_id}" '
        'title="Contacts par pôle" description="Les mêmes chiffres sont dans le tableau." %}'
    )
    return template.render(Context({"chart": chart}))


@pytest.mark.parametrize("name", ["bar", "stacked", "columns", "line"])
def test_it_renders_an_accessible_csp_clean_svg(name):
    svg = _render(name, _chart(name))
    assert 'role="img"' in svg
    assert 'aria-labelledby="hub-2016-title hub-2016-desc"' in svg
    assert '<title id="hub-2016-title">Contacts par pôle</title>' in svg
    assert '<desc id="hub-2016-desc">Les mêmes chiffres sont dans le tableau.</desc>' in svg
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    tag = svg[svg.index("<svg") : svg.index(">", svg.index("<svg"))]
    for attribute in ("width", "height", "viewBox"):  # WeasyPrint needs an explicit size
        assert re.search(rf'\s{attribute}="[0-9 ]+"', tag), attribute


def test_it_gives_each_chart_of_a_page_its_own_ids():
    chart = _chart("bar")
    page = _render("bar", chart, "chart-a") + _render("bar", chart, "chart-b")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 4


def test_it_draws_no_bar_for_a_hidden_value_in_the_svg():
    svg = _render("bar", _chart("bar"))
    assert svg.count("<rect") == 2 + 3  # two legend keys, three published values
    assert ">—</text>" in svg


def test_it_escapes_labels():
    chart = bar_chart([("<b>Nord</b>", [1])], ["2016"])
    assert "&lt;b&gt;Nord&lt;/b&gt;" in _render("bar", chart)
