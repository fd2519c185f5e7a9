"""The timeline: going back to any recorded step (slider under the loss curve, or a click on the
curve), following training again (Live), resuming from the shown step, and ghosts of earlier runs."""

from __future__ import annotations

import numpy as np
from helpers import UpdateSource
from helpers import param as _param
from helpers import press_step as _steps
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSlider
from test_window import child

from core.presets import presets
from core.recorder import Recorder
from core.runner import TrainingControl, recorded_snapshot, training_task
from core.session import Session


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
    assert "showing step 3 of 6" in w.status.message_label.text()
    assert w.status.step_label.text() == "Step: 3 of 6"
    assert w.loss_plot.cursor_line.isVisible() and w.loss_plot.cursor_line.value() == 3
    assert all(c.isVisible() and c.value() == 3 for c in w.health_panel.cursors)
    # a new step arriving does not yank the view forward
    _steps(qtbot, w, 1)
    assert w.latest_snapshot.step == 7 and w.shown_snapshot.step == 3
    np.testing.assert_array_equal(_param(w.shown_snapshot, "W1"), w3)
    assert slider.maximum() == 7 and slider.value() == 3
    assert "showing step 3 of 7" in child(w, QLabel, "timelineLabel").text()
    # the status line keeps saying so, whatever its message row says meanwhile
    assert w.status.step_label.text() == "Step: 3 of 7"
    w.status.set_notice("something else")
    assert w.status.step_label.text() == "Step: 3 of 7"
    qtbot.mouseClick(child(w, QPushButton, "liveButton"), Qt.MouseButton.LeftButton)
    assert w.shown_snapshot is w.latest_snapshot and slider.value() == 7
    assert not w.loss_plot.cursor_line.isVisible()
    assert w.status.step_label.text() == "Step: 7"


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

    from core.runner import Update
    from playground.run_model import RunModel
    from playground.views.loss_plot import LossPlot, TimelineBar
    asked: list[int] = []
    source = UpdateSource()
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


def _curve(w) -> tuple[list[float], list[float]]:
    curve = w.loss_plot.plot_widget.getPlotItem().listDataItems()[0]  # the automation contract
    return list(curve.xData), list(curve.yData)


def test_resume_from_here_continues_bit_for_bit_and_keeps_the_old_tail_as_a_ghost(qtbot, make_window) -> None:  # noqa: F811
    original = Session(presets()["tutorial"].config).run(8)
    w = make_window("--preset", "tutorial")
    resume = child(w, QPushButton, "resumeButton")
    assert not resume.isEnabled()  # live: nothing to resume from
    _steps(qtbot, w, 6)
    w.run_model.show_step(3)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 3 and resume.isEnabled(), timeout=5000)
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 3, timeout=5000)
    assert w.run_model.live and w.shown_snapshot is w.latest_snapshot
    x, y = _curve(w)
    assert x == [1, 2, 3] and y == original[:3]  # the curve ends at the step resumed from
    assert len(w.loss_plot.ghosts) == 1  # the old tail, kept in view
    ghost = w.loss_plot.ghosts[0]
    assert list(ghost.xData) == [4, 5, 6] and list(ghost.yData) == original[3:6]
    assert "after step 3" in w.loss_plot.ghost_names()[0]
    assert child(w, QSlider, "timelineSlider").maximum() == 3
    _steps(qtbot, w, 2)
    assert w.latest_snapshot.loss == original[4]  # step 5, exactly as the first time
    x, y = _curve(w)
    assert x == [1, 2, 3, 4, 5] and y == original[:5]


def test_resume_is_disabled_while_training_runs(qtbot, make_window) -> None:  # noqa: F811
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 3)
    w.run_model.show_step(1)
    resume = child(w, QPushButton, "resumeButton")
    qtbot.waitUntil(resume.isEnabled, timeout=5000)
    w.timeline.set_running(True)
    assert not resume.isEnabled()
    w.timeline.set_running(False)
    assert resume.isEnabled()


