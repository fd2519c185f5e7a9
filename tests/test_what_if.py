""""What if": a cell of W or b set by hand between two steps (issue 9). Core first (the session,
the training thread's command, experiment files), then the window (the in-place editor in the
matrix panel, a ghost named after the edit)."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import param as _param
from helpers import press_step as _steps

from core import experiment_file
from core.edits import EDIT_LIMIT, Edit, EditError, parse_value
from core.presets import presets
from core.recorder import Recorder
from core.runner import TrainingControl, recorded_snapshot, training_task
from core.session import Session


def _tutorial(recorder: bool = True) -> Session:
    return Session(presets()["tutorial"].config, recorder=Recorder() if recorder else None)


def _values(session: Session) -> dict[str, np.ndarray]:
    return {name: p.data.copy() for name, _, _, p in session.params()}


def _tutorial_step(p: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray, alpha: float
                   ) -> tuple[float, dict[str, np.ndarray]]:
    """The tutorial's step by hand: two linear layers, squared error summed, plain SGD."""
    h = x @ p["W1"] + p["b1"]
    pred = h @ p["W2"] + p["b2"]
    loss = float(((pred - y) ** 2).sum())
    d_pred = 2 * (pred - y)
    d_h = d_pred @ p["W2"].T
    grads = {"W2": h.T @ d_pred, "b2": d_pred.sum(0), "W1": x.T @ d_h, "b1": d_h.sum(0)}
    return loss, {k: p[k] - alpha * grads[k] for k in p}


# ---------------------------------------------------------------------- the session
def test_the_next_step_starts_from_the_edited_cells() -> None:
    s = _tutorial()
    s.run(3)
    first = s.set_entry("W2", (1, 0), 0.5)
    second = s.set_entry("b1", (0, 2), 0.0)  # a bias's unit given as its row, as the window draws it
    assert (first.step, first.name, first.index, first.after) == (3, "W2", (1, 0), 0.5)
    assert second.index == (2,) and str(second) == "b1[2] = 0"
    edited = _values(s)
    assert edited["W2"][1, 0] == 0.5 and edited["b1"][2] == 0.0
    loss, after = _tutorial_step(edited, s.data.x_train, s.data.y_train.reshape(-1, 1), s.alpha)
    assert s.step() == pytest.approx(loss, rel=1e-12)
    for name, value in _values(s).items():
        np.testing.assert_allclose(value, after[name], rtol=1e-12, atol=1e-15)


def test_an_edit_changes_the_value_not_the_gradient_and_shows_in_the_snapshot() -> None:
    s = _tutorial()
    s.run(2)
    grads = {name: p.grad.data.copy() for name, _, _, p in s.params()}
    s.set_entry("W1", (1, 2), -0.25)
    snap = s.snapshot()
    w1 = next(p for p in snap.params if p.name == "W1")
    assert w1.data[1, 2] == -0.25
    for p in snap.params:
        np.testing.assert_array_equal(p.grad, grads[p.name])
    assert snap.edits == s.edits and len(snap.edits) == 1


@pytest.mark.parametrize("value, key", [
    (float("nan"), "NaN is not a number: type a finite number"),
    (float("inf"), "an infinite value would break the next step: type a finite number"),
    (1e300, "{value} is too large: a weight or bias can be at most {limit:,.0f} in size"),
    (-2 * EDIT_LIMIT, "{value} is too large: a weight or bias can be at most {limit:,.0f} in size"),
    ("abc", "{text} is not a number"),
    (True, "{text} is not a number"),
])
def test_bad_values_are_refused_with_a_reason_and_change_nothing(value, key) -> None:
    s = _tutorial()
    s.run(2)
    s.snapshot()  # (the recorder takes the steps in blocks: this hands them over)
    before, recorded = _values(s), s.recorder.state_at(2)
    with pytest.raises(EditError) as refused:
        s.set_entry("W1", (0, 0), value)
    assert refused.value.message.key == key
    assert s.edits == ()
    for name, value_now in _values(s).items():
        np.testing.assert_array_equal(value_now, before[name])
    np.testing.assert_array_equal(s.recorder.state_at(2).params[0], recorded.params[0])


def test_the_limit_itself_is_allowed() -> None:
    s = _tutorial()
    assert s.set_entry("W1", (0, 0), -EDIT_LIMIT).after == -EDIT_LIMIT


