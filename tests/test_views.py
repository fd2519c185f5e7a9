"""The playground's views, headless: they show exactly the data they are given and survive the
awkward cases (diverged runs, zeros on a log axis, a million points, a change of network)."""

from __future__ import annotations

import dataclasses
import math
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPointF, QRectF  # noqa: E402
from PySide6.QtGui import QColor, QFontMetrics  # noqa: E402
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget  # noqa: E402

import playground.views.grad_norms as grad_norms  # noqa: E402
from core.presets import get_preset  # noqa: E402
from core.runner import TrainingControl, Update, training_task  # noqa: E402
from core.session import ParamSnapshot, Session, Snapshot  # noqa: E402
from playground.views import GradNormPanel, LossPlot, MatrixPanel, PredictionView  # noqa: E402
from playground.views.loss_plot import step_label  # noqa: E402
from playground.views.matrices import TEXT_MAX_DIM, fmt_cell, symmetric_envelope  # noqa: E402

# The tutorial's ten losses (its preset's description quotes the first and the last).
TUTORIAL_LOSSES = [4.332227649717207, 0.06584977054172614, 0.018695365762415834, 0.010688455516201121,
                   0.006092073348705457, 0.0036045123900547396, 0.0021071878330712157,
                   0.0012627543158879565, 0.0007588394794562466, 0.0004648806753042181]


def _session(preset: str, steps: int = 0, **changes: object) -> Session:
    cfg = get_preset(preset).config
    if changes:
        cfg = cfg.replace(**changes)
    s = Session(cfg)
    s.run(steps)
    return s


def _update(snapshot: Snapshot, steps: object, losses: object, test: object = None,
            cleared: bool = False) -> Update:
    steps = np.asarray(steps, dtype=np.int64)
    losses = np.asarray(losses, dtype=float)
    test = np.full(len(steps), np.nan) if test is None else np.asarray(test, dtype=float)
    return Update(snapshot=snapshot, steps=steps, losses=losses, test_losses=test, running=False,
                  steps_per_second=0.0, cleared=cleared)


def _with_params(snapshot: Snapshot, data: object = None, grad: object = None) -> Snapshot:
    """``snapshot`` with every parameter's data and/or gradient replaced by ``f(array)``."""
    params = []
    for p in snapshot.params:
        d = data(p.data) if data else p.data
        g = grad(p.grad) if grad else p.grad
        with np.errstate(all="ignore"):
            norm = float(np.sqrt(np.sum(g * g)))
        params.append(ParamSnapshot(p.name, p.layer, p.kind, d, g, norm))
    return dataclasses.replace(snapshot, params=tuple(params))


def _assert_rendered(qtbot, widget: QWidget, size: tuple[int, int] = (900, 600)) -> None:
    """The widget paints something that is neither empty nor a single colour."""
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    image = widget.grab().toImage()
    assert not image.isNull()
    assert image.width() == size[0] and image.height() == size[1]
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 19)}
    assert len(colours) > 3


@pytest.fixture
def matrix_panel(qtbot) -> MatrixPanel:
    panel = MatrixPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _check_images(panel: MatrixPanel, snap: Snapshot) -> None:
    items = panel.image_items()
    expected = {p.name for p in snap.params} | {"d" + p.name for p in snap.params}
    assert set(items) == expected
    for p in snap.params:
        if p.kind == "bias":  # a bias (n,) is shown as a 1×n row: the same values
            np.testing.assert_array_equal(items[p.name].image, p.data.reshape(1, -1))
            np.testing.assert_array_equal(items["d" + p.name].image, p.grad.reshape(1, -1))
        else:
            np.testing.assert_array_equal(items[p.name].image, p.data)
            np.testing.assert_array_equal(items["d" + p.name].image, p.grad)


# ------------------------------------------------------------------------------ matrices
def test_matrix_images_are_the_snapshot_matrices_after_1_and_10_steps(matrix_panel):
    s = _session("tutorial", 1)
    snap = s.snapshot()
    matrix_panel.show_snapshot(snap)
    _check_images(matrix_panel, snap)
    first_items = matrix_panel.image_items()
    assert matrix_panel.image_items()["W1"].image.shape == (2, 3)
    assert matrix_panel.image_items()["b1"].image.shape == (1, 3)

    s.run(9)
    snap10 = s.snapshot()
    assert snap10.step == 10
    matrix_panel.show_snapshot(snap10)
    _check_images(matrix_panel, snap10)
    # Same shape: the items were updated, not rebuilt.
    assert all(matrix_panel.image_items()[k] is item for k, item in first_items.items())
    titles = matrix_panel.titles()
    assert titles["W1"] == "W1 (2×3)"
    assert titles["dW1"].startswith("dW1") and "‖·‖=" in titles["dW1"]


def test_weights_and_gradients_each_share_one_symmetric_scale(matrix_panel):
    snap = _session("spiral", 20).snapshot()
    matrix_panel.show_snapshot(snap)
    (wlo, whi), (glo, ghi) = matrix_panel.levels()
    assert wlo == -whi and glo == -ghi and whi > 0 and ghi > 0
    assert whi >= max(np.abs(p.data).max() for p in snap.params)
    assert ghi >= max(np.abs(p.grad).max() for p in snap.params)
    for name, item in matrix_panel.image_items().items():
        lo, hi = item.getLevels()
        assert (lo, hi) == ((glo, ghi) if name.startswith("d") else (wlo, whi)), name
    assert tuple(matrix_panel.weight_colorbar.levels()) == (wlo, whi)
    assert tuple(matrix_panel.grad_colorbar.levels()) == (glo, ghi)


def test_colour_scale_envelope_grows_at_once_and_shrinks_slowly():
    assert symmetric_envelope(0.0, 2.0, True) == 2.0
    assert symmetric_envelope(1.0, 5.0, True) == 5.0  # grows immediately
    assert symmetric_envelope(5.0, 4.0, True) == pytest.approx(4.5)  # shrinks by at most 10 %
    assert symmetric_envelope(5.0, 1.0, True) == pytest.approx(3.0)  # but never above 3× the data
    assert symmetric_envelope(5.0, 4.0, False) == 5.0  # the same step shown again: no decay
    assert symmetric_envelope(0.0, 0.0, True) == 1.0  # all zeros: a safe scale
    assert symmetric_envelope(2.0, 0.0, True) == 2.0
    assert symmetric_envelope(2.0, math.nan, True) == 2.0


