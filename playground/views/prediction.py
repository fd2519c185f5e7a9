"""What the network predicts over the input plane (2-D data) or along the input axis (1-D data),
with the training points (filled) and test points (hollow) on top."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from core.data import Dataset, make_dataset
from core.session import Snapshot

from .. import i18n
from ..run_model import RunModel
from .loss_plot import (
    LABEL_PT,
    TEXT_COLOR,
    Look,
    fit_one_line,
    fit_title,
    key_label,
    projector_font,
    retranslate_scene,
    stack_plot_and_key,
    style_plot_item,
)

__all__ = ["PredictionView", "CLASS_COLORS", "MAX_POINTS", "dataset_for", "level_segments", "shown_points"]


# Class colours as in TensorFlow Playground: orange for class 0, blue for class 1 (green between).
CLASS_COLORS = ["#f59322", "#0877bd"]
CLASS_COLORS_3 = ["#f59322", "#3a9d3a", "#0877bd"]
_PALE = 0.5  # background tint: this much of the class colour mixed with white
_RIGHT_MARGIN = 18  # pixels right of the plot: the last x tick's label is centred on the edge
#: At most this many data points are drawn (a bigger data set: a fixed sample, named in the key).
MAX_POINTS = 3_000
SAMPLE_SEED = 0


def _mix(color: str, amount: float) -> tuple[int, int, int]:
    c = QColor(color)
    return tuple(round(255 + amount * (v - 255)) for v in (c.red(), c.green(), c.blue()))


def _background_map(n_classes: int) -> pg.ColorMap:
    if n_classes >= 3:
        colors = [_mix(c, _PALE) for c in CLASS_COLORS_3]
        return pg.ColorMap(np.linspace(0, 1, 3), colors)
    return pg.ColorMap([0.0, 0.5, 1.0], [_mix(CLASS_COLORS[0], _PALE), (255, 255, 255),
                                         _mix(CLASS_COLORS[1], _PALE)])


#: An imported regression target on the plane: a continuous shade, dark (low) to light (high),
#: readable by colour-blind students (viridis); the points are drawn in it by their target.
VALUE_MAP = "viridis"
VALUE_BINS = 16  # the points' colours: this many shades (one shared brush each)


def _value_map() -> pg.ColorMap:
    return pg.colormap.get(VALUE_MAP)


def level_segments(z: np.ndarray, level: float) -> np.ndarray:
    """The line where the grid ``z`` (rows: y, columns: x) crosses ``level``, as segments.

    Marching squares, vectorised: returns an (n, 2, 2) array of segments [[x0, y0], [x1, y1]] in
    pixel coordinates of an image of ``z`` (value ``z[r, c]`` at the centre ``(c + ½, r + ½)``),
    extended to the image's edges. A saddle cell is split the way its centre value says.
    ~0.3 ms for 60 × 60, against ~12 ms for pyqtgraph's pure-Python ``isocurve``.
    """
    z = np.pad(np.asarray(z, dtype=float), 1, mode="edge")  # the line then reaches the edges
    up = z >= level
    tl, tr, bl, br = up[:-1, :-1], up[:-1, 1:], up[1:, :-1], up[1:, 1:]
    rows, cols = np.indices(tl.shape, dtype=float)

    def cut(a: np.ndarray, b: np.ndarray) -> np.ndarray:  # where level lies from a to b (0…1)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (level - a) / (b - a)
        return np.clip(np.nan_to_num(t, nan=0.5), 0.0, 1.0)

    z_tl, z_tr, z_bl, z_br = z[:-1, :-1], z[:-1, 1:], z[1:, :-1], z[1:, 1:]
    # The crossing point on each side of each cell: top, right, bottom, left.
    pts = np.stack([
        np.stack([cols + cut(z_tl, z_tr), rows], axis=-1),
        np.stack([cols + 1, rows + cut(z_tr, z_br)], axis=-1),
        np.stack([cols + cut(z_bl, z_br), rows + 1], axis=-1),
        np.stack([cols, rows + cut(z_tl, z_bl)], axis=-1),
    ], axis=2)  # (R, C, side, xy)
    crosses = np.stack([tl != tr, tr != br, bl != br, tl != bl], axis=-1)
    n = crosses.sum(axis=-1)
    two = n == 2
    sides = np.argsort(~crosses[two], axis=-1, kind="stable")[:, :2]  # the two crossed sides
    segs = [np.take_along_axis(pts[two], sides[:, :, None], axis=1)]
    saddle = n == 4
    if saddle.any():
        centre_up = (z_tl + z_tr + z_bl + z_br)[saddle] / 4 >= level
        p = pts[saddle]
        same = (centre_up == tl[saddle])[:, None, None]  # cut off tr and bl, else tl and br
        segs.append(np.where(same, p[:, [0, 1]], p[:, [3, 0]]))
        segs.append(np.where(same, p[:, [2, 3]], p[:, [1, 2]]))
    out = np.concatenate(segs, axis=0) - 0.5  # padded grid index -> pixel coordinates
    h, w = z.shape[0] - 2, z.shape[1] - 2
    out[..., 0] = np.clip(out[..., 0], 0, w)
    out[..., 1] = np.clip(out[..., 1], 0, h)
    return out


class _Boundary(pg.IsocurveItem):
    """An IsocurveItem traced by :func:`level_segments` (a child of the image, in its pixels)."""

    def generatePath(self) -> None:  # noqa: N802 (pyqtgraph's name)
        if self.data is None:
            self.path = None
            return
        segs = level_segments(self.data if self.axisOrder == "row-major" else self.data.T, self.level)
        if len(segs) == 0:
            self.path = QPainterPath()
            return
        self.path = pg.arrayToQPath(segs[..., 0].ravel(), segs[..., 1].ravel(), connect="pairs")


def shown_points(n_train: int, n_test: int, cap: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and of the test points drawn: all of them, or, past ``cap``
    (:data:`MAX_POINTS`), a fixed random sample of ``cap`` of them (seeded: the same points every
    time, train and test in proportion), in their order."""
    cap = MAX_POINTS if cap is None else cap
    total = n_train + n_test
    if total <= cap:
        return np.arange(n_train), np.arange(n_test)
    pick = np.sort(np.random.default_rng(SAMPLE_SEED).choice(total, size=cap, replace=False))
    return pick[pick < n_train], pick[pick >= n_train] - n_train


