"""The timeline: going back to any recorded step (slider under the loss curve, or a click on the
curve), following training again (Live), resuming from the shown step, and ghosts of earlier runs."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSlider
from test_window import child, make_window  # noqa: F401 (the window fixture)

from core.presets import presets
from core.recorder import Recorder
from core.runner import TrainingControl, recorded_snapshot, training_task
from core.session import Session


def _steps(qtbot, w, n: int) -> None:
    button = child(w, QPushButton, "stepButton")
    start = w.latest_snapshot.step
    for k in range(start + 1, start + n + 1):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda k=k: w.latest_snapshot.step == k, timeout=5000)


def _param(snapshot, name: str) -> np.ndarray:
    return next(p for p in snapshot.params if p.name == name).data


def test_recorded_snapshot_is_the_step_as_it_was_and_leaves_the_session_alone() -> None:
    config = presets()["tutorial"].config
    s = Session(config, recorder=Recorder())
    snaps = [s.snapshot()]
    for _ in range(6):
        s.step()
        snaps.append(s.snapshot())
    before = s.state()
    for k in (0, 3, 5):
        got = recorded_snapshot(s, k)
        want = snaps[k]
        assert got.step == k and got.loss == want.loss
        for a, b in zip(got.params, want.params):
            assert a.name == b.name
            np.testing.assert_array_equal(a.data, b.data)
            np.testing.assert_array_equal(a.grad, b.grad)
            assert a.update_ratio == b.update_ratio
        np.testing.assert_array_equal(got.prediction, want.prediction)
        assert got.train_accuracy == want.train_accuracy
    after = s.state()  # the weights are back as they were: training on is unchanged
    for a, b in zip(before.params, after.params):
        np.testing.assert_array_equal(a, b)
    assert s.step() == Session(config).run(7)[-1]


def test_show_step_answers_with_a_look_back_that_is_not_history() -> None:
    control = TrainingControl()
    task = training_task(presets()["tutorial"].config, control)
    next(task)
    control.step(3)
    seen = [next(task) for _ in range(3)]
    assert seen[-1].snapshot.step == 3
    control.show_step(1)
    update = next(task)
    assert update.look_back == 1 and update.snapshot.step == 1 and len(update.steps) == 0
    control.step(1)
    assert next(task).snapshot.step == 4  # training goes on from where it was
    control.stop()


def test_the_slider_goes_back_and_live_follows_again(qtbot, make_window) -> None:  # noqa: F811
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 6)
    slider = child(w, QSlider, "timelineSlider")
    assert slider.maximum() == 6 and slider.value() == 6  # live: at the end
    slider.setValue(3)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 3, timeout=5000)
    w3 = _param(w.shown_snapshot, "W1").copy()
    assert w.latest_snapshot.step == 6
    np.testing.assert_array_equal(w.matrix_panel.image_items()["W1"].image, w3)
    assert "showing step 3 of 6" in child(w, QLabel, "timelineLabel").text()
    assert "showing step 3 of 6" in w.message_label.text()
    assert w.step_label.text().endswith("3")
    assert w.loss_plot.cursor_line.isVisible() and w.loss_plot.cursor_line.value() == 3
    assert all(c.isVisible() and c.value() == 3 for c in w.health_panel.cursors)
    # a new step arriving does not yank the view forward
    _steps(qtbot, w, 1)
    assert w.latest_snapshot.step == 7 and w.shown_snapshot.step == 3
    np.testing.assert_array_equal(_param(w.shown_snapshot, "W1"), w3)
    assert slider.maximum() == 7 and slider.value() == 3
    assert "showing step 3 of 7" in child(w, QLabel, "timelineLabel").text()
    qtbot.mouseClick(child(w, QPushButton, "liveButton"), Qt.MouseButton.LeftButton)
    assert w.shown_snapshot is w.latest_snapshot and slider.value() == 7
    assert not w.loss_plot.cursor_line.isVisible()
    assert w.step_label.text().endswith("7")


def test_the_matrices_and_bars_show_the_shown_step(qtbot, make_window) -> None:  # noqa: F811
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 4)
    w.run_model.show_step(2)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 2, timeout=5000)
    shown, latest = w.shown_snapshot, w.latest_snapshot
    assert not np.array_equal(_param(shown, "W1"), _param(latest, "W1"))
    items = w.matrix_panel.image_items()
    for p in shown.params:
        for key, values in ((p.name, p.data), ("d" + p.name, p.grad)):
            np.testing.assert_array_equal(items[key].image, values.reshape(items[key].image.shape))
    bars = [n for _, n in w.grad_norm_panel.norms()]
    assert bars == [p.grad_norm for p in shown.params if p.kind == "weight"]
    assert bars != [p.grad_norm for p in latest.params if p.kind == "weight"]
    # dragging to the end follows training again
    child(w, QSlider, "timelineSlider").setValue(4)
    assert w.run_model.live and w.shown_snapshot is latest
    np.testing.assert_array_equal(items["W1"].image, _param(latest, "W1"))


def test_clicking_on_the_loss_curve_goes_to_that_step(qtbot, make_window) -> None:  # noqa: F811
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 8)
    vb = w.loss_plot.plot_widget.getPlotItem().vb
    qtbot.waitUntil(lambda: vb.viewRange()[0][1] >= 8, timeout=5000)
    y = float(np.mean(vb.viewRange()[1]))
    scene_pos = vb.mapViewToScene(QPointF(5.0, y))
    view_pos = w.loss_plot.plot_widget.mapFromScene(scene_pos)
    qtbot.mouseClick(w.loss_plot.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 5, timeout=5000)
    assert w.latest_snapshot.step == 8


def test_a_thinned_step_shows_the_nearest_recorded_one_and_says_so(qtbot) -> None:
    """The training thread answers step 3 with recorded step 2 (3 was thinned away)."""
    from PySide6.QtCore import QObject, Signal

    from core.runner import Update
    from playground.run_model import RunModel
    from playground.views.loss_plot import LossPlot, TimelineBar

    class Source(QObject):
        updated = Signal(object)

    asked: list[int] = []
    source = Source()
    model = RunModel(source.updated, asked.append)
    plot = LossPlot()
    bar = TimelineBar(model, plot)
    qtbot.addWidget(plot)
    qtbot.addWidget(bar)
    session = Session(presets()["tutorial"].config)
    snaps = [session.snapshot()] + [(session.step(), session.snapshot())[1] for _ in range(5)]
    empty = np.zeros(0)

    def update(snap, **kw) -> Update:
        return Update(snap, empty.astype(np.int64), empty, empty, False, 0.0, **kw)

    source.updated.emit(update(snaps[5]))
    assert bar.slider.maximum() == 5
    bar.slider.setValue(3)
    assert asked == [3] and not model.live
    source.updated.emit(update(snaps[1], look_back=1))  # a stale answer (asked before) is ignored
    assert model.shown_snapshot is snaps[5]
    source.updated.emit(update(snaps[2], look_back=3))
    assert model.shown_snapshot is snaps[2] and bar.slider.value() == 2
    assert bar.label.text() == ("showing step 2 of 5 (step 3 was thinned away: the nearest "
                                "recorded one)")
    assert plot.cursor_line.isVisible() and plot.cursor_line.value() == 2


def test_a_new_run_follows_training_again(qtbot, make_window) -> None:  # noqa: F811
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 3)
    w.run_model.show_step(1)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 1, timeout=5000)
    w.reset()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0 and w.run_model.live, timeout=5000)
    assert child(w, QSlider, "timelineSlider").maximum() == 0
