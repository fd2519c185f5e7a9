"""The Health panel: each layer's ‖dW‖ and update ratio over the steps, and the findings.

Two log-scale plots share the step axis: the gradient norm ‖dWᵢ‖ of every layer (one colour per
layer, layer 1 first, the matrix panel's order), and its update ratio ‖ΔWᵢ‖ / ‖Wᵢ‖ with the
band the ``update-ratio`` check accepts shaded (about 10⁻³ is healthy). Beside them, the findings
of the health checks, newest last, each saying what is wrong, why (the chain rule) and what to try,
and how much of the run the recorder holds.

Memory stays bounded: each curve is a min/max envelope (the loss plot's), and the plots are
redrawn at most a few times a second, whatever the training speed.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from core.health import TEMPLATES, UPDATE_RATIO_HIGH, UPDATE_RATIO_LOW, Finding, LayerHistory, render

from .. import i18n
from ..run_model import RunModel
from .grad_norms import decade_label
from .loss_plot import (
    CURSOR_COLOR,
    LABEL_PT,
    TEXT_COLOR,
    _Envelope,
    css_size,
    projector_font,
    retranslate_scene,
    style_plot_item,
)

__all__ = ["HealthPanel", "layer_color", "REDRAW_MS"]

REDRAW_MS = 200  # the plots are redrawn at most this often
_PALETTE = ("#1f5fbf", "#e07b00", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf")


def layer_color(layer: int) -> str:
    """The colour of layer ``layer`` (1-based), the same in every plot of the panel."""
    if layer <= len(_PALETTE):
        return _PALETTE[layer - 1]
    return pg.intColor(layer, hues=17).name()


class _DecadeAxis(pg.AxisItem):
    """A log10 axis labelled 10⁻³, 10⁻², ... (the data are log10 values)."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802, N803
        span = max(maxVal - minVal, 1e-9)
        step = next((k for k in (1, 2, 3, 5, 10, 20) if span / k <= max(size / 40, 2)), 50)
        first = math.ceil(minVal / step) * step
        return [(step, [float(v) for v in np.arange(first, maxVal + 1e-9, step)])]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [decade_label(int(round(v))) for v in values]


