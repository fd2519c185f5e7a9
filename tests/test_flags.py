"""Flags while a check holds (Snapshot.flags), recorded with each step, and the Backprop panel's
look-back trace: a recorded step's backprop rebuilt exactly in a scratch session (issue 9)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import UpdateSource
from helpers import press_step as _steps

from core import experiment_file, health
from core.presets import get_preset
from core.recorder import Recorder
from core.runner import TrainingControl, recorded_snapshot, recorded_trace, training_task
from core.session import Session, TrainingDiverged
from tests.test_health import figures, monitor


# ---------------------------------------------------------------------------- flags (core)
def _vanishing_then_healthy(n=60 + health.CLEAR_STEPS, sick=10):
    g = np.array([[1e-5, 1.0]] * n)
    g[sick:] = [0.5, 1.0]  # healthy from step sick + 1 on
    return g


def test_a_flag_holds_from_its_finding_until_the_check_clears():
    g = _vanishing_then_healthy()
    m = monitor()
    n = len(g)
    m.observe(figures(n, grad=g), 0.05)
    cleared = 10 + health.CLEAR_STEPS  # the CLEAR_STEPS-th healthy step
    assert m.clears == [(cleared, "vanishing", 1)]
    for k in range(1, n + 1):
        want = (("vanishing", 1),) if k < cleared else ()
        assert m.held_at(k) == want, k
    assert m.held() == ()


def test_the_flags_a_live_monitor_holds_are_those_recorded_for_that_step():
    g = _vanishing_then_healthy()
    c = health.CLEAR_STEPS
    g[c + 30:c + 35] = [1e-6, 1.0]  # sick again after it cleared (at step 10 + c): raised again
    whole = monitor()
    whole.observe(figures(len(g), grad=g), 0.05)
    for k in (1, 9, 10, c + 9, c + 10, c + 31, c + 35, len(g)):
        live = monitor()
        live.observe(figures(k, grad=g[:k]), 0.05)  # as it stood after step k
        assert live.held() == whole.held_at(k), k


def test_whole_net_checks_flag_no_layer():
    s = Session(get_preset("accumulate").config.replace(max_steps=None))
    s.run(30)
    assert any(f.check == "loss-rising" for f in s.findings)
    held = s._monitor.held_at(30, whole_net=True)
    assert ("loss-rising", None) in held
    assert all(layer is not None for _, layer in s.snapshot().flags)
    assert all(check != "loss-rising" for check, _ in s.snapshot().flags + s.flags_at(30))


def test_the_vanishing_lesson_flags_layer_1_and_a_reset_clears_it():
    s = Session(get_preset("vanishing").config, recorder=Recorder())
    s.run(3)
    flags = s.snapshot().flags
    assert ("vanishing", 1) in flags and flags == tuple(sorted(flags, key=lambda f: f[1]))
    s.reset()
    assert s.snapshot().flags == ()


def test_a_recorded_snapshot_carries_its_own_steps_flags():
    cfg = get_preset("vanishing").config.replace(max_steps=None)
    s = Session(cfg, recorder=Recorder())
    seen = {}
    for k in range(1, 31):
        s.step()
        seen[k] = s.snapshot().flags
    assert seen[30] != seen[1]  # (update-ratio and stalled join after 20 steps)
    for k in (1, 5, 19, 20, 30):
        assert recorded_snapshot(s, k).flags == seen[k]
    assert recorded_snapshot(s, 0).flags == ()


def test_resuming_keeps_the_flags_of_the_step_and_raises_nothing_twice():
    s = Session(get_preset("vanishing").config.replace(max_steps=None), recorder=Recorder())
    s.run(30)
    at_10 = s.flags_at(10)
    s.resume_from(10)
    assert s.snapshot().flags == at_10
    s.run(5)
    assert [f for f in s.findings if f.step > 10 and f.check == "vanishing"] == []
    assert ("vanishing", 1) in s.snapshot().flags


def test_an_experiment_file_keeps_the_clears(tmp_path):
    cfg = get_preset("tutorial").config.replace(max_steps=None)
    s = Session(cfg, recorder=Recorder())
    s.run(3)
    s._monitor.findings.append(health.Finding(1, 1, "vanishing", "crafted"))
    s._monitor.clears.append((2, "vanishing", 1))
    path = tmp_path / "run.gpexp"
    experiment_file.save(path, experiment_file.capture(s))
    opened = experiment_file.open_session(experiment_file.load(path))
    assert opened._monitor.clears == [(2, "vanishing", 1)]
    assert opened.flags_at(1) == (("vanishing", 1),) and opened.flags_at(2) == ()


# ---------------------------------------------------------------------------- the look-back trace
def _same_trace(got, want):
    assert got.step == want.step and got.loss == want.loss and got.alpha == want.alpha
    assert len(got.nodes) == len(want.nodes) and len(got.events) == len(want.events)
    for a, b in zip(got.nodes, want.nodes):
        assert (a.op, a.name, a.layer, a.expression) == (b.op, b.name, b.layer, b.expression)
        assert a.value.tobytes() == b.value.tobytes()
        for x, y in ((a.grad, b.grad), (a.grad_before, b.grad_before)):
            assert (x is None) == (y is None) and (x is None or x.tobytes() == y.tobytes())
    for a, b in zip(got.events, want.events):
        assert a.grad.tobytes() == b.grad.tobytes()
    for a, b in zip(got.updates, want.updates):
        assert a.name == b.name and a.after.tobytes() == b.after.tobytes()
        assert a.delta.tobytes() == b.delta.tobytes()


@pytest.mark.parametrize("preset", ["tutorial", "accumulate", "spiral"])
def test_a_recorded_steps_trace_is_the_one_taken_live(preset):
    cfg = get_preset(preset).config.replace(max_steps=None)
    if preset == "spiral":  # minibatches and Adam: the batch order and the moments are restored too
        cfg = cfg.replace(optimizer="adam", alpha=0.01, batch_size=16)
    s = Session(cfg, recorder=Recorder())
    live = {}
    for k in range(1, 13):
        if k in (1, 7, 12):
            live[k] = s.trace_step()
        else:
            s.step()
        if k == 4:
            s.set_alpha(cfg.alpha / 2)  # a learning rate changed between steps: the step's own is used
    before = s.snapshot()
    for k, want in live.items():
        got, note = recorded_trace(s, k)
        assert note is None
        _same_trace(got, want)
    after = s.snapshot()  # the real session was not touched
    assert after.step == before.step and after.loss == before.loss
    for p, q in zip(after.params, before.params):
        assert p.data.tobytes() == q.data.tobytes() and p.grad.tobytes() == q.grad.tobytes()


def test_a_thinned_step_says_so_instead_of_showing_numbers():
    s = Session(get_preset("tutorial").config.replace(max_steps=None), recorder=Recorder(budget=60_000))
    s.run(2000)
    s.findings  # noqa: B018 (records the last block)
    kept = s.recorder.recorded_steps()
    lonely = next(int(k) for k in kept if k > 1 and k - 1 not in kept)
    trace, note = recorded_trace(s, lonely)
    assert trace is None and f"step {lonely - 1}" in note and "thinned" in note
    trace, note = recorded_trace(s, 0)
    assert trace is None and "Step 0" in note


def test_a_step_that_cannot_be_replayed_exactly_is_refused():
    s = Session(get_preset("tutorial").config.replace(max_steps=None), recorder=Recorder())
    s.run(2)
    s.linears[0].weight.data[0, 0] += 1.0  # a weight edited between steps 2 and 3 ("what if")
    s.run(3)
    trace, note = recorded_trace(s, 3)
    assert trace is None and "exactly" in note
    assert recorded_trace(s, 4)[1] is None  # (the steps after it replay)


def test_the_look_back_update_carries_the_trace_when_asked():
    control = TrainingControl()
    task = training_task(get_preset("tutorial").config, control, min_interval=0)
    next(task)
    want = None
    for k in range(1, 5):
        control.step(trace=k == 2)
        u = next(task)
        control.acknowledge()
        want = u.trace if k == 2 else want
    control.show_step(2, trace=True)
    u = next(task)
    assert u.look_back == 2 and u.snapshot.step == 2 and u.trace_note is None
    _same_trace(u.trace, want)
    control.show_step(3)  # not asked: no trace (a look-back costs nothing more)
    u = next(task)
    assert u.look_back == 3 and u.trace is None and u.trace_note is None
    control.stop()
    assert list(task) == []


def test_the_diverging_step_is_replayed_as_it_was_traced():
    cfg = get_preset("exploding").config
    s = Session(cfg, recorder=Recorder())
    with pytest.raises(TrainingDiverged) as first:
        s.run(200)
    k = first.value.step
    twin = Session(cfg)
    twin.run(k - 1)
    with pytest.raises(TrainingDiverged) as traced:
        twin.trace_step()
    got, note = recorded_trace(s, k)
    assert note is None and got.nonfinite == traced.value.trace.nonfinite
    _same_trace(got, traced.value.trace)


# ---------------------------------------------------------------------------- flags in the window
def test_a_vanishing_layer_flags_its_titles_and_its_bar_until_reset(qtbot, make_window):
    from playground.views.flags import FLAG_SIGN, flag_color

    w = make_window("--preset", "vanishing", "--lang", "en")
    assert w.matrix_panel.flagged_titles() == {} and not any(w.grad_norm_panel.flagged())
    _steps(qtbot, w, 2)
    flags = w.latest_snapshot.flags
    assert ("vanishing", 1) in flags
    titles = w.matrix_panel.flagged_titles()
    assert {"W1", "b1", "dW1", "db1"} <= set(titles)
    assert titles["W1"].startswith("W1") and f"{FLAG_SIGN} vanishing" in titles["W1"]
    assert titles["b1"].startswith(FLAG_SIGN)
    heat = w.matrix_panel._heats["W1"]
    assert heat.title.brush().color().name() == flag_color()
    assert "‖dW‖ under 0.001 of the largest layer's" in heat.title.toolTip()
    flagged_layers = {layer for _, layer in flags}
    assert all(k.lstrip("d")[1:] in {str(n) for n in flagged_layers} for k in titles)
    bars = w.grad_norm_panel.flagged()
    assert "vanishing" in bars[0] and not bars[-1]  # the last layer, the largest, is healthy
    assert w.grad_norm_panel._label_texts[0].startswith(FLAG_SIGN + "\n")
    assert "vanishing" in w.grad_norm_panel.plot_widget.toolTip()
    top = w.matrix_panel._heats[f"W{len(bars)}"]
    assert top.title.brush().color().name() != flag_color()
    w.reset()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0, timeout=5000)
    assert w.matrix_panel.flagged_titles() == {} and not any(w.grad_norm_panel.flagged())
    assert w.grad_norm_panel.plot_widget.toolTip() == ""


def test_looking_back_shows_that_steps_flags(qtbot, make_window):
    w = make_window("--preset", "tutorial", "--lang", "en")
    _steps(qtbot, w, 3)
    assert w.latest_snapshot.flags == ()
    w.run_model.show_step(0)  # step 0: nothing raised yet
    qtbot.waitUntil(lambda: not w.run_model.live and w.shown_snapshot.step == 0, timeout=5000)
    assert w.matrix_panel.flagged_titles() == {}


def test_a_looked_back_steps_flags_reach_the_views(qtbot, make_window):
    w = make_window("--preset", "vanishing", "--lang", "en")
    _steps(qtbot, w, 22)  # update-ratio and stalled join vanishing at step 20
    latest = w.latest_snapshot.flags
    w.run_model.show_step(3)
    qtbot.waitUntil(lambda: not w.run_model.live and w.shown_snapshot.step == 3, timeout=5000)
    early = w.shown_snapshot.flags
    assert early != latest and ("vanishing", 1) in early
    assert all(check == "vanishing" for check, _ in early)
    assert "+" not in w.matrix_panel.flagged_titles()["W1"]  # one check holds at step 3
    w.run_model.go_live()
    assert w.matrix_panel.flagged_titles()["W1"].endswith("+2")  # vanishing, update ratio, stalled


# ------------------------------------------------------------------------- the Backprop panel, looking back
def _backprop_in_front(qtbot, w):
    w.backprop_dock.raise_()
    qtbot.waitUntil(w.backprop_view.on_screen, timeout=5000)
    return w.backprop_view


def test_the_backprop_panel_shows_the_looked_back_step_as_it_ran(qtbot, make_window):
    w = make_window("--preset", "tutorial", "--lang", "en")
    view = _backprop_in_front(qtbot, w)
    traced = {}
    for k in range(1, 6):  # Step while the panel shows: each step traced live
        _steps(qtbot, w, 1)
        qtbot.waitUntil(lambda k=k: view.walk.trace is not None and view.walk.trace.step == k, timeout=5000)
        traced[k] = view.walk.trace
    w.run_model.show_step(3)
    qtbot.waitUntil(lambda: view.look is not None and view.look.trace is not None, timeout=5000)
    _same_trace(view.look.trace, traced[3])
    assert view.shown_walk is view.look and view.canvas.boxes
    assert view.header.text().startswith("Step 3, looking back")
    assert "Step 3 done" in view.text.text()
    assert view.walk.trace is traced[5]  # the walk's own step is left alone
    w.run_model.show_step(1)
    qtbot.waitUntil(lambda: view.look is not None and view.look_step == 1 and view.look.trace is not None,
                    timeout=5000)
    _same_trace(view.look.trace, traced[1])
    w.run_model.go_live()
    assert view.look is None and view.shown_walk.trace is traced[5]
    assert view.header.text().startswith("Step 5, traced")


def test_walk_while_looking_back_goes_live_and_walks_the_next_step(qtbot, make_window):
    from test_backprop_view import walk_to_the_end

    w = make_window("--preset", "tutorial", "--lang", "en")
    view = _backprop_in_front(qtbot, w)
    _steps(qtbot, w, 4)
    w.run_model.show_step(2)
    qtbot.waitUntil(lambda: view.look is not None and view.look.trace is not None, timeout=5000)
    shown = w.shown_snapshot
    assert "Walk (O) goes live" in view.header.text()
    w.walk_one_op()
    assert w.run_model.live and view.look is None
    qtbot.waitUntil(lambda: view.walk.state == view.walk.WALKING, timeout=5000)
    assert view.shown_walk is view.walk and view.walk.trace.step == 5
    assert w.latest_snapshot.step == 4  # the walked step is not finished yet
    walk_to_the_end(qtbot, w)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 5, timeout=5000)
    assert shown.step == 2 and w.shown_snapshot.step == 5


def test_looking_back_during_a_walk_keeps_the_walk_and_then_shows_the_step(qtbot, make_window):
    w = make_window("--preset", "tutorial", "--lang", "en")
    view = _backprop_in_front(qtbot, w)
    _steps(qtbot, w, 3)
    w.walk_one_op()
    qtbot.waitUntil(lambda: view.walk.state == view.walk.WALKING, timeout=5000)
    w.run_model.show_step(1)
    qtbot.waitUntil(lambda: view.look is not None and view.look.trace is not None, timeout=5000)
    assert view.shown_walk is view.walk and view.walk.trace.step == 4  # the walk stays in view
    assert w.shown_snapshot.step == 1
    w.step()  # Step finishes the walk's step...
    qtbot.waitUntil(lambda: not view.walk.active, timeout=5000)
    assert view.shown_walk is view.look and view.look.trace.step == 1  # ...then the step looked back at
    assert w.shown_snapshot.step == 1 and w.latest_snapshot.step == 4


def test_a_thinned_step_says_so_in_the_backprop_panel(qtbot):

    from core.runner import Update
    from playground.run_model import RunModel
    from playground.views.backprop import BackpropView
    asked = []
    source = UpdateSource()
    model = RunModel(source.updated, lambda *a: asked.append(a))
    view = BackpropView(model)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(view.on_screen, timeout=5000)
    s = Session(get_preset("tutorial").config.replace(max_steps=None), recorder=Recorder(budget=60_000))
    s.run(2000)
    empty = np.zeros(0)
    source.updated.emit(Update(s.snapshot(), empty.astype(np.int64), empty, empty, False, 0.0))
    kept = s.recorder.recorded_steps()
    lonely = next(int(k) for k in kept if k > 1000 and k - 1 not in kept)  # (the header writes 1,0xx)
    model.show_step(lonely)
    assert asked == [(lonely, True)]  # the panel is on screen: the trace is asked for
    trace, note = recorded_trace(s, lonely)
    source.updated.emit(Update(recorded_snapshot(s, lonely), empty.astype(np.int64), empty, empty, False,
                               0.0, look_back=lonely, trace=trace, trace_note=note))
    assert view.look is not None and view.look.trace is None and view.look_note == note
    assert view.empty_text() == note and "thinned" in note
    assert view.header.text() == f"Step {lonely:,}, looking back: no backprop to show"


def test_a_hidden_panel_does_not_ask_for_the_trace_until_it_shows(qtbot, make_window):
    w = make_window("--preset", "tutorial", "--lang", "en")
    _steps(qtbot, w, 3)
    view = w.backprop_view
    w.grad_norm_dock.raise_()  # (its tab is beside the Backprop panel's)
    qtbot.waitUntil(lambda: not view.on_screen(), timeout=5000)
    w.run_model.show_step(2)
    qtbot.waitUntil(lambda: view.look is not None, timeout=5000)
    assert view.look.trace is None and view.look_note is None  # not asked: costs nothing
    view = _backprop_in_front(qtbot, w)
    qtbot.waitUntil(lambda: view.look is not None and view.look.trace is not None, timeout=5000)
    assert view.look.trace.step == 2


@pytest.mark.parametrize("size, named", [((1100, 560), True), ((420, 300), False)])
def test_a_cramped_panel_keeps_the_sign_and_drops_the_checks_name(qtbot, size, named):
    from playground.views.flags import FLAG_SIGN
    from playground.views.matrices import MatrixPanel

    s = Session(get_preset("vanishing").config)
    s.run(2)
    panel = MatrixPanel()
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_snapshot(s.snapshot())
    title = panel.flagged_titles()["W1"]
    assert FLAG_SIGN in title and ("vanishing" in title) == named
    assert "vanishing" in panel._heats["W1"].title.toolTip()  # the tooltip names it either way


def test_flags_speak_chinese_and_take_the_presentation_colour(qtbot, make_window):
    from playground.views.flags import flag_color
    from playground.views.loss_plot import Look

    w = make_window("--preset", "vanishing", "--lang", "zh_CN", size=(1600, 1000))
    _steps(qtbot, w, 2)
    heat = w.matrix_panel._heats["W1"]
    assert "梯度消失" in heat.title.toolTip() and "最大那一层" in heat.title.toolTip()
    assert "梯度消失" in w.matrix_panel.flagged_titles()["W1"]
    normal = flag_color()
    w.set_presentation(True)
    try:
        assert Look.contrast and flag_color() != normal
        qtbot.waitUntil(lambda: heat.title.brush().color().name() == flag_color(), timeout=5000)
    finally:
        w.set_presentation(False)
    qtbot.waitUntil(lambda: heat.title.brush().color().name() == normal, timeout=5000)


def test_flags_coming_and_going_choose_the_matrix_layout_once_per_set_of_titles(qtbot, monkeypatch):
    """A deep net's layout search took ~80 ms, and ran each time a flag came or went while
    training (a lag to feel): the layout chosen for the same titles and room is kept."""
    from playground.views import matrices

    panel = matrices.MatrixPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    session = Session(get_preset("he-deep").config)
    session.step()
    snapshot = session.snapshot()
    panel.show_snapshot(snapshot)
    searches = []
    real = matrices.MatrixPanel._search
    monkeypatch.setattr(matrices.MatrixPanel, "_search",
                        lambda self, *a: searches.append(1) or real(self, *a))
    flagged = snapshot.__class__(**{**snapshot.__dict__, "flags": (("vanishing", 1),)})
    for _ in range(5):
        panel.show_snapshot(flagged)
        flagged_titles = panel.flagged_titles()
        panel.show_snapshot(snapshot)
    assert "W1" in flagged_titles and not panel.flagged_titles()
    assert len(searches) <= 2  # once with the flag, once without (if the room changed nothing)
