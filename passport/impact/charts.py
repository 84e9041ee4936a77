"""Charts drawn on the server as inline SVG, each shown with a table of the same figures.

No JavaScript and no inline styles: the Content-Security-Policy allows neither, and a chart must work without
scripts. Colours are presentation attributes in GOV.UK's palette, chosen for contrast against white (text and bars
at least 4.5:1). Nothing is told by colour alone: every bar and point carries its value as text, left-behind areas are
drawn as triangles as well as in another colour, and the table under each chart holds every figure. Suppressed
figures draw nothing and read "[c]"; figures not available read "[x]".

A figure is anything with `value` (float or None), `text` (what to print) and `suppressed` (bool):
`passport.impact.disclosure.Figure` is one.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext
from markupsafe import Markup, escape

# GOV.UK Frontend colours. Blue on white is 5.2:1, black 19:1, red 4.5:1, dark grey 7.6:1.
BLUE = "#1d70b8"
RED = "#d4351c"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"
MID_GREY = "#b1b4b6"
LIGHT_GREY = "#f3f2f1"

FONT = "GDS Transport, arial, sans-serif"
FONT_SIZE = 14
# An estimate of one character's width at FONT_SIZE, to leave room for labels without measuring text.
CHAR_WIDTH = 7.6
SUPPRESSED_NOTE = "[c] means the figure is withheld to protect people's privacy: too few people stand behind it."
MISSING_NOTE = "[x] means the figure is not available."


class FigureLike(Protocol):
    value: float | None
    text: str
    suppressed: bool


Row = tuple[str, FigureLike]
Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Column:
    heading: str
    numeric: bool = True


@dataclass
class Chart:
    """A chart's SVG, its table and the notes both need; `html` is the two together in a <figure>."""

    id: str
    title: str
    svg: Markup
    table: Markup
    notes: list[str] = field(default_factory=list)

    @property
    def html(self) -> Markup:
        notes = Markup("").join(Markup('<p class="govuk-body-s">{}</p>').format(n) for n in self.notes)
        return Markup(
            '<figure class="vp-chart" id="{id}">'
            '<figcaption class="govuk-heading-s">{title}</figcaption>'
            "{svg}{table}{notes}</figure>"
        ).format(id=self.id, title=self.title, svg=self.svg, table=self.table, notes=notes)

    def __html__(self) -> str:
        return str(self.html)


def plain_number(value: float) -> str:
    """1234.5 -> "1,235"; small fractions keep one decimal place."""
    if value != 0 and abs(value) < 10 and value != round(value):
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def compact_number(value: float) -> str:
    """Axis labels: 1,500,000 -> "1.5m", 12,000 -> "12k"."""
    size = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if size >= limit:
            short = f"{value / limit:.1f}".removesuffix(".0")
            return f"{short}{suffix}"
    return plain_number(value)


