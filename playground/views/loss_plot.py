"""The live loss curve: every step's training loss (and test loss), log toggle, hover readout.

Also home of the small projector-style helpers the other views share (big fonts, dark text on
white), so that every plot reads the same from the back of a classroom.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from core.runner import Update

from .. import i18n
from ..names import value_name
from ..run_model import RunModel

__all__ = ["LossPlot", "SYMBOL_POINTS", "MIN_SPAN_STEPS", "step_label",
           "TICK_PT", "LABEL_PT", "TITLE_PT", "TEXT_COLOR", "projector_font",
           "style_plot_item", "set_axis_label", "retranslate_scene", "Look", "zoomed", "css_size", "fmt3",
           "fit_one_line", "nice_ceil"]

# ---------------------------------------------------------------------------- shared style
TICK_PT = 13  # tick labels
LABEL_PT = 14  # axis labels, legends, read-outs
TITLE_PT = 15  # plot titles
TEXT_COLOR = "#1a1a1a"
TRAIN_COLOR = "#1f5fbf"
#: The projector theme (presentation mode): Okabe–Ito colours, which colour-blind students can
#: tell apart, and lines 1.7 times as thick.
CONTRAST_TRAIN_COLOR = "#0072b2"
CONTRAST_TEST_COLOR = "#d55e00"
CONTRAST_WIDTH = 1.7
ZOOM_RANGE = (0.75, 2.5)
_DENSE_POINTS = 20_000  # beyond this many points the curves are drawn thin and without antialiasing
SYMBOL_POINTS = 200  # up to this many points each one is also drawn as a dot (1 point: no line)
MIN_SPAN_STEPS = 10  # the step axis spans at least this many steps
TEST_COLOR = "#e07b00"


class Look:
    """How every view draws: the type zoom (View ▸ Zoom, 75 % to 250 %) and the projector theme.
    The window sets it and asks each view to ``restyle()``."""

    zoom = 1.0
    contrast = False

    @classmethod
    def set(cls, zoom: float | None = None, contrast: bool | None = None) -> None:
        if zoom is not None:
            cls.zoom = min(max(float(zoom), ZOOM_RANGE[0]), ZOOM_RANGE[1])
        if contrast is not None:
            cls.contrast = bool(contrast)

    @classmethod
    def font(cls) -> QFont:
        """The application's font at the current zoom (the window's own font)."""
        f = QFont(QApplication.font())
        f.setPointSizeF(f.pointSizeF() * cls.zoom)
        return f

    @classmethod
    def width(cls, w: float) -> float:
        """A line width in the current theme."""
        return w * CONTRAST_WIDTH if cls.contrast else w

    @classmethod
    def train_color(cls) -> str:
        return CONTRAST_TRAIN_COLOR if cls.contrast else TRAIN_COLOR

    @classmethod
    def test_color(cls) -> str:
        return CONTRAST_TEST_COLOR if cls.contrast else TEST_COLOR


def zoomed(point_size: float) -> float:
    """``point_size`` at the current type zoom."""
    return point_size * Look.zoom


def css_size(point_size: float) -> str:
    """``point_size`` at the current zoom, as pyqtgraph's rich-text labels take it ("14.0pt")."""
    return f"{zoomed(point_size):.1f}pt"


def projector_font(point_size: float = TICK_PT, bold: bool = False) -> QFont:
    """A font big enough for a projector (the application's family, ``point_size`` points at the
    current zoom)."""
    f = QFont()
    f.setPointSizeF(zoomed(point_size))
    f.setBold(bold)
    return f


def _next_nice(spacing: float) -> float:
    """The next of 1, 2, 5, 10, 20, 50 ... (times a power of ten) above ``spacing``."""
    power = 10.0 ** math.floor(math.log10(spacing) + 1e-9)
    lead = round(spacing / power, 6)
    return next((step * power for step in (2.0, 5.0, 10.0, 20.0) if step > lead + 1e-9), 10.0 * spacing)


def readable_tick_spacing(axis: pg.AxisItem, minVal: float, maxVal: float, size: float) -> list:  # noqa: N803
    """``axis``'s tick spacing (its class's own), the major ticks spread further apart where their
    labels, zoomed for the back row, would otherwise run into each other on a short axis
    (pyqtgraph spaces ticks by the axis's length alone, and always labels the major ones), and
    no finer level whose labels would touch."""
    levels = type(axis).tickSpacing(axis, minVal, maxVal, size)
    span = abs(maxVal - minVal)
    if not levels or span == 0 or size <= 0 or axis._tickSpacing is not None:
        return levels
    metrics = QFontMetricsF(axis.style["tickFont"] or axis.font())
    vertical = axis.orientation in ("left", "right")

    def room(spacing: float) -> float:  # the pixels one label takes along the axis, with a gap
        if vertical:
            return 1.3 * metrics.height()
        labels = axis.tickStrings([minVal, maxVal], 1.0, spacing)
        return max(metrics.horizontalAdvance(t) for t in labels) + 0.6 * metrics.height()

    def fits(spacing: float) -> bool:
        return size * spacing / span >= room(spacing)

    major = spacing = levels[0][0]
    while not fits(spacing) and spacing < span:
        spacing = _next_nice(spacing)
    if spacing != major:
        levels = [(spacing, 0.0), (major, 0.0)]  # the old major ticks as minor ones
    # A finer level whose labels would touch goes (pyqtgraph labels it wherever there is room
    # for the text itself, squeezing "4 5 6" together).
    return levels[:1] + [level for level in levels[1:] if fits(level[0])]


def style_plot_item(pi: pg.PlotItem, title: str | None = None, left: str | None = None,
                    bottom: str | None = None) -> None:
    """Big dark tick labels and axis labels, and an optional title, on ``pi``."""
    tick_font = projector_font(TICK_PT)
    # room for half of the last step label on the right, and for half of the top tick label of
    # the left axis above the plot (a tick at the very top was cut in half there)
    half = math.ceil(QFontMetricsF(tick_font).height() / 2)
    pi.layout.setContentsMargins(1, half, 10, 1)
    for name in ("left", "bottom", "right", "top"):
        axis = pi.getAxis(name)
        axis.setTickFont(tick_font)
        axis.setPen(pg.mkPen(TEXT_COLOR, width=Look.width(1)))
        axis.setTextPen(pg.mkPen(TEXT_COLOR))
        axis.setStyle(tickTextOffset=6, textFillLimits=[(0, 0.8), (2, 0.3)])
        # No SI prefix: "loss (x0.001)" confuses more than it helps. (pyqtgraph 0.14 still works
        # one out from the axis's range when told not to, and kept it hidden: a restyle with
        # losses under 1 labelled 0.71 as "710". With no range allowed, the scale stays 1.)
        axis.setSIPrefixEnableRanges(())
        axis.enableAutoSIPrefix(False)
        axis.tickSpacing = lambda lo, hi, size, axis=axis: readable_tick_spacing(axis, lo, hi, size)
    if left is not None:
        set_axis_label(pi, "left", left)
    if bottom is not None:
        set_axis_label(pi, "bottom", bottom)
    if title is not None:
        set_title(pi, title)


def retranslate_scene(view: pg.GraphicsView) -> None:
    """pyqtgraph's own right-click "Export..." in the current language (it is named once, when
    the scene is made), opening our translated :class:`~.plot_export.ExportDialog`."""
    from .plot_export import install

    install()
    for action in view.scene().contextMenu:
        action.setText(QCoreApplication.translate("GraphicsScene", "Export..."))


def set_axis_label(pi: pg.PlotItem, side: str, text: str) -> None:
    """The projector-size axis label on ``side`` ("left", "bottom")."""
    pi.setLabel(side, text, **{"font-size": css_size(LABEL_PT), "color": TEXT_COLOR})


