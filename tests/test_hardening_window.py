"""Issue 12, the training window's items: nothing a user does after a divergence, with big data,
with a field's text or on closing may wipe, freeze, abort or silently change anything.

Every wait is ``qtbot.waitUntil`` on what the window shows; no test depends on speed.
"""

from __future__ import annotations

import numpy as np
import test_window
from PySide6.QtWidgets import QLabel
from test_window import child, click, curve_y, label_text

from core.presets import get_preset

make_window = test_window.make_window  # the fixture: a shown window whose first update arrived


# ---------------------------------------------------------------------------- 8. after a divergence
def test_step_or_start_after_a_divergence_says_reset_and_changes_nothing(qtbot, make_window):
    w = make_window("--preset", "exploding")
    click(qtbot, w, "startButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.diverged is not None and not w.controller.running,
                    timeout=20000)
    qtbot.waitUntil(lambda: len(curve_y(w)) == w.latest_snapshot.step - 1, timeout=5000)
    curve = curve_y(w).copy()
    history = w.loss_plot.history()
    step_text = label_text(w, "stepLabel")
    matrices = [p.data.copy() for p in w.latest_snapshot.params]
    assert len(curve) >= 1  # the finite losses before the divergence

    for button in ("stepButton", "startButton", "stepButton"):
        click(qtbot, w, button)
        message = label_text(w, "messageLabel")
        assert "press Reset" in message and f"step {w.latest_snapshot.step}" in message
        assert not w.controller.running and child(w, QLabel, "stepLabel").text() == step_text
    # Straight to the training thread (as when the divergence is still on its way to the window):
    # it answers each with the same message and no loss.
    answers = []
    w.controller.updated.connect(answers.append)
    w.controller.step()
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=5000)
    w.controller.start()
    qtbot.waitUntil(lambda: len(answers) == 2 and not w.controller.running, timeout=5000)
    for u in answers:
        assert u.halted and "press Reset" in u.message and len(u.steps) == 0
    np.testing.assert_array_equal(curve_y(w), curve)
    for before, after in zip(history, w.loss_plot.history()):
        np.testing.assert_array_equal(before, after)
    assert label_text(w, "stepLabel") == step_text
    for before, p in zip(matrices, w.latest_snapshot.params):
        np.testing.assert_array_equal(before, p.data)

    click(qtbot, w, "resetButton")  # Reset still trains again
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0 and w.latest_snapshot.diverged is None, timeout=5000)
    click(qtbot, w, "stepButton")
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 1, timeout=5000)
    assert len(curve_y(w)) == 1


def test_the_exploding_lesson_says_to_reset_after_the_divergence():
    text = get_preset("exploding").description
    assert "Reset" in text
    assert text.index("Reset") > text.index("Step")  # Step through it, then Reset

