"""The Health panel: each layer's gradients, weights and activations over the steps, and the findings.

Two tabs. *Gradients*: two log-scale plots share the step axis, the gradient norm ‖dWᵢ‖ of every
layer (one colour per layer, layer 1 first, the matrix panel's order), and its update ratio
‖ΔWᵢ‖ / ‖Wᵢ‖ with the band the ``update-ratio`` check accepts shaded (about 10⁻³ is healthy).
*Weights & activations*: each layer's ‖Wᵢ‖ (log scale), each hidden layer's share of dead (ReLU)
or saturated (tanh, sigmoid) units with the checks' threshold of one half, and its activations'
mean with a band of ± one standard deviation, in the same colours. Beside the tabs, the findings
of the health checks, newest last, each saying what is wrong, why (the chain rule) and what to try,
and how much of the run the recorder holds.

Memory stays bounded: each curve is a min/max envelope (the loss plot's), and the tab in front
is redrawn at most a few times a second, whatever the training speed.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsPathItem,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.health import (
    DEAD_FRACTION,
    SATURATED_FRACTION,
    TEMPLATES,
    UPDATE_RATIO_HIGH,
    UPDATE_RATIO_LOW,
    Finding,
    LayerHistory,
    render,
)

from .. import i18n
from ..run_model import RunModel
from ..steady import LiveText
from .grad_norms import decade_label
from .loss_plot import (
    CURSOR_COLOR,
    LABEL_PT,
    TEXT_COLOR,
    Look,
    _Envelope,
    _extremes,
    css_size,
    projector_font,
    retranslate_scene,
    style_plot_item,
)

__all__ = ["HealthPanel", "GradientsTab", "WeightsTab", "layer_color", "REDRAW_MS"]

REDRAW_MS = 200  # the plots are redrawn at most this often
FINDINGS_SHARE = 0.4  # of the panel's width, for the findings list when it is first shown
_PALETTE = ("#1f5fbf", "#e07b00", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf")


def layer_color(layer: int) -> str:
    """The colour of layer ``layer`` (1-based), the same in every plot of the panel."""
    if layer <= len(_PALETTE):
        return _PALETTE[layer - 1]
    return pg.intColor(layer, hues=17).name()


#: Steps a hidden Health panel keeps pending before it folds them into its curves (memory stays
#: bounded; a panel brought to the front folds what is pending at once).
HIDDEN_PENDING_STEPS = 300  # (a fold costs 3-8 µs a step here: ~25 ms at most, no lag to see)


class _DecadeAxis(pg.AxisItem):
    """A log10 axis labelled 10⁻³, 10⁻², ... (the data are log10 values)."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        span = max(maxVal - minVal, 1e-9)
        step = next((k for k in (1, 2, 3, 5, 10, 20) if span / k <= max(size / 40, 2)), 50)
        first = math.ceil(minVal / step) * step
        return [(step, [float(v) for v in np.arange(first, maxVal + 1e-9, step)])]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [decade_label(int(round(v))) for v in values]


class _NormAxis(_DecadeAxis):
    """A log10 axis for norms that change little: over a span under two decades, ticks at 1, 2
    and 5 × 10ᵏ, labelled as plain numbers (0.5, 2, 10)."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        if maxVal - minVal > 2:
            return super().tickValues(minVal, maxVal, size)
        ks = range(math.floor(minVal) - 1, math.ceil(maxVal) + 1)
        marks = [math.log10(m) + k for k in ks for m in (1, 2, 5)]
        # as many as have room: a label's height and a half apart (1 and 10 before 2 and 5)
        label = QFontMetricsF(self.style.get("tickFont") or self.font()).height()
        least = (maxVal - minVal) * label * 1.5 / size
        kept: list[float] = []
        for v in sorted((v for v in marks if minVal <= v <= maxVal), key=lambda v: (v % 1 > 1e-9, v)):
            if all(abs(v - w) >= least for w in kept):
                kept.append(v)
        return [(1, sorted(kept))]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [norm_label(v) for v in values]


class _StepsViewBox(pg.ViewBox):
    """A view box whose step axis is padded by 5 %, room for half the first step's number
    (pyqtgraph pads a small plot by a tenth on each side)."""

    def suggestPadding(self, axis: int) -> float:  # noqa: N802 (pyqtgraph's name)
        return 0.05 if axis == 0 else super().suggestPadding(axis)


class _RoomyAxis(pg.AxisItem):
    """An axis whose numbers never run into each other, however small the plot: the spacing is
    the smallest of 1, 2, 5 × 10ᵏ that leaves room for each label (its width along a step axis,
    its height up a value axis). A step axis keeps at least two numbers when it can."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
        across = self.orientation in ("bottom", "top")
        if across:
            widest = max(f"{minVal:.0f}", f"{maxVal:.0f}", key=len)
            room = metrics.horizontalAdvance(widest) * 1.25  # a label and a gap
        else:
            room = metrics.height() * 1.5
        least = span * room / size  # the smallest spacing that fits
        k = math.floor(math.log10(max(least, 1e-12)))
        nice = [m * 10.0 ** j for j in (k - 1, k) for m in (1, 2, 5)] + [10.0 ** (k + 1)]
        spacing = next(v for v in nice if v >= least)
        if across and maxVal // spacing - math.ceil(minVal / spacing) < 1:  # one number: two, closer
            spacing = max(v for v in nice if v < spacing)
        return [(max(spacing, 1.0) if across else spacing, 0)]


