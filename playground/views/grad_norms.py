"""One bar per layer: the size ‖dWᵢ‖ of its weight gradient on a log axis.

One glance shows a vanishing layer (a stub in the grey band at the bottom) or an exploding one
(a red bar reaching into the red band at the top). Vanishing is relative: a layer learns more
than a thousand times slower than the fastest layer of the same net. (A converged net has small
gradients everywhere; that is not vanishing.)
"""

from __future__ import annotations

import math
import re
from html import escape, unescape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF
from PySide6.QtWidgets import QWidget

from core.health import decade_label
from core.session import Snapshot

from .. import i18n
from ..run_model import RunModel
from .flags import FLAG_SIGN, checks_of, flag_color, flag_tooltip
from .loss_plot import (
    LABEL_PT,
    TEXT_COLOR,
    TICK_PT,
    Look,
    fit_one_line,
    fit_title,
    fmt3,
    key_label,
    projector_font,
    retranslate_scene,
    set_axis_label,
    stack_plot_and_key,
    style_plot_item,
)

__all__ = ["GradNormPanel", "VANISHING", "EXPLODING", "decade_label"]

VANISHING = 1e-3  # below this fraction of the largest layer's ‖dW‖: "vanishing"
EXPLODING = 1e3  # above: "exploding"
_HEADROOM = 0.08  # the axis runs this fraction of its span above the top decade (value labels)
_COLORS = {"vanishing": "#a0a0a0", "healthy": "#1f5fbf", "exploding": "#d62728", "invalid": "#7a0000"}
#: The projector theme: Okabe–Ito blue and vermillion, a darker grey (no pale grey on white).
_CONTRAST_COLORS = {"vanishing": "#7a7a7a", "healthy": "#0072b2", "exploding": "#d55e00",
                    "invalid": "#4d0000"}


def _color(kind: str) -> str:
    return (_CONTRAST_COLORS if Look.contrast else _COLORS)[kind]


def _legend(variant: int) -> str:
    """The key: 0 with the thresholds, 1 without, 2 compact (for a narrow panel)."""
    def key(kind: str, glyph: str, text: str) -> str:
        return f'<span style="color:{_color(kind)}">{glyph}</span> {escape(text)}'

    translate = QCoreApplication.translate
    gap = "&nbsp;&nbsp;" if variant == 2 else " &nbsp;&nbsp; "
    return gap.join((
        key("vanishing", "■", translate("GradNormPanel", "vanishing (< largest / 1000)") if variant == 0
            else translate("GradNormPanel", "vanishing")),
        key("healthy", "■", translate("GradNormPanel", "healthy")),
        key("exploding", "■", translate("GradNormPanel", "exploding (> 10³)") if variant == 0
            else translate("GradNormPanel", "exploding")),
        key("invalid", "▨", "NaN / ∞" if variant < 2 else "NaN")))


def _legend_plain() -> str:
    """The full key as plain text (to measure it)."""
    return unescape(re.sub(r"<[^>]+>", "", _legend(0)))


_BRUSHES: dict[tuple[str, bool], QBrush] = {}  # by (kind, projector theme)
_PENS: dict[tuple[str, bool], object] = {}


def _brush(kind: str) -> QBrush:
    key = (kind, Look.contrast)
    if key not in _BRUSHES:
        _BRUSHES[key] = (QBrush(QColor(_color(kind)), Qt.BrushStyle.BDiagPattern) if kind == "invalid"
                         else pg.mkBrush(_color(kind)))
    return _BRUSHES[key]


def _pen(kind: str) -> object:
    key = (kind, Look.contrast)
    if key not in _PENS:
        _PENS[key] = (pg.mkPen(_color("invalid"), width=Look.width(2)) if kind == "invalid"
                      else pg.mkPen("#303030", width=Look.width(1)))
    return _PENS[key]


def _flag_pen() -> object:
    """A flagged bar's outline (a health check holds for its layer): thick, in the flag colour."""
    key = ("flag", Look.contrast)
    if key not in _PENS:
        _PENS[key] = pg.mkPen(flag_color(), width=Look.width(3.5))
    return _PENS[key]