@pytest.mark.parametrize("name, index, key", [
    ("W9", (0, 0), "this network has no parameter {name}"),
    ("W1", (2, 0), "{name} has no cell {cell}: it is {shape}"),
    ("W1", (0,), "{name} has no cell {cell}: it is {shape}"),
    ("b1", (1, 0), "{name} has no cell {cell}: it is {shape}"),
    ("b1", (3,), "{name} has no cell {cell}: it is {shape}"),
])
def test_unknown_cells_are_refused(name, index, key) -> None:
    s = _tutorial()
    with pytest.raises(EditError) as refused:
        s.set_entry(name, index, 0.5)
    assert refused.value.message.key == key


def test_a_diverged_run_takes_no_edit() -> None:
    s = Session(presets()["tutorial"].config.replace(alpha=5.0, max_steps=None))
    with pytest.raises(ArithmeticError):
        s.run(200)
    with pytest.raises(EditError) as refused:
        s.set_entry("W1", (0, 0), 0.5)
    assert "Reset" in refused.value.message


@pytest.mark.parametrize("text, want", [("0.5", 0.5), (" -1e-3 ", -1e-3), ("−2", -2.0), ("0", 0.0),
                                        ("1e6", 1e6), ("－０．５", -0.5), ("－1", -1.0), ("＋2ｅ3", 2e3)])
def test_typed_numbers_are_read(text, want) -> None:
    assert parse_value(text) == want


@pytest.mark.parametrize("text, key", [
    ("", "type a number"), ("   ", "type a number"), ("abc", "{text} is not a number"),
    ("0.5.1", "{text} is not a number"), ("nan", "NaN is not a number: type a finite number"),
    ("-inf", "an infinite value would break the next step: type a finite number"),
    ("1e300", "{value} is too large: a weight or bias can be at most {limit:,.0f} in size"),
])
def test_typed_bad_values_are_refused(text, key) -> None:
    with pytest.raises(EditError) as refused:
        parse_value(text)
    assert refused.value.message.key == key


def test_a_value_just_over_the_limit_is_named_as_typed() -> None:
    """'1e+06 is too large … at most 1,000,000' read as if a million itself were refused."""
    for text in ("1000001", "1000000.4", "-1000000.3", "1e300"):
        with pytest.raises(EditError) as refused:
            parse_value(text)
        assert str(refused.value.message).startswith(f"{text.replace('1e300', '1e+300')} is too large"), text


def test_only_full_width_forms_are_read_as_their_ascii() -> None:
    assert parse_value("0。5") == 0.5  # (an input method's full stop, in Chinese punctuation mode)
    for text in ("2²", "10²", "½"):  # (NFKC would read "2²" as 22)
        with pytest.raises(EditError):
            parse_value(text)


# ---------------------------------------------------------------------- history, files, resume
def test_the_edit_is_recorded_and_resuming_at_its_step_keeps_it() -> None:
    s = _tutorial()
    s.run(3)
    edit = s.set_entry("W2", (0, 0), 0.75)
    # the recorded step 3 is the step as it now is: looking back at it shows the edit
    assert s.recorder.state_at(3).params[2][0, 0] == 0.75
    assert recorded_snapshot(s, 3).params[2].data[0, 0] == 0.75
    after = s.run(4)
    assert recorded_snapshot(s, 5).edits == (edit,)
    assert s.resume_from(3) == 3 and s.edits == (edit,)
    assert s.run(4) == after  # bit for bit, the edit included
    assert s.resume_from(2) == 2 and s.edits == ()  # before the edit: it is gone
    assert recorded_snapshot(s, 0).edits == ()


@pytest.mark.parametrize("preset", ["tutorial", "spiral"])
def test_an_edit_survives_saving_and_opening_the_experiment(tmp_path, preset) -> None:
    config = presets()[preset].config
    s = Session(config, recorder=Recorder())
    s.run(4)
    edit = s.set_entry("W2", (1, 0), -0.5)
    s.run(2)
    path = tmp_path / "run.gpexp"
    experiment_file.save(path, experiment_file.capture(s))
    opened = experiment_file.open_session(experiment_file.load(path))
    assert opened.edits == (edit,) == s.edits
    assert opened.snapshot().edits == (edit,)
    assert opened.run(3) == s.run(3)  # it goes on exactly as the original
    assert opened.resume_from(4) == 4 and opened.edits == (edit,)
    assert opened.recorder.state_at(4).params[2][1, 0] == -0.5