def _swatch(color: str, glyph: str) -> str:
    return f'<span style="color:{color}; font-weight:bold">{glyph}</span>'


@lru_cache(maxsize=8)
def dataset_for(name: str, n_samples: int, noise: float, test_fraction: float, seed: int) -> Dataset:
    """The data set a config trains on (deterministic, so regenerating it here is exact)."""
    return make_dataset(name, n_samples, noise, test_fraction, seed)


class PredictionView(i18n.Retranslating, QWidget):
    """Decision map (2-D) or fitted curve (1-D) with the data points."""

    def __init__(self, run_model: RunModel | None = None, parent: QWidget | None = None) -> None:
        """``run_model``: the run this view follows (None: shown by hand, as in tests)."""
        super().__init__(parent)
        self.setObjectName("predictionView")
        if run_model is not None:
            run_model.follow_shown(self.show_snapshot, late=True)  # the step shown (newest or looked back at)
        self._data_key: tuple | None = None
        self._data: Dataset | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._mode: str | None = None  # "map" or "curve"
        self._n_classes = 2
        self._value_levels: tuple[float, float] | None = None  # a continuous target's shade range
        self._target_labels: list[pg.TextItem] = []
        self._image_shape: tuple[int, ...] | None = None
        self._title_text: tuple[str, ...] = ()
        self._last_prediction: np.ndarray | None = None
        self._last_snapshot: Snapshot | None = None
        self._imported: object = None  # the imported data set drawn (config.data), if any
        self._last_evaluation: np.ndarray | None = None

        self.plot_widget = pg.PlotWidget(background="w")
        self.plot_widget.getPlotItem().vb.sigResized.connect(self._refit_title)
        self.plot_widget.setObjectName("predictionPlot")
        pi = self.plot_widget.getPlotItem()
        style_plot_item(pi)
        pi.layout.setContentsMargins(1, 1, _RIGHT_MARGIN, 1)  # room for the last x tick's label
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.setMouseEnabled(x=False, y=False)  # a fixed view: nothing to lose by a stray drag
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setZValue(-10)
        pi.addItem(self.image_item)
        # The decision boundary (output 0.5) as a line: it makes "cannot enclose the circle"
        # (no bias) or "one straight cut" (no hidden layer) obvious at a glance. A child of the
        # image, so it shares its placement. Round caps: its segments join smoothly.
        self.boundary = _Boundary(level=0.5, pen=self._boundary_pen(), axisOrder="row-major")
        self.boundary.setParentItem(self.image_item)
        self.curve = pi.plot(pen=pg.mkPen("#202020", width=4), name="prediction")
        self.curve.setZValue(7)  # the fit over the points
        self.train_points = pg.ScatterPlotItem(name="train", hoverable=False)
        self.test_points = pg.ScatterPlotItem(name="test", hoverable=False)
        self.train_points.setZValue(5)
        self.test_points.setZValue(6)
        pi.addItem(self.train_points)
        pi.addItem(self.test_points)
        # The key sits under the plot, where it can never hide a data point.
        self.legend_label = key_label("predictionLegend")  # shrinks in _fit_legend
        stack_plot_and_key(self, self.plot_widget, self.legend_label)
        self._build_evaluation(pi)
        self.setMinimumSize(260, 180)  # (a zoomed window must fit a 720-high screen)
        self.clear()
        self._follow_language()

    # ------------------------------------------------------------------ public API
    def clear(self) -> None:
        self._hide_evaluation()
        self.image_item.clear()
        self.image_item.hide()
        self.boundary.setData(None)
        self.curve.setData([], [])
        self.train_points.clear()
        self.test_points.clear()
        self._remove_target_labels()
        self.legend_label.setText("")
        self._last_prediction = None
        self._data_key = None
        self._data = None
        self._extent = None
        self._mode = None
        self._last_snapshot = None
        self._set_title((self.tr("Prediction"),))

    def dataset(self) -> Dataset | None:
        """The data set currently drawn."""
        return self._data

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw ``snapshot``'s prediction (and its data set, when that changed).

        While training runs, the training thread computes a new map only about ten times a
        second and hands the same array over in between: then this returns at once (the title's
        step and accuracy are those of the map shown).
        """
        pred = snapshot.prediction
        if pred is not None and pred is self._last_prediction:
            return
        if pred is None and (snapshot.confusion is not None or snapshot.fitted is not None):
            self._show_evaluation(snapshot)  # more than two features: no plane to draw on
            return
        self._last_prediction = pred
        cfg = snapshot.config
        key = (cfg.dataset, cfg.effective_samples, float(cfg.noise), float(cfg.test_fraction),
               int(cfg.data_seed))
        mode = None if pred is None else ("map" if pred.ndim == 2 else "curve")
        if key != self._data_key or mode != self._mode or cfg.data is not self._imported:
            self._hide_evaluation()
            self._imported = cfg.data
            self._set_data(dataset_for(*key) if cfg.data is None
                           else cfg.data.to_dataset(cfg.test_fraction, cfg.data_seed), mode)
            self._data_key = key
            self._mode = mode
        if tuple(snapshot.extent) != self._extent:
            self._set_extent(tuple(float(v) for v in snapshot.extent), pred)
        if mode == "map":
            self.image_item.setImage(pred, autoLevels=False, levels=self._value_levels or (0.0, 1.0))
            # 3 classes: a map of argmax; a continuous target: a shade with no 0.5 to cut at
            binary = self._n_classes != 3 and self._value_levels is None and np.isfinite(pred).all()
            self.boundary.setData(pred if binary else None)
            if pred.shape != self._image_shape:  # setRect needs the image's size: after setImage
                self._image_shape = pred.shape
                self._place_image(pred.shape)
            self.image_item.show()
        elif mode == "curve":
            x0, x1 = snapshot.extent[0], snapshot.extent[1]
            with np.errstate(invalid="ignore"):
                y = np.where(np.isfinite(pred), pred, np.nan)
            self.curve.setData(np.linspace(x0, x1, len(pred)), y, connect="finite")
        self._last_snapshot = snapshot
        self._set_title(self._title(snapshot))

    @staticmethod
    def _boundary_pen() -> QPen:
        pen = pg.mkPen("#202020", width=Look.width(3))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def restyle(self) -> None:
        """Fonts and lines again, for a new zoom or theme."""
        style_plot_item(self.plot_widget.getPlotItem())
        self.boundary.setPen(self._boundary_pen())
        self.curve.setPen(pg.mkPen("#202020", width=Look.width(4)))
        self._last_prediction = None  # drawn again with the next snapshot
        self.retranslate()

    def retranslate(self) -> None:
        """Title, axis labels and key in the current language."""
        retranslate_scene(self.plot_widget)
        if self._data is not None:
            self._set_data(self._data, self._mode)
        self._set_title(self._title(self._last_snapshot) if self._last_snapshot is not None
                        else (self.tr("Prediction"),))

    # ------------------------------------------------------------------ more than two features
    def _build_evaluation(self, pi: pg.PlotItem) -> None:
        """A confusion matrix (classification) or predicted against true (regression)."""
        self.confusion_image = pg.ImageItem(axisOrder="row-major")
        self.confusion_image.setColorMap(pg.ColorMap([0.0, 1.0], [(255, 255, 255),
                                                                  _mix(CLASS_COLORS[1], 1.0)]))
        self.fitted_points = pg.ScatterPlotItem(size=6, brush=pg.mkBrush(CLASS_COLORS[1]), pen=None)
        self.diagonal = pg.PlotDataItem(pen=pg.mkPen("#202020", width=2, style=Qt.PenStyle.DashLine))
        for item in (self.confusion_image, self.fitted_points, self.diagonal):
            item.hide()
            pi.addItem(item)
        self._count_labels: list[pg.TextItem] = []

    def _hide_evaluation(self) -> None:
        """Back to the map or the curve: the points shown, the axes as they were."""
        for item in (self.confusion_image, self.fitted_points, self.diagonal):
            item.hide()
        self._clear_counts()
        if self._last_evaluation is not None or self._mode in ("confusion", "fitted"):
            pi = self.plot_widget.getPlotItem()
            for axis in ("bottom", "left"):
                pi.getAxis(axis).setTicks(None)
            pi.getViewBox().invertY(False)
        self.train_points.show()
        self.test_points.show()
        self._last_evaluation = None

    def _clear_counts(self) -> None:
        pi = self.plot_widget.getPlotItem()
        for label in self._count_labels:
            pi.removeItem(label)
        self._count_labels = []

    def _show_evaluation(self, s: Snapshot) -> None:
        values = s.confusion if s.confusion is not None else s.fitted
        if values is self._last_evaluation:
            self._set_title(self._title(s))
            return
        if self._mode not in ("confusion", "fitted"):
            self.clear()
            self._mode = "confusion" if s.confusion is not None else "fitted"
        self._last_evaluation = values
        pi = self.plot_widget.getPlotItem()
        for item in (self.image_item, self.curve, self.train_points, self.test_points):
            item.hide()
        part = (self.tr("test part") if s.test_accuracy is not None or s.test_loss is not None
                else self.tr("training set"))
        names = s.config.data.class_names if s.config.data is not None else ()
        if s.confusion is not None:
            counts = np.asarray(s.confusion, dtype=float)
            k = len(counts)
            rates = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
            pi.setAspectLocked(True)
            style_plot_item(pi, left=self.tr("true class"), bottom=self.tr("predicted class"))
            self.confusion_image.setImage(rates, autoLevels=False, levels=(0.0, 1.0))
            self.confusion_image.setRect(QRectF(-0.5, -0.5, k, k))
            self.confusion_image.show()
            self._clear_counts()
            if k <= 12:
                for (r, c), n in np.ndenumerate(counts):
                    label = pg.TextItem(f"{int(n)}", color="w" if rates[r, c] > 0.6 else TEXT_COLOR,
                                        anchor=(0.5, 0.5))
                    label.setFont(projector_font(LABEL_PT, bold=True))
                    label.setPos(c, r)
                    pi.addItem(label, ignoreBounds=True)
                    self._count_labels.append(label)
                ticks = [(i, (names[i] if i < len(names) else str(i))[:12]) for i in range(k)]
                for axis in ("bottom", "left"):
                    pi.getAxis(axis).setTicks([ticks])
            pi.getViewBox().invertY(True)  # the first class at the top, as a matrix is written
            pi.setRange(xRange=(-0.5, k - 0.5), yRange=(-0.5, k - 0.5), padding=0.02)
            self._set_legend([self.tr("confusion matrix on the {part}: counts; shade = share of the true "
                                      "class").format(part=part)])
        else:
            pairs = np.asarray(s.fitted, dtype=float)
            ok = np.isfinite(pairs).all(axis=1)
            pairs = pairs[ok]
            pi.setAspectLocked(False)
            for axis in ("bottom", "left"):
                pi.getAxis(axis).setTicks(None)
            pi.getViewBox().invertY(False)
            style_plot_item(pi, left=self.tr("predicted"), bottom=self.tr("true"))
            self.fitted_points.setData(pairs[:, 0], pairs[:, 1])
            self.fitted_points.show()
            if len(pairs):
                lo, hi = float(pairs.min()), float(pairs.max())
                self.diagonal.setData([lo, hi], [lo, hi])
                self.diagonal.show()
                pi.setRange(xRange=(float(pairs[:, 0].min()), float(pairs[:, 0].max())),
                            yRange=(lo, hi), padding=0.05)
            self._set_legend([_swatch(CLASS_COLORS[1], "●") + " "
                              + self.tr("predicted vs true ({part})").format(part=part),
                              _swatch("#202020", "╌") + " " + self.tr("perfect")])
        self._set_title(self._title(s))

    # ------------------------------------------------------------------ internals
    def _set_title(self, text: tuple[str, ...]) -> None:
        self._title_text = text
        fit_title(self.plot_widget, text)

    def _refit_title(self) -> None:
        if self._title_text:
            self._set_title(self._title_text)  # shrink or grow the title to the new width
        self._fit_target_labels()

    def _fit_target_labels(self) -> None:
        """The tutorial's "y = 1" labels only while neighbouring ones cannot overlap (a small plot
        at a large zoom has no room for them; the key says the colours anyway)."""
        if not self._target_labels:
            return
        vb = self.plot_widget.getPlotItem().vb
        xs = sorted({round(label.pos().x(), 6) for label in self._target_labels})
        gap = min((b - a for a, b in zip(xs, xs[1:])), default=1.0)
        (x0, x1), _ = vb.viewRange()
        px = gap * vb.width() / (x1 - x0) if x1 > x0 else 0.0
        wide = max(label.boundingRect().width() for label in self._target_labels)
        visible = px >= 1.1 * wide or vb.width() <= 0
        for label in self._target_labels:
            label.setVisible(visible)

    def _title(self, s: Snapshot) -> tuple[str, ...]:
        """The title's wordings, longest first (a narrow panel gets a shorter one)."""
        if s.train_accuracy is not None:
            name, short = self.tr("accuracy"), self.tr("acc.")
            value, test = f"{s.train_accuracy:.1%}", s.test_accuracy
            test_text = None if test is None else f"{test:.1%}"
        elif s.loss is not None:
            name = short = self.tr("loss")
            value, test = f"{s.loss:.4g}", s.test_loss
            test_text = None if test is None else f"{test:.4g}"
        else:
            name = value = test_text = None
        diverged = (' · <span style="color:#c00000">' + self.tr("diverged") + "</span>") if s.diverged else ""
        step = self.tr("step {step:,}").format(step=s.step)
        if name is None:
            return (step + diverged,)
        with_test = "" if test_text is None else " " + self.tr("(test {value})").format(value=test_text)
        return (f"{step} · {name} {value}{with_test}{diverged}",
                f"{step} · {short} {value}{with_test}{diverged}",
                f"{short} {value}{with_test}{diverged}",
                f"{short} {value}{diverged}")

    def _remove_target_labels(self) -> None:
        pi = self.plot_widget.getPlotItem()
        for label in self._target_labels:
            pi.removeItem(label)
        self._target_labels = []

    def _set_data(self, data: Dataset, mode: str | None) -> None:
        self._data = data
        self._n_classes = data.n_classes
        imported = self._imported
        # An imported regression target is a value, not the tutorial's 0/1 classes.
        continuous = imported is not None and not data.is_classification
        names = tuple(getattr(imported, "feature_names", ()))
        target_name = getattr(imported, "target_name", "y")
        self._value_levels = None
        self._remove_target_labels()
        self._image_shape = None
        pi = self.plot_widget.getPlotItem()
        # A big data set is drawn as a fixed sample of its points (one pass over 100,000 brushes
        # froze the window for seconds); the key says so.
        train_i, test_i = shown_points(len(data.x_train), len(data.x_test))
        x_train, x_test = data.x_train[train_i], data.x_test[test_i]
        y_train, y_test = np.asarray(data.y_train)[train_i], np.asarray(data.y_test)[test_i]
        total = len(data.x_train) + len(data.x_test)
        shown = len(train_i) + len(test_i)
        sample_note = [f"showing {shown:,} of {total:,} points"] if shown < total else []
        if mode == "curve" or data.n_inputs == 1:
            self.image_item.hide()
            self.curve.show()
            pi.setAspectLocked(False)
            style_plot_item(pi, left=target_name if imported is not None else "y",
                            bottom=names[0] if names else "x")
            self.train_points.setData(x_train[:, 0], y_train.reshape(-1), size=9,
                                      brush=pg.mkBrush(CLASS_COLORS[1]), pen=pg.mkPen("w", width=1.2))
            self.test_points.setData(x_test[:, 0], y_test.reshape(-1), size=10,
                                     brush=pg.mkBrush(None), pen=pg.mkPen(CLASS_COLORS[0], width=2.5))
            key = [_swatch("#202020", "━") + " " + self.tr("prediction"),
                   _swatch(CLASS_COLORS[1], "●") + " " + self.tr("train")]
            if len(data.x_test):
                key.append(_swatch(CLASS_COLORS[0], "○") + " " + self.tr("test"))
            self._set_legend(key + sample_note)
        else:
            self.curve.hide()
            self.curve.setData([], [])
            pi.setAspectLocked(True)
            style_plot_item(pi, left=names[1] if len(names) > 1 else "x₂",
                            bottom=names[0] if names else "x₁")
            if continuous:
                self._set_value_data(data, x_train, x_test, y_train, y_test, target_name, sample_note)
                return
            self.image_item.setColorMap(_background_map(data.n_classes))
            size = 16 if shown <= 12 else (10 if shown <= 400 else 7)
            palette = self._palette(data)
            # One brush and one pen per class, shared by its points.
            brushes = np.array([pg.mkBrush(c) for c in palette], dtype=object)
            pens = np.array([pg.mkPen(c, width=3) for c in palette], dtype=object)
            self.train_points.setData(x_train[:, 0], x_train[:, 1], size=size,
                                      brush=list(brushes[self._point_classes(y_train, data)]),
                                      pen=pg.mkPen("w", width=1.5))
            self.test_points.setData(x_test[:, 0], x_test[:, 1], size=size + 1,
                                     brush=pg.mkBrush(255, 255, 255, 200),
                                     pen=list(pens[self._point_classes(y_test, data)]))
            if not data.is_classification and len(data.x_train) <= 12:  # the tutorial: label targets
                middle = float(np.mean(data.x_train[:, 1]))
                for (x, y), t in zip(data.x_train, np.asarray(data.y_train).reshape(-1)):
                    # Towards the middle of the plot: under the top points, over the bottom ones
                    # (under them, a label at the plot's lower edge would be cut off).
                    anchor = (0.5, -0.35) if y >= middle else (0.5, 1.35)
                    label = pg.TextItem(f"y = {t:g}", color=TEXT_COLOR, anchor=anchor,
                                        fill=pg.mkBrush(255, 255, 255, 200))
                    label.setFont(projector_font(LABEL_PT, bold=True))
                    label.setPos(float(x), float(y))
                    label.setZValue(10)
                    pi.addItem(label, ignoreBounds=True)
                    self._target_labels.append(label)
            if data.is_classification:
                names = self._imported.class_names if self._imported is not None else ()  # type: ignore[attr-defined]
                key = [_swatch(c, "●") + " "
                       + (names[k] if k < len(names) else self.tr("class {k}").format(k=k))
                       for k, c in enumerate(palette)]
                if len(data.x_test):
                    key.append(_swatch("#505050", "○") + " " + self.tr("test"))  # filled points: training
            else:
                key = [_swatch(CLASS_COLORS[0], "●") + " " + self.tr("target {k}").format(k=0),
                       _swatch(CLASS_COLORS[1], "●") + " " + self.tr("target {k}").format(k=1),
                       self.tr("shade = output")]
            self._set_legend(key + sample_note)

    def _set_value_data(self, data: Dataset, x_train: np.ndarray, x_test: np.ndarray, y_train: np.ndarray,
                        y_test: np.ndarray, target_name: str, sample_note: list[str]) -> None:
        """An imported regression target on the plane: the output as a shade from the lowest to
        the highest target (the key says which is which), the points in the same shade."""
        y_all = np.concatenate([np.asarray(data.y_train, float).reshape(-1),
                                np.asarray(data.y_test, float).reshape(-1)])
        lo, hi = (float(y_all.min()), float(y_all.max())) if len(y_all) else (0.0, 1.0)
        if not hi > lo:
            hi = lo + 1.0
        self._value_levels = (lo, hi)
        cmap = _value_map()
        self.image_item.setColorMap(cmap)
        n = len(x_train) + len(x_test)
        size = 10 if n <= 400 else 7
        shades = cmap.map(np.linspace(0.0, 1.0, VALUE_BINS), mode="qcolor")
        brushes = np.array([pg.mkBrush(c) for c in shades], dtype=object)
        pens = np.array([pg.mkPen(c, width=3) for c in shades], dtype=object)

        def bins(y: np.ndarray) -> np.ndarray:
            t = (np.asarray(y, float).reshape(-1) - lo) / (hi - lo)
            return np.clip((t * VALUE_BINS).astype(int), 0, VALUE_BINS - 1)

        self.train_points.setData(x_train[:, 0], x_train[:, 1], size=size, brush=list(brushes[bins(y_train)]),
                                  pen=pg.mkPen("w", width=1.5))
        self.test_points.setData(x_test[:, 0], x_test[:, 1], size=size + 1,
                                 brush=pg.mkBrush(255, 255, 255, 200), pen=list(pens[bins(y_test)]))
        low, high = (QColor(cmap.map(v, mode="qcolor")).name() for v in (0.0, 1.0))
        key = [self.tr("shade = predicted {target}:").format(target=target_name),
               _swatch(low, "■") + "&nbsp;" + self.tr("low {value}").format(value=f"{lo:.3g}"),
               _swatch(high, "■") + "&nbsp;" + self.tr("high {value}").format(value=f"{hi:.3g}"),
               self.tr("dots: true {target}").format(target=target_name)]
        if len(data.x_test):
            key.append(_swatch("#505050", "○") + " " + self.tr("test"))
        self._set_legend(key + sample_note)

    def _set_legend(self, key: list[str]) -> None:
        """The key under the plot on one line: its type shrinks (to 10 pt) before it wraps."""
        self.legend_label.setText(" &nbsp;&nbsp; ".join(key))
        self._fit_legend()

    def _fit_legend(self) -> None:
        fit_one_line(self.legend_label, self.width())

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_legend()
        self._refit_title()  # (a title too wide keeps the view box from shrinking: no sigResized)

    def _place_image(self, shape: tuple[int, ...]) -> None:
        """Grid values sit at cell centres: the image spans the extent plus half a cell each side."""
        x0, x1, y0, y1 = self._extent if self._extent is not None else (-1.0, 1.0, -1.0, 1.0)
        rows, cols = shape
        dx = (x1 - x0) / max(cols - 1, 1)
        dy = (y1 - y0) / max(rows - 1, 1)
        self.image_item.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, (x1 - x0) + dx, (y1 - y0) + dy))

    @staticmethod
    def _palette(data: Dataset) -> list[str]:
        """The points' colours: one per class (regression on the plane: targets 0 and 1)."""
        if data.is_classification:
            palette = CLASS_COLORS_3 if data.n_classes >= 3 else CLASS_COLORS
            return palette[:data.n_classes]
        return CLASS_COLORS

    @staticmethod
    def _point_classes(y: np.ndarray, data: Dataset) -> np.ndarray:
        """Each point's index into :meth:`_palette`."""
        y = np.asarray(y).reshape(-1)
        if data.is_classification:
            top = (len(CLASS_COLORS_3) if data.n_classes >= 3 else len(CLASS_COLORS)) - 1
            return np.clip(y.astype(int), 0, min(top, data.n_classes - 1))
        # Regression on the plane (the tutorial's 0/1 targets): the map's end colours.
        return (y.astype(float) >= 0.5).astype(int)

    def _set_extent(self, extent: tuple[float, float, float, float], pred: np.ndarray | None) -> None:
        self._extent = extent
        x0, x1, y0, y1 = extent
        pi = self.plot_widget.getPlotItem()
        if pred is not None and pred.ndim == 2:
            self._image_shape = None  # place the image again after its next setImage
            rows, cols = pred.shape
            dx = (x1 - x0) / max(cols - 1, 1)
            dy = (y1 - y0) / max(rows - 1, 1)
            pi.setRange(xRange=(x0 - dx / 2, x1 + dx / 2), yRange=(y0 - dy / 2, y1 + dy / 2), padding=0)
        else:
            if not (math.isfinite(y0) and math.isfinite(y1)):
                y0, y1 = -1.0, 1.0
            pi.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.03)

