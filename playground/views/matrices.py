"""Every weight and gradient matrix as a heatmap, on one shared scale per kind.

All matrices live in ONE ViewBox, laid out in "cell" units so that every cell of every matrix
has the same on-screen size: a 2×3 matrix next to a 3×1 one reads as 6 cells next to 3. Each
layer is a column: W over b (values), then dW over db (gradients). When the net is deep the
layer columns wrap onto several lines, choosing the wrap that makes the cells biggest.

Colour: the diverging map CET-D1 (blue < 0 < red) with symmetric levels (−m, m). All value
heatmaps share one m, all gradient heatmaps share another, so a layer whose gradients vanish
looks blank next to a healthy one and an exploding one saturates. m follows the data with an
envelope (grows at once, shrinks by at most 10 % a step and never below a third of the data's
maximum) so colours do not flicker.

Items are created once per network shape; a frame only calls ``setImage``, updates titles and
hands new values to the cell-number painters (numbers are formatted lazily at paint time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.session import ParamSnapshot, Snapshot

from .loss_plot import LABEL_PT, TEXT_COLOR, TICK_PT, fmt3, projector_font

__all__ = ["MatrixPanel", "TEXT_MAX_DIM", "symmetric_envelope", "fmt_cell"]

TEXT_MAX_DIM = 12  # matrices with both dimensions at most this print their values in the cells
MAX_CELL_PX = 120.0  # a tiny net's cells never grow beyond this
MIN_TEXT_PX = 10.0  # numbers smaller than this (pixels) are not drawn
TITLE_PT = 13.0
_SMALLER_TITLES = (11.5, 10.0)  # tried in turn when titles would squeeze the cells below _MIN_CELL_PX
_MIN_CELL_PX = 8.0
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
_M_MAX = 1e300


class _Image(pg.ImageItem):
    """An ImageItem that renders a diverged run's huge values without overflow warnings."""

    def render(self, *args: object, **kwargs: object) -> None:
        with np.errstate(over="ignore", invalid="ignore"):
            super().render(*args, **kwargs)

# Layout gaps, in pixels.
_MARGIN = 10.0
_COL_GAP = 28.0
_BIAS_GAP = 4.0
_SECTION_GAP = 16.0
_LINE_GAP = 26.0
_SIDE_GAP = 44.0  # between the values and the gradients when side by side
_TITLE_PAD = 3.0


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


def _finite_absmax(a: np.ndarray) -> float:
    with np.errstate(invalid="ignore"):
        m = np.max(np.abs(a), initial=0.0, where=np.isfinite(a))
    return float(m)


