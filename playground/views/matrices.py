"""Every weight and gradient matrix as a heatmap, on one shared scale per kind.

All matrices live in ONE ViewBox, laid out in "cell" units so that every cell of every matrix
has the same on-screen size: a 2×3 matrix next to a 3×1 one reads as 6 cells next to 3. Each
layer is a column: W over b (values), then dW over db (gradients). When the net is deep the
layer columns wrap onto several lines.

The layout fills the whole panel: it tries every arrangement (layers per line; gradients below
or beside the values), three title styles (full: shapes and gradient norms on every matrix;
compact: "W1 (16×16)" and "dW1" only; minimal: "W1") and, for nets small enough to print their
numbers, cells wider than tall (a number is wider than tall). It keeps the one whose numbers
(or, for big nets, cells) come out biggest, preferring richer titles and fewer lines unless they
cost clearly smaller cells. The colour bars are one compact row under the matrices; the exact
value of a cell shows in a read-out over that row while the pointer is on it.

Colour: the diverging map CET-D1 (blue < 0 < red) with symmetric levels (−m, m). All value
heatmaps share one m, all gradient heatmaps share another, so a layer whose gradients vanish
looks blank next to a healthy one and an exploding one saturates. m follows the data with an
envelope (grows at once, shrinks by at most 10 % a step and never below a third of the data's
maximum) so colours do not flicker.

Items are created once per network shape; a frame only calls ``setImage``, hands new values to
the cell-number painters (numbers are formatted lazily at paint time) and touches titles and
colour-bar labels only when their text changes.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.session import ParamSnapshot, Snapshot

from .. import i18n
from ..run_model import RunModel
from .cell_editor import REFUSED_COLOR, CellEditor
from .flags import checks_of, flag_color, flag_label, flag_tooltip
from .loss_plot import (
    LABEL_PT,
    TEXT_COLOR,
    TICK_PT,
    Look,
    css_size,
    fmt3,
    nice_ceil,
    projector_font,
    retranslate_scene,
)

__all__ = ["MatrixPanel", "TEXT_MAX_DIM", "symmetric_envelope", "fmt_cell", "nice_scale"]

TEXT_MAX_DIM = 12  # a net whose matrices all have both dimensions at most this prints its numbers
MAX_CELL_PX = 120.0  # a heatmap cell (no numbers) never grows beyond this
MAX_TEXT_CELL = (190.0, 110.0)  # nor a cell with a number (width, height)
MAX_TEXT_PX = 40.0  # cell numbers never grow beyond this (pixels)
_ROOM_MARGIN = 1.06
MIN_TEXT_PX = 8.0  # numbers smaller than this (pixels) are not drawn
ZOOMED_TEXT_PX = 26.0  # zoomed in, numbers get at least zoom × this (pixels): the panel scrolls if need be
TITLE_PT = 13.0
_TEXT_W = 0.88  # a number may take this fraction of its cell's width...
_TEXT_H = 0.42  # ...and its font's pixel size this fraction of the cell's height
_THREE_DIGITS_PX = 20.0  # 3 significant digits when they fit at this size (or nearly as big as 2)
_RATIOS = (1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4)  # cell width / height tried when printing numbers
_DECAY = 0.9  # the colour scale shrinks by at most this factor per new step...
_RATIO = 3.0  # ...and never stays above this multiple of the current maximum
_GAMMA = 0.5  # colour intensity ∝ |x / m| ** _GAMMA (see _diverging_map)


def _diverging_map(gamma: float = _GAMMA) -> pg.ColorMap:
    """CET-D1 (blue < 0 < red) with its colour intensity growing like |x/m|^gamma.

    Gradients are heavy-tailed: in a healthy net most entries are 10× smaller than the largest,
    which a linear map paints almost white. With gamma = 0.5 a value at 1/10 of the scale gets
    ~1/3 of the colour, while a vanishing one (10⁻⁸ of the scale) stays blank. The colour bars
    show the same map against a linear axis, so a colour still reads as a value.
    """
    base = pg.colormap.get("CET-D1")
    u = np.linspace(-1.0, 1.0, 257)
    t = 0.5 + 0.5 * np.sign(u) * np.abs(u) ** gamma
    return pg.ColorMap(np.linspace(0.0, 1.0, len(u)), base.map(t, mode="byte"), name="CET-D1 sqrt")


_CMAP = _diverging_map()
# More than 256 entries makes pyqtgraph colour the image in numpy (RGBA) instead of building an
# Indexed8 colour table in Python at every render: ~25 % less paint time for a deep net.
_LUT = _CMAP.getLookupTable(nPts=512, alpha=True)
# The same colours as 32-bit ARGB words in memory order (B, G, R, A on little-endian machines).
_LUT_ARGB32 = np.ascontiguousarray(_LUT[:, [2, 1, 0, 3] if sys.byteorder == "little" else [3, 0, 1, 2]])
_M_MAX = 1e300


class _Image(pg.ImageItem):
    """An ImageItem for a small matrix coloured through ``_LUT`` (NaN cells transparent).

    Its render is pyqtgraph's colour mapping (the same colour for every value) done in a few
    numpy calls: ~20 µs instead of ~150 µs of Python per heatmap and frame, which matters with
    dozens of heatmaps repainted after every frame. It also keeps a diverged run's huge values
    free of overflow warnings. Anything else goes through pyqtgraph's own render.
    """

    def render(self, *args: object, **kwargs: object) -> None:
        img, levels = self.image, self.levels
        if (img is None or img.ndim != 2 or img.size == 0 or self.lut is not _LUT or levels is None
                or np.ndim(levels) != 1 or self.axisOrder != "row-major" or self.autoDownsample):
            with np.errstate(over="ignore", invalid="ignore"):
                super().render(*args, **kwargs)
            return
        lo, hi = float(levels[0]), float(levels[1])
        n = len(_LUT)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # As pyqtgraph: scale to [0, n), clip, truncate.
            t = (np.asarray(img, dtype=float) - lo) * (n / (hi - lo) if hi > lo else 0.0)
            t = np.clip(t, 0, n - 1)
        nan = np.isnan(t)
        pixels = _LUT_ARGB32[np.where(nan, 0, t).astype(np.intp)]
        if nan.any():
            pixels[nan] = 0  # transparent (and premultiplied: all zero)
        self._pixels = np.ascontiguousarray(pixels)  # the QImage shares this memory
        # Opaque colours are their own premultiplied form: the format Qt paints fastest.
        self.qimage = pg.functions.ndarray_to_qimage(self._pixels, QImage.Format.Format_ARGB32_Premultiplied)
        self._renderRequired = False
        self._unrenderable = False


# Layout gaps, in pixels.
_MARGIN = 6.0
_COL_GAP = 20.0
_BIAS_GAP = 4.0
_SECTION_GAP = 14.0
_LINE_GAP = 18.0
_SIDE_GAP = 32.0  # between the values and the gradients when side by side
_TITLE_PAD = 2.0


@dataclass(frozen=True)
class _Style:
    """How much the matrix titles say (plainer styles leave more room for the cells)."""

    name: str
    title_pt: float
    shapes: bool  # "W1 (2×3)" rather than "W1"
    bias_titles: bool  # "b1 (3)" over each bias row (else the row sits right under its W)
    norms: bool  # "dW1  ‖·‖=0.0339" rather than "dW1"
    gap: float = 1.0  # the gaps between matrices, relative to the full style's
    flag_names: bool = True  # a flagged title names its check ("W1  ⚠ vanishing"), else "W1  ⚠"


_STYLES = (
    _Style("full", TITLE_PT, True, True, True),
    _Style("compact", TITLE_PT, True, False, False),
    _Style("minimal", 11.5, False, False, False, 0.5),
    _Style("minimal", 11.5, False, False, False, 0.5, flag_names=False),  # (differs only when flagged)
)
_STYLE_GAIN = 1.15  # a plainer title style only for numbers (or cells) at least this much bigger
_LINES_GAIN = 1.04  # more lines, or less square cells, only for at least this much bigger
_KEEP_GAIN = 1.08  # on a resize, the current layout stays unless another is this much better
_NAMES_GAIN = 1.5  # flagged titles drop their checks' names (the sign stays) only for this much bigger
# Where numbers are printed, the bias rows keep their titles ("b1 (3)") unless a style without them
# has numbers this much bigger: a student reads a row of numbers under W1 and must see it is b1
# (the tutorial's panel, squeezed by a message bar, dropped them for numbers 13 % bigger)
_BIAS_GAIN = 1.3
_BIAS_MIN_PX = 16.0  # ...while their numbers stay this big (on a small screen the numbers come first)


def symmetric_envelope(previous: float, current: float, new_step: bool) -> float:
    """The next colour-scale half-width m from the previous one and the data's current max |x|.

    Grows immediately; on a new step shrinks by at most ``_DECAY`` but never stays above
    ``_RATIO`` × current; a zero/non-finite current maximum keeps the previous m (or 1.0).
    """
    if not (current > 1e-300) or not math.isfinite(current):
        return previous if previous > 0 and math.isfinite(previous) else 1.0
    if not (previous > 0) or not math.isfinite(previous):
        return current
    if not new_step:
        return max(previous, current)
    return max(current, min(previous * _DECAY, current * _RATIO))


_SHRINK_BELOW = 0.6  # a nice colour scale shrinks only when the data's envelope falls below this


def nice_scale(current: float, envelope: float) -> float:
    """A colour scale's half-width: the ``envelope`` of the data rounded up by :func:`nice_ceil`
    (at most 1e300), with hysteresis: it grows at once but stays at ``current`` until the
    envelope falls below ``_SHRINK_BELOW`` × ``current``.

    "±0.5" reads better than "±0.487", and the colour bars' labels (and what is drawn from them)
    change only now and then, not at every frame of a noisy run.
    """
    if not (envelope > 0) or not math.isfinite(envelope):
        return current if current > 0 else envelope
    nice = min(nice_ceil(envelope), _M_MAX)
    if nice < current and envelope >= _SHRINK_BELOW * current:
        return current
    return nice


def _finite_absmax(a: np.ndarray) -> float:
    with np.errstate(invalid="ignore"):
        m = np.max(np.abs(a), initial=0.0, where=np.isfinite(a))
    return float(m)


_TEMPLATES = {3: "−0.0339", 2: "−0.034"}  # the widest usual cell strings
_DARK_FROM = 0.62 ** (1.0 / _GAMMA)  # |x|/m above which a cell is dark enough for white text
# Opaque: Qt's raster engine draws a translucent line ~20x slower (0.25 ms per matrix here).
_GRID = QColor(236, 236, 236)
_GRID_PEN = QPen(_GRID, 1)
_WHITE = QColor("white")
_BLACK = QColor(TEXT_COLOR)


def text_size(cell_w: float, cell_h: float) -> tuple[float, int]:
    """The font pixel size and significant digits for numbers in cells of this size (pixels):
    3 digits when they fit at ``_THREE_DIGITS_PX`` or nearly as big as 2 would, else 2."""
    fit = min(_TEXT_H * cell_h, MAX_TEXT_PX * Look.zoom)  # zoomed numbers, in cells made bigger
    f3 = min(_TEXT_W * cell_w / _advance(_TEMPLATES[3]), fit)
    f2 = min(_TEXT_W * cell_w / _advance(_TEMPLATES[2]), fit)
    if f3 >= _THREE_DIGITS_PX or f3 >= 0.9 * f2:
        return f3, 3
    return f2, 2


def _text_score(cell_w: float, cell_h: float) -> float:
    """How good numbers in such cells are: their size, 3 digits worth 10 % more than 2."""
    px, digits = text_size(cell_w, cell_h)
    return px if digits == 3 else 0.9 * px


class _CellText(pg.GraphicsObject):
    """The values of one small matrix printed in its cells, painted in one go.

    (One painter item instead of a TextItem per cell: a pyqtgraph TextItem costs ~0.2 ms per
    ``setText`` plus its paint, so a 2→12→12→1 net would spend ~150 ms a frame on numbers.)
    The panel chooses one font size and number of digits for every matrix (:func:`text_size`
    of its cells); a matrix uses a smaller font only for an unusually long string, or while its
    cells are smaller on screen than the layout planned (between a resize and the relayout).
    Text is white on dark cells and black on light ones.
    """

    def __init__(self, rows: int, cols: int) -> None:
        super().__init__()
        self._rows, self._cols = rows, cols
        self._values = np.zeros((rows, cols))
        self._m = 1.0
        self._texts: list[list[str]] | None = None
        self._texts_digits = 3
        self._px = 12.0
        self._digits = 3
        self.painted_px = 0.0  # the font size of the last paint (0: no numbers drawn)

    def set_values(self, values: np.ndarray, m: float) -> None:
        self._values = values
        self._m = m
        self._texts = None
        self.update()

    def set_font_size(self, px: float, digits: int) -> None:
        if (px, digits) != (self._px, self._digits):
            self._px, self._digits = px, digits
            self.update()

    def texts(self, digits: int | None = None) -> list[list[str]]:
        """The strings for the cells, row by row (formatted on demand; by default with the
        number of significant digits the panel chose)."""
        digits = self._digits if digits is None else digits
        if self._texts is None or self._texts_digits != digits:
            self._texts = [[fmt_cell(float(v), digits) for v in row] for row in self._values]
            self._texts_digits = digits
        return self._texts

    def font_px(self, cell_w: float, cell_h: float) -> float:
        """The font size for cells of ``cell_w`` × ``cell_h`` pixels."""
        texts = self.texts()
        template = _TEMPLATES[self._digits]
        longest = max((s for row in texts for s in row), key=len)
        per_px = _advance(template)
        if len(longest) > len(template):
            per_px = max(per_px, _advance(longest))
        return min(self._px, _TEXT_W * cell_w / per_px, _TEXT_H * cell_h)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return QRectF(0, 0, self._cols, self._rows)

    def paint(self, p: QPainter, *args: object) -> None:
        # The painter's transform gives the cells' size on screen in logical pixels, whatever
        # the platform or device pixel ratio (the ratio is applied below the painter).
        t = p.transform()
        sx, sy = t.m11(), t.m22()
        cw, ch = abs(sx), abs(sy)
        self.painted_px = 0.0
        if cw < 4 or ch < 4:
            return
        ox, oy = t.dx(), t.dy()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # Thin light grid between the cells.
        x0, y0 = min(ox, ox + self._cols * sx), min(oy, oy + self._rows * sy)
        lines = [QLineF(ox + c * sx, y0, ox + c * sx, y0 + self._rows * ch) for c in range(1, self._cols)]
        lines += [QLineF(x0, oy + r * sy, x0 + self._cols * cw, oy + r * sy) for r in range(1, self._rows)]
        if lines:
            p.setPen(_GRID_PEN)
            p.drawLines(lines)
        px = self.font_px(cw, ch)
        if px >= MIN_TEXT_PX:
            texts = self.texts()
            font, fm = _sized_font(int(px))
            p.setFont(font)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            with np.errstate(invalid="ignore"):
                dark = np.abs(self._values) > _DARK_FROM * self._m
            base = (fm.ascent() - fm.descent()) / 2  # baseline offset that centres digits
            for r in range(self._rows):
                cy = y0 + (r + 0.5) * ch + base
                for c in range(self._cols):
                    p.setPen(_WHITE if dark[r, c] else _BLACK)
                    s = texts[r][c]
                    cx = x0 + (c + 0.5) * cw - fm.horizontalAdvance(s) / 2
                    p.drawText(QPointF(cx, cy), s)
            self.painted_px = float(int(px))
        p.restore()


def fmt_cell(v: float, digits: int = 3) -> str:
    """A cell's number in at most ~7 characters: ``digits`` significant digits in
    0.01 ≤ |v| < 1000, otherwise ``digits - 1`` with an exponent (−1.2e−5); true minus signs."""
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "−∞")
    a = abs(v)
    if a == 0 or 0.01 <= a < 1000:
        s = f"{v:.{digits}g}"
    else:
        mant, exp = f"{v:.{digits - 2}e}".split("e")
        s = f"{mant}e{int(exp)}"
    return s.replace("-", "−")


def _cell_font() -> QFont:
    f = QFont()
    f.setWeight(QFont.Weight.DemiBold)
    return f


_FONTS: dict[int, tuple[QFont, QFontMetricsF]] = {}


def _sized_font(px: int) -> tuple[QFont, QFontMetricsF]:
    """The cell font at ``px`` pixels and its metrics (cached: made once per size)."""
    if px not in _FONTS:
        f = _cell_font()
        f.setPixelSize(max(px, 1))
        _FONTS[px] = (f, QFontMetricsF(f))
    return _FONTS[px]


_ADVANCE: dict[str, float] = {}


def _advance(text: str) -> float:
    """Width of ``text`` per pixel of font size."""
    if text not in _ADVANCE:
        if len(_ADVANCE) > 256:
            _ADVANCE.clear()
        f = _cell_font()
        f.setPixelSize(100)
        _ADVANCE[text] = max(QFontMetricsF(f).horizontalAdvance(text), 1.0) / 100.0
    return _ADVANCE[text]


class _Caption(pg.LabelItem):
    """A colour bar's caption ("W", "dW"), right-aligned ``right_margin`` pixels short of its
    cell's right edge: clear of the half of the bar's first tick label that hangs out to its left."""

    right_margin = 0.0

    def set_right_margin(self, margin: float) -> None:
        self.right_margin = margin
        self.resizeEvent(None)

    def resizeEvent(self, ev: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(ev)
        self.item.moveBy(-self.right_margin, 0)


class _ColorBar(pg.ColorBarItem):
    """A compact horizontal colour bar for symmetric levels (−m, m).

    Its axis always runs over (−1, 1) with ticks at −1, 0, 1 labelled −m, 0, m: a new m changes
    nothing on screen (and costs nothing) unless the label's text changes.
    """

    def __init__(self) -> None:
        super().__init__(values=(-1.0, 1.0), colorMap=_CMAP, interactive=False, rounding=1e-300,
                         orientation="horizontal", width=16, colorMapMenu=False)
        self._labels: tuple[str, str] | None = None
        for name in ("left", "right", "top", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(pg.mkPen(TEXT_COLOR))
            axis.setTextPen(pg.mkPen(TEXT_COLOR))
        self.axis.setTickFont(projector_font(TICK_PT - 1))
        self.axis.setStyle(tickLength=5, tickTextOffset=2, hideOverlappingLabels=60)
        self.getAxis("top").setHeight(1)
        self.set_scale(1.0)

    def set_scale(self, m: float) -> None:
        self.values = self.lo_prv, self.hi_prv = (-m, m)  # what levels() reports
        labels = (fmt3(-m), fmt3(m))
        if labels != self._labels:
            self._labels = labels
            self.axis.setTicks([[(-1.0, labels[0]), (0.0, "0"), (1.0, labels[1])],
                                [(-0.5, ""), (0.5, "")]])


_READOUT_STYLE = ("QLabel {{ background: white; color: {color}; border: 1px solid #8a8a8a; "
                  "border-radius: 4px; padding: 3px 8px; }}")


@dataclass
class _Heat:
    """One heatmap: a value or gradient matrix and its decorations."""

    key: str  # "W1", "dW1", "b1", "db1"
    param: str  # "W1" / "b1": the ParamSnapshot it shows
    grad: bool
    bias: bool
    layer: int
    rows: int
    cols: int
    image: pg.ImageItem
    background: QGraphicsRectItem  # hatched: NaN cells are transparent and show it
    frame: QGraphicsRectItem
    title: QGraphicsSimpleTextItem
    text: _CellText | None
    title_text: str = ""  # what the title shows (cached: no Qt call per frame to compare)
    x: float = 0.0  # position in cell units (top-left)
    y: float = 0.0


_CHOSEN_KEPT = 64  # layouts chosen kept for the same inputs (see MatrixPanel._choose)


@dataclass
class _Layout:
    """One way to lay the matrices out, and the cell size (pixels) at which it fits."""

    style: _Style
    side: bool  # gradients to the right of the values (else below them)
    per_line: int  # layers per line
    lines: int
    ratio: float  # cell width / height
    cell_w: float
    cell_h: float
    score: float  # the numbers' font size (nets that print them) or the cell size


class MatrixPanel(i18n.Retranslating, QWidget):
    """Heatmaps of every parameter (W1, b1, …) and its gradient (dW1, db1, …) after a step.

    With a ``run_model``, a double-click on a W or b cell edits it (see
    :mod:`playground.views.cell_editor`; ``editor`` is the :class:`CellEditor`)."""

    def __init__(self, run_model: RunModel | None = None, parent: QWidget | None = None) -> None:
        """``run_model``: the run this view follows (None: shown by hand, as in tests)."""
        super().__init__(parent)
        self.setObjectName("matrixPanel")
        if run_model is not None:
            run_model.follow_shown(self.show_snapshot, late=True)  # the step shown (newest or looked back at)
        self._signature: tuple[tuple[str, tuple[int, ...]], ...] | None = None
        self._heats: dict[str, _Heat] = {}
        self._params: dict[str, ParamSnapshot] = {}
        self._layers: list[int] = []
        self._m_values = 0.0  # the colour scales' half-widths (nice values)...
        self._m_grads = 0.0
        self._env_values = 0.0  # ...rounded up from these envelopes of the data
        self._env_grads = 0.0
        self._step: int | None = None
        self._separators: list[QGraphicsLineItem] = []
        self._layout: _Layout | None = None
        self._chosen: dict[tuple, _Layout] = {}  # (see _choose)
        self._arrangement: tuple[str, int] = ("stacked", 1)
        self._text_size: tuple[float, int] = (0.0, 3)
        self._diverged = False
        self._flags: tuple[tuple[str, int], ...] = ()  # the checks that hold, per layer (flagged titles)
        self._pointer_in = False  # the pointer is over the heatmaps
        self._hover: tuple[float, float] | None = None  # the cell under the pointer (view units)
        self._hover_text: str | None = None
        self._note: str | None = None  # why a cell cannot be edited (shown until the pointer moves on)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setObjectName("matrixGraphics")
        ci = self.graphics.ci
        ci.setContentsMargins(2, 2, 2, 2)
        ci.layout.setVerticalSpacing(0)
        self.view: pg.ViewBox = self.graphics.addViewBox(row=0, col=0)
        self.view.invertY(True)  # row 0 at the top, as a matrix is written
        self.view.setMouseEnabled(x=False, y=False)
        self.view.setMenuEnabled(False)
        self.view.disableAutoRange()

        # One compact row under the matrices: "weights ▬▬▬   gradients ▬▬▬".
        bars = ci.addLayout(row=1, col=0)
        bars.setContentsMargins(8, 0, 40, 0)  # the last tick label hangs past the bar's end
        bars.layout.setHorizontalSpacing(6)
        self.weight_colorbar = _ColorBar()
        self.grad_colorbar = _ColorBar()
        self._bar_captions: list[_Caption] = []
        self._short_captions: bool | None = None  # "W" / "dW" in a narrow panel
        for i, cb in enumerate((self.weight_colorbar, self.grad_colorbar)):
            label = _Caption("", size=css_size(LABEL_PT), color=TEXT_COLOR, justify="right")
            self._bar_captions.append(label)
            bars.addItem(label, row=0, col=2 * i)
            bars.addItem(cb, row=0, col=2 * i + 1)
            bars.layout.setColumnStretchFactor(2 * i + 1, 1)
            cb.setMaximumWidth(340)
        bars.setMaximumHeight(self.weight_colorbar.minimumHeight() + 2)
        self._bars = bars
        self._fit_bar_captions()
        ci.layout.setRowStretchFactor(0, 100)

        self._highlights = []
        for _ in range(2):
            h = QGraphicsRectItem()
            pen = QPen(QColor("#111111"), 3)
            pen.setCosmetic(True)
            h.setPen(pen)
            h.setBrush(Qt.BrushStyle.NoBrush)
            h.setZValue(30)
            h.hide()
            self.view.addItem(h, ignoreBounds=True)
            self._highlights.append(h)

        self._set_hints()
        # The read-out floats over the colour bars (or over the top of the panel when the cell
        # pointed at is down there) and shows only while it has something to say.
        self.hover_label = QLabel(self._placeholder, self)
        self.hover_label.setObjectName("matrixHoverLabel")
        self.hover_label.setFont(projector_font(LABEL_PT))
        self.hover_label.setWordWrap(True)
        self.hover_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hover_label.setStyleSheet(_READOUT_STYLE.format(color=TEXT_COLOR))
        self.hover_label.hide()

        # Zoomed in, the matrices may need more room than the panel has: it scrolls then
        # (the numbers keep the size the zoom asks for instead of shrinking to fit).
        self.scroll = QScrollArea()
        self.scroll.setObjectName("matrixScroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.graphics)
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_overlay)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        self.setMinimumSize(320, 160)  # (it scrolls; a zoomed window must fit a 720-high screen)

        self.view.sigResized.connect(self._relayout)
        self.graphics.viewport().installEventFilter(self)
        self._mouse_proxy = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30,
                                           slot=self._on_mouse_moved)
        self.editor = CellEditor(self, run_model) if run_model is not None else None
        self._follow_language()

    # ------------------------------------------------------------------ public API
    def image_items(self) -> dict[str, pg.ImageItem]:
        """name -> ImageItem: "W1", "b1", …, "dW1", "db1", … (a bias is a 1×n row image)."""
        return {k: h.image for k, h in self._heats.items()}

    def cell_texts(self) -> dict[str, list[list[str]]]:
        """name -> the numbers printed in its cells, for the matrices small enough to have them."""
        return {k: h.text.texts() for k, h in self._heats.items() if h.text is not None}

    def cell_text_px(self) -> float:
        """The font size (pixels) of the numbers in the cells at the current layout; 0 if none."""
        if self._layout is None or not any(h.text is not None for h in self._heats.values()):
            return 0.0
        cw, ch = self._layout.cell_w, self._layout.cell_h
        return min((h.text.font_px(cw, ch) for h in self._heats.values() if h.text is not None),
                   default=0.0)

    def layout_info(self) -> dict[str, object]:
        """How the matrices are laid out: title style, arrangement, layers per line, cell size
        (pixels, width × height), and the numbers' font size (pixels) and significant digits."""
        lay = self._layout
        if lay is None:
            return {}
        return {"style": lay.style.name, "arrangement": self._arrangement[0],
                "per_line": lay.per_line, "cell": (lay.cell_w, lay.cell_h),
                "text_px": self.cell_text_px(), "digits": self._text_size[1]}

    def titles(self) -> dict[str, str]:
        return {k: h.title.text() for k, h in self._heats.items()}

    def levels(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The shared (low, high) levels of the value heatmaps and of the gradient heatmaps."""
        return (-self._m_values, self._m_values), (-self._m_grads, self._m_grads)

    def clear(self) -> None:
        """Remove every heatmap (the next snapshot builds them again)."""
        for h in self._heats.values():
            for item in (h.image, h.background, h.frame, h.title, h.text):
                if item is not None:
                    self.view.removeItem(item)
        self._heats.clear()
        self._params.clear()
        for item in self._separators:
            self.view.removeItem(item)
        self._separators = []
        self._signature = None
        self._layout = None
        self._chosen.clear()
        self.graphics.setMinimumSize(0, 0)
        self._m_values = self._m_grads = self._env_values = self._env_grads = 0.0
        self._step = None
        self._diverged = False
        self._hover = None
        self._hover_text = None
        self._note = None
        if self.editor is not None:
            self.editor.close()
        for h in self._highlights:
            h.hide()
        self._update_overlay()

    def show_note(self, text: str) -> None:
        """Say ``text`` (why a cell cannot be edited) in the read-out, in red, until the pointer
        moves to another cell."""
        self._note = text
        self._update_overlay()

    @property
    def note(self) -> str | None:
        return self._note

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw ``snapshot``'s parameters and gradients (O(cells); rebuilds only on a new shape)."""
        signature = tuple((p.name, tuple(p.data.shape)) for p in snapshot.params)
        if signature != self._signature:
            self.clear()
            self._params = {p.name: p for p in snapshot.params}
            self._build(snapshot.params)
            self._signature = signature
        new_step = self._step is None or snapshot.step != self._step
        if self._step is not None and snapshot.step < self._step:  # a reset: forget the envelope
            self._m_values = self._m_grads = self._env_values = self._env_grads = 0.0
        self._step = snapshot.step
        self._params = {p.name: p for p in snapshot.params}
        if snapshot.flags != self._flags:
            self._flags = snapshot.flags
            self._show_flags()

        vmax = max((_finite_absmax(p.data) for p in snapshot.params), default=0.0)
        gmax = max((_finite_absmax(p.grad) for p in snapshot.params), default=0.0)
        # Capped so that 2·m cannot overflow in a diverged run.
        self._env_values = min(symmetric_envelope(self._env_values, vmax, new_step), _M_MAX)
        self._env_grads = min(symmetric_envelope(self._env_grads, gmax, new_step), _M_MAX)
        self._m_values = nice_scale(self._m_values, self._env_values)
        self._m_grads = nice_scale(self._m_grads, self._env_grads)
        wl = (-self._m_values, self._m_values)
        gl = (-self._m_grads, self._m_grads)

        norms = self._layout is not None and self._layout.style.norms
        for p in snapshot.params:
            for grad in (False, True):
                h = self._heats[("d" if grad else "") + p.name]
                raw = p.grad if grad else p.data
                img = raw if raw.ndim == 2 else raw.reshape(1, -1)
                h.image.setImage(img, autoLevels=False, levels=gl if grad else wl)
                # The hatched background (shown through NaN cells) is painted only when needed.
                finite = bool(np.isfinite(img).all())
                if h.background.isVisible() == finite:
                    h.background.setVisible(not finite)
                if grad and norms:
                    self._set_title(h, self._title(h, self._layout.style))
                if h.text is not None:
                    h.text.set_values(img, self._m_grads if grad else self._m_values)
        self.weight_colorbar.set_scale(self._m_values)
        self.grad_colorbar.set_scale(self._m_grads)
        self._diverged = bool(snapshot.diverged)
        if self._hover is not None:
            self._hover_text = self._describe(*self._hover)  # the new values under the pointer
        self._update_overlay()

    # ------------------------------------------------------------------ building
    def _build(self, params: tuple[ParamSnapshot, ...]) -> None:
        self._layers = sorted({p.layer for p in params})
        # Numbers in every cell, or in none (a few numbers on a big net only clutter it).
        numbers = all(max(p.data.shape) <= TEXT_MAX_DIM for p in params)
        for p in params:
            shape = p.data.shape if p.data.ndim == 2 else (1, p.data.size)
            rows, cols = int(shape[0]), int(shape[1])
            for grad in (False, True):
                key = ("d" if grad else "") + p.name
                image = _Image(axisOrder="row-major")
                # An image of the right shape before setRect (which needs the image's size).
                image.setImage(np.zeros((rows, cols)), autoLevels=False, levels=(-1.0, 1.0))
                image.setLookupTable(_LUT)
                image.setZValue(0)
                background = QGraphicsRectItem()
                background.setPen(QPen(Qt.PenStyle.NoPen))
                background.setBrush(QBrush(QColor(120, 120, 120), Qt.BrushStyle.BDiagPattern))
                background.setZValue(-1)
                background.hide()
                frame = QGraphicsRectItem()
                pen = QPen(QColor("#8a8a8a"), 1)
                pen.setCosmetic(True)
                frame.setPen(pen)
                frame.setBrush(Qt.BrushStyle.NoBrush)
                frame.setZValue(2)
                title = QGraphicsSimpleTextItem()
                title.setBrush(QColor(TEXT_COLOR))
                title.setFlag(QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations)
                cell_text = _CellText(rows, cols) if numbers else None
                for item in (background, image, frame, title, cell_text):
                    if item is not None:
                        self.view.addItem(item)
                if cell_text is not None:
                    cell_text.setZValue(1)
                h = _Heat(key, p.name, grad, p.kind == "bias" or p.data.ndim == 1, p.layer, rows,
                          cols, image, background, frame, title, cell_text)
                self._set_title(h, self._title(h, _STYLES[0]))
                self._heats[key] = h
        self._relayout()
        self._paint_flags()

    def _set_hints(self) -> None:
        self._placeholder = self.tr("Run a step to see the weights and their gradients.")
        self._hint = self.tr("Point at a cell for its exact value · double-click a W or b cell to change "
                             "it · rows: inputs, columns: units · blue < 0 < red")
        self._diverged_hint = self.tr("Run diverged: hatched cells are NaN (not a number), ∞ saturates "
                                      "the colour")

    def restyle(self) -> None:
        """Fonts again, for a new zoom (the numbers in the cells grow, and the cells with them)."""
        for cb in (self.weight_colorbar, self.grad_colorbar):
            cb.axis.setTickFont(projector_font(TICK_PT - 1))
        row = max(QFontMetricsF(projector_font(LABEL_PT)).height(),
                  QFontMetricsF(projector_font(TICK_PT - 1)).height() + 16 + 8)
        self._bars.setMaximumHeight(max(self.weight_colorbar.minimumHeight() + 2, row))
        self._bars.setMinimumHeight(row if Look.zoom > 1 else 0)
        for label in self._bar_captions:
            label.opts["size"] = css_size(LABEL_PT)
        self.hover_label.setFont(projector_font(LABEL_PT))
        self._layout = None
        self.retranslate()
        self._relayout()
        self._paint_flags()  # (the theme's flag colour)

    def retranslate(self) -> None:
        """The hints, the colour-bar captions and the flags in the current language."""
        self._set_hints()
        if self._flags:
            self._show_flags()
        retranslate_scene(self.graphics)
        if self.editor is not None:
            self.editor.retranslate()
        self._hover_text = None
        self._short_captions = None
        self._fit_bar_captions()
        self._update_overlay()

    def _title(self, h: _Heat, style: _Style, sample: bool = False) -> str:
        """``h``'s title in ``style`` (``sample``: the widest a gradient title gets), flagged
        while a health check holds for its layer."""
        flag = flag_label(checks_of(self._flags, h.layer), short=h.bias or not style.flag_names)
        plain = self._plain_title(h, style, sample)
        return f"{flag} {plain}" if h.bias and flag else f"{plain}  {flag}" if flag else plain

    def _plain_title(self, h: _Heat, style: _Style, sample: bool) -> str:
        if h.grad:
            name = "d" + h.param
            if not style.norms:
                return name
            if sample:
                return f"{name}  ‖·‖=8.88e−88"
            p = self._params.get(h.param)
            return f"{name}  ‖·‖={fmt3(p.grad_norm) if p is not None else '…'}"
        if not style.shapes:
            return h.param
        return f"{h.param} ({h.cols})" if h.bias else f"{h.param} ({h.rows}×{h.cols})"

    def flagged_titles(self) -> dict[str, str]:
        """The titles that are flagged now (name -> title), e.g. {"W1": "W1 (2×8)  ⚠ vanishing"}."""
        return {k: h.title.text() for k, h in self._heats.items() if checks_of(self._flags, h.layer)}

    def _show_flags(self) -> None:
        """The flags changed: titles again (a flag widens them, so the layout is chosen again)."""
        self._layout = None
        self._relayout()
        self._paint_flags()

    def _paint_flags(self) -> None:
        """A flagged layer's titles and frames in the flag colour, with a tooltip saying what
        holds; the others as usual."""
        for h in self._heats.values():
            checks = checks_of(self._flags, h.layer)
            color = QColor(flag_color() if checks else TEXT_COLOR)
            h.title.setBrush(color)
            h.title.setToolTip(flag_tooltip(checks, h.layer))
            pen = QPen(color if checks else QColor("#8a8a8a"), 2 if checks else 1)
            pen.setCosmetic(True)
            h.frame.setPen(pen)

    @staticmethod
    def _set_title(h: _Heat, text: str) -> None:
        if text != h.title_text:
            h.title_text = text
            h.title.setText(text)

    # ------------------------------------------------------------------ layout
    def _columns(self, style: _Style) -> list[dict]:
        """Per layer: its heatmaps and the pixel widths their titles need (values, gradients)."""
        fm = QFontMetricsF(projector_font(style.title_pt, bold=True))
        cols = []
        for layer in self._layers:
            hs = [h for h in self._heats.values() if h.layer == layer]
            w = next(h for h in hs if not h.grad and not h.bias)
            dw = self._heats["d" + w.param]
            b = next((h for h in hs if not h.grad and h.bias), None)
            values = [w] + ([b] if b is not None and style.bias_titles else [])
            grads = [dw] + ([self._heats["d" + b.param]] if b is not None and style.bias_titles else [])
            tv = max(fm.horizontalAdvance(self._title(h, style, sample=True)) for h in values)
            tg = max(fm.horizontalAdvance(self._title(h, style, sample=True)) for h in grads)
            cols.append({"layer": layer, "w": w.param, "b": b.param if b else None, "rows": w.rows,
                         "cols": w.cols, "tv": tv + 2, "tg": tg + 2})
        return cols

    @staticmethod
    def _plan(columns: list[dict], side: bool, per_line: int, cw: float, ch: float, title_h: float,
              bias_titles: bool, gap: float = 1.0
              ) -> tuple[float, float, list[tuple[dict, float, float, float, float]], list[QRectF]]:
        """Place the layer ``columns`` with cells of ``cw`` × ``ch`` px, ``per_line`` layers per
        line, with the gradients below the values (``side`` False) or to their right.

        Returns the width and height in px, each column's (column, x, y) for its values and its
        gradients, and the separators to draw (px rectangles of zero width)."""
        col_gap, side_gap = _COL_GAP * gap, _SIDE_GAP * gap
        section_gap, line_gap = _SECTION_GAP * gap, _LINE_GAP * gap
        lines = [columns[i:i + per_line] for i in range(0, len(columns), per_line)]
        placed = []
        separators = []
        width = 0.0
        y = _MARGIN
        for line in lines:
            section = 0.0
            for col in line:
                h = title_h + col["rows"] * ch
                if col["b"] is not None:
                    h += _BIAS_GAP + (title_h if bias_titles else 0.0) + ch
                section = max(section, h)
            if side:
                x = _MARGIN
                xv = []
                for col in line:
                    xv.append(x)
                    x += max(col["cols"] * cw, col["tv"]) + col_gap
                values_w = x - col_gap
                x = values_w + side_gap
                xg = []
                for col in line:
                    xg.append(x)
                    x += max(col["cols"] * cw, col["tg"]) + col_gap
                separators.append(QRectF(values_w + side_gap / 2, y, 0, section))
                placed += [(col, a, y, b, y) for col, a, b in zip(line, xv, xg)]
                width = max(width, x - col_gap + _MARGIN)
                y += section + line_gap
            else:
                x = _MARGIN
                for col in line:
                    placed.append((col, x, y, x, y + section + section_gap))
                    x += max(col["cols"] * cw, col["tv"], col["tg"]) + col_gap
                width = max(width, x - col_gap + _MARGIN)
                y += 2 * section + section_gap + line_gap
        return width, y - line_gap + _MARGIN, placed, separators

    def _fit(self, columns: list[dict], side: bool, per_line: int, ratio: float, title_h: float,
             style: _Style, avail_w: float, avail_h: float, max_h: float) -> float:
        """The biggest cell height (px; width = ``ratio`` × height) with which it fits the view."""
        def fits(ch: float) -> bool:
            w, h, _, _ = self._plan(columns, side, per_line, ratio * ch, ch, title_h, style.bias_titles,
                                    style.gap)
            return w <= avail_w and h <= avail_h

        if fits(max_h):
            return max_h
        lo, hi = 0.005, max_h  # (a 2000 × 2000 matrix needs cells far under a pixel)
        for _ in range(24):
            mid = (lo + hi) / 2
            if fits(mid):
                lo = mid
            else:
                hi = mid
        return lo

    def _arrangements(self) -> list[tuple[int, bool, int]]:
        """(lines, side, per_line) of every way to arrange the layers worth trying."""
        n = len(self._layers)
        out = []
        for per_line in range(n, 0, -1):
            lines = -(-n // per_line)
            if per_line > 1 and -(-n // (per_line - 1)) == lines:
                continue  # the same number of lines with a more even split comes next
            out += [(lines, False, per_line), (lines, True, per_line)]
        return out

    def zoomed_text_px(self) -> float:
        """The numbers' font size (pixels) the zoom asks for; 0 when it asks for none (zoom ≤ 100 %
        or no numbers printed): then the matrices simply fill the panel."""
        if Look.zoom <= 1.0 or not any(h.text is not None for h in self._heats.values()):
            return 0.0
        return ZOOMED_TEXT_PX * Look.zoom

    def _room_for_zoomed_numbers(self) -> None:
        """Make the matrices' area as big as numbers of :meth:`zoomed_text_px` need (the panel
        scrolls then; across only if even the narrowest arrangement is too wide)."""
        px = self.zoomed_text_px()
        need_w = need_h = 0
        if px > 0:
            extra_w = self.graphics.width() - self.view.width()
            extra_h = self.graphics.height() - self.view.height()
            full = self.scroll.contentsRect()
            ch = _ROOM_MARGIN * px / _TEXT_H  # (a margin: the layout prefers richer titles, fewer lines)
            cw = max(ch, _ROOM_MARGIN * px * _advance(_TEMPLATES[3]) / _TEXT_W)
            plans = []  # per style, richest first: (width, height) of each arrangement
            for style in _STYLES:
                title_h = QFontMetricsF(projector_font(style.title_pt, bold=True)).height() + _TITLE_PAD
                columns = self._columns(style)
                plans.append([(w + extra_w, h + extra_h) for w, h, _, _ in (
                    self._plan(columns, side, per_line, cw, ch, title_h, style.bias_titles, style.gap)
                    for _, side, per_line in self._arrangements())])
            if min(h for style in plans for _, h in style) > full.height():  # scrolls: the bar takes width
                avail_w = full.width() - self.scroll.verticalScrollBar().sizeHint().width()
            else:
                avail_w = full.width()
            # The richest titles that fit across, in the least height; else the narrowest plan.
            fitting = next(([p for p in style if p[0] <= avail_w] for style in plans
                            if any(p[0] <= avail_w for p in style)), [])
            w, h = min(fitting, key=lambda p: p[1]) if fitting else min(p for style in plans for p in style)
            need_w = math.ceil(w) if w > avail_w else 0
            need_h = math.ceil(h) if h > full.height() else 0
        if (self.graphics.minimumWidth(), self.graphics.minimumHeight()) != (need_w, need_h):
            self.graphics.setMinimumSize(need_w, need_h)

    def _choose(self, avail_w: float, avail_h: float) -> _Layout:
        """The layout with the biggest numbers (or cells), preferring richer titles, fewer lines
        and squarer cells unless they cost clearly smaller ones."""
        text = any(h.text is not None for h in self._heats.values())
        old = self._layout
        columns_by_style = [self._columns(style) for style in _STYLES]
        # The search below takes ~80 ms for a deep net; flags coming and going while training
        # ask for it again and again with the same few inputs, so its answers are kept.
        key = (avail_w, avail_h, text, Look.zoom,
               None if old is None else (old.style, old.side, old.per_line, old.ratio),
               tuple(tuple((c["rows"], c["cols"], c["tv"], c["tg"], c["b"] is None) for c in cols)
                     for cols in columns_by_style))
        if key in self._chosen:
            return self._chosen[key]
        if len(self._chosen) >= _CHOSEN_KEPT:
            self._chosen.clear()
        chosen = self._chosen[key] = self._search(avail_w, avail_h, text, old, columns_by_style)
        return chosen

    def _search(self, avail_w: float, avail_h: float, text: bool, old: _Layout | None,
                columns_by_style: list[list[dict]]) -> _Layout:
        ratios = _RATIOS if text else (1.0,)
        arrangements = self._arrangements()
        best: list[_Layout] = []
        previous: _Layout | None = None
        for style, columns in zip(_STYLES, columns_by_style):
            title_h = QFontMetricsF(projector_font(style.title_pt, bold=True)).height() + _TITLE_PAD
            candidates = []
            for lines, side, per_line in arrangements:
                for ratio in ratios:
                    max_h = (Look.zoom * min(MAX_TEXT_CELL[1], MAX_TEXT_CELL[0] / ratio) if text
                             else MAX_CELL_PX)
                    ch = self._fit(columns, side, per_line, ratio, title_h, style, avail_w, avail_h,
                                   max_h)
                    cw = ratio * ch
                    score = _text_score(cw, ch) if text else ch
                    candidates.append(_Layout(style, side, per_line, lines, ratio, cw, ch, score))
                    if old is not None and (old.style, old.side, old.per_line, old.ratio) == (
                            style, side, per_line, ratio):
                        previous = candidates[-1]
            top = max(c.score for c in candidates)
            good = [c for c in candidates if c.score * _LINES_GAIN >= top]
            best.append(min(good, key=lambda c: (c.lines, c.side, c.ratio, -c.score)))
        named = [c for c in best if c.style.flag_names]
        top = max(c.score for c in named)
        chosen = plain = next(c for c in named if c.score * _STYLE_GAIN >= top)
        titled = [c for c in named if c.style.bias_titles]
        biases = any(h.bias for h in self._heats.values())
        if (text and biases and not chosen.style.bias_titles and titled
                and titled[0].score * _BIAS_GAIN >= chosen.score and titled[0].score >= _BIAS_MIN_PX):
            chosen = titled[0]
        bare = best[-1]  # flagged titles without the checks' names: only for much bigger cells
        if bare.score > plain.score * _NAMES_GAIN:  # (against the choice before the bias titles')
            chosen = bare
        if (previous is not None and previous.score * _KEEP_GAIN >= chosen.score
                and _STYLES.index(previous.style) <= _STYLES.index(chosen.style)):
            # No jumping between two near-equal layouts as the panel resizes; but a plainer style
            # (no bias titles, no norms) is never kept once the richer one fits again.
            return previous
        return chosen

    def _relayout(self) -> None:
        if not self._heats:
            self.graphics.setMinimumSize(0, 0)
            return
        self._room_for_zoomed_numbers()
        avail_w = max(self.view.width(), 50.0)
        avail_h = max(self.view.height(), 50.0)
        lay = self._choose(avail_w, avail_h)
        self._layout = lay
        style = lay.style
        cw, ch = lay.cell_w, lay.cell_h
        title_font = projector_font(style.title_pt, bold=True)
        title_h = QFontMetricsF(title_font).height() + _TITLE_PAD
        for h in self._heats.values():
            if h.title.font() != title_font:
                h.title.setFont(title_font)
            self._set_title(h, self._title(h, style))
            h.title.setVisible(style.bias_titles or not h.bias)
        self._arrangement = ("side by side" if lay.side else "stacked", lay.per_line)
        self._text_size = text_size(cw, ch)
        for h in self._heats.values():
            if h.text is not None:
                h.text.set_font_size(*self._text_size)

        columns = self._columns(style)
        width, height, placed, separators = self._plan(columns, lay.side, lay.per_line, cw, ch, title_h,
                                                       style.bias_titles, style.gap)
        ox = max(0.0, (avail_w - width) / 2)
        oy = max(0.0, (avail_h - height) / 2)
        for col, xv, yv, xg, yg in placed:
            for grad, x0, y0 in ((False, xv, yv), (True, xg, yg)):
                prefix = "d" if grad else ""
                w = self._heats[prefix + col["w"]]
                self._place(w, ox + x0, oy + y0, oy + y0 + title_h, cw, ch)
                if col["b"] is not None:
                    b = self._heats[prefix + col["b"]]
                    yb = oy + y0 + title_h + w.rows * ch + _BIAS_GAP
                    self._place(b, ox + x0, yb, yb + (title_h if style.bias_titles else 0.0), cw, ch)
        for item in self._separators:
            self.view.removeItem(item)
        self._separators = []
        for r in separators:
            x = (ox + r.x()) / cw
            line = QGraphicsLineItem(x, (oy + r.y()) / ch, x, (oy + r.y() + r.height()) / ch)
            pen = QPen(QColor("#b0b0b0"), 2)
            pen.setCosmetic(True)
            line.setPen(pen)
            self.view.addItem(line, ignoreBounds=True)
            self._separators.append(line)
        # One view unit is one cell: cw px across, ch px down.
        self.view.setRange(QRectF(0, 0, avail_w / cw, avail_h / ch), padding=0)
        self._hover = None
        self._hover_text = None
        for hl in self._highlights:
            hl.hide()
        self._update_overlay()

    @staticmethod
    def _place(h: _Heat, x_px: float, title_y: float, cells_y: float, cw: float, ch: float) -> None:
        h.x, h.y = x_px / cw, cells_y / ch
        rect = QRectF(h.x, h.y, h.cols, h.rows)
        h.image.setRect(rect)
        h.background.setRect(rect)
        h.frame.setRect(rect)
        h.title.setPos(x_px / cw, title_y / ch)
        if h.text is not None:
            h.text.setPos(h.x, h.y)

    # ------------------------------------------------------------------ hover and read-out
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.MouseButtonDblClick and self.editor is not None:
            return self.editor.double_clicked(event)
        if event.type() == QEvent.Type.Leave and obj is self.graphics.viewport():
            self._pointer_in = False
            self._hover = None
            self._hover_text = None
            self._note = None
            for hl in self._highlights:
                hl.hide()
            self._update_overlay()
        return False

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_bar_captions()
        self._update_overlay()

    def _fit_bar_captions(self) -> None:
        """"weights ▬▬ gradients ▬▬", or "W ▬▬ dW ▬▬" when the full words would leave each colour
        bar too short for its three tick labels."""
        fm = QFontMetricsF(projector_font(LABEL_PT))
        tick = QFontMetricsF(projector_font(TICK_PT - 1)).horizontalAdvance("−0.0005") * 2.0
        words = (self.tr("weights"), self.tr("gradients"))
        full = 8 + fm.horizontalAdvance(words[0]) + fm.horizontalAdvance(words[1]) + 36 + 2 * tick + 40
        short = self.width() < full
        if short == self._short_captions:
            return
        self._short_captions = short
        names = ("W", "dW") if short else words
        for label, name in zip(self._bar_captions, names):
            label.setText(name)
        # Each caption right-aligned, clear of the half of the bar's first tick label that hangs
        # out to its left.
        half_tick = QFontMetricsF(projector_font(TICK_PT - 1)).horizontalAdvance("−0.04") / 2
        for label in self._bar_captions:
            label.set_right_margin(half_tick + 6)
        self._bars.layout.setColumnMinimumWidth(0, fm.horizontalAdvance(names[0]) + half_tick + 6)
        # the second caption after a gap, clear of the first bar's last tick label too
        gap = fm.horizontalAdvance(names[1]) + (18 if short else 36) + 2 * half_tick + 6
        self._bars.layout.setColumnMinimumWidth(2, gap)

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        pos = event[0]
        if not self._heats:
            return
        if not self.view.sceneBoundingRect().contains(pos):
            self._pointer_in = False
            self.hover_at(math.nan, math.nan)
            return
        self._pointer_in = True
        p = self.view.mapSceneToView(pos)
        self.hover_at(p.x(), p.y())

    def _cell_at(self, x: float, y: float) -> tuple[_Heat, int, int] | None:
        for h in self._heats.values():
            if h.x <= x < h.x + h.cols and h.y <= y < h.y + h.rows:
                return h, int(y - h.y), int(x - h.x)
        return None

    def _describe(self, x: float, y: float) -> str | None:
        found = self._cell_at(x, y)
        if found is None:
            return None
        h, r, c = found
        param = self._params.get(h.param)
        if param is None:
            return None
        bias = param.data.ndim == 1
        idx = f"[{c}]" if bias else f"[{r},{c}]"
        value = float(param.data.reshape(h.rows, h.cols)[r, c])
        grad = float(param.grad.reshape(h.rows, h.cols)[r, c])
        if bias:
            where = self.tr("bias of unit {unit} in layer {layer}").format(unit=c, layer=h.layer)
        else:
            src = (self.tr("input {row}").format(row=r) if h.layer == 1
                   else self.tr("unit {row} of layer {layer}").format(row=r, layer=h.layer - 1))
            where = self.tr("{source} → unit {unit} of layer {layer}").format(source=src, unit=c,
                                                                              layer=h.layer)
        return f"{h.param}{idx} = {value:.9g}  ·  d{h.param}{idx} = {grad:.9g}  ·  {where}"

    def hover_at(self, x: float, y: float) -> str | None:
        """Describe the cell at view coordinates (x, y) in the read-out; None if not on a cell."""
        found = self._cell_at(x, y)
        text = self._describe(x, y) if found is not None else None
        if text is None:
            self._hover = None
            self._hover_text = None
            self._note = None
            for hl in self._highlights:
                hl.hide()
            self._update_overlay()
            return None
        h, r, c = found
        before = None if self._hover is None else self._cell_at(*self._hover)
        if before is not None and (before[0].key, before[1], before[2]) != (h.key, r, c):
            self._note = None  # on to another cell
        self._hover = (x, y)
        self._hover_text = text
        for hl, key in zip(self._highlights, (h.param, "d" + h.param)):
            other = self._heats[key]
            hl.setRect(QRectF(other.x + c, other.y + r, 1, 1))
            hl.show()
        self._update_overlay()
        return text

    def _update_overlay(self) -> None:
        """Show the read-out, the hint, the divergence note or the placeholder (or nothing)."""
        label = self.hover_label
        note = bool(self._heats) and self._note is not None
        if note != label.property("note"):
            label.setProperty("note", note)
            label.setStyleSheet(_READOUT_STYLE.format(color=REFUSED_COLOR if note else TEXT_COLOR))
        if not self._heats:
            text = self._placeholder
        elif self._note is not None:
            text = self._note
        elif self._hover_text is not None:
            text = self._hover_text
        elif self._pointer_in:
            text = self._hint
        elif self._diverged:
            text = self._diverged_hint
        else:
            text = None
        if text is None:
            if label.text() != self._hint:
                label.setText(self._hint)
            if label.isVisible():
                label.hide()
            return
        if label.text() != text:
            label.setText(text)
        margin = 6
        avail = max(self.width() - 2 * margin, 50)
        width = avail if note else min(avail, label.fontMetrics().horizontalAdvance(text) + 24)
        height = label.heightForWidth(width)
        if height <= 0:
            height = label.sizeHint().height()
        x = (self.width() - width) // 2
        y = self.height() - height - margin
        if self._heats:  # over the colour bars: cover the whole row, tick labels included
            y = min(self._bars_top(), self.height() - height)
            height = self.height() - y
        if not self._heats:
            y = (self.height() - height) // 2
        elif self._hover is not None and self._hover_bottom() > y - 4:
            y = margin  # the cell pointed at is down there: read out at the top instead
        label.setGeometry(int(x), int(y), int(width), int(height))
        if not label.isVisible():
            label.show()
            label.raise_()

    def _bars_top(self) -> int:
        """The panel y (pixels) of the top of the colour bars' row."""
        top = self._bars.sceneBoundingRect().top()
        return int(self.graphics.mapTo(self, self.graphics.mapFromScene(QPointF(0.0, top))).y())

    def _hover_bottom(self) -> float:
        """The panel y (pixels) of the bottom of the highlighted cells."""
        bottom = 0.0
        for hl in self._highlights:
            if hl.isVisible():
                scene = self.view.mapViewToScene(hl.rect().bottomLeft())
                pt = self.graphics.mapFromScene(scene)
                bottom = max(bottom, float(self.graphics.mapTo(self, pt).y()))
        return bottom
