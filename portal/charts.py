"""The geometry of the dashboard's horizontal bar charts, drawn as inline SVG by includes/hbar_chart.html.

Positions are percentages of the chart's width, so one drawing fits a phone and a desktop; the
Content-Security-Policy refuses style attributes, so sizes are SVG attributes and colours CSS classes.
Each row is a label line with its value at the right end, and the bar below it.
"""

from dataclasses import dataclass

from core.display import format_count

ROW_HEIGHT = 40
LABEL_BASELINE = 14
BAR_TOP = 20
BAR_HEIGHT = 16
MARKER_ROOM = 18  # above the first row, for the marker's label
MARKER_HEADROOM = 1.2  # the scale past the marker's value


def _percent(value):
    return f"{value:.2f}"


def _text(value):
    """A count as the reader's language groups it; other values (already text) as they are."""
    return format_count(value) if isinstance(value, int) else str(value)


@dataclass(frozen=True)
class Segment:
    x: str
    width: str
    css: str
    title: str


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    label_y: int
    bar_y: int
    segments: list


@dataclass(frozen=True)
class Marker:
    x: str
    label: str
    anchor: str


@dataclass(frozen=True)
class Chart:
    title: str
    rows: list
    marker: Marker | None = None
    top: int = 0
    bar_height: int = BAR_HEIGHT
    empty: bool = False

    @property
    def height(self):
        return self.top + ROW_HEIGHT * len(self.rows)


def _row(index, top, label, value, segments):
    y = top + ROW_HEIGHT * index
    return Row(str(label), _text(value), y + LABEL_BASELINE, y + BAR_TOP, segments)


def bars(rows, *, title, css="chart-fill", scale=None, marker=None, centred=False):
    """One bar per (label, value, value text); `marker`: (value, label) drawn as a vertical line.

    `centred` draws a funnel: each bar centred on the axis. `scale` is the value of a full bar: by
    default the largest value, or the marker's with room past it, so the values at the right end of
    the rows stay clear of the marker's line.
    """
    room = MARKER_HEADROOM * marker[0] if marker else 0
    scale = scale or max([value for _label, value, _text in rows] + [room]) or 1
    top = MARKER_ROOM if marker else 0
    drawn = []
    for index, (label, value, text) in enumerate(rows):
        width = 100 * min(value, scale) / scale
        x = (100 - width) / 2 if centred else 0
        segments = [Segment(_percent(x), _percent(width), css, f"{label}: {_text(text)}")] if value else []
        drawn.append(_row(index, top, label, text, segments))
    shown_marker = None
    if marker:
        x = 100 * min(marker[0], scale) / scale
        shown_marker = Marker(_percent(x), str(marker[1]), "end" if x > 50 else "start")
    return Chart(str(title), drawn, shown_marker, top, empty=not any(value for _l, value, _t in rows))


def stacked(rows, series, *, title):
    """One bar per (label, [value of each series]), split by `series` [(name, css class)].

    Bars share one scale (the largest total), so offices compare by length as well as by mix.
    """
    scale = max([sum(values) for _label, values in rows] + [1])
    drawn = []
    for index, (label, values) in enumerate(rows):
        x, segments = 0.0, []
        for (name, css), value in zip(series, values, strict=True):
            if value:
                width = 100 * value / scale
                segments.append(
                    Segment(_percent(x), _percent(width), css, f"{label}, {name}: {_text(value)}")
                )
                x += width
        drawn.append(_row(index, 0, label, sum(values), segments))
    return Chart(str(title), drawn, empty=not any(sum(values) for _label, values in rows))