def vanishing_below(norms: list[float]) -> float:
    """The ‖dW‖ under which a layer counts as vanishing: a thousandth of the net's largest
    (capped at the exploding threshold, so that one exploding layer does not grey out the rest)."""
    finite = [v for v in norms if math.isfinite(v)]
    return VANISHING * min(max(finite, default=0.0), EXPLODING)


def classify(norm: float, below: float) -> str:
    """vanishing / healthy / exploding / invalid, for a layer with ``norm`` (``below``: see
    :func:`vanishing_below`)."""
    if not math.isfinite(norm):
        return "invalid"
    if norm > EXPLODING:
        return "exploding"
    if norm == 0.0 or norm < below:
        return "vanishing"
    return "healthy"


LEAST_LABEL_POINTS = 11.0  # zoomed in (a projector), a value label shrinks to this size on screen, no less


class GradNormPanel(i18n.Retranslating, QWidget):
    """Bar chart of ‖dW‖ per layer on a log10 axis, coloured vanishing / healthy / exploding."""

    def __init__(self, run_model: RunModel | None = None, parent: QWidget | None = None) -> None:
        """``run_model``: the run this view follows (None: shown by hand, as in tests)."""
        super().__init__(parent)
        self.setObjectName("gradNormPanel")
        if run_model is not None:
            run_model.follow_shown(self.show_snapshot)  # the step shown: the newest, or one looked back at
        self._norms: list[tuple[str, float]] = []
        self._range = (-7.0, 4.0)  # log10 span shown; only grows until clear()
        self._value_labels: list[pg.TextItem] = []
        self._label_texts: list[str] = []  # what each value label shows
        self._drawn: tuple | None = None  # what the bars show (see show_snapshot)
        self._tops: list[float] = []  # log10 of each bar's top
        self._step = 1  # decades between two axis labels
        self._label_pt = float(LABEL_PT - 1)  # the value labels' type
        self._digits = 3  # significant digits of the value labels (1 when the bars are narrow)
        self._short_names = False  # "1 2 3" under the bars instead of "dW1 dW2 dW3"
        self._flagged: tuple[tuple[str, ...], ...] = ()  # per bar: the checks that hold for its layer

        self.plot_widget = pg.PlotWidget(background="w")
        self.plot_widget.getPlotItem().vb.sigResized.connect(self._refit_title)
        self.plot_widget.setObjectName("gradNormPlot")
        pi = self.plot_widget.getPlotItem()
        style_plot_item(pi, left="")
        self._title_text = ""
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.setMouseEnabled(x=False, y=False)
        pi.disableAutoRange()
        self._grid: list[pg.InfiniteLine] = []  # decade lines (pyqtgraph's grid costs ~30 ms a repaint)

        self._vanish_band = pg.LinearRegionItem(orientation="horizontal", movable=False,
                                                brush=pg.mkBrush(160, 160, 160, 45), pen=pg.mkPen(None))
        self._explode_band = pg.LinearRegionItem(orientation="horizontal", movable=False,
                                                 brush=pg.mkBrush(214, 39, 40, 35), pen=pg.mkPen(None))
        for band in (self._vanish_band, self._explode_band):
            band.setZValue(-20)
            pi.addItem(band, ignoreBounds=True)
        self.bar_item = pg.BarGraphItem(x=[], height=[], width=0.6, y0=0)
        pi.addItem(self.bar_item)

        self.legend_label = key_label("gradNormLegend", _legend(0))  # shrinks in resizeEvent
        stack_plot_and_key(self, self.plot_widget, self.legend_label)
        self.setMinimumSize(260, 150)  # (a zoomed window must fit a 720-high screen)
        self._apply_range()
        self._vanish_band.setRegion((self._range[0], self._range[0]))  # no bars, no band
        self._follow_language()

    def retranslate(self) -> None:
        """Title, axis label and key in the current language."""
        pi = self.plot_widget.getPlotItem()
        set_axis_label(pi, "left", "")
        self._fit_axis_label()
        self._set_title(self.tr("Gradient size per layer"))
        retranslate_scene(self.plot_widget)
        self.legend_label.setText("")  # chosen again for the width
        self._fit_key()
        self._show_flag_tips()

    def restyle(self) -> None:
        """Fonts, colours and lines again, for a new zoom or theme (the bars at the next snapshot)."""
        style_plot_item(self.plot_widget.getPlotItem())
        for line in self._grid:
            line.setPen(self._grid_pen())
        # The bands behind the bars: stronger on a washed-out projector.
        vanish, explode = ((120, 120, 120, 80), (213, 94, 0, 70)) if Look.contrast else \
            ((160, 160, 160, 45), (214, 39, 40, 35))
        self._vanish_band.setBrush(pg.mkBrush(*vanish))
        self._explode_band.setBrush(pg.mkBrush(*explode))
        self._label_pt = float(LABEL_PT - 1)
        for label in self._value_labels:
            label.setFont(projector_font(self._label_pt, bold=True))
        self._drawn = None
        self._label_texts = [""] * len(self._label_texts)  # (a flagged label's colour follows the theme)
        self._apply_range()
        self.retranslate()

    @staticmethod
    def _grid_pen() -> object:
        return pg.mkPen(150, 150, 150, width=1.5) if Look.contrast else pg.mkPen(215, 215, 215, width=1)

    # ------------------------------------------------------------------ public API
    def norms(self) -> list[tuple[str, float]]:
        """(name, ‖dW‖) of every layer's weight gradient, as last shown."""
        return list(self._norms)

    def bar_heights(self) -> np.ndarray:
        """log10 of each bar's top (the bottom of the axis for a zero gradient, its top for NaN/inf)."""
        opts = self.bar_item.opts
        return np.asarray(opts["y0"], dtype=float) + np.asarray(opts["height"], dtype=float)

    def clear(self) -> None:
        self._norms = []
        self._drawn = None
        self._tops = []
        self._range = (-7.0, 4.0)
        self.bar_item.setOpts(x=[], height=[], y0=0, brushes=None, pens=None)
        for label in self._value_labels:
            self.plot_widget.getPlotItem().removeItem(label)
        self._value_labels = []
        self._label_texts = []
        self._set_title(self.tr("Gradient size per layer"))
        self._apply_range()
        self._vanish_band.setRegion((self._range[0], self._range[0]))

    def flagged(self) -> list[tuple[str, ...]]:
        """Per bar (layer): the health checks that hold for it, as last shown."""
        return list(self._flagged)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        norms = [(p.name, float(p.grad_norm)) for p in snapshot.params if p.kind == "weight"]
        flagged = tuple(tuple(checks_of(snapshot.flags, p.layer)) for p in snapshot.params
                        if p.kind == "weight")
        if flagged != self._flagged:
            self._flagged = flagged
            self._drawn = None
            self._label_texts = [""] * len(self._label_texts)  # (their sign and colour change)
            self._show_flag_tips()
        self._norms = norms
        n = len(norms)
        logs = [math.log10(v) if math.isfinite(v) and v > 0 else None for _, v in norms]
        finite = [v for v in logs if v is not None]
        lo, hi = self._range
        if finite:
            lo = min(lo, math.floor(min(finite)) - 1.0)
            hi = max(hi, math.ceil(max(finite)) + 1.0)
        if (lo, hi) != self._range or n != len(self._value_labels):
            self._range = (lo, hi)
            self._ensure_labels(n)
            self._apply_range(n)
        tops = []
        kinds = []
        below = vanishing_below([v for _, v in norms])
        band_top = min(max(math.log10(below), lo), hi) if below > 0 else lo
        for (_, v), lg in zip(norms, logs):
            kind = classify(v, below)
            kinds.append(kind)
            tops.append(hi if kind == "invalid" else (lo if lg is None else lg))
        # Redraw the bars only when one moved by a visible amount (1/500 of the axis, well under
        # a pixel): a converged run's norms change in the fourth digit.
        quantum = (hi - lo) / 500
        drawn = (lo, hi, tuple(kinds), tuple(round(t / quantum) for t in tops), round(band_top / quantum))
        if drawn != self._drawn:
            self._drawn = drawn
            self._vanish_band.setRegion((lo, band_top))
            x = np.arange(1, n + 1, dtype=float)
            heights = np.asarray(tops) - lo
            pens = [_flag_pen() if f else _pen(k) for k, f in zip(kinds, flagged)]
            self.bar_item.setOpts(x=x, height=heights, y0=lo, width=0.6,
                                  brushes=[_brush(k) for k in kinds], pens=pens)
            self._tops = tops
            self._place_labels()
        longest = max(map(len, self._label_texts), default=0)
        for i, (label, (_, v)) in enumerate(zip(self._value_labels, norms)):
            text = self._value_text(i, v, self._digits)
            if self._label_texts[i] != text:  # (cached: no Qt call to compare)
                self._label_texts[i] = text
                label.setText(text)
                label.setColor(flag_color() if self._is_flagged(i) else TEXT_COLOR)
        if max(map(len, self._label_texts), default=0) != longest:
            self._fit_label_font()

    def _is_flagged(self, i: int) -> bool:
        return i < len(self._flagged) and bool(self._flagged[i])

    def _value_text(self, i: int, v: float, digits: int) -> str:
        """Bar ``i``'s value label: "⚠" over "1.07e−13" while a check holds for its layer."""
        return f"{FLAG_SIGN}\n{fmt3(v, digits)}" if self._is_flagged(i) else fmt3(v, digits)

    def _show_flag_tips(self) -> None:
        """The plot's tooltip: what holds for each flagged layer (nothing when none is)."""
        tips = [flag_tooltip(checks, i + 1) for i, checks in enumerate(self._flagged) if checks]
        self.plot_widget.setToolTip("\n\n".join(tips))

    # ------------------------------------------------------------------ internals
    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_key()

    def _fit_key(self) -> None:
        # The thresholds only when they fit at a readable size (the bands show them anyway).
        room = self.width()
        fits = QFontMetricsF(projector_font(12.0)).horizontalAdvance(_legend_plain()) + 40 <= room
        variant = 0 if fits else 1
        if not fits:  # the compact key when the plain one would need to wrap
            self.legend_label.setText(_legend(1))
            fit_one_line(self.legend_label, room)
            variant = 2 if self.legend_label.wordWrap() else 1
        if self.legend_label.text() != _legend(variant):
            self.legend_label.setText(_legend(variant))
        fit_one_line(self.legend_label, room)
        self._refit_title()

    def _set_title(self, text: str) -> None:
        self._title_text = text
        fit_title(self.plot_widget, text)

    def _fit_axis_label(self) -> None:
        """"‖dW‖ (log scale)" along the axis, or just "‖dW‖" where the plot is too short for it."""
        pi = self.plot_widget.getPlotItem()
        full = self.tr("‖dW‖ (log scale)")
        fits = QFontMetricsF(projector_font(LABEL_PT)).horizontalAdvance(full) + 12 <= pi.vb.height()
        text = full if fits or pi.vb.height() <= 0 else "‖dW‖"
        if pi.getAxis("left").labelText != text:
            set_axis_label(pi, "left", text)

    def _refit_title(self) -> None:
        self._fit_axis_label()
        if self._title_text:
            self._set_title(self._title_text)  # shrink or grow the title to the new width
        if self._decade_step() != self._step:  # room for more (or fewer) decade labels
            self._apply_range()
        self._place_labels()

    def _decade_step(self) -> int:
        """Decades between two labels on the axis, so that the labels never overlap."""
        lo, hi = self._range
        height = self.plot_widget.getPlotItem().vb.height()
        if height <= 0:
            return 1 if hi - lo <= 12 else 2
        per_decade = height / ((hi - lo) * 1.08)
        needed = 1.15 * QFontMetricsF(projector_font(TICK_PT)).height()
        return next((k for k in (1, 2, 3, 5, 10) if k * per_decade >= needed), 20)

    def _fit_label_font(self) -> None:
        """The value labels' type: smaller when the longest would not fit over its bar; one
        significant digit below 9 pt; none at all when even that would not fit. The layer
        names under the bars become numbers when "dW1" would not fit either."""
        vb = self.plot_widget.getPlotItem().vb
        if not self._value_labels or vb.width() <= 0:
            return
        per_bar = vb.width() / (len(self._value_labels) + 0.2)
        norms = [v for _, v in self._norms] or [0.0]
        pt, digits = float(LABEL_PT - 1), 3
        for digits in (3, 1):
            texts = [fmt3(v, digits) for v in norms]  # (a flag's sign sits on a line of its own)
            sample = "".join("0" if ch.isdigit() else ch for ch in max(texts, key=len)) or "0"
            pt = float(LABEL_PT - 1)
            needed = QFontMetricsF(projector_font(pt, bold=True)).horizontalAdvance(sample) + 10  # margins
            if needed > 0.96 * per_bar:
                pt = math.floor(2 * pt * 0.96 * per_bar / needed) / 2
            if pt >= 9.0:
                break
        least = min(8.0, LEAST_LABEL_POINTS / Look.zoom)  # (zoomed in, as small as still reads)
        visible = pt >= least
        pt = max(pt, least)
        if digits != self._digits:
            self._digits = digits
            for i, (label, v) in enumerate(zip(self._value_labels, norms)):
                self._label_texts[i] = self._value_text(i, v, digits)
                label.setText(self._label_texts[i])
        for label in self._value_labels:
            if label.isVisible() != visible:
                label.setVisible(visible)
        if pt != self._label_pt:
            self._label_pt = pt
            for label in self._value_labels:
                label.setFont(projector_font(pt, bold=True))
        short = QFontMetricsF(projector_font(TICK_PT)).horizontalAdvance(f"dW{len(norms)}") + 8 > per_bar
        if short != self._short_names:
            self._short_names = short
            self._apply_range()

    def _place_labels(self) -> None:
        """Each value just above its bar, or just inside its top when there is no room above;
        in a smaller type when the bars are too close together for the full size."""
        lo, hi = self._range
        top_of_view = hi + _HEADROOM * (hi - lo)
        vb = self.plot_widget.getPlotItem().vb
        height = vb.height()
        self._fit_label_font()
        for label, top in zip(self._value_labels, self._tops):
            room = (top_of_view - top) * height / (top_of_view - lo) if height > 0 else 1e9
            inside = room < label.boundingRect().height() + 2
            anchor = (0.5, 0.0) if inside else (0.5, 1.0)
            if label.anchor != pg.Point(*anchor):
                label.setAnchor(anchor)
            if label.pos().y() != top:
                label.setPos(label.pos().x(), top)

    def _ensure_labels(self, n: int) -> None:
        pi = self.plot_widget.getPlotItem()
        while len(self._value_labels) > n:
            pi.removeItem(self._value_labels.pop())
        self._label_texts = [""] * n
        for label in self._value_labels:
            label.setText("")
        while len(self._value_labels) < n:
            label = pg.TextItem("", color=TEXT_COLOR, anchor=(0.5, 1.0), fill=pg.mkBrush(255, 255, 255, 215))
            label.setFont(projector_font(self._label_pt, bold=True))
            label.setPos(len(self._value_labels) + 1, 0)
            pi.addItem(label, ignoreBounds=True)
            self._value_labels.append(label)

    def _apply_range(self, n: int | None = None) -> None:
        pi = self.plot_widget.getPlotItem()
        lo, hi = self._range
        n = len(self._norms) if n is None else n
        span = hi - lo
        step = self._step = self._decade_step()
        major = [(float(k), decade_label(k)) for k in range(int(lo), int(hi) + 1) if k % step == 0]
        pi.getAxis("left").setTicks([major, []])
        while len(self._grid) < len(major):  # decade lines are made once and moved after
            line = pg.InfiniteLine(angle=0, movable=False, pen=self._grid_pen())
            line.setZValue(-15)
            pi.addItem(line, ignoreBounds=True)
            self._grid.append(line)
        for i, line in enumerate(self._grid):
            if i < len(major):
                line.setValue(major[i][0])
            line.setVisible(i < len(major))
        names = [(float(i + 1), name.replace("W", "dW")) for i, (name, _) in enumerate(self._norms)]
        if len(names) != n:
            names = [(float(i + 1), f"dW{i + 1}") for i in range(n)]
        if self._short_names:  # too narrow for "dW1 dW2 …": the layer numbers
            names = [(x, text[2:]) for x, text in names]
        pi.getAxis("bottom").setTicks([names, []])
        self._explode_band.setRegion((math.log10(EXPLODING), hi))
        # Headroom above the tallest bar for its value label.
        pi.setYRange(lo, hi + _HEADROOM * span, padding=0)
        pi.setXRange(0.4, max(n, 1) + 0.6, padding=0)