def test_a_reset_keeps_the_run_before_as_a_named_ghost(qtbot, make_window) -> None:  # noqa: F811
    """The tutorial's lesson as a one-click comparison: zeroing on, then off."""
    from PySide6.QtWidgets import QCheckBox

    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 10)
    first = _curve(w)
    child(w, QCheckBox, "zeroGradCheck").setChecked(False)
    qtbot.mouseClick(child(w, QPushButton, "resetButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0 and not w.latest_snapshot.config.zero_grad,
                    timeout=5000)
    _steps(qtbot, w, 10)
    x, y = _curve(w)  # the first curve is the current run's
    assert x == list(range(1, 11)) and y != first[1]
    assert [list(g.xData) for g in w.loss_plot.ghosts] == [first[0]]
    assert list(w.loss_plot.ghosts[0].yData) == first[1]
    assert w.loss_plot.ghost_names() == ["zeroing on"]  # the ghost had zeroing on, this run has not
    legend = [label.text for _, label in w.loss_plot._legend.items]
    assert "zeroing on" in legend and "train (zeroing off)" in legend  # which curve is which setting
    clear = child(w, QPushButton, "clearGhostsButton")
    assert clear.isVisible()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert w.loss_plot.ghosts == [] and not clear.isVisible()
    assert [label.text for _, label in w.loss_plot._legend.items] == ["train"]


def test_another_problem_drops_the_ghosts(qtbot, make_window) -> None:  # noqa: F811
    """A ghost compares runs of one problem: after another preset (another data set and loss,
    its losses on another scale) the tutorial's ghosts would flatten the new curve and be named
    after a dozen differences."""
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 3)
    w.reset()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0, timeout=5000)
    _steps(qtbot, w, 3)
    qtbot.waitUntil(lambda: w.loss_plot.ghost_names() == ["same settings"], timeout=5000)
    w.load_preset("circle")
    qtbot.waitUntil(lambda: w.latest_snapshot.config.dataset == "circle", timeout=5000)
    _steps(qtbot, w, 3)
    assert w.loss_plot.ghosts == []
    assert [label.text for _, label in w.loss_plot._legend.items][0] == "train"


def test_ghost_names_say_what_the_earlier_run_had(qtbot) -> None:
    from playground.views.loss_plot import ghost_name

    base = presets()["tutorial"].config
    assert ghost_name(base, base.replace(alpha=0.1)) == "α 0.05"
    assert ghost_name(base.replace(bias=False), base) == "no bias"
    assert ghost_name(base.replace(init="small"), base) == "init small"
    assert ghost_name(base.replace(alpha=0.01, zero_grad=False), base) == "α 0.01, zeroing off"
    assert ghost_name(base, base) == "same settings"
    from playground.views.loss_plot import same_problem
    assert same_problem(base, base.replace(alpha=0.1, hidden=(4,), noise=0.2))
    assert not same_problem(base, presets()["circle"].config)
    assert same_problem(base, base.replace(loss="mse"))  # (another loss on the same data: compared)


def test_at_most_five_ghosts_oldest_dropped_first(qtbot) -> None:
    from playground.views.loss_plot import MAX_GHOSTS, LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    for i in range(MAX_GHOSTS + 2):
        plot.add_ghost(np.arange(3.0), np.full(3, float(i)), f"run {i}")
    assert plot.ghost_names() == [f"run {i}" for i in range(2, MAX_GHOSTS + 2)]
    assert plot.plot_widget.getPlotItem().listDataItems()[0] is plot._train_curve


def test_findings_are_marked_on_the_loss_curve_and_a_click_goes_to_their_step(qtbot, make_window) -> None:  # noqa: F811
    from PySide6.QtWidgets import QListWidget

    w = make_window("--preset", "vanishing")
    _steps(qtbot, w, 4)
    listing = child(w, QListWidget, "findingsList")
    qtbot.waitUntil(lambda: listing.count() >= 1, timeout=5000)
    first = w.run_model.findings[0]
    assert first.step < 4  # (so going there is a look back)
    assert first.step in w.loss_plot.finding_marker_steps()
    x, y = w.loss_plot.finding_markers.getData()
    curve_x, curve_y = _curve(w)
    assert y[0] == curve_y[curve_x.index(x[0])]  # on the curve
    w.health_dock.raise_()
    item = listing.item(0)
    rect = listing.visualItemRect(item)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: w.shown_snapshot.step == first.step, timeout=5000)
    assert w.latest_snapshot.step == 4
    w.reset()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0, timeout=5000)
    assert w.loss_plot.finding_marker_steps() == []


