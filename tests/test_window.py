"""The main window end to end, headless: Step/Start/Pause/Reset, the live fields, files, closing.

Every wait is ``qtbot.waitUntil`` on what the window shows; no test depends on speed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from core.config import ExperimentConfig
from core.presets import get_preset, presets
from core.session import Session
from playground import app as app_module
from playground.app import install_desktop_entry
from playground.controls import ERROR_COLOR
from playground.settings_store import file_folder

TUTORIAL_LOSSES = [4.33222765, 0.06584977, 0.01869537, 0.01068846, 0.00609207, 0.00360451, 0.00210719,
                   0.00126275, 0.00075884, 0.00046488]


def child(w: QWidget, cls: type, name: str):
    found = w.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def label_text(w: QWidget, name: str) -> str:
    return child(w, QLabel, name).text()


def curve_y(w: QWidget) -> np.ndarray:
    """Every step's training loss: the first curve's full data (``getData()`` is what is drawn,
    which peak downsampling shortens once there are more points than pixels)."""
    plot = child(w, pg.PlotWidget, "lossPlot")
    y = plot.getPlotItem().listDataItems()[0].yData
    return np.array([] if y is None else y, dtype=float)


def click(qtbot, w: QWidget, name: str) -> None:
    qtbot.mouseClick(child(w, QPushButton, name), Qt.MouseButton.LeftButton)


def test_ten_tutorial_steps_show_the_tutorials_losses_weights_and_gradients(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    assert w.windowTitle() == "Gradient Playground"
    assert label_text(w, "lossLabel") == "Loss: —"
    assert label_text(w, "shapeLabel") == "2 → 3 → 1"
    for k in range(1, 11):
        click(qtbot, w, "stepButton")
        qtbot.waitUntil(lambda k=k: w.latest_snapshot.step == k, timeout=5000)
        assert label_text(w, "stepLabel").endswith(str(k))
        shown = float(label_text(w, "lossLabel").rsplit(" ", 1)[-1])
        assert shown == pytest.approx(TUTORIAL_LOSSES[k - 1], abs=5e-9)
        assert shown == pytest.approx(w.latest_snapshot.loss, rel=1e-9)
    np.testing.assert_allclose(curve_y(w), TUTORIAL_LOSSES, rtol=0, atol=5e-9)

    items = child(w, QWidget, "matrixPanel").image_items()
    params = w.latest_snapshot.params
    assert [p.name for p in params] == ["W1", "b1", "W2", "b2"]
    for p in params:
        for key, values in ((p.name, p.data), ("d" + p.name, p.grad)):
            image = items[key].image  # a bias b is drawn as a 1 x n row
            assert image.size == values.size
            np.testing.assert_array_equal(image, values.reshape(image.shape))

    # The preset's step limit: another step only says so.
    click(qtbot, w, "stepButton")
    qtbot.waitUntil(lambda: "step limit" in label_text(w, "messageLabel"), timeout=5000)
    assert w.latest_snapshot.step == 10


def test_a_step_limit_typed_just_before_start_counts_for_that_run(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    w.set_speed(None)
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: "step limit" in label_text(w, "messageLabel"), timeout=5000)
    child(w, QLineEdit, "maxStepsEdit").setText("20")
    click(qtbot, w, "startButton")  # at once, before the typing pause would send it
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 20 and not w.controller.running, timeout=5000)
    assert "Reached the step limit (20" in label_text(w, "messageLabel")
    # Enter applies it too, without waiting.
    edit = child(w, QLineEdit, "maxStepsEdit")
    edit.setText("25")
    edit.editingFinished.emit()
    qtbot.waitUntil(lambda: w.latest_snapshot.config.max_steps == 25, timeout=1000)


def test_messages_newest_first_and_information_fades(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    w.status.run_message_timer.setInterval(200)
    w.show_error("Could not save: disk full")  # a notice from the window...
    click(qtbot, w, "resetButton")  # ...gives way to the run's newer message
    qtbot.waitUntil(lambda: label_text(w, "messageLabel").startswith("Reset: step 0"), timeout=5000)
    qtbot.waitUntil(lambda: label_text(w, "messageLabel") == "", timeout=5000)  # faded
    w.set_speed(None)
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: "step limit" in label_text(w, "messageLabel"), timeout=5000)
    qtbot.wait(400)
    assert "step limit" in label_text(w, "messageLabel")  # what stopped the run stays


def test_a_long_message_does_not_move_the_panels(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    w.resize(1024, 768)
    qtbot.wait(100)
    panel = child(w, QWidget, "matrixPanel")
    before = (panel.geometry(), child(w, QLabel, "messageLabel").height())
    w.show_error("Could not open extra.json: unknown setting 'colour'; the settings are dataset, "
                 "noise, n_samples, test_fraction, data_seed, hidden, activation, bias, init, seed, "
                 "loss, optimizer, alpha, batch_size, zero_grad and max_steps. Nothing was changed.")
    qtbot.wait(100)
    label = child(w, QLabel, "messageLabel")
    assert (panel.geometry(), label.height()) == before
    assert label.heightForWidth(label.width()) <= label.height()  # all of it shows, smaller
    assert label.font().pointSizeF() < w.status.step_label.font().pointSizeF()


def test_a_bad_field_while_running_says_training_goes_on(qtbot, make_window):
    w = make_window("--preset", "spiral")
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step > 20, timeout=10000)
    child(w, QLineEdit, "maxStepsEdit").setText("abc")
    assert "training goes on" in label_text(w, "messageLabel")
    # A limit already passed, typed and left alone, does not stop the run...
    child(w, QLineEdit, "maxStepsEdit").setText("5")
    w.live.limit_timer.timeout.emit()
    qtbot.wait(300)
    assert w.controller.running and w.latest_snapshot.config.max_steps is None
    # ...Enter does (the user means it), and says why.
    child(w, QLineEdit, "maxStepsEdit").editingFinished.emit()
    qtbot.waitUntil(lambda: not w.controller.running, timeout=5000)
    assert "already past the step limit (5)" in label_text(w, "messageLabel")


def test_no_display_is_a_message_not_a_crash():
    from playground.app import _display_problem

    if not sys.platform.startswith("linux"):
        pytest.skip("X11/Wayland only")
    assert "DISPLAY" in _display_problem([], {})
    assert _display_problem([], {"QT_QPA_PLATFORM": "offscreen"}) is None
    assert _display_problem(["-platform", "offscreen"], {}) is None
    assert _display_problem(["-platform=offscreen"], {}) is None
    assert "Cannot reach the display" in _display_problem([], {"DISPLAY": ":4321"})


def test_raising_the_step_limit_applies_at_once(qtbot, make_window):
    """"Reached the step limit. Raise it or Reset": raising it lets training go on, no Reset."""
    w = make_window("--preset", "tutorial")
    w.set_speed(None)
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: "step limit" in label_text(w, "messageLabel"), timeout=5000)
    assert w.latest_snapshot.step == 10
    child(w, QLineEdit, "maxStepsEdit").setText("12")
    qtbot.waitUntil(lambda: w.latest_snapshot.config.max_steps == 12, timeout=5000)
    assert child(w, QLabel, "pendingLabel").isHidden()  # nothing waits for a Reset
    assert "step limit 12" in label_text(w, "messageLabel")
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: "Reached the step limit (12" in label_text(w, "messageLabel"), timeout=5000)
    assert w.latest_snapshot.step == 12
    np.testing.assert_allclose(curve_y(w), Session(get_preset("tutorial").config).run(12), rtol=1e-12)
    child(w, QLineEdit, "maxStepsEdit").setText("")  # no limit at all
    qtbot.waitUntil(lambda: w.latest_snapshot.config.max_steps is None, timeout=5000)
    click(qtbot, w, "stepButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 13, timeout=5000)


def test_start_pause_step_reset(qtbot, make_window):
    w = make_window("--preset", "spiral")
    start = child(w, QPushButton, "startButton")
    assert start.text() == "Start"
    click(qtbot, w, "startButton")
    assert start.text() == "Pause"
    qtbot.waitUntil(lambda: w.latest_snapshot.step > 50, timeout=20000)
    click(qtbot, w, "startButton")
    assert start.text() == "Start"
    qtbot.wait(300)  # paused: nothing may change, however long we look
    paused_at = w.latest_snapshot.step
    qtbot.wait(300)
    assert w.latest_snapshot.step == paused_at
    assert len(curve_y(w)) == paused_at

    click(qtbot, w, "stepButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == paused_at + 1, timeout=5000)
    qtbot.wait(200)
    assert w.latest_snapshot.step == paused_at + 1
    assert label_text(w, "stepLabel") == f"Step: {paused_at + 1:,}"

    click(qtbot, w, "resetButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0, timeout=5000)
    assert len(curve_y(w)) == 0
    assert label_text(w, "lossLabel") == "Loss: —"
    fresh = Session(get_preset("spiral").config).snapshot()
    for shown, expected in zip(w.latest_snapshot.params, fresh.params):
        np.testing.assert_array_equal(shown.data, expected.data)


def test_keyboard_shortcuts(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    actions = (w.menus.start_action, w.menus.step_action)
    keys = {a.text(): [s.toString() for s in a.shortcuts()] for a in actions}
    assert keys == {"Start / Pause\tSpace": [], "Step": ["S", "Right"]}
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    qtbot.keyClick(w, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 1, timeout=5000)
    qtbot.keyClick(w, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 2, timeout=5000)
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert w.controller.running and child(w, QPushButton, "startButton").text() == "Pause"
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert not w.controller.running
    # Typing in a field is typing, not a shortcut.
    edit = child(w, QLineEdit, "hiddenSizesEdit")
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, " s")
    assert edit.text() == "3 s" and not w.controller.running
    # Space on a focused check box toggles it and does not start training.
    bias = child(w, QCheckBox, "biasCheck")
    bias.setFocus()
    before = bias.isChecked()
    qtbot.keyClick(bias, Qt.Key.Key_Space)
    assert bias.isChecked() != before and not w.controller.running


def test_alpha_changes_while_running(qtbot, make_window):
    w = make_window("--preset", "spiral")
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step > 5, timeout=10000)
    edit = child(w, QLineEdit, "alphaEdit")
    slider = child(w, QSlider, "alphaSlider")
    before = slider.value()
    edit.setText("0.005")
    qtbot.waitUntil(lambda: w.latest_snapshot.alpha == 0.005, timeout=5000)
    assert w.controller.running
    assert edit.text() == "0.005" and slider.value() < before  # typed text is never rewritten
    assert child(w, QLabel, "pendingLabel").isHidden()  # alpha needs no Reset

    slider.setValue(slider.maximum())  # the slider writes 3 significant digits
    assert edit.text() == "10"
    slider.setValue(450)  # 10 ** -0.5
    assert edit.text() == "0.316"
    qtbot.waitUntil(lambda: w.latest_snapshot.alpha == 0.316, timeout=5000)
    click(qtbot, w, "startButton")


BAD_INPUTS = [
    ("hiddenSizesEdit", "", "hiddenSizesError", "16, 16"),
    ("hiddenSizesEdit", "0", "hiddenSizesError", "1 to 4096"),
    ("hiddenSizesEdit", "8, -3", "hiddenSizesError", "1 to 4096"),
    ("hiddenSizesEdit", "abc", "hiddenSizesError", "not a whole number"),
    ("hiddenSizesEdit", "3,,3", "hiddenSizesError", "missing between two commas"),
    ("hiddenSizesEdit", "1000000000", "hiddenSizesError", "1 to 4096"),
    ("hiddenSizesEdit", "4096, 4096, 4096", "hiddenSizesError", "parameters"),
    ("alphaEdit", "abc", "alphaError", "not a number"),
    ("alphaEdit", "nan", "alphaError", "greater than 0"),
    ("alphaEdit", "-0.1", "alphaError", "greater than 0"),
    ("alphaEdit", "0", "alphaError", "greater than 0"),
    ("alphaEdit", "", "alphaError", "greater than 0"),
    ("batchSizeEdit", "0", "batchSizeError", "1 to 100,000"),
    ("maxStepsEdit", "ten", "maxStepsError", "whole number"),
    ("maxStepsEdit", "3,,3", "maxStepsError", "whole number"),
    ("batchSizeEdit", "3,,3", "batchSizeError", "whole number"),
]


def test_bad_inputs_show_inline_errors_and_disable_training(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    start, step = child(w, QPushButton, "startButton"), child(w, QPushButton, "stepButton")
    for field, bad, error_name, words in BAD_INPUTS:
        edit = child(w, QLineEdit, field)
        good = edit.text()
        edit.setText(bad)
        error = child(w, QLabel, error_name)
        assert words in error.text(), (bad, error.text())
        assert not error.isHidden()
        assert not start.isEnabled() and not step.isEnabled(), bad
        assert label_text(w, "messageLabel").startswith("Cannot train"), bad
        assert ERROR_COLOR in child(w, QLabel, "messageLabel").styleSheet()
        edit.setText(good)
        assert error.text() == "" and error.isHidden()
        assert start.isEnabled() and step.isEnabled(), bad
        assert label_text(w, "messageLabel") == ""

    # Cross-entropy on a regression data set: the loss field says why.
    loss = child(w, QComboBox, "lossCombo")
    loss.setCurrentIndex(loss.findData("cross_entropy"))
    assert "classification" in label_text(w, "lossError")
    assert not start.isEnabled()
    dataset = child(w, QComboBox, "datasetCombo")
    dataset.setCurrentIndex(dataset.findData("spiral"))  # a classification set: valid again
    assert label_text(w, "lossError") == "" and start.isEnabled()
    assert label_text(w, "shapeLabel") == "2 → 3 → 2"

    # Clicking a disabled button does nothing.
    child(w, QLineEdit, "alphaEdit").setText("x")
    click(qtbot, w, "stepButton")
    w.step()
    qtbot.wait(200)
    assert w.latest_snapshot.step == 0


def test_shape_label_and_layer_buttons_follow_the_text(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    edit = child(w, QLineEdit, "hiddenSizesEdit")
    qtbot.keyClicks(edit, ", 16")
    assert edit.text() == "3, 16"
    assert label_text(w, "shapeLabel") == "2 → 3 → 16 → 1"
    qtbot.mouseClick(child(w, QWidget, "addLayerButton"), Qt.MouseButton.LeftButton)
    assert edit.text() == "3, 16, 16"
    for text in ("3, 16", "3", "none"):
        qtbot.mouseClick(child(w, QWidget, "removeLayerButton"), Qt.MouseButton.LeftButton)
        assert edit.text() == text
    assert label_text(w, "shapeLabel") == "2 → 1"
    assert not child(w, QWidget, "removeLayerButton").isEnabled()
    edit.setText("4096, 4096, 4096")  # too big, but the shape still shows
    assert label_text(w, "shapeLabel") == "2 → 4096 → 4096 → 4096 → 1"


def test_other_changes_apply_on_reset_with_a_visible_hint(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    pending = child(w, QLabel, "pendingLabel")
    assert pending.isHidden()
    child(w, QLineEdit, "hiddenSizesEdit").setText("4")
    child(w, QSpinBox, "seedSpin").setValue(5)
    assert not pending.isHidden() and "Reset" in pending.text() and "Hidden layers" in pending.text()
    assert w.latest_snapshot.config.hidden == (3,)  # not applied yet
    click(qtbot, w, "resetButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.config.hidden == (4,), timeout=5000)
    assert w.latest_snapshot.config.seed == 5
    assert pending.isHidden()
    assert label_text(w, "shapeLabel") == "2 → 4 → 1"


def test_preset_combo_loads_every_field_and_resets(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    combo = child(w, QComboBox, "presetCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == [p.title for p in presets().values()]
    assert [combo.itemData(i) for i in range(combo.count())] == list(presets())
    w.step()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 1, timeout=5000)
    combo.setCurrentIndex(combo.findData("spiral"))
    spiral = get_preset("spiral").config
    qtbot.waitUntil(lambda: w.latest_snapshot.config == spiral and w.latest_snapshot.step == 0, timeout=5000)
    assert w.controls.config() == spiral
    assert child(w, QLineEdit, "hiddenSizesEdit").text() == "16, 16"
    assert child(w, QComboBox, "activationCombo").currentData() == "tanh"
    assert child(w, QComboBox, "datasetCombo").currentData() == "spiral"
    assert len(curve_y(w)) == 0


def test_a_diverging_run_pauses_and_names_the_step_and_layer(qtbot, make_window):
    w = make_window("--preset", "exploding")
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: "Diverged" in label_text(w, "messageLabel"), timeout=20000)
    message = label_text(w, "messageLabel")
    step = w.latest_snapshot.step
    assert f"step {step}" in message and "layer" in message
    assert ERROR_COLOR in child(w, QLabel, "messageLabel").styleSheet()
    qtbot.waitUntil(lambda: child(w, QPushButton, "startButton").text() == "Start", timeout=5000)
    assert not w.controller.running
    qtbot.wait(200)
    assert "Diverged" in label_text(w, "messageLabel")  # it stays until the next reset
    click(qtbot, w, "resetButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0 and "Diverged" not in label_text(w, "messageLabel"),
                    timeout=5000)


def test_closing_during_training_stops_the_thread_quietly(qtbot, make_window, capfd):
    w = make_window("--preset", "spiral")
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step > 0, timeout=10000)
    capfd.readouterr()
    w.close()
    thread = w.controller.thread
    assert thread.wait(1000) and thread.isFinished() and not thread.isRunning()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_experiment_files_round_trip_and_a_corrupt_one_changes_nothing(qtbot, make_window, tmp_path):
    w = make_window("--preset", "circle")
    before = w.controls.config()
    running_before = w.latest_snapshot.config
    message = child(w, QLabel, "messageLabel")

    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"hidden": [8, ', encoding="utf-8")
    assert not w.open_experiment(corrupt)
    assert "corrupt.json" in message.text() and "not valid JSON" in message.text()
    assert w.controls.config() == before and w.latest_snapshot.config == running_before

    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"alpha": -1}), encoding="utf-8")
    assert not w.open_experiment(wrong)
    assert "alpha" in message.text()
    assert not w.open_experiment(tmp_path / "missing.json")
    assert w.controls.config() == before

    saved = tmp_path / "mine.json"
    child(w, QLineEdit, "hiddenSizesEdit").setText("5, 4")
    assert w.save_experiment(saved)
    assert ExperimentConfig.load(saved).hidden == (5, 4)
    combo = child(w, QComboBox, "presetCombo")
    combo.setCurrentIndex(combo.findData("tutorial"))
    assert w.open_experiment(saved)
    qtbot.waitUntil(lambda: w.latest_snapshot.config.hidden == (5, 4), timeout=5000)
    assert w.controls.config() == before.replace(hidden=(5, 4))


def test_unknown_preset_falls_back_to_the_tutorial_with_a_message(qtbot, make_window):
    w = make_window("--preset", "nope")
    assert "nope" in label_text(w, "messageLabel")
    assert w.latest_snapshot.config == get_preset("tutorial").config


def test_unknown_command_line_options_are_named_in_the_status_line(qtbot, make_window):
    w = make_window("--preset", "spiral", "--bogus", "extra")
    assert "Ignored --bogus extra" in label_text(w, "messageLabel")
    assert w.latest_snapshot.config == get_preset("spiral").config


def test_qt_options_pass_through_and_the_rest_is_named():
    from playground.app import _split_qt_options

    args = ["-style", "fusion", "--reverse", "-platform=offscreen", "--foo", "x.json"]
    qt, unknown = _split_qt_options(args)
    assert qt == ["-style", "fusion", "--reverse", "-platform=offscreen"]
    assert unknown == ["--foo", "x.json"]


def test_speed_slider_and_default_layout(qtbot, make_window):
    w = make_window()
    assert w.latest_snapshot.config == get_preset("tutorial").config  # the default preset
    slider = child(w, QSlider, "speedSlider")
    assert label_text(w, "speedValueLabel") == "2 steps/s"  # the tutorial's ten steps in slow motion
    w.load_preset("spiral")
    assert label_text(w, "speedValueLabel") == "max"
    slider.setValue(0)
    assert label_text(w, "speedValueLabel") == "1 step/s"
    slider.setValue(3)
    assert label_text(w, "speedValueLabel") == "10 steps/s"
    assert w.toolbar.objectName() == "mainToolbar"
    names = [d.objectName() for d in w.docks]
    assert len(set(names)) == len(names) == 6  # controls, loss, prediction, gradients, backprop, health
    for size in ((1600, 1000), (1280, 800)):
        w.resize(*size)
        w.restore_default_layout()
        qtbot.wait(50)
        # the Backprop and Health panels: tabs behind the gradient norms
        assert w.tabifiedDockWidgets(w.grad_norm_dock) == [w.backprop_dock, w.health_dock]
        for dock in w.docks:
            if dock in (w.backprop_dock, w.health_dock):
                continue
            assert dock.isVisible() and not dock.isFloating()
            assert dock.width() > 250 and dock.height() > 150, (size, dock.objectName(), dock.size())
        central = child(w, QWidget, "matrixPanel")
        assert central.width() >= 0.35 * size[0], (size, central.size())  # the matrices stay the star
        image = w.grab().toImage()
        assert (image.width(), image.height()) == size


def test_settings_are_saved_in_the_test_folder(qtbot, make_window, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIENT_PLAYGROUND_SETTINGS_DIR", str(tmp_path / "s"))
    w = make_window("--preset", "tutorial")
    child(w, QSlider, "speedSlider").setValue(5)
    w.close()
    assert (tmp_path / "s" / "gradient-playground.ini").is_file()
    w2 = make_window("--preset", "tutorial")
    assert w2.has_saved_geometry()
    assert label_text(w2, "speedValueLabel") == "2 steps/s"  # the preset's speed, not the last one


def test_file_dialogs_open_in_the_folder_last_used(qtbot, make_window, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIENT_PLAYGROUND_SETTINGS_DIR", str(tmp_path / "s"))
    w = make_window("--preset", "tutorial")
    assert file_folder() != Path(__file__).resolve().parents[1]  # not the program's folder
    chosen = tmp_path / "lessons" / "mine.json"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    w.files.save_dialog()
    assert chosen.is_file() and file_folder() == chosen.parent


def test_uncaught_exceptions_show_in_the_status_line(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    try:
        raise ValueError("boom")
    except ValueError as e:
        app_module._excepthook(type(e), e, e.__traceback__)
    assert "boom" in label_text(w, "messageLabel")


def test_install_desktop_entry(tmp_path):
    entry, icon = install_desktop_entry(tmp_path)
    text = entry.read_text(encoding="utf-8")
    assert icon.is_file() and f"Icon={icon}" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line[len("Exec="):].lstrip('"').startswith("/")
    assert "Terminal=false" in text and "Type=Application" in text


def test_gradient_check_menu_action(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    click(qtbot, w, "stepButton")
    qtbot.waitUntil(lambda: w.latest_snapshot is not None and w.latest_snapshot.step == 1, timeout=5000)
    w.menus.gradcheck_action.trigger()
    qtbot.waitUntil(lambda: "Gradient check at step 1" in label_text(w, "messageLabel"), timeout=10000)
    assert "agrees" in label_text(w, "messageLabel")
    assert w.latest_snapshot.step == 1


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_a_small_screen_keeps_every_control_and_plot_inside_the_window(qtbot, make_window, size):
    w = make_window("--preset", "he-deep")
    w.resize(*size)
    w.restore_default_layout()
    for _ in range(3):
        click(qtbot, w, "stepButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 3, timeout=5000)
    qtbot.wait(100)
    combo = child(w, QComboBox, "presetCombo")
    assert combo.isVisible() and combo.width() >= 120  # on the toolbar, not in its overflow menu
    assert combo.mapTo(w, combo.rect().bottomRight()).x() <= w.width()
    edit = child(w, QLineEdit, "hiddenSizesEdit")
    assert edit.fontMetrics().horizontalAdvance(edit.text()) < edit.width() - 8  # all six sizes show
    for name in ("lossPlot", "predictionPlot", "gradNormPlot"):
        plot = child(w, pg.PlotWidget, name)
        vb = plot.getPlotItem().vb.sceneBoundingRect()
        assert vb.right() <= plot.width() + 1, (name, vb, plot.width())  # nothing pushed out
    assert not child(w, QLabel, "gradNormLegend").wordWrap()


def test_the_guide_names_every_control_and_lesson(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    w.guide.show()
    box = w.findChild(QWidget, "guideBox")
    qtbot.waitUntil(box.isVisible, timeout=3000)
    text = w.guide.html()
    for word in ("Step", "Start / Pause", "Reset", "vanishing", *(p.title for p in presets().values())):
        assert word in text or word.replace("→", "&rarr;") in text, word
    assert "outside 10⁻⁶ … 0.1" in text and "1e-06" not in text  # thresholds as the README writes them
    box.close()
