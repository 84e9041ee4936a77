"""The SVG chart builder: valid, accessible, CSP-safe markup whose table holds every figure."""

from hypothesis import given
from hypothesis import strategies as st

from passport.impact import charts
from passport.impact.disclosure import exact, not_available, protect, suppressed
from tests.pages.checks import parse_fragment, text_of


def rows_with_a_suppressed_one():
    return [("Community support", protect(1234)), ("Reserve", protect(3)), ("Public service", protect(40))]


def bar(rows=None, **kwargs):
    return charts.bar_chart(chart_id="by-stream", title="Hours by stream", rows=rows or rows_with_a_suppressed_one(),
                            category="Stream", measure="Hours", **kwargs)


def svg_of(fragment):
    return next(el for el in fragment.iter() if el.tag.endswith("svg"))


def test_a_bar_chart_is_valid_html_with_an_image_role_named_by_its_title_and_description():
    doc = parse_fragment(str(bar().html))
    svg = svg_of(doc)
    assert svg.get("role") == "img"
    ids = svg.get("aria-labelledby").split()
    found = {el.get("id"): text_of(el) for el in doc.iter() if el.get("id")}
    assert found[ids[0]] == "Hours by stream"
    assert "Community support" in found[ids[1]]


def test_the_table_under_a_bar_chart_holds_every_figure_as_published():
    doc = parse_fragment(str(bar().html))
    table = next(el for el in doc.iter("table"))
    cells = [[text_of(c) for c in row] for row in table.iter("tr")]
    assert cells == [["Stream", "Hours"], ["Community support", "1,235"], ["Reserve", "[c]"],
                     ["Public service", "40"]]


def test_a_suppressed_figure_draws_no_bar_reads_c_and_is_explained():
    chart = bar()
    doc = parse_fragment(str(chart.svg))
    assert len([el for el in doc.iter() if el.tag.endswith("rect")]) == 2
    assert "[c]" in [text_of(el) for el in doc.iter() if el.tag.endswith("text")]
    assert chart.notes == [charts.SUPPRESSED_NOTE]
    assert charts.SUPPRESSED_NOTE in text_of(parse_fragment(str(chart.html)))


def test_a_figure_not_available_reads_x_and_is_explained():
    chart = bar([("Cause", not_available()), ("Other", protect(20))])
    assert chart.notes == [charts.MISSING_NOTE]
    assert "[x]" in str(chart.table)


def test_bars_are_as_long_as_their_values_and_carry_their_value_as_text():
    doc = parse_fragment(str(bar([("Small", exact(100)), ("Large", exact(400))]).svg))
    widths = [float(el.get("width")) for el in doc.iter() if el.tag.endswith("rect")]
    assert widths[1] == 4 * widths[0]
    texts = [text_of(el) for el in doc.iter() if el.tag.endswith("text")]
    assert "100" in texts and "400" in texts


def test_charts_use_no_inline_styles_or_scripts_the_content_security_policy_forbids():
    html = str(bar().html) + str(series().html) + str(scatter().html)
    assert "style=" not in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_labels_are_escaped():
    html = str(bar([("<script>alert(1)</script>", exact(10))]).html)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def series(figures=None):
    figures = figures or [exact(10), exact(20), suppressed(), exact(30), exact(50)]
    rows = [(f"2026-Q{i + 1}" if i < 4 else "2027-Q1", f) for i, f in enumerate(figures)]
    return charts.line_chart(chart_id="hours-series", title="Hours by quarter", rows=rows, period="Quarter",
                             measure="Hours")


def test_a_line_chart_breaks_at_a_suppressed_period_and_marks_it():
    doc = parse_fragment(str(series().svg))
    lines = [el for el in doc.iter() if el.tag.endswith("polyline")]
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert len([el for el in doc.iter() if el.tag.endswith("circle")]) == 4
    assert "[c]" in [text_of(el) for el in doc.iter() if el.tag.endswith("text")]


def test_a_line_chart_describes_its_first_and_last_figures():
    doc = parse_fragment(str(series().svg))
    description = text_of(next(el for el in doc.iter() if el.tag.endswith("desc")))
    assert "10 in 2026-Q1" in description and "50 in 2027-Q1" in description


def test_a_line_chart_with_nothing_to_show_still_renders():
    chart = series([suppressed(), suppressed()])
    doc = parse_fragment(str(chart.html))
    assert not [el for el in doc.iter() if el.tag.endswith("polyline")]
    assert "no figures can be shown" in text_of(doc)


def scatter():
    points = [charts.Point("Blackpool", 1, 20.0, True), charts.Point("Wokingham", 10, 80.0),
              charts.Point("Nowhere", None, 50.0)]
    return charts.scatter_chart(
        chart_id="index-deprivation", title="Index against deprivation", points=points, x_label="Decile",
        y_label="Index", x_range=(0.5, 10.5), y_range=(0, 100), highlight_label="Left behind",
        other_label="Other areas", table_columns=[charts.Column("Area", numeric=False), charts.Column("Index")],
        table_rows=[("Blackpool", "20.0"), ("Wokingham", "80.0"), ("Nowhere", "50.0")],
    )


def test_highlighted_points_differ_in_shape_as_well_as_colour_and_the_key_says_so_in_words():
    doc = parse_fragment(str(scatter().svg))
    triangles = [el for el in doc.iter() if el.tag.endswith("polygon")]
    circles = [el for el in doc.iter() if el.tag.endswith("circle")]
    # One of each in the key, then one triangle (Blackpool) and one circle (Wokingham); Nowhere has no decile.
    assert len(triangles) == 2 and len(circles) == 2
    assert "Blackpool" in [text_of(t) for t in triangles]
    texts = [text_of(el) for el in doc.iter() if el.tag.endswith("text")]
    assert "Left behind" in texts and "Other areas" in texts


def test_the_same_data_draws_the_same_chart():
    assert str(scatter().html) == str(scatter().html)


@given(st.floats(min_value=0.001, max_value=1e12, allow_nan=False))
def test_axis_ticks_start_at_zero_reach_the_top_and_are_evenly_spaced(top):
    ticks = charts.nice_ticks(top)
    assert ticks[0] == 0
    assert ticks[-1] >= top * (1 - 1e-9)
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    assert len(ticks) <= 7


def test_axis_labels_are_short():
    assert [charts.compact_number(v) for v in (0, 950, 12_000, 1_500_000, 2e9)] == ["0", "950", "12k", "1.5m", "2bn"]
    assert charts.pounds(2_500_000) == "£2.5m"