class _CellText(pg.GraphicsObject):
    """The values of one small matrix printed in its cells, painted in one go.

    (One painter item instead of a TextItem per cell: a pyqtgraph TextItem costs ~0.2 ms per
    ``setText`` plus its paint, so a 2→12→12→1 net would spend ~150 ms a frame on numbers.)
    The font follows the on-screen cell size; below ``MIN_TEXT_PX`` nothing is drawn. Text is
    white on dark cells and black on light ones.
    """

    def __init__(self, rows: int, cols: int) -> None:
        super().__init__()
        self._rows, self._cols = rows, cols
        self._values = np.zeros((rows, cols))
        self._m = 1.0
        self._texts: list[list[str]] | None = None
        self._digits = 3

    def set_values(self, values: np.ndarray, m: float) -> None:
        self._values = values
        self._m = m
        self._texts = None
        self.update()

    def set_scale(self, m: float) -> None:
        if m != self._m:
            self._m = m
            self.update()

    def texts(self, digits: int = 3) -> list[list[str]]:
        """The strings for the cells, row by row (formatted on demand; ``digits`` 3 or 2)."""
        if self._texts is None or self._digits != digits:
            self._texts = [[fmt_cell(float(v), digits) for v in row] for row in self._values]
            self._digits = digits
        return self._texts

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return QRectF(0, 0, self._cols, self._rows)

    def paint(self, p: QPainter, *args: object) -> None:
        t = p.transform()
        sx, sy = t.m11(), t.m22()
        cw, ch = abs(sx), abs(sy)
        if cw < 12 or ch < 12:
            return
        ox, oy = t.dx(), t.dy()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        # Thin light grid between the cells.
        p.setPen(QPen(QColor(255, 255, 255, 170), 1))
        for c in range(1, self._cols):
            x = ox + c * sx
            p.drawLine(QPointF(x, oy), QPointF(x, oy + self._rows * sy))
        for r in range(1, self._rows):
            y = oy + r * sy
            p.drawLine(QPointF(ox, y), QPointF(ox + self._cols * sx, y))
        # One font size for every matrix (sized for the template), smaller only for a longer
        # string; 2 significant digits when 3 would need a font below _COMFORT_PX.
        for digits in (3, 2):
            texts = self.texts(digits)
            longest = max((s for row in texts for s in row), key=len)
            template = _TEMPLATES[digits]
            per_px = max(_advance(template), _advance(longest) if len(longest) > len(template) else 0.0)
            px = min(0.86 * cw / per_px, 0.40 * ch, 36.0)
            if px >= _COMFORT_PX:
                break
        font = _cell_font()
        if px >= MIN_TEXT_PX:
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            font.setPixelSize(max(int(px), 1))
            p.setFont(font)
            with np.errstate(invalid="ignore"):
                dark = np.abs(self._values) > _DARK_FROM * self._m
            black, white = QColor(TEXT_COLOR), QColor("white")
            for r in range(self._rows):
                for c in range(self._cols):
                    p.setPen(white if dark[r, c] else black)
                    rect = QRectF(ox + c * sx, oy + r * sy, sx, sy).normalized()
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, texts[r][c])
        p.restore()


_TEMPLATES = {3: "−0.0339", 2: "−0.034"}  # the widest usual cell strings
_COMFORT_PX = 12.0
_DARK_FROM = 0.62 ** (1.0 / _GAMMA)  # |x|/m above which a cell is dark enough for white text


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


@dataclass
class _Heat:
    """One heatmap: a value or gradient matrix and its decorations."""

    key: str  # "W1", "dW1", "b1", "db1"
    param: str  # "W1" / "b1": the ParamSnapshot it shows
    grad: bool
    layer: int
    rows: int
    cols: int
    image: pg.ImageItem
    background: QGraphicsRectItem  # hatched: NaN cells are transparent and show it
    frame: QGraphicsRectItem
    title: QGraphicsSimpleTextItem
    text: _CellText | None
    x: float = 0.0  # position in cell units (top-left)
    y: float = 0.0