def test_a_held_update_reaches_the_views_only_when_finished(qtbot) -> None:
    """A walk keeps its step back (``holds``): the findings come at once, the step itself (the
    latest snapshot, the views following the model, the running config) only on ``finish``."""

    from core.health import Finding
    from core.runner import Update
    from playground.run_model import RunModel
    source = UpdateSource()
    model = RunModel(source.updated)
    held: list[Update] = []
    model.holds = lambda u: u.snapshot.step == 2 and not held.append(u)
    shown, configs, found = [], [], []
    model.follow_shown(lambda snap: shown.append(snap.step))
    model.configChanged.connect(configs.append)
    model.findingsAdded.connect(found.append)
    session = Session(presets()["tutorial"].config)
    snaps = [session.snapshot()] + [(session.step(), session.snapshot())[1] for _ in range(2)]
    empty = np.zeros(0)
    finding = Finding(2, 1, "vanishing", "layer 1 vanishing")

    def update(snap, **kw) -> Update:
        return Update(snap, empty.astype(np.int64), empty, empty, False, 0.0, **kw)

    source.updated.emit(update(snaps[1]))
    assert model.latest_snapshot is snaps[1] and shown == [1] and configs == [snaps[1].config]
    source.updated.emit(update(snaps[2], findings=(finding,)))
    assert len(held) == 1 and found == [(finding,)]  # the findings at once...
    assert model.latest_snapshot is snaps[1] and shown == [1] and model.holding  # ...the step not yet
    model.finish(held[0])
    assert model.latest_snapshot is snaps[2] and shown == [1, 2] and not model.holding
    assert configs == [snaps[1].config]  # the same experiment: no change said



def test_late_views_take_a_running_step_in_the_next_pass_and_any_other_at_once(qtbot) -> None:
    """The views that cost most to draw follow a running step a pass of the event loop later (the
    window repaints in two shorter passes); a paused step, or a look-back, reaches them at once."""
    from core.runner import Update
    from playground.run_model import RunModel

    source = UpdateSource()
    model = RunModel(source.updated, lambda step: None)
    early, late = [], []
    model.follow_shown(lambda s: early.append(s.step))
    model.follow_shown(lambda s: late.append(s.step), late=True)
    session = Session(presets()["tutorial"].config)
    snaps = [session.snapshot()] + [(session.step(), session.snapshot())[1] for _ in range(3)]
    empty = np.zeros(0)

    def update(snap, running: bool, **kw) -> Update:
        return Update(snap, empty.astype(np.int64), empty, empty, running, 0.0, **kw)

    source.updated.emit(update(snaps[0], False, cleared=True))
    assert early == late == [0]
    source.updated.emit(update(snaps[1], True))
    source.updated.emit(update(snaps[2], True))
    assert early == [0, 1, 2] and late == [0] and model.late_pending
    qtbot.waitUntil(lambda: late == [0, 2], timeout=2000)  # the newest only
    source.updated.emit(update(snaps[3], False))  # paused: at once
    assert late == [0, 2, 3] and not model.late_pending


def test_the_arrow_keys_move_a_focused_timeline_instead_of_training(qtbot, make_window) -> None:  # noqa: F811
    """→ is the window's one-step shortcut; on the focused slider it steps the view, not training."""
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 5)
    slider = child(w, QSlider, "timelineSlider")
    slider.setValue(3)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 3, timeout=5000)
    w.activateWindow()
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus, timeout=3000)
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 2, timeout=5000)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 3, timeout=5000)
    qtbot.wait(200)
    assert w.latest_snapshot.step == 5  # no step trained
    qtbot.keyClick(slider, Qt.Key.Key_End)  # at its end it follows training, and → is a step again
    qtbot.waitUntil(lambda: w.run_model.live, timeout=5000)
    assert slider.hasFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 6, timeout=5000)
    w.setFocus()  # elsewhere, → is one step
    qtbot.keyClick(w, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 7, timeout=5000)