def pounds(value: float) -> str:
    return "£" + compact_number(value)


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round axis ticks from 0 to at least `top` (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not math.isfinite(top) or top <= 0:
        return [0.0, 1.0]
    raw = top / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _attrs(**values: object) -> Markup:
    """SVG attributes from keyword arguments (text_anchor="end" -> text-anchor="end"), values escaped.

    Plain string building: a chart has hundreds of elements, and str.format on Markup is slow."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float):
            text = f"{value:.1f}".removesuffix(".0")
        elif isinstance(value, int):
            text = str(value)
        else:  # numbers need no escaping; text does
            text = escape(value)
        parts.append(f' {name.replace("_", "-")}="{text}"')
    return Markup("".join(parts))


def _el(tag: str, attrs: Markup, content: str | Markup = "") -> Markup:
    """One element; its text content is escaped unless it is already markup."""
    return Markup(f"<{tag}{attrs}>{escape(content)}</{tag}>")


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = FONT_SIZE,
          fill: str = BLACK, weight: str | None = None) -> Markup:
    return _el("text", _attrs(x=x, y=y, text_anchor=anchor, font_size=size, font_family=FONT, fill=fill,
                              font_weight=weight), content)


def _truncate(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: max(1, chars - 1)].rstrip() + "…"


def _svg(chart_id: str, width: int, height: int, title: str, description: str, body: Markup) -> Markup:
    """The outer <svg>: an image to assistive technology, named by its title and described by its description."""
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="vp-chart__svg" role="img" width="100%" '
        'viewBox="0 0 {w} {h}" preserveAspectRatio="xMinYMin meet" focusable="false" '
        'aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>'
    ).format(id=chart_id, w=width, h=height, title=title, desc=description, body=body)


def data_table(caption: str, columns: Sequence[Column], rows: Sequence[Sequence[str | Markup]],
               *, caption_hidden: bool = False) -> Markup:
    """A GOV.UK table; the first cell of each row is its header."""

    def cls(kind: str, column: Column) -> str:
        return f"govuk-table__{kind}" + (f" govuk-table__{kind}--numeric" if column.numeric else "")

    head = "".join(f'<th scope="col" class="{cls("header", c)}">{escape(c.heading)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = [f'<th scope="row" class="govuk-table__header">{escape(row[0])}</th>']
        cells += [f'<td class="{cls("cell", c)}">{escape(v)}</td>' for c, v in zip(columns[1:], row[1:], strict=True)]
        body.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    caption_class = "govuk-table__caption govuk-table__caption--s"
    if caption_hidden:
        caption_class += " govuk-visually-hidden"
    return Markup(
        '<table class="govuk-table"><caption class="{cc}">{caption}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>'
        '<tbody class="govuk-table__body">{body}</tbody></table>'
    ).format(cc=caption_class, caption=caption, head=Markup(head), body=Markup("".join(body)))


def _notes(figures: Sequence[FigureLike]) -> list[str]:
    notes = []
    if any(f.suppressed for f in figures):
        notes.append(gettext(SUPPRESSED_NOTE))
    if any(f.value is None and not f.suppressed for f in figures):
        notes.append(gettext(MISSING_NOTE))
    return notes


def _shown(figure: FigureLike) -> float | None:
    """The value to draw: nothing for a suppressed or missing figure."""
    if figure.suppressed or figure.value is None or not math.isfinite(figure.value):
        return None
    return float(figure.value)


def bar_chart(*, chart_id: str, title: str, rows: Sequence[Row], category: str, measure: str,
              description: str = "", fmt: Formatter = compact_number, width: int = 640) -> Chart:
    """Horizontal bars, one per row, each labelled with its category and its figure's text."""
    label_chars = min(28, max([len(label) for label, _f in rows] + [4]))
    left = round(label_chars * CHAR_WIDTH) + 12
    value_room = 70
    bar_h, gap, top_pad, axis_h = 22, 10, 8, 26
    plot_w = max(80, width - left - value_room)
    height = top_pad + len(rows) * (bar_h + gap) + axis_h
    values = [v for _l, f in rows if (v := _shown(f)) is not None]
    ticks = nice_ticks(max(values, default=0.0), 4)
    scale = plot_w / ticks[-1]
    parts: list[Markup] = []
    bottom = top_pad + len(rows) * (bar_h + gap)
    for tick in ticks:
        x = left + tick * scale
        parts.append(_el("line",
            _attrs(x1=x, y1=top_pad - 4, x2=x, y2=bottom, stroke=MID_GREY, stroke_width=1)))
        parts.append(_text(x, bottom + 18, fmt(tick), anchor="middle", size=12, fill=DARK_GREY))
    for i, (label, figure) in enumerate(rows):
        y = top_pad + i * (bar_h + gap)
        parts.append(_text(left - 8, y + bar_h * 0.7, _truncate(label, label_chars), anchor="end"))
        value = _shown(figure)
        if value is None:
            parts.append(_text(left + 4, y + bar_h * 0.7, figure.text, fill=DARK_GREY))
            continue
        w = max(0.0, value * scale)
        parts.append(_el("rect", _attrs(x=left, y=y, width=w, height=bar_h, fill=BLUE)))
        parts.append(_text(left + w + 4, y + bar_h * 0.7, figure.text, weight="bold"))
    parts.append(_el("line",
        _attrs(x1=left, y1=top_pad - 4, x2=left, y2=bottom, stroke=BLACK, stroke_width=1)))
    description = description or _describe_bars(rows, measure)
    svg = _svg(chart_id, width, height, title, description, Markup("".join(parts)))
    table = data_table(title, [Column(category, numeric=False), Column(measure)],
                       [(label, figure.text) for label, figure in rows], caption_hidden=True)
    return Chart(chart_id, title, svg, table, _notes([f for _l, f in rows]))


def _describe_bars(rows: Sequence[Row], measure: str) -> str:
    shown = [(label, v) for label, f in rows if (v := _shown(f)) is not None]
    if not shown:
        return f"{measure}: no figures can be shown."
    high = max(shown, key=lambda pair: pair[1])
    return f"{measure} for {len(rows)} categories; the highest is {high[0]}. The table below gives every figure."


def line_chart(*, chart_id: str, title: str, rows: Sequence[Row], period: str, measure: str,
               description: str = "", fmt: Formatter = compact_number, width: int = 640, height: int = 260) -> Chart:
    """A time series: one point per period, oldest first, joined where neighbours are both shown."""
    left, right, top, bottom_room = 56, 24, 24, 34
    plot_w, plot_h = width - left - right, height - top - bottom_room
    values = [v for _p, f in rows if (v := _shown(f)) is not None]
    ticks = nice_ticks(max(values, default=0.0), 5)
    y_scale = plot_h / ticks[-1]
    step = plot_w / max(1, len(rows) - 1)
    base = top + plot_h
    parts: list[Markup] = []
    for tick in ticks:
        y = base - tick * y_scale
        parts.append(_el("line",
            _attrs(x1=left, y1=y, x2=left + plot_w, y2=y, stroke=MID_GREY, stroke_width=1)))
        parts.append(_text(left - 6, y + 4, fmt(tick), anchor="end", size=12, fill=DARK_GREY))
    # Every period's label when they fit, otherwise about eight of them.
    every = max(1, math.ceil(len(rows) / 8))
    points: list[tuple[float, float] | None] = []
    for i, (label, figure) in enumerate(rows):
        x = left + (i * step if len(rows) > 1 else plot_w / 2)
        if i % every == 0 or i == len(rows) - 1:
            parts.append(_text(x, base + 20, label, anchor="middle", size=12, fill=DARK_GREY))
        value = _shown(figure)
        points.append(None if value is None else (x, base - value * y_scale))
        if value is None:
            parts.append(_text(x, base - 6, figure.text, anchor="middle", size=12, fill=DARK_GREY))
    segment: list[tuple[float, float]] = []
    for point in points + [None]:
        if point is not None:
            segment.append(point)
            continue
        if len(segment) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            parts.append(_el("polyline",
                _attrs(points=path, fill="none", stroke=BLUE, stroke_width=3)))
        segment = []
    for point in points:
        if point is not None:
            parts.append(_el("circle", _attrs(cx=point[0], cy=point[1], r=4, fill=BLUE)))
    last = next(((i, p) for i, p in reversed(list(enumerate(points))) if p is not None), None)
    if last is not None:
        i, (x, y) = last
        parts.append(_text(min(x, left + plot_w - 4), max(top - 6, y - 10), rows[i][1].text, anchor="end",
                           weight="bold"))
    parts.append(_el("line",
        _attrs(x1=left, y1=base, x2=left + plot_w, y2=base, stroke=BLACK, stroke_width=1)))
    description = description or _describe_series(rows, measure)
    svg = _svg(chart_id, width, height, title, description, Markup("".join(parts)))
    table = data_table(title, [Column(period, numeric=False), Column(measure)],
                       [(label, figure.text) for label, figure in rows], caption_hidden=True)
    return Chart(chart_id, title, svg, table, _notes([f for _l, f in rows]))


def _describe_series(rows: Sequence[Row], measure: str) -> str:
    if not rows:
        return f"{measure}: no periods yet."
    shown = [(label, f) for label, f in rows if _shown(f) is not None]
    if not shown:
        return f"{measure} from {rows[0][0]} to {rows[-1][0]}: no figures can be shown."
    first, last = shown[0], shown[-1]
    return (f"{measure} from {rows[0][0]} to {rows[-1][0]}: {first[1].text} in {first[0]} and {last[1].text} "
            f"in {last[0]}. The table below gives every figure.")


@dataclass(frozen=True)
class Point:
    label: str
    x: float | None
    y: float | None
    highlighted: bool = False


def scatter_chart(*, chart_id: str, title: str, points: Sequence[Point], x_label: str, y_label: str,
                  x_range: tuple[float, float], y_range: tuple[float, float], highlight_label: str,
                  other_label: str, table_columns: Sequence[Column], table_rows: Sequence[Sequence[str | Markup]],
                  description: str = "", width: int = 640, height: int = 360) -> Chart:
    """Points on two axes; highlighted points are red triangles, others blue circles, with a key in words."""
    left, right, top, bottom_room = 56, 24, 40, 50
    plot_w, plot_h = width - left - right, height - top - bottom_room
    (x0, x1), (y0, y1) = x_range, y_range

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * plot_w

    def py(y: float) -> float:
        return top + plot_h - (y - y0) / (y1 - y0) * plot_h

    parts: list[Markup] = []
    for tick in nice_ticks(y1 - y0, 5):
        y = py(y0 + tick)
        parts.append(_el("line",
            _attrs(x1=left, y1=y, x2=left + plot_w, y2=y, stroke=MID_GREY, stroke_width=1)))
        parts.append(_text(left - 6, y + 4, plain_number(y0 + tick), anchor="end", size=12, fill=DARK_GREY))
    for tick in range(math.ceil(x0), math.floor(x1) + 1):
        parts.append(_text(px(tick), top + plot_h + 18, str(tick), anchor="middle", size=12, fill=DARK_GREY))
    parts.append(_text(left + plot_w / 2, height - 8, x_label, anchor="middle", size=12))
    parts.append(_text(left, top - 24, y_label, size=12))
    # The key, in words as well as shapes.
    key_x = left + plot_w - 260
    parts.append(_el("circle", _attrs(cx=key_x, cy=top - 12, r=5, fill=BLUE)))
    parts.append(_text(key_x + 10, top - 8, other_label, size=12))
    parts.append(_el("polygon", _attrs(points=_triangle(key_x + 120, top - 12), fill=RED)))
    parts.append(_text(key_x + 130, top - 8, highlight_label, size=12))
    drawn = [p for p in points if p.x is not None and p.y is not None]
    for p in sorted(drawn, key=lambda p: p.highlighted):  # highlighted on top
        assert p.x is not None and p.y is not None
        # Spread points sharing a decile a little so they do not all sit on one line.
        jitter = ((zlib.crc32(p.label.encode()) % 21) - 10) / 10 * 0.25 if x1 - x0 > 2 else 0.0
        cx, cy = px(p.x + jitter), py(p.y)
        if p.highlighted:
            parts.append(_el("polygon", _attrs(points=_triangle(cx, cy), fill=RED), _el("title", Markup(""), p.label)))
        else:
            parts.append(_el("circle", _attrs(cx=cx, cy=cy, r=4, fill=BLUE, fill_opacity="0.75"),
                             _el("title", Markup(""), p.label)))
    parts.append(_el("line",
        _attrs(x1=left, y1=top + plot_h, x2=left + plot_w, y2=top + plot_h, stroke=BLACK, stroke_width=1)))
    if not description:
        flagged = sum(1 for p in drawn if p.highlighted)
        description = (f"{y_label} against {x_label} for {len(drawn)} areas; {flagged} are marked as "
                       f"{highlight_label.lower()}. The table below gives every figure.")
    svg = _svg(chart_id, width, height, title, description, Markup("".join(parts)))
    table = data_table(title, table_columns, table_rows, caption_hidden=True)
    return Chart(chart_id, title, svg, table)


def _triangle(cx: float, cy: float, size: float = 6) -> str:
    return f"{cx:.1f},{cy - size:.1f} {cx - size:.1f},{cy + size * 0.8:.1f} {cx + size:.1f},{cy + size * 0.8:.1f}"