class MatrixPanel(QWidget):
    """Heatmaps of every parameter (W1, b1, …) and its gradient (dW1, db1, …) after a step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matrixPanel")
        self._signature: tuple[tuple[str, tuple[int, ...]], ...] | None = None
        self._heats: dict[str, _Heat] = {}
        self._params: dict[str, ParamSnapshot] = {}
        self._layers: list[int] = []
        self._m_values = 0.0
        self._m_grads = 0.0
        self._step: int | None = None
        self._extent = QRectF(0, 0, 1, 1)
        self._separators: list[QGraphicsLineItem] = []
        self._arrangement: tuple[str, int] = ("stacked", 1)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.graphics.setObjectName("matrixGraphics")
        self.graphics.ci.setContentsMargins(4, 14, 4, 22)  # room for the colour bars' end labels
        self.graphics.ci.layout.setVerticalSpacing(26)
        self.view: pg.ViewBox = self.graphics.addViewBox(row=0, col=0, rowspan=2)
        self.view.invertY(True)  # row 0 at the top, as a matrix is written
        self.view.setAspectLocked(True)  # square cells
        self.view.setMouseEnabled(x=False, y=False)
        self.view.setMenuEnabled(False)
        self.view.disableAutoRange()

        self.weight_colorbar = self._colorbar("weights")
        self.grad_colorbar = self._colorbar("gradients")
        self.graphics.addItem(self.weight_colorbar, row=0, col=1)
        self.graphics.addItem(self.grad_colorbar, row=1, col=1)

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

        self._placeholder = "Run a step to see the weights and their gradients."
        self._hint = "Point at a cell for its exact value · rows: inputs, columns: units · blue < 0 < red"
        self._diverged_hint = "The run diverged: hatched cells are NaN (not a number), ∞ saturates the colour"
        self.hover_label = QLabel(self._placeholder)
        self.hover_label.setObjectName("matrixHoverLabel")
        self.hover_label.setFont(projector_font(LABEL_PT))
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hover_label.setContentsMargins(8, 2, 8, 4)
        # Long read-outs wrap onto a second line instead of forcing the panel wider; the height
        # is fixed so that the heatmaps do not jump while the pointer moves.
        self.hover_label.setWordWrap(True)
        self.hover_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.hover_label.setFixedHeight(int(2.6 * QFontMetricsF(self.hover_label.font()).height()))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.hover_label)
        self.setMinimumSize(320, 240)

        self.view.sigResized.connect(self._relayout)
        self._mouse_proxy = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=30,
                                           slot=self._on_mouse_moved)

    def _colorbar(self, label: str) -> pg.ColorBarItem:
        cb = pg.ColorBarItem(values=(-1.0, 1.0), colorMap=_CMAP, label=label, interactive=False,
                             rounding=1e-6, width=22)
        for name in ("left", "right"):
            axis = cb.getAxis(name)
            axis.setTickFont(projector_font(TICK_PT - 1))
            axis.setTextPen(pg.mkPen(TEXT_COLOR))
            axis.setPen(pg.mkPen(TEXT_COLOR))
        cb.getAxis("left").setLabel(label, **{"font-size": f"{LABEL_PT}pt", "color": TEXT_COLOR})
        cb.axis.setWidth(86)  # room for "−0.0373"
        return cb

    # ------------------------------------------------------------------ public API
    def image_items(self) -> dict[str, pg.ImageItem]:
        """name -> ImageItem: "W1", "b1", …, "dW1", "db1", … (a bias is a 1×n row image)."""
        return {k: h.image for k, h in self._heats.items()}

    def cell_texts(self) -> dict[str, list[list[str]]]:
        """name -> the numbers printed in its cells, for the matrices small enough to have them."""
        return {k: h.text.texts() for k, h in self._heats.items() if h.text is not None}

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
        self._m_values = self._m_grads = 0.0
        self._step = None
        for h in self._highlights:
            h.hide()
        self.hover_label.setText(self._placeholder)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw ``snapshot``'s parameters and gradients (O(cells); rebuilds only on a new shape)."""
        signature = tuple((p.name, tuple(p.data.shape)) for p in snapshot.params)
        if signature != self._signature:
            self.clear()
            self._build(snapshot.params)
            self._signature = signature
        new_step = self._step is None or snapshot.step != self._step
        if self._step is not None and snapshot.step < self._step:  # a reset: forget the envelope
            self._m_values = self._m_grads = 0.0
        self._step = snapshot.step
        self._params = {p.name: p for p in snapshot.params}

        vmax = max((_finite_absmax(p.data) for p in snapshot.params), default=0.0)
        gmax = max((_finite_absmax(p.grad) for p in snapshot.params), default=0.0)
        # Capped so that 2·m (the colour bar's span) cannot overflow in a diverged run.
        self._m_values = min(symmetric_envelope(self._m_values, vmax, new_step), _M_MAX)
        self._m_grads = min(symmetric_envelope(self._m_grads, gmax, new_step), _M_MAX)
        wl = (-self._m_values, self._m_values)
        gl = (-self._m_grads, self._m_grads)

        for p in snapshot.params:
            for grad in (False, True):
                h = self._heats[("d" if grad else "") + p.name]
                raw = p.grad if grad else p.data
                img = raw if raw.ndim == 2 else raw.reshape(1, -1)
                h.image.setImage(img, autoLevels=False, levels=gl if grad else wl)
                # The hatched background (shown through NaN cells) is painted only when needed.
                h.background.setVisible(not np.isfinite(img).all())
                if grad:
                    h.title.setText(f"d{p.name}  ‖·‖={fmt3(p.grad_norm)}")
                if h.text is not None:
                    h.text.set_values(img, self._m_grads if grad else self._m_values)
        for cb, m in ((self.weight_colorbar, self._m_values), (self.grad_colorbar, self._m_grads)):
            cb.rounding = 10.0 ** (math.floor(math.log10(m)) - 3)
            cb.setLevels((-m, m))  # also on its images (overrides levels ImageItem deferred at build)
            cb.axis.setTicks([[(v, fmt3(v)) for v in (-m, 0.0, m)], [(-m / 2, ""), (m / 2, "")]])
        hint = self._diverged_hint if snapshot.diverged else self._hint
        if self.hover_label.text() in (self._placeholder, self._hint, self._diverged_hint):
            self.hover_label.setText(hint)

    # ------------------------------------------------------------------ building
    def _build(self, params: tuple[ParamSnapshot, ...]) -> None:
        self._layers = sorted({p.layer for p in params})
        title_font = projector_font(TITLE_PT, bold=True)
        for p in params:
            shape = p.data.shape if p.data.ndim == 2 else (1, p.data.size)
            rows, cols = int(shape[0]), int(shape[1])
            for grad in (False, True):
                key = ("d" if grad else "") + p.name
                image = _Image(axisOrder="row-major")
                image.setColorMap(_CMAP)
                # An image of the right shape before setRect (which needs the image's size).
                image.setImage(np.zeros((rows, cols)), autoLevels=False, levels=(-1.0, 1.0))
                image.setZValue(0)
                background = QGraphicsRectItem()
                background.setPen(QPen(Qt.PenStyle.NoPen))
                background.setBrush(QBrush(QColor(120, 120, 120), Qt.BrushStyle.BDiagPattern))
                background.setZValue(-1)
                frame = QGraphicsRectItem()
                pen = QPen(QColor("#8a8a8a"), 1)
                pen.setCosmetic(True)
                frame.setPen(pen)
                frame.setBrush(Qt.BrushStyle.NoBrush)
                frame.setZValue(2)
                if grad:
                    text = f"d{p.name}  ‖·‖=…"
                elif p.kind == "bias":
                    text = f"{p.name} ({cols})"
                else:
                    text = f"{p.name} ({rows}×{cols})"
                title = QGraphicsSimpleTextItem(text)
                title.setFont(title_font)
                title.setBrush(QColor(TEXT_COLOR))
                title.setFlag(QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations)
                cell_text = _CellText(rows, cols) if max(rows, cols) <= TEXT_MAX_DIM else None
                for item in (background, image, frame, title, cell_text):
                    if item is not None:
                        self.view.addItem(item)
                if cell_text is not None:
                    cell_text.setZValue(1)
                self._heats[key] = _Heat(key, p.name, grad, p.layer, rows, cols, image, background,
                                         frame, title, cell_text)
        self.weight_colorbar.setImageItem([h.image for h in self._heats.values() if not h.grad])
        self.grad_colorbar.setImageItem([h.image for h in self._heats.values() if h.grad])
        for h in self._heats.values():  # after setImageItem, which sets its 256-entry colour map
            h.image.setLookupTable(_LUT)
        self._relayout()

    # ------------------------------------------------------------------ layout
    def _columns(self, title_pt: float) -> list[dict]:
        """Per layer: its heatmaps and the pixel width its titles need."""
        fm = QFontMetricsF(projector_font(title_pt, bold=True))
        cols = []
        for layer in self._layers:
            hs = [h for h in self._heats.values() if h.layer == layer]
            w = next(h for h in hs if not h.grad and h.param.startswith("W"))
            b = next((h for h in hs if not h.grad and h.param.startswith("b")), None)
            widest = max(fm.horizontalAdvance(t) for t in (
                w.title.text(), f"d{w.param}  ‖·‖=8.88e−88", *((b.title.text(),) if b else ())))
            cols.append({"layer": layer, "w": w.param, "b": b.param if b else None, "rows": w.rows,
                         "cols": w.cols, "title_w": widest + 2})
        return cols

    @staticmethod
    def _plan(columns: list[dict], side: bool, per_line: int, s: float, title_h: float
              ) -> tuple[float, float, list[tuple[dict, float, float, float, float]], list[QRectF]]:
        """Place the layer ``columns`` at ``s`` px per cell, ``per_line`` layers per line, with the
        gradients below the values (``side`` False) or to their right (``side`` True).

        Returns the width and height in px, each column's (column, x, y) for its values and its
        gradients, and the separators to draw (px rectangles of zero width)."""
        lines = [columns[i:i + per_line] for i in range(0, len(columns), per_line)]
        placed = []
        separators = []
        width = 0.0
        y = _MARGIN
        for line in lines:
            section = 0.0
            widths = []
            for col in line:
                h = title_h + col["rows"] * s
                if col["b"] is not None:
                    h += _BIAS_GAP + title_h + s
                section = max(section, h)
                widths.append(max(col["cols"] * s, col["title_w"]))
            x = _MARGIN
            xs = []
            for w in widths:
                xs.append(x)
                x += w + _COL_GAP
            line_w = x - _COL_GAP
            if side:
                shift = line_w - _MARGIN + _SIDE_GAP
                separators.append(QRectF(line_w + _SIDE_GAP / 2, y, 0, section))
                for col, x0 in zip(line, xs):
                    placed.append((col, x0, y, x0 + shift, y))
                width = max(width, line_w + shift + _MARGIN)
                y += section + _LINE_GAP
            else:
                for col, x0 in zip(line, xs):
                    placed.append((col, x0, y, x0, y + section + _SECTION_GAP))
                width = max(width, line_w + _MARGIN)
                y += 2 * section + _SECTION_GAP + _LINE_GAP
        return width, y - _LINE_GAP + _MARGIN, placed, separators

    def _fit(self, columns: list[dict], side: bool, per_line: int, avail_w: float, avail_h: float,
             title_h: float) -> float:
        """The biggest cell size (px) with which this arrangement fits the view."""
        lo, hi = 0.5, MAX_CELL_PX
        w, h, _, _ = self._plan(columns, side, per_line, hi, title_h)
        if w <= avail_w and h <= avail_h:
            return hi
        for _ in range(30):
            mid = (lo + hi) / 2
            w, h, _, _ = self._plan(columns, side, per_line, mid, title_h)
            if w <= avail_w and h <= avail_h:
                lo = mid
            else:
                hi = mid
        return lo

    def _relayout(self) -> None:
        if not self._heats:
            return
        avail_w = max(self.view.width(), 50.0)
        avail_h = max(self.view.height(), 50.0)
        n = len(self._layers)
        candidates = []  # (lines, side, per_line): fewest lines first, stacked before side by side
        for per_line in range(n, 0, -1):
            lines = -(-n // per_line)
            if per_line > 1 and -(-n // (per_line - 1)) == lines:
                continue  # the same number of lines with a more even split comes next
            candidates += [(lines, False, per_line), (lines, True, per_line)]
        candidates.sort(key=lambda c: (c[0], c[1]))
        best: tuple[float, bool, int, float] | None = None
        for title_pt in (TITLE_PT, *_SMALLER_TITLES):
            title_h = QFontMetricsF(projector_font(title_pt, bold=True)).height() + _TITLE_PAD
            columns = self._columns(title_pt)
            found: tuple[float, bool, int, float] | None = None
            for _, side, per_line in candidates:
                s = self._fit(columns, side, per_line, avail_w, avail_h, title_h)
                if found is None or s > found[0] * 1.04:  # fewer lines unless clearly bigger cells
                    found = (s, side, per_line, title_pt)
            if best is None or found[0] > best[0] * 1.3:  # smaller titles only for much bigger cells
                best = found
            if best[0] >= _MIN_CELL_PX:
                break
        s, side, per_line, title_pt = best
        title_font = projector_font(title_pt, bold=True)
        title_h = QFontMetricsF(title_font).height() + _TITLE_PAD
        columns = self._columns(title_pt)
        for h in self._heats.values():
            if h.title.font() != title_font:
                h.title.setFont(title_font)
        self._arrangement = ("side by side" if side else "stacked", per_line)
        width, height, placed, separators = self._plan(columns, side, per_line, s, title_h)
        for col, xv, yv, xg, yg in placed:
            for grad, x0, y0 in ((False, xv, yv), (True, xg, yg)):
                prefix = "d" if grad else ""
                w = self._heats[prefix + col["w"]]
                self._place(w, x0, y0, title_h, s)
                if col["b"] is not None:
                    b = self._heats[prefix + col["b"]]
                    self._place(b, x0, y0 + title_h + w.rows * s + _BIAS_GAP, title_h, s)
        for item in self._separators:
            self.view.removeItem(item)
        self._separators = []
        for r in separators:
            line = QGraphicsLineItem(r.x() / s, r.y() / s, r.x() / s, (r.y() + r.height()) / s)
            pen = QPen(QColor("#b0b0b0"), 2)
            pen.setCosmetic(True)
            line.setPen(pen)
            self.view.addItem(line, ignoreBounds=True)
            self._separators.append(line)
        self._extent = QRectF(0, 0, width / s, height / s)
        self.view.setRange(self._extent, padding=0)

    def _place(self, h: _Heat, x_px: float, y_px: float, title_h: float, s: float) -> None:
        h.x, h.y = x_px / s, (y_px + title_h) / s
        rect = QRectF(h.x, h.y, h.cols, h.rows)
        h.image.setRect(rect)
        h.background.setRect(rect)
        h.frame.setRect(rect)
        h.title.setPos(x_px / s, y_px / s)
        if h.text is not None:
            h.text.setPos(h.x, h.y)

    # ------------------------------------------------------------------ hover
    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        pos = event[0]
        if not self._heats or not self.view.sceneBoundingRect().contains(pos):
            return
        p = self.view.mapSceneToView(pos)
        self.hover_at(p.x(), p.y())

    def hover_at(self, x: float, y: float) -> str | None:
        """Describe the cell at view coordinates (x, y) in the read-out; None if not on a cell."""
        for h in self._heats.values():
            if h.x <= x < h.x + h.cols and h.y <= y < h.y + h.rows:
                r, c = int(y - h.y), int(x - h.x)
                break
        else:
            for hl in self._highlights:
                hl.hide()
            return None
        param = self._params.get(h.param)
        if param is None:
            return None
        bias = param.data.ndim == 1
        idx = f"[{c}]" if bias else f"[{r},{c}]"
        value = float(param.data.reshape(h.rows, h.cols)[r, c])
        grad = float(param.grad.reshape(h.rows, h.cols)[r, c])
        if bias:
            where = f"bias of unit {c} in layer {h.layer}"
        else:
            src = f"input {r}" if h.layer == 1 else f"unit {r} of layer {h.layer - 1}"
            where = f"{src} → unit {c} of layer {h.layer}"
        text = f"{h.param}{idx} = {value:.9g}     d{h.param}{idx} = {grad:.9g}     ({where})"
        self.hover_label.setText(text)
        for hl, key in zip(self._highlights, (h.param, "d" + h.param)):
            other = self._heats[key]
            hl.setRect(QRectF(other.x + c, other.y + r, 1, 1))
            hl.show()
        return text