def test_a_narrow_timeline_shortens_its_words_and_the_status_line_keeps_its_gaps(qtbot, make_window) -> None:  # noqa: F811
    """Beside Live and Resume in a 1280-wide window "showing step 3 of 6" wrapped over three
    lines: the label says it shorter, or not at all (the status line says it too); and the
    status line's longer "Step: 3 of 6" kept no gap before "Loss"."""
    w = make_window("--preset", "tutorial")
    _steps(qtbot, w, 6)
    child(w, QSlider, "timelineSlider").setValue(3)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 3, timeout=5000)
    label = child(w, QLabel, "timelineLabel")
    fm = label.fontMetrics()
    texts = {}
    for width in (fm.horizontalAdvance("showing step 3 of 6") + 10, fm.horizontalAdvance("step 3 / 6") + 10,
                  fm.horizontalAdvance("3 / 6") + 4, fm.horizontalAdvance("3 /") - 2):
        label.resize(width, label.height())
        texts[width] = label.text()
        assert fm.horizontalAdvance(label.text()) <= width  # one line
    assert list(texts.values()) == ["showing step 3 of 6", "step 3 / 6", "3 / 6", ""]
    assert "showing step 3 of 6" in w.status.message_label.text()
    step, loss = w.status.step_label, w.status.loss_label
    assert step.text() == "Step: 3 of 6"
    assert loss.x() - (step.x() + step.fontMetrics().horizontalAdvance(step.text())) >= 20


def test_the_health_panel_gets_room_to_be_read_when_it_comes_to_the_front(qtbot, make_window) -> None:  # noqa: F811
    from playground.fit import CENTRE_SHARE, PANEL_LINES

    w = make_window("--preset", "tutorial")
    w.resize(1280, 720)
    qtbot.waitUntil(lambda: w.latest_snapshot is not None, timeout=10000)
    w.restore_default_layout()  # (not a layout saved by an earlier test: the user's own sizes stay)
    qtbot.wait(100)
    w.resizeDocks([w.grad_norm_dock], [100], Qt.Orientation.Vertical)  # a short bottom panel
    qtbot.wait(50)
    before = w.grad_norm_dock.height()
    column = w.centralWidget().height() + before
    want = min(PANEL_LINES * w.health_dock.fontMetrics().lineSpacing(), (1 - CENTRE_SHARE) * column)
    assert before < want - 30, (before, want)
    w.health_dock.raise_()
    centre = w.centralWidget()
    # as tall as wanted, or as the matrices' own least height allows
    qtbot.waitUntil(lambda: w.health_dock.height() >= want - 8
                    or (w.health_dock.height() > before + 20
                        and centre.height() <= centre.minimumSizeHint().height() + 8), timeout=5000)
    assert centre.height() >= CENTRE_SHARE * column - 8  # the matrices keep their share


def test_the_health_panel_is_given_room_once_and_a_walk_gives_the_layout_back(qtbot, make_window) -> None:  # noqa: F811
    """A user who makes the panel short again keeps it so, through switching tabs and a walk
    (whose end brings the Health panel to the front for a moment, then Backprop: the room must
    not go to Backprop, past the matrices' share)."""
    from test_backprop_view import start_walk, walk_to_the_end

    w = make_window("--preset", "tutorial", size=(1280, 720))
    w.restore_default_layout()
    qtbot.wait(200)
    w.health_dock.raise_()
    qtbot.waitUntil(lambda: w._health_room_given, timeout=5000)
    w.resizeDocks([w.health_dock], [90], Qt.Orientation.Vertical)
    qtbot.wait(150)
    short, centre = w.health_dock.height(), w.centralWidget().height()
    w.grad_norm_dock.raise_()
    qtbot.wait(100)
    w.health_dock.raise_()
    qtbot.wait(300)
    assert w.health_dock.height() == short  # not grown again
    start_walk(qtbot, w)
    qtbot.waitUntil(lambda: w.backprop_dock.height() > short + 50, timeout=10000)
    walk_to_the_end(qtbot, w)
    qtbot.waitUntil(lambda: abs(w.centralWidget().height() - centre) <= 8, timeout=5000)
    qtbot.wait(300)
    assert abs(w.centralWidget().height() - centre) <= 8