def test_a_damaged_edit_in_a_file_is_refused(tmp_path) -> None:
    import json
    import zipfile

    s = _tutorial()
    s.run(2)
    s.set_entry("W1", (0, 0), 0.5)
    path = tmp_path / "run.gpexp"
    experiment_file.save(path, experiment_file.capture(s))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["state"]["edits"][0]["index"] = [7, 0]
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "bad.gpexp"
    with zipfile.ZipFile(bad, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    with pytest.raises(experiment_file.ExperimentFileError, match=r"edits\[0\]\.index"):
        experiment_file.load(bad)


def test_a_file_without_edits_opens_with_none(tmp_path) -> None:
    """Files saved before edits existed have no "edits" in their state."""
    import json
    import zipfile

    s = _tutorial()
    s.run(2)
    path = tmp_path / "run.gpexp"
    experiment_file.save(path, experiment_file.capture(s))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    del manifest["state"]["edits"]
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    assert experiment_file.load(path).state.edits == ()


# ---------------------------------------------------------------------- the training thread
def _task(preset: str = "tutorial"):
    control = TrainingControl()
    task = training_task(presets()[preset].config, control)
    next(task)
    return control, task


def test_the_command_applies_between_steps_and_says_so() -> None:
    control, task = _task()
    control.step(3)
    for _ in range(3):
        next(task)
    control.set_entry("W1", (0, 1), 0.5)
    update = next(task)
    assert update.edit == Edit(3, "W1", (0, 1), update.edit.before, 0.5)
    assert update.resumed_from is None and not update.error
    assert update.snapshot.params[0].data[0, 1] == 0.5 and update.snapshot.edits == (update.edit,)
    assert update.message.key.startswith("After step {step:,}: {cell} set to")
    control.step(1)
    stepped = next(task)
    reference = _tutorial()
    reference.run(3)
    reference.set_entry("W1", (0, 1), 0.5)
    assert stepped.losses.tolist() == [reference.step()]
    control.stop()


def test_an_edit_at_an_earlier_step_resumes_from_there() -> None:
    control, task = _task()
    control.step(5)
    for _ in range(5):
        next(task)
    control.set_entry("b2", (0,), 0.125, step=2)
    update = next(task)
    assert update.resumed_from == 2 and update.snapshot.step == 2
    assert update.edit.step == 2 and update.edit.after == 0.125
    control.step(1)
    stepped = next(task)
    reference = _tutorial()
    reference.run(2)
    reference.set_entry("b2", (0,), 0.125)
    assert stepped.snapshot.step == 3 and stepped.losses.tolist() == [reference.step()]
    control.stop()


def test_a_refused_edit_at_an_earlier_step_keeps_the_later_steps() -> None:
    control, task = _task()
    control.step(4)
    for _ in range(4):
        next(task)
    control.set_entry("W7", (0, 0), 0.5, step=1)
    update = next(task)
    assert update.edit is None and update.error and update.resumed_from is None
    assert update.snapshot.step == 4
    assert update.message.key == "Cannot set {cell}: {problem}."
    control.stop()


def test_the_command_refuses_a_value_no_edit_takes() -> None:
    with pytest.raises(EditError):
        TrainingControl().set_entry("W1", (0, 0), float("nan"))


# ---------------------------------------------------------------------- the window
def _cell_pos(panel, key: str, row: int, col: int):
    """Where cell (row, col) of heatmap ``key`` is, in the matrix view's viewport pixels."""
    from PySide6.QtCore import QPointF

    h = panel._heats[key]
    scene = panel.view.mapViewToScene(QPointF(h.x + col + 0.5, h.y + row + 0.5))
    return panel.graphics.mapFromScene(scene)


def _double_click(qtbot, panel, key: str, row: int, col: int) -> None:
    from PySide6.QtCore import Qt

    pos = _cell_pos(panel, key, row, col)
    qtbot.mouseDClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _type(qtbot, line, text: str, key=None) -> None:
    from PySide6.QtCore import Qt

    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, key if key is not None else Qt.Key.Key_Return)