def test_small_matrices_print_their_values_and_large_ones_do_not(matrix_panel):
    snap = _session("tutorial", 1).snapshot()
    matrix_panel.show_snapshot(snap)
    texts = matrix_panel.cell_texts()
    assert set(texts) == {"W1", "b1", "W2", "b2", "dW1", "db1", "dW2", "db2"}
    w1 = snap.params[0]
    assert texts["W1"] == [[fmt_cell(v) for v in row] for row in w1.data]
    assert texts["db1"] == [[fmt_cell(v) for v in snap.params[1].grad]]

    big = _session("xor", 1, hidden=(32, 32), activation="relu", init="he", n_samples=40).snapshot()
    matrix_panel.show_snapshot(big)
    assert matrix_panel.image_items()["W2"].image.shape == (32, 32)
    texts = matrix_panel.cell_texts()
    assert "W2" not in texts and "dW2" not in texts
    assert all(max(len(rows), len(rows[0])) <= TEXT_MAX_DIM for rows in texts.values())
    matrix_panel.grab()


def test_cell_number_format():
    assert fmt_cell(0.0339) == "0.0339"
    assert fmt_cell(-1.18) == "−1.18"
    assert fmt_cell(-0.00694) == "−6.9e−3"
    assert fmt_cell(12345.0) == "1.2e4"
    assert fmt_cell(0.0) == "0"
    assert fmt_cell(math.nan) == "NaN" and fmt_cell(-math.inf) == "−∞"


def test_a_new_network_shape_rebuilds_the_heatmaps(matrix_panel):
    matrix_panel.show_snapshot(_session("tutorial", 1).snapshot())
    old = matrix_panel.image_items()["W1"]
    spiral = _session("spiral", 3).snapshot()
    matrix_panel.show_snapshot(spiral)
    assert set(matrix_panel.image_items()) == {"W1", "b1", "W2", "b2", "W3", "b3",
                                               "dW1", "db1", "dW2", "db2", "dW3", "db3"}
    assert matrix_panel.image_items()["W1"] is not old
    assert old.scene() is None  # removed from the view
    _check_images(matrix_panel, spiral)


def test_matrices_render_tiny_and_deep_nets(qtbot, matrix_panel):
    matrix_panel.show_snapshot(_session("tutorial", 1).snapshot())
    _assert_rendered(qtbot, matrix_panel, (1200, 800))
    matrix_panel.show_snapshot(_session("exploding", 0).snapshot())  # 6 hidden layers of 32
    assert len(matrix_panel.image_items()) == 28
    _assert_rendered(qtbot, matrix_panel, (1200, 800))
    _assert_rendered(qtbot, matrix_panel, (500, 350))  # relayout on resize


def test_matrices_survive_a_diverged_run(qtbot, matrix_panel):
    snap = _session("tutorial", 2).snapshot()
    bad = _with_params(snap, data=lambda a: np.where(np.arange(a.size).reshape(a.shape) % 2, np.nan, a),
                       grad=lambda a: np.full_like(a, np.inf))
    bad = dataclasses.replace(bad, diverged="Diverged at step 2")
    matrix_panel.show_snapshot(bad)
    _check_images(matrix_panel, bad)  # the raw values, NaN included
    (wlo, whi), (glo, ghi) = matrix_panel.levels()
    assert math.isfinite(whi) and whi > 0 and math.isfinite(ghi) and ghi > 0
    assert "NaN" in matrix_panel.cell_texts()["W1"][0] + matrix_panel.cell_texts()["W1"][1]
    assert "diverged" in matrix_panel.hover_label.text()
    _assert_rendered(qtbot, matrix_panel, (1000, 700))
    matrix_panel.show_snapshot(_with_params(snap, grad=np.zeros_like))  # all-zero gradients
    assert matrix_panel.levels()[1][1] > 0


def test_hovering_a_cell_reads_out_its_exact_value(qtbot, matrix_panel):
    snap = _session("tutorial", 1).snapshot()
    matrix_panel.show_snapshot(snap)
    item = matrix_panel.image_items()["W1"]
    rect = item.mapRectToParent(item.boundingRect())  # view coordinates: one unit per cell
    text = matrix_panel.hover_at(rect.left() + 2.5, rect.top() + 0.5)
    w1 = snap.params[0]
    assert f"W1[0,2] = {w1.data[0, 2]:.9g}" in text
    assert f"dW1[0,2] = {w1.grad[0, 2]:.9g}" in text
    assert matrix_panel.hover_label.text() == text
    # Through the mouse as well (the SignalProxy delivers it a moment later).
    view_pos = matrix_panel.view.mapViewToScene(QPointF(rect.left() + 0.5, rect.top() + 1.5))
    widget_pos = matrix_panel.graphics.mapFromScene(view_pos)
    qtbot.mouseMove(matrix_panel.graphics.viewport(), widget_pos)
    qtbot.waitUntil(lambda: "W1[1,0]" in matrix_panel.hover_label.text(), timeout=3000)


def _panel_rect(panel: MatrixPanel, view_rect: QRectF) -> QRectF:
    """A rectangle in the view's cell units, in the panel's pixels."""
    scene = panel.view.mapViewToScene(view_rect).boundingRect()
    vp = panel.graphics.viewport()
    poly = panel.graphics.mapFromScene(scene)
    return QRectF(poly.boundingRect()).translated(QPointF(vp.mapTo(panel, vp.rect().topLeft())))


def _panel_at(qtbot, panel: MatrixPanel, snap: Snapshot, size: tuple[int, int]) -> None:
    panel.resize(*size)
    panel.show_snapshot(snap)
    qtbot.waitUntil(lambda: panel.graphics.width() == size[0] and bool(panel.layout_info()), timeout=3000)
    panel.grab()  # a real paint: the cell painters record the font size they drew with


@pytest.mark.parametrize("size, at_least", [((760, 560), 20.0), ((760, 616), 20.0), ((440, 416), 14.0)])
def test_tutorial_numbers_are_projector_sized(qtbot, matrix_panel, size, at_least):
    # 760 × 560-616: the matrix panel of a 1600 × 1000 window; 440 × 416: of a 1280 × 800 one.
    _panel_at(qtbot, matrix_panel, _session("tutorial", 10).snapshot(), size)
    info = matrix_panel.layout_info()
    assert info["digits"] in (2, 3)
    assert matrix_panel.cell_text_px() >= at_least, info
    cell_w, cell_h = info["cell"]
    assert cell_h >= 2.2 * at_least and cell_w >= cell_h  # wide cells: a number is wider than tall
    # ...and the painters really drew them that big (no paint-time size check drops them).
    painters = [h.text for h in matrix_panel._heats.values()]
    assert len(painters) == 8 and all(t is not None for t in painters)
    assert all(t.painted_px >= int(at_least) for t in painters), [t.painted_px for t in painters]
    # The printed strings have the chosen number of significant digits.
    assert matrix_panel.cell_texts()["W1"][0][0] == fmt_cell(-0.5798, info["digits"])[:2] + \
        matrix_panel.cell_texts()["W1"][0][0][2:]


