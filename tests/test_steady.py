"""Numbers that change at every frame repaint themselves, not the whole window: the labels keep
their size (no layout request climbs to the main window), and grow when a text needs room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.steady import LiveText, SteadyLabel


class LayoutRequests(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def panel_with(qtbot, label: QWidget) -> tuple[QWidget, LayoutRequests]:
    outer = QWidget()
    qtbot.addWidget(outer)
    inner = QWidget(outer)
    QVBoxLayout(outer).addWidget(inner)
    QVBoxLayout(inner).addWidget(label)
    outer.resize(400, 120)
    outer.show()
    qtbot.waitExposed(outer)
    qtbot.wait(20)
    return outer, LayoutRequests(outer)


def test_a_steady_label_keeps_its_size_for_shorter_texts_and_grows_for_longer(qtbot):
    label = SteadyLabel("Step: 1,000")
    outer, requests = panel_with(qtbot, label)
    size = label.size()
    for step in range(1, 60):
        label.setText(f"Step: {step}")
        qtbot.wait(1)
    assert label.size() == size and requests.count == 0
    label.setText("Step: 1,000,000,000")  # longer: it grows (once), and its text fits
    qtbot.waitUntil(lambda: label.width() > size.width(), timeout=2000)
    assert label.width() >= QFontMetrics(label.font()).horizontalAdvance(label.text())
    label.hold_width(10)  # asked again: it fits its text as it is now
    label.setText("Step: 1")
    label.hold_width(10)
    assert label.width() < size.width()


def test_a_plain_label_would_lay_the_panel_out_again_at_every_new_text(qtbot):
    """What the steady labels are for (if Qt changes this, they are no longer needed)."""
    label = QLabel("Step: 1,000")
    outer, requests = panel_with(qtbot, label)
    for step in range(1, 20):
        label.setText(f"Step: {step}")
        qtbot.wait(1)
    assert requests.count > 0


def test_live_text_repaints_itself_and_wraps_when_narrow(qtbot):
    text = LiveText()
    text.setText("recorded: 1 steps, 0.0 MB")
    outer, requests = panel_with(qtbot, text)
    one_line = text.height()
    for n in range(2, 60):
        text.setText(f"recorded: {n:,} steps, {n / 10:.1f} MB")
        qtbot.wait(1)
    assert requests.count == 0 and text.text() == "recorded: 59 steps, 5.9 MB"
    outer.resize(90, 200)  # narrow: two lines or more, and the layout gives it their height
    qtbot.waitUntil(lambda: text.height() >= 2 * QFontMetrics(text.font()).lineSpacing(), timeout=2000)
    assert text.height() > one_line


def test_training_at_full_speed_does_not_lay_the_window_out_again(qtbot, make_window):
    w = make_window("--preset", "spiral")
    w.controls.max_steps_edit.setText("")
    w.set_speed(None)
    w.controller.start()
    qtbot.waitUntil(lambda: w.controller.frames_drawn >= 3, timeout=10000)
    requests = LayoutRequests(w)
    frames = w.controller.frames_drawn
    qtbot.waitUntil(lambda: w.controller.frames_drawn >= frames + 20, timeout=20000)
    w.controller.pause()
    # It was two a frame: the step, loss and speed labels and the Health panel's count. A few
    # remain: a label grows once when a longer text comes (the accuracy reaching 100 %, say).
    assert requests.count <= 5, requests.count