def test_double_click_edits_a_weight_and_the_next_step_uses_it(qtbot, window) -> None:
    w = window
    _steps(qtbot, w, 3)
    panel = w.matrix_panel
    _double_click(qtbot, panel, "W1", 0, 1)
    editor = panel.editor
    assert editor.is_open and editor.line.isVisible() and editor.cell == ("W1", (0, 1))
    assert editor.line.selectedText() == editor.line.text() == f"{_param(w.latest_snapshot, 'W1')[0, 1]:.6g}"
    _type(qtbot, editor.line, "0.5")
    qtbot.waitUntil(lambda: w.latest_snapshot.edits != (), timeout=5000)
    assert not editor.is_open
    snap = w.latest_snapshot
    assert snap.step == 3 and _param(snap, "W1")[0, 1] == 0.5
    np.testing.assert_array_equal(panel.image_items()["W1"].image, _param(snap, "W1"))  # recoloured
    assert panel.cell_texts()["W1"][0][1] == "0.5"
    assert "W1[0,1] set to 0.5" in w.message_text()
    reference = _tutorial()
    reference.run(3)
    reference.set_entry("W1", (0, 1), 0.5)
    _steps(qtbot, w, 1)
    assert w.latest_snapshot.loss == reference.step()  # the next step started from it


BAD_VALUES = [("nan", "NaN is not a number"), ("abc", "'abc' is not a number"),
              ("1e300", "1e+300 is too large"), ("", "type a number")]


def test_a_bad_value_is_refused_in_place_and_esc_cancels(qtbot, window) -> None:
    from PySide6.QtCore import Qt

    w = window
    _steps(qtbot, w, 2)
    panel = w.matrix_panel
    before = _param(w.latest_snapshot, "b1").copy()
    _double_click(qtbot, panel, "b1", 0, 2)
    editor = panel.editor
    assert editor.cell == ("b1", (2,))
    for text, reason in BAD_VALUES:
        editor.line.clear()
        _type(qtbot, editor.line, text)
        assert editor.is_open and editor.line.isVisible(), text  # stays open, red, saying why
        assert "#c62828" in editor.line.styleSheet()
        assert editor.reason.isVisible() and reason in editor.reason.text()
    qtbot.keyClicks(editor.line, "2")  # typing again: no longer red
    assert "#c62828" not in editor.line.styleSheet() and not editor.reason.isVisible()
    qtbot.keyClick(editor.line, Qt.Key.Key_Escape)
    assert not editor.is_open and not editor.line.isVisible()
    _steps(qtbot, w, 1)  # nothing was applied: the step starts from the weights as they were
    reference = _tutorial()
    reference.run(2)
    np.testing.assert_array_equal(_param(reference.snapshot(), "b1"), before)
    assert w.latest_snapshot.loss == reference.step() and w.latest_snapshot.edits == ()
    h = panel._heats["W1"]  # the keyboard: Enter on the cell under the pointer edits it
    panel.hover_at(h.x + 2.5, h.y + 1.5)  # (W1[1,2])
    panel.graphics.setFocus()
    qtbot.keyClick(panel.graphics, Qt.Key.Key_Return)
    assert editor.is_open and editor.cell == ("W1", (1, 2))


def test_gradients_and_a_running_net_are_not_edited_and_say_why(qtbot, window) -> None:
    w = window
    _steps(qtbot, w, 1)
    panel = w.matrix_panel
    _double_click(qtbot, panel, "dW1", 0, 0)
    assert not panel.editor.is_open
    assert "dW1 is the gradient" in panel.note and panel.hover_label.text() == panel.note
    assert panel.hover_label.isVisible()
    _double_click(qtbot, panel, "W1", 1, 1)
    assert panel.editor.is_open
    w.set_speed(1.0)  # slow motion: it keeps running while we look
    w.toggle_running()
    assert not panel.editor.is_open  # Start closes the editor
    qtbot.waitUntil(lambda: w.controller.running, timeout=5000)
    _double_click(qtbot, panel, "W1", 0, 0)
    assert not panel.editor.is_open and "Pause first" in panel.note
    w.toggle_running()
    qtbot.waitUntil(lambda: not w.controller.running, timeout=5000)


def test_an_edit_at_an_earlier_step_resumes_from_there_with_a_ghost_named_after_it(qtbot, window) -> None:
    w = window
    _steps(qtbot, w, 5)
    w.run_model.show_step(2)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 2 and w.matrix_panel._step == 2, timeout=5000)
    panel = w.matrix_panel
    _double_click(qtbot, panel, "W2", 0, 0)
    assert panel.editor.is_open and "step 2" in panel.editor.line.toolTip()
    _type(qtbot, panel.editor.line, "0.25")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 2 and w.latest_snapshot.edits != (), timeout=5000)
    assert w.run_model.live
    assert _param(w.latest_snapshot, "W2")[0, 0] == 0.25
    assert w.loss_plot.ghost_names() == ["without W2[0,0] = 0.25"]
    assert list(w.loss_plot.ghosts[0].xData) == [3, 4, 5]
    reference = _tutorial()
    reference.run(2)
    reference.set_entry("W2", (0, 0), 0.25)
    _steps(qtbot, w, 1)
    assert w.latest_snapshot.step == 3 and w.latest_snapshot.loss == reference.step()