def test_tutorial_cells_use_the_whole_panel(qtbot, matrix_panel):
    _panel_at(qtbot, matrix_panel, _session("tutorial", 1).snapshot(), (760, 560))
    view = matrix_panel.view
    boxes = [_panel_rect(matrix_panel, item.mapRectToParent(item.boundingRect()))
             for item in matrix_panel.image_items().values()]
    left = min(b.left() for b in boxes)
    right = max(b.right() for b in boxes)
    top = min(b.top() for b in boxes)
    bottom = max(b.bottom() for b in boxes)
    # Limited by one direction at least: the matrices span most of the view's width or height.
    assert (right - left) / view.width() > 0.85 or (bottom - top) / view.height() > 0.8
    # The colour bars are one compact row under the matrices.
    bar = matrix_panel.weight_colorbar.sceneBoundingRect()
    assert bar.height() < 60 and bar.top() >= view.sceneBoundingRect().bottom() - 1


@pytest.mark.parametrize("preset, min_cell", [("spiral", 10.0), ("he-deep", 5.0), ("exploding", 2.5)])
def test_deep_nets_have_visible_cells_and_titles_that_do_not_overlap(qtbot, matrix_panel, preset,
                                                                      min_cell):
    _panel_at(qtbot, matrix_panel, _session(preset, 1).snapshot(), (760, 560))
    info = matrix_panel.layout_info()
    cell_w, cell_h = info["cell"]
    assert cell_w == cell_h >= min_cell, info  # square cells for a heatmap without numbers
    assert matrix_panel.cell_texts() == {}
    titles = [h.title for h in matrix_panel._heats.values() if h.title.isVisible()]
    # Titles ignore the view's scaling: their size is in pixels from their scene position.
    rects = [QRectF(t.scenePos(), t.boundingRect().size()) for t in titles]
    images = [matrix_panel.view.mapViewToScene(i.mapRectToParent(i.boundingRect())).boundingRect()
              for i in matrix_panel.image_items().values()]
    view = matrix_panel.view.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    for i, r in enumerate(rects):
        assert view.contains(r), (titles[i].text(), r, view)
        assert not any(r.intersects(o) for o in rects[i + 1:]), titles[i].text()
        assert not any(r.intersects(img) for img in images), titles[i].text()
    for img in images:
        assert view.contains(img)


def test_the_read_out_shows_only_while_it_has_something_to_say(qtbot, matrix_panel):
    label = matrix_panel.hover_label
    assert label.isVisible() and "Run a step" in label.text()  # the empty panel's placeholder
    snap = _session("tutorial", 1).snapshot()
    _panel_at(qtbot, matrix_panel, snap, (760, 560))
    assert not label.isVisible()  # no hint line taking room under the matrices
    item = matrix_panel.image_items()["W2"]
    rect = item.mapRectToParent(item.boundingRect())
    text = matrix_panel.hover_at(rect.left() + 0.5, rect.top() + 2.5)
    assert label.isVisible() and label.text() == text and "W2[2,0]" in text
    # Over the panel, inside the widget, never under the pointer's cell.
    cell = _panel_rect(matrix_panel, QRectF(rect.left(), rect.top() + 2, 1, 1))
    assert matrix_panel.rect().contains(label.geometry())
    assert not label.geometry().intersects(cell.toRect())
    # A new step under a still pointer: the read-out follows the values.
    s = _session("tutorial", 2)
    matrix_panel.show_snapshot(s.snapshot())
    assert f"{s.snapshot().params[2].data[2, 0]:.9g}" in label.text()
    assert matrix_panel.hover_at(-50.0, -50.0) is None  # off the cells
    matrix_panel._on_mouse_moved((QPointF(-10_000, -10_000),))  # off the view
    assert not label.isVisible()


def test_clear_empties_the_matrix_panel(matrix_panel):
    matrix_panel.show_snapshot(_session("tutorial", 1).snapshot())
    matrix_panel.clear()
    assert matrix_panel.image_items() == {}
    matrix_panel.show_snapshot(_session("tutorial", 1).snapshot())
    assert len(matrix_panel.image_items()) == 8


# ------------------------------------------------------------------------------ loss plot
@pytest.fixture
def loss_plot(qtbot) -> LossPlot:
    plot = LossPlot()
    qtbot.addWidget(plot)
    return plot


def _train_curve(plot: LossPlot):
    return plot.plot_widget.getPlotItem().listDataItems()[0]


def test_loss_plot_holds_the_tutorials_ten_losses_then_clears(loss_plot):
    control = TrainingControl()
    task = training_task(get_preset("tutorial").config, control)
    loss_plot.append(next(task))  # the first update: cleared, no losses yet
    for _ in range(10):
        control.step()
        update = next(task)
        assert len(update.steps) == 1
        loss_plot.append(update)
        control.acknowledge()
    control.stop()
    task.close()

    assert loss_plot.plot_widget.objectName() == "lossPlot"
    x, y = _train_curve(loss_plot).getData()
    np.testing.assert_array_equal(x, np.arange(1, 11))
    np.testing.assert_allclose(y, TUTORIAL_LOSSES, rtol=1e-12)
    np.testing.assert_allclose(_train_curve(loss_plot).yData, TUTORIAL_LOSSES, rtol=1e-12)
    steps, losses, tests = loss_plot.history()
    np.testing.assert_array_equal(steps, np.arange(1, 11))
    assert np.isnan(tests).all()
    assert loss_plot.hover_at(3.2).startswith("step 3 · loss 0.0186954")

    snap = _session("tutorial").snapshot()
    loss_plot.append(_update(snap, [], [], cleared=True))
    assert len(loss_plot) == 0
    x, y = _train_curve(loss_plot).getData()
    assert x is None and y is None  # pyqtgraph's empty curve
    loss_plot.append(_update(snap, [1, 2], [3.0, 2.0]))
    np.testing.assert_array_equal(_train_curve(loss_plot).getData()[1], [3.0, 2.0])