def fit_title(plot_widget: pg.PlotWidget, title: str | Sequence[str]) -> None:
    """:func:`set_title` sized to the plot: the title sits over the view-box column and would
    widen it (pushing the plot out of the widget) if it were wider than the widget minus the
    left axis. ``title`` may be a sequence of wordings, longest first: the first that fits is
    shown."""
    pi = plot_widget.getPlotItem()
    set_title(pi, title, plot_widget.width() - pi.getAxis("left").width() - 4)
    view = QRectF(plot_widget.viewport().rect())
    if pi.geometry().width() > view.width() + 0.5:  # laid out for a wider title: fit it again
        pi.setGeometry(view)


def set_title(pi: pg.PlotItem, title: str | Sequence[str], width: float | None = None) -> None:
    """A bold title, shrunk (down to 10 pt) when it would not fit in ``width`` pixels; of several
    wordings (longest first), the first that fits at 10 pt or more (else the last).

    Does nothing when the title and its size are those already shown (setting a title costs a
    rich-text layout and can re-layout the plot)."""
    wordings = [title] if isinstance(title, str) else list(title)
    for text in wordings:
        pt = zoomed(TITLE_PT)
        if width is not None and width > 0:
            # Sized for the title with every digit a 0, in half points: the size (and with it the
            # plot's layout) stays put while the numbers in the title change.
            plain = re.sub(r"\d", "0", re.sub(r"<[^>]+>", "", text))
            needed = QFontMetricsF(projector_font(pt / Look.zoom, bold=True)).horizontalAdvance(plain)
            if needed > width - 16:
                exact = 2 * pt * (width - 16) / needed
                pt = max(10.0, math.floor(exact) / 2)
                if exact < 20.0 and text is not wordings[-1]:
                    continue  # would not fit even at 10 pt: a shorter wording
        break
    size = f"{pt:.1f}pt"
    if getattr(pi, "_shown_title", None) == (text, size):
        return
    pi._shown_title = (text, size)
    pi.setTitle(text, size=size, color=TEXT_COLOR, bold=True)


def key_label(name: str, text: str = "") -> QLabel:
    """The one-line key under a plot: projector-size rich text that never widens its panel
    (the text shrinks instead, see :func:`fit_one_line`)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setFont(projector_font(LABEL_PT))
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setContentsMargins(8, 2, 8, 4)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def stack_plot_and_key(parent: QWidget, plot: QWidget, key: QLabel) -> None:
    """Lay out ``plot`` (stretching) over its ``key`` in ``parent``."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(plot, 1)
    layout.addWidget(key)


def fit_one_line(label: QLabel, room: float, min_pt: float = 10.0) -> None:
    """Keep a key (a rich-text label) on one line in ``room`` pixels: its type shrinks from
    ``LABEL_PT`` down to ``min_pt`` before the label wraps."""
    if not label.text():
        return
    if label.wordWrap():
        label.setWordWrap(False)  # (its size hint is then the width of the one line)
    pt = zoomed(LABEL_PT)
    label.setFont(_font_pt(pt))
    needed = label.sizeHint().width()
    if needed > room:  # text width is nearly proportional to the size: a guess, then check
        pt = max(min_pt, math.floor(2 * pt * room / needed) / 2)
        label.setFont(_font_pt(pt))
        while label.sizeHint().width() > room and pt > min_pt:
            pt = max(min_pt, pt - 0.5)
            label.setFont(_font_pt(pt))
    if label.sizeHint().width() > room:
        label.setWordWrap(True)


def _font_pt(points: float) -> QFont:
    """The application's family at exactly ``points`` (not zoomed again)."""
    f = QFont()
    f.setPointSizeF(points)
    return f


def ensure_min_font(widget: QWidget, point_size: float = 12.0) -> None:
    """``widget``'s font: the application's, at least ``point_size`` at the current zoom
    (controls inside the views); call again after a zoom."""
    f = Look.font()
    f.setPointSizeF(max(f.pointSizeF(), zoomed(point_size)))
    widget.setFont(f)


def fmt3(v: float, digits: int = 3) -> str:
    """``digits`` (three) significant digits, compact exponent, true minus sign: 0.0339, −1.2e−5,
    ∞, NaN."""
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "−∞")
    s = f"{v:.{digits}g}"
    if "e" in s:
        mant, exp = s.split("e")
        s = f"{mant}e{int(exp)}"
    return s.replace("-", "−")


# ---------------------------------------------------------------------------- history buffer
#: Every step's loss is kept up to this many points; beyond it the whole history is thinned to
#: its min/max envelope (halving it), so hours of training at thousands of steps a second keep
#: memory bounded (7 columns × 8 bytes × at most 2 × HISTORY_CAP ≈ 110 MB).
HISTORY_CAP = 1_000_000