def test_an_earlier_edit_the_resume_drops_is_named_in_the_ghost(qtbot, window) -> None:
    """Edit at step 3, then an edit looking back at step 2: the old tail (with the first edit) is
    named after both, the edit it had and the one it has not."""
    w = window
    _steps(qtbot, w, 3)
    w.run_model.set_entry("W1", (0, 1), 0.5)
    qtbot.waitUntil(lambda: w.latest_snapshot.edits != (), timeout=5000)
    _steps(qtbot, w, 2)
    w.run_model.show_step(2)
    qtbot.waitUntil(lambda: w.shown_snapshot.step == 2, timeout=5000)
    w.run_model.set_entry("b2", (0,), 1.0)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 2 and bool(w.loss_plot.ghosts), timeout=5000)
    assert w.loss_plot.ghost_names() == ["W1[0,1] = 0.5, without b2[0] = 1"]
    assert [e.cell for e in w.latest_snapshot.edits] == ["b2[0]"]  # (the first edit is gone with its steps)


def test_a_reset_ghost_names_the_edits_of_the_run_before(qtbot, window) -> None:
    w = window
    _steps(qtbot, w, 2)
    w.run_model.set_entry("b2", (0,), 0.0)
    qtbot.waitUntil(lambda: w.latest_snapshot.edits != (), timeout=5000)
    _steps(qtbot, w, 1)
    w.reset()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0 and bool(w.loss_plot.ghosts), timeout=5000)
    assert w.loss_plot.ghost_names() == ["b2[0] = 0"]


def test_no_edit_during_a_walk_through_a_step(qtbot, window) -> None:
    w = window
    _steps(qtbot, w, 1)
    w.walk_one_op()  # a traced step: the matrices show step 1 until the walk ends
    qtbot.waitUntil(lambda: w.backprop_view.walk.state == "walking", timeout=5000)
    panel = w.matrix_panel
    assert panel._step == 1 and w.run_model.holding and w.backprop_view.walk.trace.step == 2
    _double_click(qtbot, panel, "W1", 0, 0)
    assert not panel.editor.is_open and "Finish the walk" in panel.note


def test_a_diverged_run_is_not_edited(qtbot, make_window) -> None:
    w = make_window("--preset", "exploding")
    w.step()
    qtbot.waitUntil(lambda: w.latest_snapshot.step >= 1, timeout=5000)
    w.toggle_running()
    qtbot.waitUntil(lambda: w.latest_snapshot.diverged is not None, timeout=20000)
    qtbot.waitUntil(lambda: not w.controller.running, timeout=5000)
    panel = w.matrix_panel
    _double_click(qtbot, panel, "W1", 0, 0)
    assert not panel.editor.is_open and "diverged" in panel.note


def test_every_kind_of_net_takes_an_edit(qtbot, window) -> None:
    w = window
    panel = w.matrix_panel
    for preset in ("spiral", "circle-no-bias", "vanishing"):
        w.load_preset(preset)
        want = presets()[preset].config
        qtbot.waitUntil(lambda want=want: (w.latest_snapshot.step, w.latest_snapshot.config.sizes,
                                           w.latest_snapshot.config.bias) == (0, want.sizes, want.bias),
                        timeout=5000)
        _steps(qtbot, w, 1)
        last = max(p.layer for p in w.latest_snapshot.params)
        name = f"W{last}"
        _double_click(qtbot, panel, name, 1, 0)
        assert panel.editor.cell == (name, (1, 0)), preset
        if preset != "circle-no-bias":  # 16-unit layers: cells too small to see which is edited
            assert panel.editor.reason.isVisible() and f"{name}[1,0]: Enter" in panel.editor.reason.text()
        _type(qtbot, panel.editor.line, "-0.75")
        qtbot.waitUntil(lambda: w.latest_snapshot.edits != (), timeout=5000)
        assert _param(w.latest_snapshot, name)[1, 0] == -0.75
        assert ("b1" in panel._heats) == (preset != "circle-no-bias")