def norm_label(log10_value: float) -> str:
    """10**log10_value as a reader writes it: 0.02, 5, 100; 2×10⁻⁵ beyond a thousand's range."""
    k = math.floor(log10_value + 1e-9)
    mantissa = round(10 ** (log10_value - k), 1)
    if -3 <= k <= 3:
        return f"{mantissa * 10.0 ** k:g}"
    return decade_label(k) if mantissa == 1 else f"{mantissa:g}×{decade_label(k)}"


class _Series(_Envelope):
    """A min/max envelope that also keeps its newest point, so that its curve always ends at
    the newest step (the envelope alone ends at its last bucket's extremes)."""

    def clear(self) -> None:
        super().clear()
        self.newest: tuple[float, float] | None = None

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        super().extend(x, y)
        if len(x):
            self.newest = float(x[-1]), float(y[-1])

    def curve(self, max_buckets: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        x, y = super().curve(max_buckets)
        if self.newest is not None and (not len(x) or x[-1] < self.newest[0]):
            x, y = np.append(x, self.newest[0]), np.append(y, self.newest[1])
        return x, y


def drawn(envelope: _Envelope, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The points of ``envelope`` to draw on a plot ``width`` pixels wide: at most a (min, max)
    pair per pixel column, as pyqtgraph's peak downsampling, in one numpy pass (merging the
    envelope's buckets pair by pair, as ``curve(max_buckets)`` does, takes one pass per halving)."""
    x, y = envelope.curve()
    group = -(-len(x) // (2 * max(width, 100)))  # points per pixel column
    if group <= 1:
        return x, y
    m = ((len(x) - 1) // group) * group  # (the newest point stays: the curve ends at the newest step)
    cols = _extremes(x[:m].reshape(-1, group), y[:m].reshape(-1, group))
    xs = np.stack([cols[0], cols[2]], axis=1).reshape(-1)
    ys = np.stack([cols[1], cols[3]], axis=1).reshape(-1)
    return np.concatenate([xs, x[m:]]), np.concatenate([ys, y[m:]])


class _LayerCurves:
    """One plot's curves, one per layer, fed log10 values (``log``) or the values themselves."""

    def __init__(self, plot: pg.PlotItem, log: bool = True) -> None:
        self.plot = plot
        self.log = log
        self.curves: list[pg.PlotDataItem] = []
        self.envelopes: list[_Envelope] = []

    def clear(self) -> None:
        for c in self.curves:
            self.plot.removeItem(c)
        self.curves, self.envelopes = [], []

    def extend(self, steps: np.ndarray, values: np.ndarray) -> None:
        while len(self.curves) < values.shape[1]:
            layer = len(self.curves) + 1
            curve = pg.PlotDataItem(pen=pg.mkPen(layer_color(layer), width=2), name=f"layer {layer}")
            curve.setObjectName(f"layer{layer}")
            self.plot.addItem(curve)
            self.curves.append(curve)
            self.envelopes.append(_Series())
        x = steps.astype(float)
        with np.errstate(all="ignore"):
            logs = np.log10(values) if self.log else values
        for j, env in enumerate(self.envelopes):
            ok = np.isfinite(logs[:, j])
            env.extend(x[ok], logs[ok, j])

    def draw(self, width: int) -> None:
        for curve, env in zip(self.curves, self.envelopes):
            curve.setData(*drawn(env, width))


class _LayerBands:
    """One plot's mean ± std per layer: a curve of the means over a band from mean − std to
    mean + std (each edge its own min/max envelope), in the layer's colour. A band is one
    polygon (the upper edge forward, the lower edge back), built by numpy."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.curves: list[pg.PlotDataItem] = []  # the means
        self.bands: list[QGraphicsPathItem] = []
        self.edges: list[tuple[tuple[np.ndarray, np.ndarray], ...]] = []  # as drawn: (lower, upper) x, y
        self.envelopes: list[tuple[_Envelope, _Envelope, _Envelope]] = []  # mean, lower, upper

    def clear(self) -> None:
        for item in [*self.curves, *self.bands]:
            self.plot.removeItem(item)
        self.curves, self.bands, self.edges, self.envelopes = [], [], [], []

    def extend(self, steps: np.ndarray, mean: np.ndarray, std: np.ndarray) -> None:
        while len(self.curves) < mean.shape[1]:
            layer = len(self.curves) + 1
            color = pg.mkColor(layer_color(layer))
            curve = pg.PlotDataItem(pen=pg.mkPen(color, width=2), name=f"layer {layer}")
            curve.setObjectName(f"layer{layer}")
            band = QGraphicsPathItem()
            band.setPen(pg.mkPen(None))
            band.setBrush(pg.mkBrush(_with_alpha(color, 30)))
            self.plot.addItem(band)
            self.plot.addItem(curve)
            self.curves.append(curve)
            self.bands.append(band)
            self.edges.append(())
            self.envelopes.append((_Series(), _Series(), _Series()))
        x = steps.astype(float)
        with np.errstate(all="ignore"):
            lower, upper = mean - std, mean + std
        for j, envs in enumerate(self.envelopes):
            ok = np.isfinite(mean[:, j]) & np.isfinite(std[:, j])
            for env, y in zip(envs, (mean, lower, upper)):
                env.extend(x[ok], y[ok, j])

    def draw(self, width: int) -> None:
        for j, (curve, band, (mean, lower, upper)) in enumerate(zip(self.curves, self.bands, self.envelopes)):
            curve.setData(*drawn(mean, width))
            (xl, yl), (xu, yu) = self.edges[j] = drawn(lower, width), drawn(upper, width)
            path = pg.arrayToQPath(np.concatenate([xu, xl[::-1]]), np.concatenate([yu, yl[::-1]]))
            path.closeSubpath()
            band.setPath(path)
            self.plot.vb.itemBoundsChanged(band)  # (the band counts in the plot's auto-range)


def _with_alpha(color: object, alpha: int) -> object:
    c = pg.mkColor(color)
    c.setAlpha(alpha)
    return c


class _PlotsTab(pg.GraphicsLayoutWidget):
    """A tab of the Health panel: a few plots over the steps, in a row when the tab is wide
    (docked under the matrices, where a plot in a column would be a ribbon a few decades cannot
    be read in), else in a column; each with its caption in its top left corner (horizontal, and
    no room lost to an axis label). Subclasses make ``plots`` and say which are shown
    (:meth:`shown_plots`) and their captions (:meth:`wordings`)."""

    def __init__(self, plots: tuple[pg.PlotItem, ...]) -> None:
        super().__init__()
        self.setBackground("w")
        self.plots = plots
        for p in self.plots:
            style_plot_item(p)
            p.setMenuEnabled(False)
            p.hideButtons()
            p.showGrid(x=False, y=True, alpha=0.15)
        # (not x-linked: each follows the same steps on its own; pyqtgraph lines linked views up by
        # their screen positions, which breaks their auto-range when the plots are rearranged)
        self.captions: dict[pg.PlotItem, pg.TextItem] = {}
        for p in self.plots:
            caption = pg.TextItem(color=TEXT_COLOR, fill=pg.mkBrush(255, 255, 255, 160), anchor=(0, 0))
            caption.setParentItem(p.vb)  # (the view box, not its contents: it stays in the corner)
            caption.setZValue(1e6)
            caption.setPos(1, 1)
            self.captions[p] = caption
            p.vb.sigResized.connect(self.fit_captions)
        self.cursors: list[pg.InfiniteLine] = []  # the timeline's (the panel adds them)
        self._wide: bool | None = None
        self._shown: tuple[pg.PlotItem, ...] = ()

    def shown_plots(self) -> tuple[pg.PlotItem, ...]:
        return self.plots

    def wordings(self) -> tuple[tuple[pg.PlotItem, tuple[str, ...]], ...]:
        """Each plot's captions, longest first: the longest that fits is shown."""
        return ()

    # ------------------------------------------------------------------ layout
    @property
    def wide(self) -> bool:
        """The plots are side by side."""
        return bool(self._wide)

    def arrange(self) -> None:
        """The plots that apply, in a row when the tab is wide, else in a column."""
        shown = self.shown_plots()
        wide = self.width() >= 1.6 * self.height()
        if shown == self._shown and wide == self._wide:
            return
        for p in self._shown:
            self.ci.removeItem(p)
        for p in self.plots:
            p.setVisible(p in shown)
        for i, p in enumerate(shown):
            self.ci.addItem(p, row=0 if wide else i, col=i if wide else 0)
            p.getAxis("bottom").setStyle(showValues=wide or i == len(shown) - 1)
        self._shown, self._wide = shown, wide
        self.label_axes()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if hasattr(self, "_shown"):  # (not while pyqtgraph builds the widget)
            self.arrange()
            self.label_axes()

    def label_axes(self) -> None:
        """Each plot's caption and the steps' label under the plots that show step numbers."""
        small = {"font-size": css_size(LABEL_PT - 3), "color": TEXT_COLOR}
        step = QCoreApplication.translate("_PlotsTab", "step")  # (this class's, in every subclass)
        rows = QFontMetricsF(projector_font(LABEL_PT - 3)).height()
        low = self.height() < 12 * rows  # (side by side in a low tab: the plots need the room)
        for i, p in enumerate(self._shown):
            p.setLabel("bottom", step, **small)
            p.getAxis("bottom").showLabel(i == len(self._shown) - 1 if not self._wide else not low)
        self.fit_captions()

    def fit_captions(self) -> None:
        """Each plot's caption: the longest wording that fits its width (on every resize)."""
        font = projector_font(LABEL_PT - 3)
        for plot, texts in self.wordings():
            room = plot.vb.width() - 2 if plot.vb.width() > 0 else math.inf  # (not laid out yet: the longest)
            caption = self.captions[plot]
            caption.setFont(font)
            for text in texts:  # (measured as drawn: the text item adds its margins)
                caption.setText(text)
                if caption.textItem.boundingRect().width() <= room:
                    break

    def caption(self, plot: pg.PlotItem) -> str:
        """The caption shown on ``plot``."""
        return self.captions[plot].toPlainText()


class GradientsTab(_PlotsTab):
    """The Health panel's first tab: per layer over the steps, ‖dW‖ and the update ratio
    ‖ΔW‖/‖W‖ (log scales; the ratio's healthy band shaded, 10⁻³ dashed)."""

    def __init__(self) -> None:
        self.grad_plot = pg.PlotItem(viewBox=_StepsViewBox(),
                                     axisItems={"left": _DecadeAxis("left"), "bottom": _RoomyAxis("bottom")})
        self.ratio_plot = pg.PlotItem(viewBox=_StepsViewBox(),
                                      axisItems={"left": _DecadeAxis("left"), "bottom": _RoomyAxis("bottom")})
        super().__init__((self.grad_plot, self.ratio_plot))
        for p in self.plots:
            p.vb.setLimits(minYRange=2.2)  # at least two decades: always a labelled tick
        band = pg.LinearRegionItem((math.log10(UPDATE_RATIO_LOW), math.log10(UPDATE_RATIO_HIGH)),
                                   orientation="horizontal", movable=False, brush=pg.mkBrush(44, 160, 44, 40),
                                   pen=pg.mkPen(None))
        self.ratio_plot.addItem(band, ignoreBounds=True)
        self.healthy_band = band
        self.ratio_plot.addItem(pg.InfiniteLine(-3, angle=0, pen=pg.mkPen("#2ca02c", width=1,
                                                                          style=Qt.PenStyle.DashLine)),
                                ignoreBounds=True)
        self.grad_curves = _LayerCurves(self.grad_plot)
        self.ratio_curves = _LayerCurves(self.ratio_plot)
        self.arrange()

    def arrange(self) -> None:
        super().arrange()
        # in a column only the lower plot numbers the steps: both follow one step range (a zoom or a
        # pan of either moves both); side by side each numbers its own
        self.ratio_plot.setXLink(None if self.wide else self.grad_plot)
        self.fit_axes()

    def fit_axes(self) -> None:
        """In a column the two value axes are one width, so that their step axes line up; in a
        row each takes the width its labels need."""
        for p in self.plots:
            p.getAxis("left").setWidth(None if self.wide else round(72 * Look.zoom))

    def wordings(self) -> tuple[tuple[pg.PlotItem, tuple[str, ...]], ...]:
        return ((self.grad_plot, (self.tr("gradient ‖dW‖"), "‖dW‖")),
                (self.ratio_plot, (self.tr("update ratio ‖ΔW‖/‖W‖"), "‖ΔW‖/‖W‖")))

    def clear_curves(self) -> None:
        self.grad_curves.clear()
        self.ratio_curves.clear()

    def draw(self) -> None:
        for curves, plot in ((self.grad_curves, self.grad_plot), (self.ratio_curves, self.ratio_plot)):
            curves.draw(int(plot.vb.width()) or 400)


class WeightsTab(_PlotsTab):
    """The Health panel's second tab: per layer over the steps, ‖W‖ (log scale), the share of
    dead or saturated units (0 to 1, only where the activation has them), and the activations'
    mean ± std."""

    def __init__(self) -> None:
        self.norm_plot = pg.PlotItem(viewBox=_StepsViewBox(),
                                     axisItems={"left": _NormAxis("left"), "bottom": _RoomyAxis("bottom")})
        self.share_plot = pg.PlotItem(viewBox=_StepsViewBox(), axisItems={"bottom": _RoomyAxis("bottom")})
        self.act_plot = pg.PlotItem(viewBox=_StepsViewBox(),
                                    axisItems={"left": _RoomyAxis("left"), "bottom": _RoomyAxis("bottom")})
        super().__init__((self.norm_plot, self.share_plot, self.act_plot))
        self.norm_plot.vb.setLimits(minYRange=math.log10(5))  # at least two of the 1, 2, 5 ticks
        self.share_plot.setYRange(0, 1, padding=0.12)  # (room for the labels 0 and 1)
        self.share_plot.vb.setMouseEnabled(y=False)
        self.share_plot.vb.enableAutoRange(y=False)
        self.share_plot.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        self.share_threshold = pg.InfiniteLine(DEAD_FRACTION, angle=0, pen=pg.mkPen(
            "#888888", width=1, style=Qt.PenStyle.DashLine))
        self.share_plot.addItem(self.share_threshold, ignoreBounds=True)
        self.act_plot.vb.setLimits(minYRange=0.5)  # (a spread of 0.005 looks as small as it is)
        self.norm_curves = _LayerCurves(self.norm_plot)
        self.dead_curves = _LayerCurves(self.share_plot, log=False)
        self.saturated_curves = _LayerCurves(self.share_plot, log=False)
        self.act_bands = _LayerBands(self.act_plot)
        self._hidden = 0  # hidden layers seen
        self.arrange()

    # ------------------------------------------------------------------ data
    def clear_curves(self) -> None:
        for c in (self.norm_curves, self.dead_curves, self.saturated_curves, self.act_bands):
            c.clear()
        self._hidden = 0
        self.arrange()

    def extend(self, history: LayerHistory) -> None:
        self.norm_curves.extend(history.steps, history.weight_norm)
        for curves, share in ((self.dead_curves, history.dead), (self.saturated_curves, history.saturated)):
            if curves.curves or np.isfinite(share).any():  # only where the activation has them
                curves.extend(history.steps, share)
        self.act_bands.extend(history.steps, history.act_mean, history.act_std)
        if history.act_mean.shape[1] != self._hidden:
            self._hidden = history.act_mean.shape[1]
            self.arrange()

    def draw(self) -> None:
        for curves, plot in ((self.norm_curves, self.norm_plot), (self.dead_curves, self.share_plot),
                             (self.saturated_curves, self.share_plot), (self.act_bands, self.act_plot)):
            curves.draw(int(plot.vb.width()) or 300)

    @property
    def share_kind(self) -> str | None:
        """"dead", "saturated" or None: which share the run's activation has."""
        return "dead" if self.dead_curves.curves else "saturated" if self.saturated_curves.curves else None

    def shown_plots(self) -> tuple[pg.PlotItem, ...]:
        """Shares only where the activation has them, activations only with a hidden layer."""
        return (self.norm_plot,) + ((self.share_plot,) if self.share_kind else ()) + (
            (self.act_plot,) if self._hidden else ())

    def arrange(self) -> None:
        super().arrange()
        self.share_threshold.setValue(DEAD_FRACTION if self.share_kind == "dead" else SATURATED_FRACTION)

    def wordings(self) -> tuple[tuple[pg.PlotItem, tuple[str, ...]], ...]:
        share = {"dead": (self.tr("dead units (share)"), self.tr("dead units"), self.tr("dead")),
                 "saturated": (self.tr("saturated units (share)"), self.tr("saturated"))}
        # (short: a caption covers the top of its plot; the tab's tooltip says what they are)
        return ((self.norm_plot, ("‖W‖",)),
                (self.share_plot, share.get(self.share_kind or "", ("",))),
                (self.act_plot, (self.tr("mean ± std"), self.tr("mean ± σ"), self.tr("mean"))))


def _cursor(plot: pg.PlotItem) -> pg.InfiniteLine:
    """The timeline's cursor on ``plot``, hidden until the user looks back."""
    line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(CURSOR_COLOR, width=2))
    plot.addItem(line, ignoreBounds=True)
    line.hide()
    return line


def check_name(check: str) -> str:
    """A named check (core/health.py) as the user reads it."""
    names = {
        "vanishing": QCoreApplication.translate("Health", "vanishing"),
        "exploding": QCoreApplication.translate("Health", "exploding"),
        "update-ratio": QCoreApplication.translate("Health", "update ratio"),
        "dead-relu": QCoreApplication.translate("Health", "dead ReLU"),
        "saturated": QCoreApplication.translate("Health", "saturated"),
        "stalled": QCoreApplication.translate("Health", "stalled"),
        "non-finite": QCoreApplication.translate("Health", "non-finite"),
        "loss-rising": QCoreApplication.translate("Health", "loss rising"),
    }
    return names.get(check, check)


def finding_text(f: Finding) -> str:
    """A finding's message in the current language: its templates translated, its arguments filled
    in (the English text when a translation does not fit them)."""
    head, _, cause = f.key.partition("+")
    args = {k: i18n.text(v) for k, v in f.args.items()}  # (a non-finite finding's where is a message)
    try:
        parts = [QCoreApplication.translate(i18n.CORE_CONTEXT, TEMPLATES[k]).format(**args)
                 for k in (head, cause) if k]
    except (KeyError, IndexError, ValueError):
        return render(f.key, f.args) if f.key in TEMPLATES or "+" in f.key else f.message
    return "".join(parts)


class _FindingsList(QListWidget):
    """The findings; while there are none it says so (an empty white box reads as broken)."""

    def __init__(self) -> None:
        super().__init__()
        self.placeholder = ""

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if self.count() == 0 and self.placeholder:
            p = QPainter(self.viewport())
            p.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
            p.drawText(self.viewport().rect().adjusted(6, 4, -6, -4), int(flags), self.placeholder)
            p.end()


class HealthPanel(i18n.Retranslating, QWidget):
    """Per layer over the steps, on two tabs (``tabs``): ‖dW‖ and update ratio, then ‖W‖, dead or
    saturated share and activation mean ± std (``weights_tab``); beside them the findings list
    (objectName ``healthPlot``; the list is ``findingsList``)."""

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthPlot")
        self.model = model
        self.plot_widget = GradientsTab()
        self.grad_plot, self.ratio_plot = self.plot_widget.grad_plot, self.plot_widget.ratio_plot
        self.grad_curves, self.ratio_curves = self.plot_widget.grad_curves, self.plot_widget.ratio_curves
        self.healthy_band = self.plot_widget.healthy_band
        self.weights_tab = WeightsTab()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("healthTabs")
        self.tabs.setDocumentMode(True)  # (no frame: the plots keep the room)
        self.tabs.addTab(self.plot_widget, "")
        self.tabs.addTab(self.weights_tab, "")
        self.tabs.currentChanged.connect(self.redraw)

        self.key_label = QLabel()
        self.key_label.setObjectName("healthKey")
        self.key_label.setWordWrap(True)
        # (drawn by itself: its count changes at every frame, and must not lay the window out again;
        # on a narrow screen it takes two lines)
        self.recorded_label = LiveText()
        self.recorded_label.setObjectName("recordedLabel")
        self.recorded_label.setStyleSheet(f"color: {TEXT_COLOR}")
        self.findings_list = _FindingsList()
        self.findings_list.setObjectName("findingsList")
        self.findings_list.setWordWrap(True)
        self.findings_list.setAlternatingRowColors(True)

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.setSpacing(1)
        below_layout.addWidget(self.recorded_label)
        below_layout.addWidget(self.findings_list)
        # side by side: the panel sits in the wide, low area under the matrices
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("healthSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        for page in (self.plot_widget, self.weights_tab):  # (with the tab bar, as low as the panel was
            page.setMinimumSize(120, 72)                    # without it: a small screen at 200 % fits)
        self.findings_list.setMinimumWidth(100)
        self.recorded_label.setMinimumWidth(1)  # (it may be cut on a narrow screen, not widen it)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.key_label)
        layout.addWidget(self.splitter)

        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._pending: list[LayerHistory] = []  # steps not yet in the curves
        self._stale = False  # steps arrived while the panel was hidden
        self._followed_dock: QDockWidget | None = None
        self._split = False
        self._layers = 0
        model.cleared.connect(self.clear)
        model.truncated.connect(self._truncate)
        model.historyAppended.connect(self.append)
        model.findingsAdded.connect(self.add_findings)
        model.recordedChanged.connect(self._show_recorded)
        # the timeline's cursor: the step shown while looking back (hidden while live), on the
        # first tab's plots (``cursors``) and the second's (``weights_tab.cursors``)
        self.cursors = self.plot_widget.cursors = [_cursor(p) for p in self.plot_widget.plots]
        self.weights_tab.cursors = [_cursor(p) for p in self.weights_tab.plots]
        model.shownChanged.connect(self._show_cursor)
        self.findings_list.itemClicked.connect(self._go_to_finding)  # the timeline goes to its step
        self._model = model
        self.restyle()
        self._follow_language()

    def restyle(self) -> None:
        """Fonts and axes at the window's zoom (View ▸ Zoom); the curves are untouched."""
        for p in (*self.plot_widget.plots, *self.weights_tab.plots):
            style_plot_item(p)
        self.plot_widget.fit_axes()
        self.key_label.setFont(projector_font(LABEL_PT - 2))
        self.recorded_label.setFont(projector_font(LABEL_PT - 3))
        self.findings_list.setFont(projector_font(LABEL_PT - 3))
        if self._spoken is not None:  # (the labels' size; in the constructor retranslate follows)
            self.retranslate()

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._split:  # the findings' first width: room for a sentence a line
            self._split = True
            room = sum(self.splitter.sizes()) or self.width()
            self.splitter.setSizes([round(room * (1 - FINDINGS_SHARE)), round(room * FINDINGS_SHARE)])
        dock = self._dock()
        if dock is not None and dock is not self._followed_dock:  # a dock tab brought to the front
            self._followed_dock = dock  # is not shown again (it never stopped being "visible")
            dock.visibilityChanged.connect(self._on_dock_visibility)
        if self._stale:
            self.redraw()

    def _dock(self) -> QDockWidget | None:
        w = self.parentWidget()
        while w is not None and not isinstance(w, QDockWidget):
            w = w.parentWidget()
        return w

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible and self._stale:
            QTimer.singleShot(0, self, self.redraw)  # once Qt has worked out what is on screen

    def on_screen(self) -> bool:
        """The panel can be seen: a dock tab behind another is "visible" but off screen."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _go_to_finding(self, item: QListWidgetItem) -> None:
        step = item.data(Qt.ItemDataRole.UserRole)
        if step is not None:
            self._model.show_step(int(step))

    def _show_cursor(self, snapshot: object) -> None:
        for line in (*self.cursors, *self.weights_tab.cursors):
            line.setVisible(snapshot is not None)
            if snapshot is not None:
                line.setValue(snapshot.step)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:  # the window's type zoomed: the panel's follows
            self.restyle()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Axis labels, key, tooltip and the recorder's line in the current language."""
        self.tabs.setTabText(0, self.tr("Gradients"))
        self.tabs.setTabText(1, self.tr("Weights && activations"))
        self.tabs.setTabToolTip(0, self.tr("Each layer's gradient norm ‖dW‖ and update ratio ‖ΔW‖/‖W‖ "
                                           "over the steps"))
        self.tabs.setTabToolTip(1, self.tr("Each layer's weight norm ‖W‖, its share of dead (ReLU) or "
                                           "saturated (tanh, sigmoid) units, and its activations' mean "
                                           "± one standard deviation over the steps"))
        self.plot_widget.label_axes()
        self.weights_tab.label_axes()
        self.findings_list.setToolTip(self.tr("What the health checks found, newest last: what is wrong, "
                                              "why, and what to try."))
        self.findings_list.set_placeholder(self.tr("No findings: every check has been quiet so far."))
        self._show_key()
        self._show_recorded(self.model.recorded_steps, self.model.recorded_bytes)
        retranslate_scene(self.plot_widget)
        retranslate_scene(self.weights_tab)
        self.findings_list.clear()  # the findings in the new language
        self.add_findings(tuple(self.model.findings))

    def _show_key(self) -> None:
        keys = (f'<span style="color:{layer_color(i)}">■</span>&nbsp;{i}' for i in range(1, self._layers + 1))
        self.key_label.setText(self.tr("layers:") + " " + " ".join(keys) if self._layers else "")

    # ------------------------------------------------------------------ model events
    def clear(self) -> None:
        self._pending = []
        self.plot_widget.clear_curves()
        self.weights_tab.clear_curves()
        self.findings_list.clear()
        self._layers = 0
        self._show_key()

    def _truncate(self, step: int) -> None:
        """Training went back to ``step``: the curves start again there (the findings up to it stay)."""
        self._pending = []
        self.plot_widget.clear_curves()
        self.weights_tab.clear_curves()
        self._layers = 0
        self.findings_list.clear()
        self.add_findings(tuple(self.model.findings))

    def append(self, history: LayerHistory) -> None:
        """New steps: kept until the next redraw, which takes them all at once (a few times a
        second, however often updates arrive)."""
        self._pending.append(history)
        if not self._timer.isActive():
            self._timer.start()

    def _take_pending(self) -> None:
        """The steps that arrived since the last redraw into both tabs' curves, in one pass each."""
        if not self._pending:
            return
        parts, self._pending = self._pending, []
        history = parts[0] if len(parts) == 1 else LayerHistory.join(parts, parts[0].grad_norm.shape[1])
        self.grad_curves.extend(history.steps, history.grad_norm)
        self.ratio_curves.extend(history.steps, history.update_ratio)
        self.weights_tab.extend(history)
        if history.grad_norm.shape[1] != self._layers:
            self._layers = history.grad_norm.shape[1]
            self._show_key()

    def add_findings(self, findings: tuple[Finding, ...]) -> None:
        for f in findings:
            message = finding_text(f)
            # (the message names its layer first: the head does not say it again)
            head = self.tr("step {step} · {check}").format(step=f"{f.step:,}", check=check_name(f.check))
            item = QListWidgetItem(self.tr("{head}: {message}").format(head=head, message=message))
            item.setToolTip(message)
            item.setData(Qt.ItemDataRole.UserRole, f.step)
            if f.layer is not None:
                item.setForeground(pg.mkColor(layer_color(f.layer)).darker(130))
            self.findings_list.addItem(item)
        if findings:
            self.findings_list.scrollToBottom()

    def _show_recorded(self, steps: int, nbytes: int) -> None:
        self.recorded_label.setText(self.tr("recorded: {steps} steps, {mb} MB").format(
            steps=f"{steps:,}", mb=f"{nbytes / 2**20:.1f}"))

    def redraw(self) -> None:
        """The tab in front (the other when it comes to the front; nothing while the panel is
        hidden, behind another dock's tab, until it is shown). Hidden, the panel only folds its
        pending steps into the curves now and then (:data:`HIDDEN_PENDING_STEPS`): nothing is seen,
        and many steps at once would be one long pause."""
        if not self.on_screen():
            if sum(len(h.steps) for h in self._pending) >= HIDDEN_PENDING_STEPS:
                self._take_pending()
            self._stale = True
            return
        self._take_pending()
        self._stale = False
        if self.tabs.currentWidget() is self.weights_tab:
            self.weights_tab.draw()
            return
        self.plot_widget.draw()
