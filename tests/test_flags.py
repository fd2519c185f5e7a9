"""Flags while a check holds (Snapshot.flags), recorded with each step, and the Backprop panel's
look-back trace: a recorded step's backprop rebuilt exactly in a scratch session (issue 9)."""

from __future__ import annotations

import numpy as np
import pytest

from core import experiment_file, health
from core.presets import get_preset
from core.recorder import Recorder
from core.runner import TrainingControl, recorded_snapshot, recorded_trace, training_task
from core.session import Session, TrainingDiverged
from tests.test_health import figures, monitor


# ---------------------------------------------------------------------------- flags (core)
def _vanishing_then_healthy(n=60, sick=10):
    g = np.array([[1e-5, 1.0]] * n)
    g[sick:] = [0.5, 1.0]  # healthy from step sick + 1 on
    return g


def test_a_flag_holds_from_its_finding_until_the_check_clears():
    g = _vanishing_then_healthy()
    m = monitor()
    m.observe(figures(60, grad=g), 0.05)
    cleared = 10 + health.CLEAR_STEPS  # the 20th healthy step
    assert m.clears == [(cleared, "vanishing", 1)]
    for k in range(1, 61):
        want = (("vanishing", 1),) if k < cleared else ()
        assert m.held_at(k) == want, k
    assert m.held() == ()


def test_the_flags_a_live_monitor_holds_are_those_recorded_for_that_step():
    g = _vanishing_then_healthy()
    g[40:45] = [1e-6, 1.0]  # sick again: raised again at step 41
    whole = monitor()
    whole.observe(figures(60, grad=g), 0.05)
    for k in (1, 9, 10, 29, 30, 41, 45, 60):
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
def _steps(qtbot, w, n: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from test_window import child

    button = child(w, QPushButton, "stepButton")
    start = w.latest_snapshot.step
    for k in range(start + 1, start + n + 1):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda k=k: w.latest_snapshot.step == k, timeout=5000)


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
    assert w.grad_norm_panel._label_texts[0].startswith(FLAG_SIGN)
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