def test_a_repeated_or_smaller_step_never_wipes_the_loss_history(loss_plot):
    """Only a reset (``cleared``) forgets the curve: a step already shown is a repeat."""
    snap = _session("tutorial").snapshot()
    loss_plot.append(_update(snap, [1, 2, 3], [3.0, 2.0, 1.0], cleared=True))
    loss_plot.append(_update(snap, [3], [np.inf]))  # the diverged step, sent again
    loss_plot.append(_update(snap, [1], [9.0]))  # an older step
    loss_plot.append(_update(snap, [2, 4, 4, 3, 5], [9.0, 0.5, 9.0, 9.0, 0.25]))  # mixed
    steps, losses, _ = loss_plot.history()
    np.testing.assert_array_equal(steps, [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(losses, [3.0, 2.0, 1.0, 0.5, 0.25])
    np.testing.assert_array_equal(_train_curve(loss_plot).yData, [3.0, 2.0, 1.0, 0.5, 0.25])
    loss_plot.append(_update(snap, [1], [7.0], cleared=True))  # a reset does start again
    np.testing.assert_array_equal(loss_plot.history()[1], [7.0])


def test_a_finite_loss_that_diverged_is_marked_on_the_loss_plot(loss_plot):
    snap = _session("tutorial").snapshot()
    loss_plot.append(_update(snap, [1], [7e5], cleared=True))
    assert not loss_plot._diverged_line.isVisible()
    diverged = dataclasses.replace(snap, step=2, diverged="Diverged at step 2: the loss reached 6.67e+48")
    loss_plot.append(_update(diverged, [2], [6.67e48]))
    assert loss_plot._diverged_line.isVisible() and loss_plot._diverged_line.value() == 2
    np.testing.assert_array_equal(_train_curve(loss_plot).yData, [7e5, 6.67e48])  # finite: drawn


def test_a_short_loss_history_shows_its_points_on_a_whole_step_axis(qtbot, loss_plot):
    loss_plot.resize(560, 420)
    loss_plot.show()
    qtbot.waitExposed(loss_plot)
    snap = _session("tutorial").snapshot()
    loss_plot.append(_update(snap, [1], [TUTORIAL_LOSSES[0]], cleared=True))
    curve = _train_curve(loss_plot)
    assert loss_plot.symbols_shown() and curve.opts["symbol"] == "o"  # one point: a dot, no line
    loss_plot.grab()
    vb = loss_plot.plot_widget.getPlotItem().vb
    (x0, x1), (y0, y1) = vb.viewRange()
    assert x0 <= 1 and x1 >= 10 and x1 < 11  # the tutorial's axis: steps 1 … 10 from the start
    assert y0 < TUTORIAL_LOSSES[0] < y1
    axis = loss_plot.plot_widget.getPlotItem().getAxis("bottom")
    for _spacing, values in axis.tickValues(x0, x1, 500):
        assert all(float(v).is_integer() for v in values)  # no "1.5" steps
    loss_plot.append(_update(snap, range(2, 11), TUTORIAL_LOSSES[1:]))
    assert loss_plot.symbols_shown()
    # A long history: a plain line.
    loss_plot.append(_update(snap, range(11, 400), np.linspace(1e-3, 1e-4, 389)))
    assert not loss_plot.symbols_shown() and curve.opts["symbol"] is None
    loss_plot.append(_update(snap, [1], [1.0], cleared=True))  # a reset: dots again
    assert loss_plot.symbols_shown()
    assert [step_label(v) for v in (950, 9500, 12_000, 1_250_000)] == ["950", "9500", "12k", "1.25M"]


def test_loss_plot_has_its_controls_and_a_test_curve(loss_plot):
    check = loss_plot.findChild(QCheckBox, "logScaleCheck")
    button = loss_plot.findChild(QPushButton, "autoRangeButton")
    assert check is not None and button is not None
    snap = _session("tutorial").snapshot()
    loss_plot.append(_update(snap, [1, 2, 3], [1.0, 0.5, 0.25], [1.1, 0.6, np.nan], cleared=True))
    test_curve = loss_plot.plot_widget.getPlotItem().listDataItems()[1]
    np.testing.assert_array_equal(test_curve.getData()[1], [1.1, 0.6])
    check.click()
    assert loss_plot.is_log()
    button.click()
    assert loss_plot.plot_widget.getPlotItem().vb.autoRangeEnabled()[1]


def test_loss_plot_keeps_a_million_points_exactly(qtbot, loss_plot):
    loss_plot.resize(900, 500)
    loss_plot.show()
    qtbot.waitExposed(loss_plot)
    snap = _session("tutorial").snapshot()
    rng = np.random.default_rng(0)
    losses = rng.random(1_000_000) + 0.01
    chunks = np.array_split(np.arange(1_000_000), 7)
    for k, idx in enumerate(chunks):
        loss_plot.append(_update(snap, idx + 1, losses[idx], cleared=k == 0))
    _assert_rendered(qtbot, loss_plot, (900, 500))  # a peak-downsampled paint
    curve = _train_curve(loss_plot)
    # The curve's data is the whole history; getData() is what is drawn, (max, min) per pixel.
    np.testing.assert_array_equal(curve.yData, losses)
    np.testing.assert_array_equal(curve.xData, np.arange(1, 1_000_001))
    x, y = curve.getOriginalDataset()
    np.testing.assert_array_equal(y, losses)
    shown_x, shown_y = curve.getData()
    assert len(shown_y) < 10_000 and shown_y.max() == losses.max() and shown_y.min() == losses.min()
    assert len(loss_plot) == 1_000_000


def test_log_scale_with_zero_negative_and_non_finite_losses(qtbot, loss_plot):
    snap = _session("tutorial").snapshot()
    losses = [1.0, 0.0, -1.0, np.nan, np.inf, 0.5, 1e-300]
    tests = [np.nan, 0.0, -2.0, 0.3, np.inf, np.nan, 0.2]
    loss_plot.append(_update(snap, range(1, 8), losses, tests, cleared=True))
    loss_plot.set_log(True)
    assert loss_plot.is_log() and loss_plot.log_check.isChecked()
    _assert_rendered(qtbot, loss_plot, (800, 500))
    for x in (1, 2, 3, 4, 6):
        loss_plot.hover_at(x)
    loss_plot.set_log(False)
    _assert_rendered(qtbot, loss_plot, (800, 500))
    # The curve holds the finite losses; the history keeps everything.
    np.testing.assert_array_equal(_train_curve(loss_plot).getData()[1], [1.0, 0.0, -1.0, 0.5, 1e-300])
    _, kept, _ = loss_plot.history()
    np.testing.assert_array_equal(kept, losses)
    assert loss_plot._diverged_line.isVisible()


# ------------------------------------------------------------------------------ gradient norms
def test_grad_norms_show_the_vanishing_gradient(qtbot):
    panel = GradNormPanel()
    qtbot.addWidget(panel)
    assert panel.objectName() == "gradNormPanel"
    snap = _session("vanishing", 1).snapshot()
    panel.show_snapshot(snap)
    names = [n for n, _ in panel.norms()]
    assert names == [f"W{i}" for i in range(1, 8)]
    heights = panel.bar_heights()  # log10 of ‖dW‖
    assert heights[0] < heights[-1] - 8  # layer 1's gradient is 10⁸ times smaller (or more)
    np.testing.assert_allclose(heights, [math.log10(v) for _, v in panel.norms()])
    kinds = _bar_kinds(panel)
    assert kinds == ["vanishing"] * 5 + ["healthy"] * 2  # > 1000x smaller than dW7: vanishing
    band = panel._vanish_band.getRegion()
    assert band[1] == pytest.approx(math.log10(1e-3 * panel.norms()[-1][1]))
    _assert_rendered(qtbot, panel, (800, 500))


def _bar_kinds(panel: GradNormPanel) -> list[str]:
    colours = {QColor(c).name(): kind for kind, c in grad_norms._COLORS.items()}
    return [colours[b.color().name()] for b in panel.bar_item.opts["brushes"]]


def test_a_converged_net_is_not_vanishing(qtbot):
    """Tiny gradients everywhere (the loss is near zero) are healthy: no layer lags the others."""
    panel = GradNormPanel()
    qtbot.addWidget(panel)
    snap = _session("spiral", 1).snapshot()
    tiny = [dataclasses.replace(p, grad=p.grad * 1e-9, grad_norm=p.grad_norm * 1e-9) for p in snap.params]
    panel.show_snapshot(dataclasses.replace(snap, params=tuple(tiny)))
    assert all(v < 1e-9 for _, v in panel.norms())
    assert _bar_kinds(panel) == ["healthy"] * 3
    # One exploding layer does not make the healthy ones vanish.
    big = [dataclasses.replace(p, grad_norm=1e6 if p.name == "W3" else 1.0) for p in snap.params]
    panel.show_snapshot(dataclasses.replace(snap, params=tuple(big)))
    assert _bar_kinds(panel) == ["healthy", "healthy", "exploding"]


def test_grad_norms_handle_zero_and_non_finite(qtbot):
    panel = GradNormPanel()
    qtbot.addWidget(panel)
    snap = _session("spiral", 1).snapshot()
    panel.show_snapshot(_with_params(snap, grad=np.zeros_like))
    lo = panel.bar_heights()
    assert np.all(lo == lo[0])  # all at the bottom of the axis
    weird = [np.zeros_like, lambda a: np.full_like(a, np.nan), lambda a: np.full_like(a, 1e5)]
    params = [dataclasses.replace(p, grad=weird[i // 2](p.grad)) for i, p in enumerate(snap.params)]
    params = [dataclasses.replace(p, grad_norm=float(np.sqrt(np.sum(p.grad * p.grad)))) for p in params]
    panel.show_snapshot(dataclasses.replace(snap, params=tuple(params)))
    h = panel.bar_heights()
    assert h[0] < h[2] and h[1] > h[2] and h[2] == pytest.approx(math.log10(1e5 * np.sqrt(32)))
    _assert_rendered(qtbot, panel, (700, 450))
    panel.clear()
    assert panel.norms() == []


# ------------------------------------------------------------------------------ prediction
def test_prediction_map_for_the_spirals(qtbot):
    view = PredictionView()
    qtbot.addWidget(view)
    assert view.objectName() == "predictionView"
    snap = _session("spiral", 5).snapshot()
    view.show_snapshot(snap)
    np.testing.assert_array_equal(view.image_item.image, snap.prediction)
    assert tuple(view.image_item.getLevels()) == (0.0, 1.0)
    data = view.dataset()
    assert len(view.train_points.data) == len(data.x_train) == 240
    assert len(view.test_points.data) == len(data.x_test) == 60
    rect = view.image_item.mapRectToParent(view.image_item.boundingRect())
    x0, x1, y0, y1 = snap.extent
    assert rect.left() < x0 < x1 < rect.right() and rect.top() < y0 < y1 < rect.bottom()
    assert "accuracy" in view.plot_widget.getPlotItem().titleLabel.text
    _assert_rendered(qtbot, view, (700, 650))


def test_prediction_curve_for_the_sine(qtbot):
    view = PredictionView()
    qtbot.addWidget(view)
    snap = _session("sine", 5).snapshot()
    assert snap.prediction.ndim == 1
    view.show_snapshot(snap)
    x, y = view.curve.getData()
    np.testing.assert_allclose(x, np.linspace(snap.extent[0], snap.extent[1], len(snap.prediction)))
    np.testing.assert_array_equal(y, snap.prediction)
    assert not view.image_item.isVisible()
    assert len(view.train_points.data) == len(view.dataset().x_train)
    _assert_rendered(qtbot, view, (700, 500))


def test_prediction_for_the_tutorial_labels_the_four_targets(qtbot):
    view = PredictionView()
    qtbot.addWidget(view)
    view.resize(420, 300)  # the prediction dock of a 1280 × 720 window
    view.show()
    view.show_snapshot(_session("tutorial", 3).snapshot())
    labels = sorted(label.toPlainText() for label in view._target_labels)
    assert labels == ["y = 0", "y = 0", "y = 1", "y = 1"]
    view.grab()
    vb = view.plot_widget.getPlotItem().vb
    inside = vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    for label in view._target_labels:  # none is cut off by the plot's edge
        assert inside.contains(label.sceneBoundingRect()), (label.toPlainText(), label.sceneBoundingRect())
    assert len(view.test_points.data) == 0
    view.show_snapshot(_session("spiral", 1).snapshot())  # a new data set replaces the points
    assert view._target_labels == []
    view.show_snapshot(_session("circle", 1).snapshot(with_prediction=False))  # no map: points only
    assert len(view.train_points.data) == len(view.dataset().x_train)
    view.clear()
    assert view.dataset() is None


@pytest.mark.parametrize("preset", ["tutorial", "spiral", "clusters", "sine"])
@pytest.mark.parametrize("width", [448, 360])
def test_prediction_key_fits_on_one_line_and_the_plot_inside_its_dock(qtbot, preset, width):
    view = PredictionView()
    qtbot.addWidget(view)
    view.resize(width, 420)
    view.show()
    qtbot.waitExposed(view)
    view.show_snapshot(_session(preset, 1).snapshot())
    qtbot.waitUntil(lambda: view.width() == width)
    label = view.legend_label
    plain = label.text().replace("&nbsp;", " ")
    assert not label.wordWrap()
    assert label.font().pointSizeF() >= 10.0
    assert label.fontMetrics().height() * 1.8 > label.height()  # one line
    assert label.fontMetrics().horizontalAdvance(plain.split(">")[-1]) < width  # (sanity)
    pi = view.plot_widget.getPlotItem()
    assert pi.geometry().right() <= view.plot_widget.width()
    bottom = pi.getAxis("bottom")
    # Room right of the axis for its last label: the plot ends before the widget's edge.
    assert view.plot_widget.width() - bottom.mapRectToScene(bottom.boundingRect()).right() >= -20
    assert pi.vb.sceneBoundingRect().right() <= view.plot_widget.width() - 12


# ------------------------------------------------------------------------------ frame cost
class _Calls:
    """Counts the calls of one method (and still makes them)."""

    def __init__(self, monkeypatch, obj: object, name: str) -> None:
        self.n = 0
        original = getattr(obj, name)

        def counted(*args: object, **kwargs: object) -> object:
            self.n += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(obj, name, counted)


def test_prediction_view_skips_a_prediction_it_already_shows(qtbot, monkeypatch):
    view = PredictionView()
    qtbot.addWidget(view)
    s = _session("spiral", 5)
    snap = s.snapshot()
    view.show_snapshot(snap)
    title = view.plot_widget.getPlotItem().titleLabel.text
    images = _Calls(monkeypatch, view.image_item, "setImage")
    points = _Calls(monkeypatch, view.train_points, "setData")
    titles = _Calls(monkeypatch, view.plot_widget.getPlotItem(), "setTitle")
    s.run(3)
    later = s.snapshot(with_prediction=False)  # what the training thread sends between two maps
    assert later.prediction is snap.prediction and later.step == snap.step + 3
    view.show_snapshot(later)
    assert (images.n, points.n, titles.n) == (0, 0, 0)
    assert view.plot_widget.getPlotItem().titleLabel.text == title  # the step of the map shown
    fresh = s.snapshot()  # a new map of the same data set: no new scatter of the points
    view.show_snapshot(fresh)
    assert images.n == 1 and points.n == 0 and titles.n == 1
    np.testing.assert_array_equal(view.image_item.image, fresh.prediction)
    view.clear()  # after a clear the same array is drawn again
    view.show_snapshot(fresh)
    assert images.n >= 2 and points.n == 1


def test_grad_norms_redraw_only_what_changed(qtbot, monkeypatch):
    panel = GradNormPanel()
    qtbot.addWidget(panel)
    snap = _session("spiral", 2).snapshot()
    panel.show_snapshot(snap)
    bars = _Calls(monkeypatch, panel.bar_item, "setOpts")
    titles = _Calls(monkeypatch, panel.plot_widget.getPlotItem(), "setTitle")
    texts = [_Calls(monkeypatch, label, "setText") for label in panel._value_labels]
    later = dataclasses.replace(snap, step=snap.step + 1)  # the same norms at a later step
    panel.show_snapshot(later)
    assert bars.n == 0 and titles.n == 0 and all(t.n == 0 for t in texts)
    panel.show_snapshot(_with_params(snap, grad=lambda g: 10 * g))  # every bar a decade up
    assert bars.n == 1 and all(t.n == 1 for t in texts) and titles.n == 0
    np.testing.assert_allclose(panel.bar_heights(), [math.log10(10 * p.grad_norm)
                                                     for p in snap.params if p.kind == "weight"])


def test_loss_plot_paints_once_per_update(qtbot):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(560, 420)
    plot.show()
    qtbot.waitExposed(plot)
    snap = _session("tutorial").snapshot()
    rng = np.random.default_rng(0)
    plot.append(_update(snap, np.arange(1, 5001), rng.random(5000) + 0.1, cleared=True))
    for _ in range(10):
        QApplication.processEvents()

    class Paints(QObject):
        n = 0

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                Paints.n += 1
            return False

    counter = Paints()
    plot.plot_widget.viewport().installEventFilter(counter)
    step = 5000
    for _ in range(5):
        plot.append(_update(snap, np.arange(step + 1, step + 51), rng.random(50) + 0.1))
        step += 50
        for _ in range(6):
            QApplication.processEvents()
    plot.plot_widget.viewport().removeEventFilter(counter)
    # pyqtgraph fits the range and applies the view's transform at paint time; what that
    # changes asked for a second full paint of the curves after every update.
    assert Paints.n <= 5


def test_matrix_panel_touches_titles_and_colour_bars_only_when_their_text_changes(qtbot, matrix_panel,
                                                                                   monkeypatch):
    snap = _session("tutorial", 3).snapshot()
    _panel_at(qtbot, matrix_panel, snap, (760, 560))
    ticks = _Calls(monkeypatch, matrix_panel.grad_colorbar.axis, "setTicks")
    title = _Calls(monkeypatch, matrix_panel._heats["dW1"].title, "setText")
    matrix_panel.show_snapshot(snap)  # the same step again (a pause echo)
    assert ticks.n == 0 and title.n == 0
    matrix_panel.show_snapshot(_with_params(snap, grad=lambda g: 2 * g))
    assert ticks.n == 1 and title.n == (1 if matrix_panel.layout_info()["style"] == "full" else 0)


# ------------------------------------------------------------------------------ projector details
@pytest.mark.parametrize("size, preset", [((660, 250), "he-deep"), ((440, 250), "he-deep"),
                                          ((320, 220), "vanishing"), ((440, 250), "vanishing")])
def test_grad_norm_axis_labels_and_values_do_not_collide(qtbot, size, preset):
    panel = GradNormPanel()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_snapshot(_session(preset, 2).snapshot())  # 7 bars
    qtbot.waitUntil(lambda: panel.width() == size[0])
    panel.grab()  # (pyqtgraph applies the view's transform when it paints)
    pi = panel.plot_widget.getPlotItem()
    axis = pi.getAxis("left")
    ticks = [v for v, _ in axis._tickLevels[0]]
    (_, _), (y0, y1) = pi.vb.viewRange()
    px_per_decade = pi.vb.height() / (y1 - y0)
    gap = min(b - a for a, b in zip(ticks, ticks[1:])) * px_per_decade
    assert gap >= QFontMetrics(axis.style["tickFont"]).height()  # decade labels never overlap
    # Layer names under the bars do not run into each other.
    names = [text for _, text in panel.plot_widget.getPlotItem().getAxis("bottom")._tickLevels[0]]
    per_bar = pi.vb.width() / (len(names) + 0.2)
    bottom_font = QFontMetrics(pi.getAxis("bottom").style["tickFont"])
    assert max(bottom_font.horizontalAdvance(t) for t in names) < per_bar - 4, names
    # Value labels: side by side without overlapping, all inside the plot (or none, if too narrow).
    rects = [label.sceneBoundingRect() for label in panel._value_labels if label.isVisible()]
    assert rects or size[0] < 400
    assert all(not a.intersects(b) for a, b in zip(rects, rects[1:])), rects
    for label in panel._value_labels:  # the text drawn is the whole number
        assert label.isVisible() is False or label.textItem.toPlainText().removeprefix("⚠\n") in (
            {grad_norms.fmt3(v, d) for _, v in panel.norms() for d in (1, 3)})
    view = pi.vb.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    assert all(view.contains(r) for r in rects)
    # NaN / ∞ bars reach the top: their labels go inside the bar instead of off the plot.
    bad = _with_params(_session("he-deep", 1).snapshot(), grad=lambda g: np.full_like(g, np.nan))
    panel.show_snapshot(bad)
    panel.grab()
    rects = [label.sceneBoundingRect() for label in panel._value_labels]
    assert all(view.contains(r) for r in rects)
    assert not panel.legend_label.wordWrap() and panel.legend_label.font().pointSizeF() >= 10


def test_divergence_note_is_one_short_line_over_the_colour_bars(qtbot, matrix_panel):
    snap = _session("tutorial", 2).snapshot()
    bad = dataclasses.replace(_with_params(snap, grad=lambda a: np.full_like(a, np.inf)),
                              diverged="Diverged at step 2")
    _panel_at(qtbot, matrix_panel, bad, (760, 560))
    label = matrix_panel.hover_label
    assert label.isVisible() and "diverged" in label.text()
    assert label.heightForWidth(label.width()) < 2 * label.fontMetrics().height() + 12  # one line
    # It hides the whole row of colour bars (their ±1e300 labels mean nothing now), not the cells.
    g = matrix_panel.graphics
    for bar in (matrix_panel.weight_colorbar, matrix_panel.grad_colorbar):
        rect = bar.mapRectToScene(bar.boundingRect()).united(bar.axis.sceneBoundingRect())
        top = g.mapTo(matrix_panel, g.mapFromScene(rect.topLeft())).y()
        bottom = g.mapTo(matrix_panel, g.mapFromScene(rect.bottomLeft())).y()
        assert label.geometry().top() <= top and bottom <= label.geometry().bottom() + 1
    cells = max(h.image.mapRectToScene(h.image.boundingRect()).bottom() for h in matrix_panel._heats.values())
    assert label.geometry().top() >= g.mapTo(matrix_panel, g.mapFromScene(QPointF(0, cells))).y() - 1


def test_loss_history_is_bounded_and_keeps_its_envelope(qtbot, monkeypatch):
    """Hours of training: past HISTORY_CAP points the history is thinned, min and max kept."""
    from playground.views import loss_plot as lp

    monkeypatch.setattr(lp, "HISTORY_CAP", 10_000)
    plot = lp.LossPlot()
    qtbot.addWidget(plot)
    rng = np.random.default_rng(0)
    all_losses = []
    for k in range(30):
        steps = np.arange(k * 1000 + 1, (k + 1) * 1000 + 1)
        losses = rng.random(1000) + 1.0 / (k + 1)
        all_losses.append(losses)
        plot.append(Update(snapshot=None, steps=steps, losses=losses, test_losses=losses * 2,
                           running=True, steps_per_second=0.0))
    steps, losses, test = plot.history()
    everything = np.concatenate(all_losses)
    assert len(steps) <= 10_000 < len(everything)
    assert np.all(np.diff(steps) >= 0)
    assert losses.min() == everything.min() and losses.max() == everything.max()
    assert steps[-1] == 30_000


def test_prediction_view_draws_the_decision_boundary(qtbot):
    from playground.views import PredictionView

    view = PredictionView()
    qtbot.addWidget(view)
    s = Session(get_preset("circle").config)
    s.run(300)
    view.show_snapshot(s.snapshot())
    assert view.boundary.data is not None and view.boundary.data.shape == s.snapshot().prediction.shape
    view.clear()
    assert view.boundary.data is None


def test_boundary_follows_every_map(qtbot):
    from playground.views import PredictionView

    view = PredictionView()
    qtbot.addWidget(view)
    s = Session(get_preset("circle").config)
    s.run(50)
    first = s.snapshot()
    view.show_snapshot(first)
    assert view.boundary.data is first.prediction
    s.run(200)
    latest = s.snapshot()
    view.show_snapshot(latest)
    assert view.boundary.data is latest.prediction
    assert not view.boundary.boundingRect().isEmpty()


def test_level_segments_match_pyqtgraphs_isocurve_and_reach_the_edges():
    import pyqtgraph as pg

    from playground.views.prediction import level_segments

    yy, xx = np.mgrid[0:40, 0:50]
    z = np.hypot(xx + 0.5 - 20.3, yy + 0.5 - 18.9)  # distance from a point, sampled at pixel centres
    segs = level_segments(z, 9.0)
    # Every crossing pyqtgraph's (pure-Python) marching squares finds is one of ours.
    theirs = np.array([p for line in pg.functions.isocurve(z.T, 9.0) for p in line])
    ours = segs.reshape(-1, 2)
    dist = np.hypot(theirs[:, None, 0] - ours[None, :, 0], theirs[:, None, 1] - ours[None, :, 1])
    assert len(theirs) == len(ours) and dist.min(axis=1).max() < 1e-9
    assert np.abs(np.hypot(ours[:, 0] - 20.3, ours[:, 1] - 18.9) - 9.0).max() < 0.05
    # A ramp in x: one straight cut at x = 20 from the top edge of the image to the bottom.
    ramp = np.tile(np.linspace(0.0, 1.0, 40), (30, 1))
    cut = level_segments(ramp, 0.5)
    np.testing.assert_allclose(cut[..., 0], 20.0)
    assert cut[..., 1].min() == 0.0 and cut[..., 1].max() == 30.0
    # Saddles: every cell crossed 4 times gets 2 segments; a flat map has none.
    checker = np.indices((6, 6)).sum(axis=0) % 2 * 1.0
    assert len(level_segments(checker, 0.5)) > 0
    assert len(level_segments(np.zeros((5, 5)), 0.5)) == 0


# ------------------------------------------------------------------------------ cheap frames
def test_nice_numbers_for_axes_and_colour_scales():
    from playground.views.loss_plot import nice_ceil
    from playground.views.matrices import nice_scale

    assert [nice_ceil(v) for v in (0.487, 1.0, 1.0000001, 7e-9, 0.0339, 9.9e299)] == \
        pytest.approx([0.5, 1.0, 1.2, 8e-9, 0.04, 1e300])
    assert nice_scale(0.0, 0.487) == pytest.approx(0.5)  # first: rounded up
    assert nice_scale(0.5, 0.52) == pytest.approx(0.6)  # grows at once
    assert nice_scale(0.6, 0.4) == 0.6  # a small drop keeps the scale (no flicker)...
    assert nice_scale(0.6, 0.3) == pytest.approx(0.3)  # ...a big one shrinks it
    assert nice_scale(0.6, math.nan) == 0.6 and nice_scale(0.6, 0.0) == 0.6


@pytest.mark.parametrize("n, chunks", [(10, 3), (5000, 7), (300_000, 40), (3001, 3001)])
def test_loss_envelope_keeps_every_extreme_in_few_points(n, chunks):
    from playground.views.loss_plot import ENVELOPE_BUCKETS, _Envelope

    rng = np.random.default_rng(n)
    x = np.arange(1, n + 1, dtype=float)
    y = rng.random(n) ** 3
    env = _Envelope()
    for idx in np.array_split(np.arange(n), chunks):
        env.extend(x[idx], y[idx])
    for width in (None, 700):
        cx, cy = env.curve(width)
        assert np.all(np.diff(cx) >= 0)
        np.testing.assert_array_equal(y[cx.astype(int) - 1], cy)  # only real points, in order
        assert cy.max() == y.max() and cy.min() == y.min()
        limit = 2 * (2 * ENVELOPE_BUCKETS if width is None else width) + env.size
        assert len(cx) <= min(n + 1, limit)  # (an odd last bucket may repeat its one point)
    # Each bucket of the drawing holds the extremes of the points it stands for.
    cx, cy = env.curve(700)
    edges = np.searchsorted(x, cx[::2][1:])
    for lo, hi, (a, b) in zip(np.r_[0, edges][:50], edges[:50], zip(cy[::2][:50], cy[1::2][:50])):
        if hi > lo:
            assert {a, b} <= set(y[lo:hi + 1])


def test_loss_axes_stay_put_while_steps_stream_in(qtbot, loss_plot):
    loss_plot.resize(800, 450)
    loss_plot.show()
    qtbot.waitExposed(loss_plot)
    snap = _session("tutorial").snapshot()
    vb = loss_plot.plot_widget.getPlotItem().vb
    ranges, step = [], 0
    for k in range(200):  # 200 frames of 50 steps, a slowly falling noisy loss
        steps = np.arange(step + 1, step + 51)
        step += 50
        loss_plot.append(_update(snap, steps, 1 / np.sqrt(steps) + 0.01 * np.sin(steps), cleared=k == 0))
        ranges.append(tuple(map(tuple, vb.viewRange())))
    (x0, x1), (y0, y1) = ranges[-1]
    assert x0 <= 1 and x1 >= step and y0 <= 0.02 and y1 >= 1.0  # everything is in view...
    changes = sum(a != b for a, b in zip(ranges, ranges[1:]))
    assert changes < 40  # ...and the range moved in a few jumps, not at every frame
    assert x1 < 1.3 * step


def test_fast_heatmap_render_gives_pyqtgraphs_colours():
    import pyqtgraph as pg
    from PySide6.QtGui import QImage

    from playground.views import matrices as m

    def pixels(item):
        q = item.qimage.convertToFormat(QImage.Format.Format_ARGB32)
        a = np.frombuffer(q.constBits(), np.uint8).reshape(q.height(), q.bytesPerLine())
        return a[:, :q.width() * 4].reshape(q.height(), q.width(), 4).astype(int)

    rng = np.random.default_rng(3)
    for levels, values in [(1.0, rng.normal(size=(5, 7))), (3.0, rng.normal(size=(1, 9)) * 5),
                           (1e-9, rng.normal(size=(4, 4)) * 1e-9), (1e300, np.full((2, 3), 1e305))]:
        values = values.copy()
        if values.size > 10:
            values[1, 2], values[0, 0], values[-1, -1] = np.nan, np.inf, -np.inf
        ours = m._Image(axisOrder="row-major")
        theirs = pg.ImageItem(axisOrder="row-major")
        for item in (ours, theirs):
            item.setLookupTable(m._LUT)
            item.setImage(values, autoLevels=False, levels=(-levels, levels))
            with np.errstate(all="ignore"):
                item.render()
        a, b = pixels(ours), pixels(theirs)
        seen = b[..., 3] > 0
        np.testing.assert_array_equal(a[..., 3], b[..., 3])  # NaN cells transparent in both
        np.testing.assert_array_equal(a[seen], b[seen])
        assert (~seen).sum() == np.isnan(values).sum()


def test_an_empty_loss_plot_shows_steps_one_to_ten_with_room_for_its_end_labels(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 400)
    plot.show()
    vb = plot.plot_widget.getPlotItem().vb

    def assert_empty_axes() -> None:
        (x0, x1), (y0, y1) = vb.viewRange()
        assert x0 < 1 and 10 < x1 < 11
        assert y0 < 0 and 1 < y1 < 1.2  # "1.0" is not cut in half at the top

    assert_empty_axes()
    task = training_task(get_preset("xor").config, TrainingControl())
    first = next(task)
    plot.append(first)
    assert_empty_axes()
    plot.set_log(True)
    (_, _), (y0, y1) = vb.viewRange()
    assert y0 < -2 and 1 < y1  # 0.01 … 10
    plot.set_log(False)
    assert_empty_axes()


def test_a_squeezed_panel_gets_its_full_titles_back(qtbot, matrix_panel):
    """Squeezed for a moment (e.g. by a long message), the panel drops bias titles and norms; it
    must take them back when the room returns, not keep the plainer layout."""
    snap = _session("tutorial", 3).snapshot()
    _panel_at(qtbot, matrix_panel, snap, (760, 600))
    assert matrix_panel.layout_info()["style"] == "full"
    for height in (560, 520, 480, 440, 400, 360, 330):
        _panel_at(qtbot, matrix_panel, snap, (760, height))
    squeezed = matrix_panel.layout_info()["style"]
    for height in (360, 400, 440, 480, 520, 560, 600):
        _panel_at(qtbot, matrix_panel, snap, (760, height))
    assert matrix_panel.layout_info()["style"] == "full", squeezed


@pytest.mark.parametrize("height", [500, 470])
def test_a_squeezed_tutorial_keeps_its_bias_titles(qtbot, matrix_panel, height):
    """Squeezed by a message bar (the "Continue where you left off?" bar takes ~50 px of a
    1600 × 1000 window's panel), the tutorial still says which row of numbers is b1: a
    style without bias titles had numbers only 13 % bigger."""
    _panel_at(qtbot, matrix_panel, _session("tutorial", 10).snapshot(), (760, height))
    titles = matrix_panel.titles()
    assert matrix_panel.layout_info()["style"] == "full"
    assert titles["b1"].startswith("b1 (3)") and titles["db1"].startswith("db1")
    assert matrix_panel._heats["b1"].title.isVisible()
    assert matrix_panel.cell_text_px() >= 16


def test_a_huge_network_still_fits_the_panel(qtbot, matrix_panel):
    """2 → 2000 → 2000 → 2: cells far below a pixel, but every matrix inside the panel."""
    snap = _session("circle", 1, hidden=(2000, 2000)).snapshot()
    _panel_at(qtbot, matrix_panel, snap, (760, 560))
    view = matrix_panel.view.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    for key, item in matrix_panel.image_items().items():
        rect = item.mapRectToScene(item.boundingRect())
        assert view.contains(rect), (key, rect, view)