class _LayerCurves:
    """One plot's curves, one per layer, fed log10 values."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
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
            self.envelopes.append(_Envelope())
        x = steps.astype(float)
        with np.errstate(all="ignore"):
            logs = np.log10(values)
        for j, env in enumerate(self.envelopes):
            ok = np.isfinite(logs[:, j])
            env.extend(x[ok], logs[ok, j])

    def draw(self, width: int) -> None:
        for curve, env in zip(self.curves, self.envelopes):
            x, y = env.curve(max_buckets=max(width, 100))
            curve.setData(x, y)


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


class HealthPanel(i18n.Retranslating, QWidget):
    """‖dW‖ and update ratio per layer over the steps, and the findings list (objectName
    ``healthPlot``; the list is ``findingsList``)."""

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthPlot")
        self.model = model
        self.plot_widget = pg.GraphicsLayoutWidget()
        self.plot_widget.setBackground("w")
        self.grad_plot = self.plot_widget.addPlot(row=0, col=0, axisItems={"left": _DecadeAxis("left")})
        self.ratio_plot = self.plot_widget.addPlot(row=1, col=0, axisItems={"left": _DecadeAxis("left")})
        style_plot_item(self.grad_plot)
        style_plot_item(self.ratio_plot)

        self.ratio_plot.setXLink(self.grad_plot)
        self.grad_plot.getAxis("bottom").setStyle(showValues=False)  # the plot under it names the steps
        for p in (self.grad_plot, self.ratio_plot):
            p.getAxis("left").setWidth(72)  # the two plots' step axes line up
        for p in (self.grad_plot, self.ratio_plot):
            p.setMenuEnabled(False)
            p.hideButtons()
            p.showGrid(x=False, y=True, alpha=0.15)
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

        self.key_label = QLabel()
        self.key_label.setObjectName("healthKey")
        self.key_label.setWordWrap(True)
        self.recorded_label = QLabel()
        self.recorded_label.setObjectName("recordedLabel")
        self.recorded_label.setWordWrap(True)  # (on a narrow screen it takes two lines)
        self.recorded_label.setStyleSheet(f"color: {TEXT_COLOR}")
        self.findings_list = QListWidget()
        self.findings_list.setObjectName("findingsList")
        self.findings_list.setWordWrap(True)
        self.findings_list.setAlternatingRowColors(True)
        self._restyle_labels()

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.setSpacing(1)
        below_layout.addWidget(self.recorded_label)
        below_layout.addWidget(self.findings_list)
        # side by side: the panel sits in the wide, low area under the matrices
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("healthSplitter")
        self.splitter.addWidget(self.plot_widget)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.plot_widget.setMinimumSize(120, 120)
        self.findings_list.setMinimumWidth(100)
        self.recorded_label.setMinimumWidth(1)  # (it may be cut on a narrow screen, not widen it)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.key_label)
        layout.addWidget(self.splitter)

        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._layers = 0
        model.cleared.connect(self.clear)
        model.truncated.connect(self._truncate)
        model.historyAppended.connect(self.append)
        model.findingsAdded.connect(self.add_findings)
        model.recordedChanged.connect(self._show_recorded)
        # the timeline's cursor: the step shown while looking back (hidden while live)
        self.cursors = []
        for p in (self.grad_plot, self.ratio_plot):
            line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(CURSOR_COLOR, width=2))
            p.addItem(line, ignoreBounds=True)
            line.hide()
            self.cursors.append(line)
        model.shownChanged.connect(self._show_cursor)
        self.findings_list.itemClicked.connect(self._go_to_finding)  # the timeline goes to its step
        self._model = model
        self._follow_language()

    def _go_to_finding(self, item: QListWidgetItem) -> None:
        step = item.data(Qt.ItemDataRole.UserRole)
        if step is not None:
            self._model.show_step(int(step))

    def _show_cursor(self, snapshot: object) -> None:
        for line in self.cursors:
            line.setVisible(snapshot is not None)
            if snapshot is not None:
                line.setValue(snapshot.step)

    def _restyle_labels(self) -> None:
        self.key_label.setFont(projector_font(LABEL_PT - 2))
        self.recorded_label.setFont(projector_font(LABEL_PT - 3))
        self.findings_list.setFont(projector_font(LABEL_PT - 3))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:  # the window's type zoomed: the panel's follows
            style_plot_item(self.grad_plot)
            style_plot_item(self.ratio_plot)
            self._restyle_labels()
            self.retranslate()  # (the axis labels at the new size)
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Axis labels, key, tooltip and the recorder's line in the current language."""
        small = {"font-size": css_size(LABEL_PT - 3), "color": TEXT_COLOR}
        self.grad_plot.setLabel("left", "‖dW‖", **small)
        self.ratio_plot.setLabel("left", "‖ΔW‖/‖W‖", **small)
        self.ratio_plot.setLabel("bottom", self.tr("step"), **small)
        self.findings_list.setToolTip(self.tr("What the health checks found, newest last: what is wrong, "
                                              "why, and what to try."))
        self._show_key()
        self._show_recorded(self.model.recorded_steps, self.model.recorded_bytes)
        retranslate_scene(self.plot_widget)
        self.findings_list.clear()  # the findings in the new language
        self.add_findings(tuple(self.model.findings))

    def _show_key(self) -> None:
        keys = (f'<span style="color:{layer_color(i)}">■</span>&nbsp;{i}' for i in range(1, self._layers + 1))
        self.key_label.setText(self.tr("layers:") + " " + " ".join(keys) if self._layers else "")

    # ------------------------------------------------------------------ model events
    def clear(self) -> None:
        self.grad_curves.clear()
        self.ratio_curves.clear()
        self.findings_list.clear()
        self._layers = 0
        self._show_key()

    def _truncate(self, step: int) -> None:
        """Training went back to ``step``: the curves start again there (the findings up to it stay)."""
        self.grad_curves.clear()
        self.ratio_curves.clear()
        self._layers = 0
        self.findings_list.clear()
        self.add_findings(tuple(self.model.findings))

    def append(self, history: LayerHistory) -> None:
        self.grad_curves.extend(history.steps, history.grad_norm)
        self.ratio_curves.extend(history.steps, history.update_ratio)
        if history.grad_norm.shape[1] != self._layers:
            self._layers = history.grad_norm.shape[1]
            self._show_key()
        if not self._timer.isActive():
            self._timer.start()

    def add_findings(self, findings: tuple[Finding, ...]) -> None:
        for f in findings:
            message = finding_text(f)
            if f.layer is None:
                head = self.tr("step {step} · {check}").format(step=f.step, check=check_name(f.check))
            else:
                head = self.tr("step {step} · layer {layer} · {check}").format(
                    step=f.step, layer=f.layer, check=check_name(f.check))
            item = QListWidgetItem(f"{head}: {message}")
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
        width = int(self.grad_plot.vb.width()) or 400
        self.grad_curves.draw(width)
        self.ratio_curves.draw(width)