class _Growable:
    """Columns of float64 with amortised doubling: appending k values costs O(k)."""

    def __init__(self, columns: int, capacity: int = 1024) -> None:
        self._buf = np.empty((columns, capacity))
        self.n = 0

    def extend(self, *cols: np.ndarray) -> None:
        """Append rows (one array per column); past ``HISTORY_CAP`` rows, :meth:`thin` by column 1."""
        k = len(cols[0])
        if k == 0:
            return
        need = self.n + k
        if need > self._buf.shape[1]:
            grown = np.empty((self._buf.shape[0], max(need, 2 * self._buf.shape[1])))
            grown[:, :self.n] = self._buf[:, :self.n]
            self._buf = grown
        for i, c in enumerate(cols):
            self._buf[i, self.n:need] = c
        self.n = need
        if self.n > HISTORY_CAP:
            self.thin(1)

    def thin(self, value_col: int) -> None:
        """Halve the rows: of each four in a row keep the smallest and the largest value of
        column ``value_col`` (in their order), so the curve's envelope survives."""
        n4 = (self.n // 4) * 4
        if n4 == 0:
            return
        v = self._buf[value_col, :n4].reshape(-1, 4)
        lo = np.argmin(np.where(np.isnan(v), np.inf, v), axis=1)
        hi = np.argmax(np.where(np.isnan(v), -np.inf, v), axis=1)
        base = np.arange(0, n4, 4)
        idx = np.stack([base + np.minimum(lo, hi), base + np.maximum(lo, hi)], axis=1).ravel()
        kept = self._buf[:, idx]
        tail = self._buf[:, n4:self.n].copy()
        m = len(idx)
        self._buf[:, :m] = kept
        self._buf[:, m:m + tail.shape[1]] = tail
        self.n = m + tail.shape[1]

    def column(self, i: int) -> np.ndarray:
        """A view of the first ``n`` values of column ``i`` (valid until the next extend)."""
        return self._buf[i, :self.n]

    def clear(self) -> None:
        self.n = 0


#: The drawn curve keeps between this many and twice this many (min, max) buckets of its points.
ENVELOPE_BUCKETS = 1500


class _Envelope:
    """The min/max envelope of a growing curve, kept up to date in O(new points).

    Consecutive points are grouped in buckets of ``size`` points (a power of two); each bucket
    keeps its lowest and its highest point, in the order they came. When there are more than
    ``2 × ENVELOPE_BUCKETS`` buckets, neighbours merge and ``size`` doubles. Drawn through the
    buckets plus the raw points of the unfinished last bucket, the curve looks exactly like
    pyqtgraph's peak downsampling (a (max, min) pair per pixel column) but costs the same at a
    million points as at a thousand: no pass over the whole history per frame.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.size = 1  # points per bucket
        self.count = 0  # points seen
        self.version = 0  # bumped by every change (the drawing caches on it)
        self._buckets = _Growable(4, capacity=256)  # x and y of the first, then the second extreme
        self._tail_x = np.empty(0)
        self._tail_y = np.empty(0)

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        """Add finite points (``x`` increasing)."""
        if len(x) == 0:
            return
        self.count += len(x)
        self.version += 1
        x = np.concatenate([self._tail_x, x]) if len(self._tail_x) else np.asarray(x, dtype=float)
        y = np.concatenate([self._tail_y, y]) if len(self._tail_y) else np.asarray(y, dtype=float)
        full = (len(x) // self.size) * self.size
        if full:
            self._add_buckets(x[:full].reshape(-1, self.size), y[:full].reshape(-1, self.size))
        self._tail_x, self._tail_y = x[full:].copy(), y[full:].copy()
        while self._buckets.n > 2 * ENVELOPE_BUCKETS:
            self._merge()

    def _add_buckets(self, xs: np.ndarray, ys: np.ndarray) -> None:
        self._buckets.extend(*_extremes(xs, ys))

    def _merge(self) -> None:
        """Pairs of buckets become one (an odd last bucket waits for its partner)."""
        b = self._buckets
        cols = _merge_pairs([b.column(i) for i in range(4)])
        b.clear()
        b.extend(*cols)
        self.size *= 2

    def curve(self, max_buckets: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The points to draw: each bucket's two extremes in order, then the unfinished tail;
        with ``max_buckets`` (e.g. the plot's width in pixels), neighbouring buckets are merged
        until there are at most that many."""
        b = self._buckets
        cols = [b.column(i) for i in range(4)]
        merged = False
        while max_buckets is not None and len(cols[0]) > max(max_buckets, 1):
            cols = _merge_pairs(cols)
            merged = True
        if self.size == 1 and not merged:  # every bucket is one point (stored twice)
            x, y = cols[0], cols[1]
        else:
            x = np.stack([cols[0], cols[2]], axis=1).reshape(-1)
            y = np.stack([cols[1], cols[3]], axis=1).reshape(-1)
        return np.concatenate([x, self._tail_x]), np.concatenate([y, self._tail_y])


def _extremes(xs: np.ndarray, ys: np.ndarray) -> list[np.ndarray]:
    """Per row of candidate points: x and y of its lowest and highest point, in time order."""
    lo, hi = np.argmin(ys, axis=1), np.argmax(ys, axis=1)
    first, second = np.minimum(lo, hi), np.maximum(lo, hi)
    rows = np.arange(len(xs))
    return [xs[rows, first], ys[rows, first], xs[rows, second], ys[rows, second]]


def _merge_pairs(cols: list[np.ndarray]) -> list[np.ndarray]:
    """Envelope buckets (x1, y1, x2, y2 columns) merged two by two (an odd last one stays)."""
    m = (len(cols[0]) // 2) * 2
    # Each merged bucket chooses among 4 points: the 2 extremes of each half, in time order.
    xs = np.stack([cols[0][:m:2], cols[2][:m:2], cols[0][1:m:2], cols[2][1:m:2]], axis=1)
    ys = np.stack([cols[1][:m:2], cols[3][:m:2], cols[1][1:m:2], cols[3][1:m:2]], axis=1)
    return [np.concatenate([a, c[m:]]) for a, c in zip(_extremes(xs, ys), cols)]


class _LossCurve(pg.PlotDataItem):
    """A PlotDataItem that holds the whole history (``xData``/``yData``) but, while the step axis
    follows the data, draws its :class:`_Envelope` instead of reducing the history every frame.
    Zoomed or panned by hand, it falls back to pyqtgraph's clip-to-view and peak downsampling of
    the visible part."""

    def __init__(self) -> None:
        super().__init__()
        self.envelope = _Envelope()
        self._drawn_key: tuple | None = None
        self._drawn: object = None

    def _getDisplayDataset(self):  # noqa: N802, ANN202 (pyqtgraph's name)
        view = self.getViewBox()
        if (self._dataset is None or self.envelope.count != len(self._dataset.x)
                or (view is not None and not view.autoRangeEnabled()[0])):
            self._drawn_key = None
            return super()._getDisplayDataset()
        log_y = bool(self.opts["logMode"][1])
        # At most one (min, max) pair per pixel column, as pyqtgraph's peak downsampling.
        width = int(view.width()) if view is not None and view.width() > 0 else None
        key = (self.envelope.version, log_y, width)
        if key != self._drawn_key:
            x, y = self.envelope.curve(width)
            finite = None
            if log_y:
                with np.errstate(divide="ignore", invalid="ignore"):
                    y = np.log10(y)
            else:
                finite = True
            self._drawn = PlotDataset(x, y, True, finite)
            self._drawn_key = key
        self._datasetDisplay = self._drawn
        self.setProperty("xViewRangeWasChanged", False)
        self.setProperty("yViewRangeWasChanged", False)
        return self._drawn

    def uses_envelope(self) -> bool:
        """Whether the last drawing came from the envelope (not from the raw history)."""
        return self._drawn_key is not None


class _StepAxis(pg.AxisItem):
    """The step axis: whole steps only (no "1.5"), 10k / 1.2M for big counts."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        levels = [(sp, off) for sp, off in super().tickSpacing(minVal, maxVal, size) if sp >= 1]
        return levels or [(1.0, 0.0)]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [step_label(v * scale) for v in values]


def step_label(v: float) -> str:
    """A step count for an axis: 950, 9500, 12k, 1.25M."""
    a = abs(v)
    if a < 10_000:
        return f"{v:.0f}"
    if a < 1_000_000:
        return f"{v / 1000:.4g}k"
    return f"{v / 1_000_000:.4g}M"


class _CalmViewBox(pg.ViewBox):
    """A ViewBox whose auto-range moves in steps, not at every frame.

    The step axis ends at a "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ) at or after
    the last step, and the loss axis at multiples of a twelfth of the loss range (rounded to a nice
    number). While training streams in, the axes keep their ticks for many frames: calmer to
    read, and the axes, whose labels are laid out in Python, are not redrawn at every frame.
    """

    #: Returns the last step drawn (None: no data); set by the plot.
    last_x: Callable[[], float | None] | None = None

    def childrenBounds(self, *args: object, **kwargs: object) -> list:  # noqa: N802 (pyqtgraph's name)
        bounds = super().childrenBounds(*args, **kwargs)
        x, y = bounds
        last = self.last_x() if self.last_x is not None else None
        if x is not None and x[0] is not None and x[1] is not None and last is not None and last > 0:
            # The last step is rounded up to a nice number. The bounds also hold the line's and
            # dots' pixel padding, which changes with the range: both ends are rounded outwards
            # to a 50th of the span so that they do not creep at every frame either.
            end = nice_ceil(last)
            grid = nice_ceil((end - min(x[0], 0.0)) / 50)
            hi = math.ceil((end + max(x[1] - last, 0.0)) / grid) * grid
            bounds[0] = [math.floor(x[0] / grid) * grid, hi]
        if y is not None and y[0] is not None and y[1] is not None and y[1] > y[0]:
            grid = nice_ceil((y[1] - y[0]) / 12)
            if grid > 0 and math.isfinite(grid):
                bounds[1] = [math.floor(y[0] / grid) * grid, math.ceil(y[1] / grid) * grid]
        return bounds


_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(v: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ that is at least ``v`` (> 0)."""
    if not (v > 0) or not math.isfinite(v):
        return v
    e = math.floor(math.log10(v))
    for k in (e - 1, e, e + 1):  # (log10 can be off by one at the boundaries)
        for n in _NICE:
            c = n * 10.0 ** k
            if c >= v * (1 - 1e-12):
                return c
    return v


class _MinSpan(pg.GraphicsObject):
    """Invisible: makes the x auto-range at least ``MIN_SPAN_STEPS`` wide from the first step, so
    the first steps of a run sit at the left of a sensible axis (1 … 10), not alone in the middle
    of one that runs from 0.5 to 1.5."""

    def __init__(self) -> None:
        super().__init__()
        self.first: float | None = None

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None) -> tuple | None:  # noqa: N802, N803
        if ax != 0 or self.first is None:
            return None
        return (self.first, self.first + MIN_SPAN_STEPS - 1)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return QRectF()

    def paint(self, *args: object) -> None:
        pass


# ---------------------------------------------------------------------------- the widget
MAX_GHOSTS = 5  # earlier runs kept in the loss plot
GHOST_POINTS = 20_000  # a ghost of a longer run keeps its min/max envelope
GHOST_COLORS = ("#7f7f7f", "#9467bd", "#8c564b", "#17becf", "#bcbd22")
CURSOR_COLOR = "#e69f00"  # the timeline's shown step (orange: apart from the curves' blue and red)


class LossPlot(i18n.Retranslating, QWidget):
    """Training loss of every step (first curve) and test loss (second curve, when a test set
    exists), with a log-scale toggle, an auto-range button and a hover read-out.

    The full history, non-finite values included, is kept in :meth:`history`. The curves hold
    only the finite points (a diverged run's NaN/inf losses are left out of the drawing so they
    cannot break auto-range or log scale): ``curve.xData`` / ``curve.yData`` (or
    ``curve.getOriginalDataset()``) are the finite history. ``curve.getData()`` is what is
    *drawn*: once there are more points than pixels it is peak-downsampled to one (max, min)
    pair per pixel column, so it is shorter than the history.
    """

    stepClicked = Signal(int)  # the user clicked on the plot at this step (the timeline goes there)

    def __init__(self, run_model: RunModel | None = None, parent: QWidget | None = None) -> None:
        """``run_model``: the run this view follows (None: shown by hand, as in tests)."""
        super().__init__(parent)
        self.setObjectName("lossPlotPanel")
        if run_model is not None:
            run_model.updateShown.connect(self.append)  # each update's losses
        self._history = _Growable(3)  # step, train loss, test loss (NaN where none)
        self._train = _Growable(2)  # finite train points: step, loss
        self._test = _Growable(2)  # finite test points
        self._diverged_at: float | None = None
        self._config = None  # the current run's settings (a ghost is named after what differs)
        self._edits: tuple = ()  # the current run's cells set by hand (core.edits.Edit)
        self.ghosts: list[pg.PlotDataItem] = []  # earlier runs, oldest first (see add_ghost)

        self.plot_widget = pg.PlotWidget(background="w", axisItems={"bottom": _StepAxis("bottom")},
                                         viewBox=_CalmViewBox())
        self.plot_widget.setObjectName("lossPlot")
        pi = self.plot_widget.getPlotItem()
        pi.vb.last_x = self._last_x
        style_plot_item(pi, left="", bottom="")
        # The loss axis may widen for longer tick labels but never narrows again: a width that
        # follows the labels re-lays the plot out (and paints it twice) whenever they change.
        pi.getAxis("left").setStyle(autoReduceTextSpace=False)
        # No grid: pyqtgraph's axis grid costs ~30 ms a repaint here (the hover reads values).
        pi.setDownsampling(auto=True, mode="peak")
        pi.setClipToView(True)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        self._legend = pi.addLegend(offset=(-10, 10), labelTextSize=css_size(LABEL_PT),
                                    labelTextColor=TEXT_COLOR, brush=pg.mkBrush(255, 255, 255, 220),
                                    pen=pg.mkPen("#999999"))
        # First data item: the training loss (tests and the window rely on this order).
        self._train_curve = _LossCurve()
        self._test_curve = _LossCurve()
        pi.addItem(self._train_curve)
        pi.addItem(self._test_curve)
        for c in (self._train_curve, self._test_curve):
            c.setSkipFiniteCheck(True)  # only finite points are ever given (see set_log)
            # Peak downsampling keeps one (max, min) pair per pixel column: the same picture as
            # pyqtgraph's default of 5 pairs a pixel, at a fifth of the line segments.
            c.opts["autoDownsampleFactor"] = 1.0
            # Separate segments, not one polyline: Qt strokes a thick self-crossing polyline (a
            # noisy loss) in time that explodes with its crossings (seconds at 1,000 points).
            c.curve.opts["segmentedLineMode"] = "on"
        self._dense: bool | None = None
        self._set_density(False)
        self._symbols: bool | None = None
        self._set_symbols(True)
        self._min_span = _MinSpan()
        pi.vb.addItem(self._min_span)
        self._legend.addItem(self._train_curve, self.tr("train"))
        self._test_in_legend = False

        # Divergence marker (a diverged run's last step).
        self._diverged_line = pg.InfiniteLine(angle=90, movable=False,
                                              pen=pg.mkPen("#c00000", width=2, style=Qt.PenStyle.DashLine),
                                              label=" ", labelOpts={
                                                  "position": 0.3, "color": "#c00000",
                                                  "fill": pg.mkBrush(255, 255, 255, 220)})
        self._diverged_line.label.setFont(projector_font(LABEL_PT, bold=True))
        pi.vb.addItem(self._diverged_line, ignoreBounds=True)
        self._diverged_line.hide()

        # Hover: a vertical line, a dot on the nearest point and a label.
        self._hover_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#777777", width=1))
        self._hover_dot = pg.ScatterPlotItem(size=14, pen=pg.mkPen("w", width=2),
                                             brush=pg.mkBrush(TRAIN_COLOR))
        self._hover_label = pg.TextItem(color=TEXT_COLOR, fill=pg.mkBrush(255, 255, 255, 235),
                                        border=pg.mkPen("#888888"), anchor=(0, 1))
        self._hover_label.setFont(projector_font(LABEL_PT, bold=True))
        for item in (self._hover_line, self._hover_dot, self._hover_label):
            item.setZValue(50)
            pi.vb.addItem(item, ignoreBounds=True)
            item.hide()
        self._mouse_proxy = pg.SignalProxy(self.plot_widget.scene().sigMouseMoved, rateLimit=30,
                                           slot=self._on_mouse_moved)
        # The timeline's cursor: the step shown while looking back.
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(CURSOR_COLOR, width=2))
        self.cursor_line.setZValue(40)
        pi.vb.addItem(self.cursor_line, ignoreBounds=True)
        self.cursor_line.hide()
        self.plot_widget.scene().sigMouseClicked.connect(self._on_clicked)
        # The health checks' findings: a marker on the curve at the step each was raised.
        self.finding_markers = pg.ScatterPlotItem(symbol="t", size=16, pen=pg.mkPen("#7a0000", width=1),
                                                  brush=pg.mkBrush("#d62728"))
        self.finding_markers.setZValue(45)
        pi.vb.addItem(self.finding_markers, ignoreBounds=True)
        self._finding_steps: list[int] = []  # (sorted) steps with a finding, marked once their loss is here
        self._marked = 0  # how many of them have a marker

        self.log_check = QCheckBox()
        self.log_check.setObjectName("logScaleCheck")
        self.log_check.toggled.connect(self.set_log)
        self.auto_range_button = QPushButton()
        self.auto_range_button.setObjectName("autoRangeButton")
        self.auto_range_button.clicked.connect(self.auto_range)
        for w in (self.log_check, self.auto_range_button):
            ensure_min_font(w)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(self.log_check)
        bar.addWidget(self.auto_range_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.plot_widget, 1)
        self._empty_axes()
        self._follow_language()

    def retranslate(self) -> None:
        """Axis labels, legend, marker and buttons in the current language."""
        pi = self.plot_widget.getPlotItem()
        set_axis_label(pi, "left", self.tr("loss"))
        set_axis_label(pi, "bottom", self.tr("step"))
        self._name_train()
        if self._test_in_legend:
            self._legend.getLabel(self._test_curve).setText(self.tr("test"))
        self._diverged_line.label.setFormat(self.tr("diverged"))
        for ghost in self.ghosts:  # named from their parts, in the new language
            ghost.name_text = ghost.name_of()
            self._legend.getLabel(ghost).setText(ghost.name_text)
        self.log_check.setText(self.tr("Log scale"))
        self.log_check.setToolTip(self.tr("Show the loss on a logarithmic axis (tiny losses become visible)"))
        self.auto_range_button.setText(self.tr("Auto-range"))
        self.auto_range_button.setToolTip(self.tr("Fit the whole curve again after zooming or panning"))
        self._hide_hover()  # its text was in the old language
        retranslate_scene(self.plot_widget)

    def restyle(self) -> None:
        """Fonts and lines again, for a new zoom or theme (see :class:`Look`)."""
        pi = self.plot_widget.getPlotItem()
        style_plot_item(pi)
        self._legend.setLabelTextSize(css_size(LABEL_PT))
        self._diverged_line.label.setFont(projector_font(LABEL_PT, bold=True))
        self._diverged_line.setPen(pg.mkPen("#c00000", width=Look.width(2), style=Qt.PenStyle.DashLine))
        self._hover_label.setFont(projector_font(LABEL_PT, bold=True))
        for w in (self.log_check, self.auto_range_button):
            ensure_min_font(w)
        dense, symbols = bool(self._dense), bool(self._symbols)
        self._dense = self._symbols = None
        self._set_density(dense)
        self._set_symbols(symbols)
        self._hover_dot.setBrush(pg.mkBrush(Look.train_color()))
        self.retranslate()  # the axis labels at the new size

    # ------------------------------------------------------------------ ghosts and resume
    def train_points(self) -> tuple[np.ndarray, np.ndarray]:
        """The current run's finite training losses (copies; an envelope once very long)."""
        if self._train_curve.uses_envelope():
            return self._train_curve.envelope.curve(GHOST_POINTS // 2)
        return self._train.column(0).copy(), self._train.column(1).copy()

    def add_ghost(self, x: np.ndarray, y: np.ndarray, name: str | Callable[[], str]) -> pg.PlotDataItem:
        """Keep an earlier run's loss curve, faded, named in the legend; at most MAX_GHOSTS
        (the oldest goes first). The current run's curves stay the plot's first items. ``name``
        may be a function making it in the current language: it is made again on a language switch."""
        ghost = pg.PlotDataItem(x, y, pen=pg.mkPen(GHOST_COLORS[len(self.ghosts) % len(GHOST_COLORS)],
                                                  width=Look.width(2.5), style=Qt.PenStyle.DashLine))
        ghost.setOpacity(0.8)  # (faded, but still seen from the back of a classroom)
        ghost.setZValue(-10)  # under the current run
        ghost.setDownsampling(auto=True, method="peak")
        ghost.name_of = name if callable(name) else (lambda: name)
        ghost.name_text = ghost.name_of()
        self.plot_widget.getPlotItem().addItem(ghost)
        self._legend.addItem(ghost, ghost.name_text)
        self.ghosts.append(ghost)
        while len(self.ghosts) > MAX_GHOSTS:
            self._remove_ghost(self.ghosts[0])
        return ghost

    def _remove_ghost(self, ghost: pg.PlotDataItem) -> None:
        self._legend.removeItem(ghost)
        self.plot_widget.getPlotItem().removeItem(ghost)
        self.ghosts.remove(ghost)

    def clear_ghosts(self) -> None:
        """Forget every earlier run's curve."""
        for ghost in list(self.ghosts):
            self._remove_ghost(ghost)
        self._name_train()

    def _tail_name(self, k: int, edit: object, lost: tuple[object, ...]) -> str:
        """The name of a run's tail dropped by resuming from step ``k`` (with the new ``edit``, if
        the resume was an edit made looking back): the edits it had after ``k``, and the one it
        has not; else "after step k"."""
        parts = edit_words(lost)
        if edit is not None:
            parts.append(self.tr("without {edit}").format(edit=edit))
        return _ghost_tr(", ").join(parts) if parts else self.tr("after step {k:,}").format(k=k)

    def _name_train(self) -> None:
        """The current run's legend entry: "train", and beside a ghost of an earlier run what this
        run has that the newest such ghost had not ("train (zeroing off)" beside "zeroing on"),
        so that a class sees which curve is which setting."""
        name = self.tr("train")
        runs = [g for g in self.ghosts if getattr(g, "config", None) is not None]
        if runs and self._config is not None:
            what = ghost_name(self._config, runs[-1].config)
            if what != _ghost_tr("same settings"):
                name = self.tr("train ({what})").format(what=what)
        label = self._legend.getLabel(self._train_curve)
        if label.text != name:
            label.setText(name)

    def ghost_names(self) -> list[str]:
        return [g.name_text for g in self.ghosts]

    def truncate(self, step: int) -> tuple[np.ndarray, np.ndarray]:
        """Forget the losses after ``step`` (training resumed from it); returns the finite
        training losses forgotten. O(history), once per resume."""
        hist = [self._history.column(i).copy() for i in range(3)]
        cut = hist[0] > step
        tail = (hist[0][cut], hist[1][cut])
        ok_tail = np.isfinite(tail[1])
        tail = (tail[0][ok_tail], tail[1][ok_tail])
        if not cut.any():
            return tail
        first, marked = self._min_span.first, [s for s in self._finding_steps if s <= step]
        self.clear()
        keep = ~cut
        if keep.any():
            steps, losses, test = (c[keep] for c in hist)
            self._history.extend(steps, losses, test)
            for curve, points, values in ((self._train_curve, self._train, losses),
                                          (self._test_curve, self._test, test)):
                ok = np.isfinite(values)
                points.extend(steps[ok], values[ok])
                curve.envelope.extend(steps[ok], values[ok])
                curve.setData(points.column(0), points.column(1))
            if np.isfinite(test).any() and not self._test_in_legend:
                self._legend.addItem(self._test_curve, self.tr("test"))
                self._test_in_legend = True
            if not np.isfinite(losses).all():
                self._mark_divergence(float(steps[~np.isfinite(losses)][0]))
            self._set_first_step(first)
        self._finding_steps, self._marked = marked, -1
        self._draw_markers()
        return tail

    # ------------------------------------------------------------------ finding markers
    def mark_findings(self, findings: Sequence[object]) -> None:
        """A marker at each finding's step, on the training-loss curve (when its loss arrives)."""
        steps = sorted({int(f.step) for f in findings} - set(self._finding_steps))
        if steps:
            self._finding_steps = sorted(self._finding_steps + steps)
            self._marked = 0
            self._draw_markers()

    def finding_marker_steps(self) -> list[int]:
        x, _ = self.finding_markers.getData()
        return [int(v) for v in x]

    def _draw_markers(self) -> None:
        """O(findings · log history), and only when a finding or its step's loss is new."""
        n = self._train.n
        if not self._finding_steps or n == 0:
            if self._marked:
                self.finding_markers.setData([], [])
                self._marked = 0
            return
        last = self._train.column(0)[-1]
        ready = [s for s in self._finding_steps if s <= last]
        if len(ready) == self._marked:
            return
        xs = self._train.column(0)
        at = np.clip(np.searchsorted(xs, ready), 0, n - 1)
        y = self._train.column(1)[at]
        if self.is_log():
            with np.errstate(all="ignore"):
                y = np.log10(y)
        self.finding_markers.setData(np.asarray(ready, dtype=float), y)
        self._marked = len(ready)

    def _drop_markers_after(self, step: int | None) -> None:
        self._finding_steps = [] if step is None else [s for s in self._finding_steps if s <= step]
        self._marked = -1
        self._draw_markers()

    # ------------------------------------------------------------------ timeline
    def set_cursor(self, step: int | None) -> None:
        """Mark the step shown (None: live, no mark)."""
        self.cursor_line.setVisible(step is not None)
        if step is not None:
            self.cursor_line.setValue(step)

    def _on_clicked(self, event: object) -> None:
        vb = self.plot_widget.getPlotItem().vb
        pos = event.scenePos()
        if event.button() != Qt.MouseButton.LeftButton or not vb.sceneBoundingRect().contains(pos):
            return
        x = vb.mapSceneToView(pos).x()
        if math.isfinite(x):
            self.stepClicked.emit(max(0, round(x)))

    # ------------------------------------------------------------------ public API
    def clear(self) -> None:
        """Forget the whole history (a reset)."""
        self._history.clear()
        self._train.clear()
        self._test.clear()
        for c in (self._train_curve, self._test_curve):
            c.envelope.clear()
            c.setData([], [])
        if self._test_in_legend:
            self._legend.removeItem(self._test_curve)
            self._test_in_legend = False
        self._diverged_at = None
        self._diverged_line.hide()
        self._finding_steps, self._marked = [], 0
        self.finding_markers.setData([], [])
        self._hide_hover()
        self._set_density(False)
        self._set_symbols(True)
        self._set_first_step(None)
        self._empty_axes()

    def _empty_axes(self) -> None:
        """Before the first step: steps 1 … MIN_SPAN_STEPS and losses 0 … 1 (log: 0.01 … 10), with
        a margin so that the end labels are not cut in half; auto-range takes over with the data."""
        vb = self.plot_widget.getPlotItem().vb
        y = (-2.0, 1.0) if self.log_check.isChecked() else (0.0, 1.0)
        vb.setRange(xRange=(1, MIN_SPAN_STEPS), yRange=y, padding=0.05, disableAutoRange=False)

    def append(self, update: Update) -> None:
        """Add the losses an :class:`~core.runner.Update` carries (clears first if ``cleared``).

        Costs O(new points) plus one ``setData`` per curve that changed. Only ``cleared`` (a
        reset) forgets the history: a step number at or before one already shown is a repeat,
        not a restart, and is left out (the history keeps its first value for that step).
        """
        snap = update.snapshot
        if update.cleared:
            old = self._config
            if old is not None and snap is not None and not same_problem(old, snap.config):
                self.clear_ghosts()  # another problem (another data set: most presets): no comparison
            elif old is not None and snap is not None and self._train.n:  # the run before: a ghost
                x, y = self.train_points()
                ghost = self.add_ghost(x, y, lambda old=old, new=snap.config, edits=self._edits:
                                       ghost_name(old, new, edits))
                ghost.config = old
            self.clear()
        if update.resumed_from is not None:
            x, y = self.truncate(update.resumed_from)
            if len(x):  # the old tail stays in view
                k = update.resumed_from
                lost = tuple(e for e in self._edits if e.step > k)  # its edits after step k
                self.add_ghost(x, y, lambda k=k, edit=update.edit, lost=lost: self._tail_name(k, edit, lost))
        if snap is not None:
            if snap.config is not self._config:
                self._config = snap.config
                self._name_train()
            self._edits = snap.edits
        if snap is not None and snap.diverged is not None:  # a loss that exploded but stayed finite too
            self._mark_divergence(float(snap.step))
        steps = np.asarray(update.steps, dtype=float).reshape(-1)
        if len(steps) == 0:
            return
        losses = np.asarray(update.losses, dtype=float).reshape(-1)
        test = np.asarray(update.test_losses, dtype=float).reshape(-1)
        if len(test) != len(steps):
            test = np.full(len(steps), np.nan)
        last = self._history.column(0)[-1] if self._history.n else -np.inf
        before = np.maximum.accumulate(np.concatenate([[last], steps[:-1]]))
        new = steps > before  # later than every step before it
        if not new.all():
            steps, losses, test = steps[new], losses[new], test[new]
            if len(steps) == 0:
                return
        self._history.extend(steps, losses, test)

        ok = np.isfinite(losses)
        if ok.all():
            self._train.extend(steps, losses)
            self._train_curve.envelope.extend(steps, losses)
        else:
            self._train.extend(steps[ok], losses[ok])
            self._train_curve.envelope.extend(steps[ok], losses[ok])
            self._mark_divergence(float(steps[~ok][0]))
        if self._train.n > _DENSE_POINTS and not self._dense:
            self._set_density(True)
        if self._symbols and self._history.n > SYMBOL_POINTS:
            self._set_symbols(False)
        if self._min_span.first is None:
            self._set_first_step(float(steps[0]))
        self._train_curve.setData(self._train.column(0), self._train.column(1))
        if len(self._finding_steps) != self._marked:
            self._draw_markers()

        ok_test = np.isfinite(test)
        if ok_test.any():
            self._test.extend(steps[ok_test], test[ok_test])
            self._test_curve.envelope.extend(steps[ok_test], test[ok_test])
            self._test_curve.setData(self._test.column(0), self._test.column(1))
            if not self._test_in_legend:
                self._legend.addItem(self._test_curve, self.tr("test"))
                self._test_in_legend = True
        # Fit the range and apply it now rather than when the plot is about to paint: pyqtgraph
        # does both at paint time, and what they change (the axes; the view's transform, which
        # re-queues the auto-range) then asks for a second full paint of the curves every frame.
        # Twice when zoomed by hand: then pyqtgraph's clip-to-view and downsampling make the
        # bounds it fits depend on the range itself, and a second pass settles them.
        vb = self.plot_widget.getPlotItem().vb
        for _ in range(1 if self._train_curve.uses_envelope() else 2):
            if any(vb.autoRangeEnabled()):
                vb.updateAutoRange()
            vb.updateMatrix()

    def _mark_divergence(self, step: float) -> None:
        """The dashed "diverged" line at ``step`` (the first divergence stays marked)."""
        if self._diverged_at is None:
            self._diverged_at = step
            self._diverged_line.setValue(step)
            self._diverged_line.show()

    def _set_density(self, dense: bool) -> None:
        """3-px lines for a short history, 2-px ones for a long one; never antialiased.

        Measured here: antialiasing alone costs 35–600 ms a repaint on a noisy curve of a few
        hundred to a few thousand points (and seconds at 10⁶), so it is off on these curves
        whatever the application's global setting; without it a repaint takes 4–30 ms.
        """
        if dense == self._dense:
            return
        self._dense = dense
        width = Look.width(2 if dense else 3)
        self._train_curve.setPen(pg.mkPen(Look.train_color(), width=width))
        # Solid: a dashed pen along a long noisy curve costs seconds per repaint in Qt.
        self._test_curve.setPen(pg.mkPen(Look.test_color(), width=width))
        for c in (self._train_curve, self._test_curve):
            c.opts["antialias"] = False
            c.updateItems(styleUpdate=True)

    def _set_symbols(self, on: bool) -> None:
        """A dot on every point while the history is short (a single point has no line)."""
        if on == self._symbols:
            return
        self._symbols = on
        for c, color in ((self._train_curve, Look.train_color()), (self._test_curve, Look.test_color())):
            if on:
                c.setSymbol("o")
                c.setSymbolSize(Look.width(10))
                c.setSymbolBrush(pg.mkBrush(color))
                c.setSymbolPen(pg.mkPen("w", width=1))
            else:
                c.setSymbol(None)

    def symbols_shown(self) -> bool:
        """Whether the points are drawn as dots (a short history) or as a plain line."""
        return bool(self._symbols)

    def _last_x(self) -> float | None:
        """The last step the axis must show: the last point, or the minimum span's end."""
        ends = [c.column(0)[-1] for c in (self._train, self._test) if c.n]
        if self._min_span.first is not None:
            ends.append(self._min_span.first + MIN_SPAN_STEPS - 1)
        return float(max(ends)) if ends else None

    def _set_first_step(self, step: float | None) -> None:
        self._min_span.first = step
        self._min_span.informViewBoundsChanged()

    def set_log(self, on: bool) -> None:
        """Logarithmic y axis. Zero or negative losses are skipped by the drawing (not an error)."""
        on = bool(on)
        if self.log_check.isChecked() != on:
            self.log_check.blockSignals(True)
            self.log_check.setChecked(on)
            self.log_check.blockSignals(False)
        for c in (self._train_curve, self._test_curve):
            # log10 of 0 or a negative value is NaN: let pyqtgraph check and break the line there.
            c.setSkipFiniteCheck(not on)
        self.plot_widget.getPlotItem().setLogMode(x=False, y=on)
        self._marked = -1
        self._draw_markers()  # (added to the view box, not the plot: placed in log10 by hand)
        self._hide_hover()
        self.auto_range()

    def is_log(self) -> bool:
        return self.log_check.isChecked()

    def auto_range(self) -> None:
        """Fit all data again and keep following it."""
        self.plot_widget.getPlotItem().enableAutoRange()
        if self._history.n == 0:
            self._empty_axes()

    def history(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Copies of every step, its training loss and its test loss (NaN: none), non-finite kept."""
        h = self._history
        return h.column(0).astype(np.int64), h.column(1).copy(), h.column(2).copy()

    def __len__(self) -> int:
        return self._history.n

    # ------------------------------------------------------------------ hover
    def _hide_hover(self) -> None:
        for item in (self._hover_line, self._hover_dot, self._hover_label):
            item.hide()

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        pos = event[0]
        vb = self.plot_widget.getPlotItem().vb
        if self._train.n == 0 or not vb.sceneBoundingRect().contains(pos):
            self._hide_hover()
            return
        self.hover_at(vb.mapSceneToView(pos).x())

    def hover_at(self, x: float) -> str | None:
        """Show the read-out for the step nearest to ``x``; returns its text (None if no data)."""
        xs = self._train.column(0)
        if len(xs) == 0:
            self._hide_hover()
            return None
        i = int(np.searchsorted(xs, x))
        if i >= len(xs) or (i > 0 and x - xs[i - 1] < xs[i] - x):
            i -= 1
        step, loss = xs[i], self._train.column(1)[i]
        text = self.tr("step {step:,} · loss {loss:.6g}").format(step=int(step), loss=loss)
        test_xs = self._test.column(0)
        j = int(np.searchsorted(test_xs, step))
        if j < len(test_xs) and test_xs[j] == step:
            text += "\n" + self.tr("test {loss:.6g}").format(loss=self._test.column(1)[j])
        log = self.is_log()
        if log and not loss > 0:
            self._hover_dot.hide()
            y = None
        else:
            y = math.log10(loss) if log else loss
            self._hover_dot.setData([step], [y])
            self._hover_dot.show()
        self._hover_line.setValue(step)
        self._hover_line.show()
        vb = self.plot_widget.getPlotItem().vb
        (x0, x1), (y0, y1) = vb.viewRange()
        right_half = step > (x0 + x1) / 2
        upper_half = y is not None and y > (y0 + y1) / 2
        self._hover_label.setAnchor((1.05 if right_half else -0.05, -0.1 if upper_half else 1.1))
        self._hover_label.setText(text)
        self._hover_label.setPos(step, y if y is not None else (y0 + y1) / 2)
        self._hover_label.show()
        return text

    def hover_text(self) -> str:
        """The read-out currently shown ('' when hidden)."""
        return self._hover_label.toPlainText() if self._hover_label.isVisible() else ""


def _ghost_tr(text: str) -> str:
    return QCoreApplication.translate("LossPlot", text)


_GHOST_TEXTS = (  # (for pyside6-lupdate: the texts ghost_name translates)
    QT_TRANSLATE_NOOP("LossPlot", "zeroing on"), QT_TRANSLATE_NOOP("LossPlot", "zeroing off"),
    QT_TRANSLATE_NOOP("LossPlot", "bias"), QT_TRANSLATE_NOOP("LossPlot", "no bias"),
    QT_TRANSLATE_NOOP("LossPlot", "init {init}"), QT_TRANSLATE_NOOP("LossPlot", "hidden {sizes}"),
    QT_TRANSLATE_NOOP("LossPlot", "batch {n}"), QT_TRANSLATE_NOOP("LossPlot", "all"),
    QT_TRANSLATE_NOOP("LossPlot", "seed {seed}"), QT_TRANSLATE_NOOP("LossPlot", "data {name}"),
    QT_TRANSLATE_NOOP("LossPlot", "same settings"),
    QT_TRANSLATE_NOOP("LossPlot", "{edit} and {n} more edits"),
    QT_TRANSLATE_NOOP("LossPlot", ", "),  # between the parts of a name (Chinese: "，")
)
_OTHER_GHOST_TEXTS = {  # the settings a ghost is named after when nothing above differs
    "noise": QT_TRANSLATE_NOOP("LossPlot", "noise {value}"),
    "n_samples": QT_TRANSLATE_NOOP("LossPlot", "n_samples {value}"),
    "test_fraction": QT_TRANSLATE_NOOP("LossPlot", "test_fraction {value}"),
    "data_seed": QT_TRANSLATE_NOOP("LossPlot", "data_seed {value}"),
    "loss": QT_TRANSLATE_NOOP("LossPlot", "loss {value}"),
}


def ghost_name(old: object, new: object, edits: Sequence[object] = ()) -> str:
    """What the earlier run ``old`` (an ExperimentConfig) had that the current ``new`` has not:
    "α 0.05", "zeroing off", "no bias", "init small", … (several: all of them), and the cells
    set by hand in it (``edits``, core.edits.Edit: "W1[0,1] = 0.5")."""
    parts = []
    if old.alpha != new.alpha:
        parts.append(f"α {old.alpha:g}")
    if old.zero_grad != new.zero_grad:
        parts.append(_ghost_tr("zeroing on") if old.zero_grad else _ghost_tr("zeroing off"))
    if old.bias != new.bias:
        parts.append(_ghost_tr("bias") if old.bias else _ghost_tr("no bias"))
    if old.init != new.init:
        parts.append(_ghost_tr("init {init}").format(init=value_name("init", old.init)))
    if old.activation != new.activation:
        parts.append(value_name("activation", old.activation))
    if tuple(old.hidden) != tuple(new.hidden):
        parts.append(_ghost_tr("hidden {sizes}").format(sizes=", ".join(map(str, old.hidden)) or "—"))
    if old.optimizer != new.optimizer:
        parts.append(value_name("optimizer", old.optimizer))
    if old.batch_size != new.batch_size:
        parts.append(_ghost_tr("batch {n}").format(n=old.batch_size or _ghost_tr("all")))
    if old.seed != new.seed:
        parts.append(_ghost_tr("seed {seed}").format(seed=old.seed))
    if old.dataset != new.dataset or old.data is not new.data:
        parts.append(_ghost_tr("data {name}").format(name=value_name("dataset", old.dataset)))
    if not parts:
        others = [f for f in _OTHER_GHOST_TEXTS if getattr(old, f) != getattr(new, f)]
        parts = ([_ghost_tr(_OTHER_GHOST_TEXTS[f]).format(value=getattr(old, f)) for f in others]
                 or ([] if edits else [_ghost_tr("same settings")]))
    parts += edit_words(edits)
    return _ghost_tr(", ").join(parts)


def edit_words(edits: Sequence[object]) -> list[str]:
    """A run's cells set by hand, for its ghost's name: each ("W1[0,1] = 0.5"), or beyond two the
    first "and n more edits"."""
    if len(edits) > 2:
        return [_ghost_tr("{edit} and {n} more edits").format(edit=edits[0], n=len(edits) - 1)]
    return [str(e) for e in edits]


def same_problem(old: object, new: object) -> bool:
    """Two ExperimentConfigs' runs can be compared on one plot: the same data set (the same
    imported table). (Another preset is mostly another data set: its losses have another scale,
    and a ghost would be named after a dozen differences. Another loss on the same data is a
    comparison a class may want: it is kept, named "loss mse".)"""
    return old.dataset == new.dataset and old.data is new.data


class TimelineSlider(QSlider):
    """The timeline's slider. While it has the focus its keys move it: the window's → (one
    training step) and the other keys a slider takes would otherwise be the window's shortcuts."""

    FORWARD = frozenset((Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_End, Qt.Key.Key_PageUp))
    BACK = frozenset((Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_PageDown))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            key = event.key()
            # (at its end, following training, → is one training step again)
            if (key in self.FORWARD and self.value() < self.maximum()) or (
                    key in self.BACK and self.value() > self.minimum()):
                event.accept()  # (a key press, to this slider, instead of the shortcut)
                return True
        return super().event(event)


class _FittingLabel(QLabel):
    """A label with a text and shorter forms of it: the longest that fits on one line, or none
    ("showing step 1,200 of 3,000" beside the buttons of a 1280-wide window wrapped over two or
    three lines and pushed the slider up; the status line under the window says it as well)."""

    def __init__(self) -> None:
        super().__init__()
        self._texts: tuple[tuple[str, ...], str] = ((), "")
        self.setWordWrap(True)  # (the note on a thinned step takes a second line)
        self.setMinimumWidth(1)  # (it shortens: a 1280-wide window stays 1280 wide)

    def set_texts(self, forms: Sequence[str], note: str = "") -> None:
        """``forms``: the text, longest first; ``note``: added to the form shown, if any."""
        self._texts = (tuple(forms), note)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        forms, note = self._texts
        room = self.contentsRect().width() - 2 * self.margin()
        fm = self.fontMetrics()
        form = next((f for f in forms if fm.horizontalAdvance(f) <= room), "")
        wanted = form + note if form else ""
        if wanted != self.text():
            self.setText(wanted)


class TimelineBar(i18n.Retranslating, QWidget):
    """Under the loss curve: a slider over the steps (its value is the step shown), what is
    shown ("showing step k of N"), Live, and Resume from here (while looking back, paused:
    ``resumeRequested(k)``). Clicking on the loss curve goes to that step too.

    Per frame it costs two integer setters (the slider's end follows the newest step)."""

    resumeRequested = Signal(int)  # continue training from this (shown, recorded) step

    def __init__(self, model: object, plot: LossPlot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineBar")
        self._running = False
        self.model = model
        self.slider = TimelineSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("timelineSlider")
        self.slider.setRange(0, 0)
        self.slider.valueChanged.connect(self._on_slider)
        self.label = _FittingLabel()
        self.label.setObjectName("timelineLabel")
        self.live_button = QPushButton()
        self.live_button.setObjectName("liveButton")
        self.live_button.clicked.connect(model.go_live)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.clicked.connect(self._resume)
        self.clear_ghosts_button = QPushButton()
        self.clear_ghosts_button.setObjectName("clearGhostsButton")
        self.clear_ghosts_button.clicked.connect(self._clear_ghosts)
        self.clear_ghosts_button.hide()  # shown while there are ghosts
        self._plot = plot
        self._restyle()
        column = QVBoxLayout(self)  # the slider as wide as the plot above it; the rest under it
        column.setContentsMargins(4, 0, 4, 2)
        column.setSpacing(1)
        column.addWidget(self.slider)
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.live_button)
        row.addWidget(self.resume_button)
        row.addWidget(self.clear_ghosts_button)
        column.addLayout(row)
        self._setting = False  # the slider is moved by the model, not by the user
        plot.stepClicked.connect(model.show_step)
        model.findingsAdded.connect(plot.mark_findings)
        model.shownChanged.connect(lambda snap: plot.set_cursor(None if snap is None else snap.step))
        model.shownChanged.connect(self._on_shown)
        model.snapshotChanged.connect(self._on_latest)
        self._follow_language()

    def _restyle(self) -> None:
        for w in (self.label, self.live_button, self.resume_button, self.clear_ghosts_button):
            ensure_min_font(w)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:  # the window's type zoomed: its own fonts follow
            self._restyle()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.live_button.setText(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Follow training again: show the newest step"))
        self.slider.setToolTip(self.tr("Go back to any recorded step (or click on the loss curve); "
                                       "drag to the end to follow training again"))
        self.resume_button.setText(self.tr("Resume from here"))
        self.resume_button.setToolTip(self.tr("Continue training from the step shown: the later steps "
                                              "are dropped (their loss curve stays as a faded ghost)"))
        self.clear_ghosts_button.setText(self.tr("Clear ghosts"))
        self.clear_ghosts_button.setToolTip(self.tr("Remove the faded curves of earlier runs"))
        self._show_text()

    def set_running(self, running: bool) -> None:
        self._running = running
        self._show_text()

    def _resume(self) -> None:
        snap = self.model.shown_snapshot
        if self.resume_button.isEnabled() and snap is not None and not self.model.live:
            self.resumeRequested.emit(snap.step)

    def _clear_ghosts(self) -> None:
        self._plot.clear_ghosts()
        self._show_text()

    def text(self) -> str:
        """What is shown: "" while live, else "showing step k of N" (and a thinned step's note)."""
        text, _, note = self._texts()
        return text + note

    def _texts(self) -> tuple[str, str, str]:
        """"showing step k of N", the same in short ("step k / N": for a bar too narrow for it on
        one line), and the note on a thinned step ("" if none)."""
        m = self.model
        snap = m.shown_snapshot
        if m.live or snap is None or m.looked_back is None:
            return "", "", ""
        text = self.tr("showing step {k:,} of {n:,}").format(k=snap.step, n=m.latest_step)
        short = self.tr("step {k:,} / {n:,}").format(k=snap.step, n=m.latest_step)
        note = ""
        if m.wanted_step is not None and m.wanted_step != snap.step:
            note = " " + self.tr("(step {asked:,} was thinned away: the nearest recorded one)").format(
                asked=m.wanted_step)
        return text, short, note

    def _show_text(self) -> None:
        text, short, note = self._texts()
        numbers = ""
        if text:
            numbers = f"{self.model.shown_snapshot.step:,} / {self.model.latest_step:,}"
        self.label.set_texts([t for t in (text, short, numbers) if t], note)
        back = not self.model.live and self.model.looked_back is not None
        self.live_button.setEnabled(not self.model.live)
        self.resume_button.setEnabled(back and not self._running)
        self.clear_ghosts_button.setVisible(bool(self._plot.ghosts))

    def _set_slider(self, value: int) -> None:
        self._setting = True
        try:
            self.slider.setValue(value)
        finally:
            self._setting = False

    def _on_latest(self, snapshot: object) -> None:
        self._setting = True
        try:
            self.slider.setMaximum(self.model.latest_step)
            if self.model.live:
                self.slider.setValue(self.model.latest_step)
        finally:
            self._setting = False
        if not self.model.live or self.clear_ghosts_button.isVisible() != bool(self._plot.ghosts):
            self._show_text()  # N grew; a ghost came or went

    def _on_shown(self, snapshot: object) -> None:
        self._set_slider(self.model.latest_step if snapshot is None else snapshot.step)
        self._show_text()

    def _on_slider(self, value: int) -> None:
        if not self._setting:
            self.model.show_step(value)