def test_clicking_step_with_a_value_typed_applies_it_first(qtbot, window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from test_window import child

    w = window
    _steps(qtbot, w, 2)
    panel = w.matrix_panel
    _double_click(qtbot, panel, "W2", 2, 0)
    panel.editor.line.selectAll()
    qtbot.keyClicks(panel.editor.line, "1.5")  # no Enter: Step is clicked instead
    qtbot.mouseClick(child(w, QPushButton, "stepButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 3, timeout=5000)
    reference = _tutorial()
    reference.run(2)
    reference.set_entry("W2", (2, 0), 1.5)
    assert w.latest_snapshot.edits[0].after == 1.5
    assert w.latest_snapshot.loss == reference.step()


# ---------------------------------------------------------------------- code out
@pytest.mark.parametrize("preset", ["tutorial", "spiral"])
def test_an_exported_program_sets_the_edited_cells_again(tmp_path, preset) -> None:
    from test_export import run_script

    from core.export import core_script

    config = presets()[preset].config
    s = Session(config)
    losses = s.run(2)
    s.set_entry("W2", (1, 0), 0.5)
    s.set_entry("b1", (0, 2), -0.25)
    losses += s.run(1)
    s.set_entry("W1", (0, 1), 0.125)
    losses += s.run(2)
    text = core_script(config, 5, edits=s.edits)
    assert "# W2[1,0], was" in text
    assert run_script(tmp_path, text) == losses  # to every digit


def test_an_exported_torch_program_sets_the_edited_cells_again(tmp_path) -> None:
    pytest.importorskip("torch")
    from test_export import run_script

    from core.export import torch_script

    config = presets()["spiral"].config
    s = Session(config)
    losses = s.run(2)
    s.set_entry("W2", (1, 0), 0.5)
    s.set_entry("b3", (1,), -0.25)
    losses += s.run(3)
    assert run_script(tmp_path, torch_script(config, 5, edits=s.edits)) == pytest.approx(losses, rel=1e-9)


def test_the_window_exports_its_edits(qtbot, window, tmp_path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from test_export import run_script

    w = window
    _steps(qtbot, w, 2)
    w.run_model.set_entry("W1", (1, 1), 0.75)
    qtbot.waitUntil(lambda: w.latest_snapshot.edits != (), timeout=5000)
    _steps(qtbot, w, 1)
    path = tmp_path / "run.py"
    assert w.export_script(path)
    reference = _tutorial()
    losses = reference.run(2)
    reference.set_entry("W1", (1, 1), 0.75)
    losses += reference.run(1)
    assert run_script(tmp_path, path.read_text(encoding="utf-8"), "again.py") == losses
    _double_click(qtbot, w.matrix_panel, "W1", 0, 0)  # an editor left open in a closed window
    editor = w.matrix_panel.editor
    assert editor.is_open
    w.close()
    other = QPushButton("elsewhere")
    qtbot.addWidget(other)
    other.show()
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)  # a press anywhere: the editor lets go
    assert not editor.is_open


def test_an_edit_before_a_divergence_goes_back_there_and_trains_again() -> None:
    config = presets()["tutorial"].config.replace(alpha=0.5, max_steps=None)
    control = TrainingControl()
    task = training_task(config, control)
    next(task)
    control.start()
    update = next(task)
    while update.snapshot.diverged is None:
        update = next(task)
    control.set_entry("W1", (0, 0), 0.0, step=1)  # a what-if before it diverged
    update = next(task)
    while update.resumed_from is None and update.edit is None:  # (frames still on their way)
        update = next(task)
    assert update.edit is not None and update.resumed_from == 1 and update.snapshot.diverged is None
    control.step(1)
    assert next(task).snapshot.step == 2
    control.stop()


@pytest.mark.parametrize("preset", ["spiral", "circle"])
def test_resuming_after_an_edit_continues_bit_for_bit(preset) -> None:
    """Minibatches and Adam (spiral), momentum-free full batch with ReLU (circle)."""
    s = Session(presets()[preset].config, recorder=Recorder())
    s.run(5)
    s.set_entry("W1", (1, 3), 0.3)
    later = s.run(12)
    assert s.resume_from(9) == 9
    assert s.run(8) == later[4:]
    assert s.resume_from(5) == 5 and len(s.edits) == 1
    assert s.run(12) == later
