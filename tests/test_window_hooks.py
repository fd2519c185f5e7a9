"""The window's helpers hear of its resizes and language changes from the window's own handlers:
a Python event filter on the main window ran for each of its events (tens a second while
training, its repaints), each time taking Python's GIL from the training thread."""

from __future__ import annotations

from helpers import press_step
from PySide6.QtCore import QEvent, QObject, QSize

import playground.fit as fit
from playground.room import RoomLayout


def test_repaints_while_training_call_no_python_filter_of_the_window(qtbot, make_window, monkeypatch):
    seen: list[int] = []
    original = fit.KeepOnScreen.eventFilter

    def counting(self, watched: QObject, event: QEvent) -> bool:
        seen.append(int(event.type()))
        return original(self, watched, event)

    monkeypatch.setattr(fit.KeepOnScreen, "eventFilter", counting)
    w = make_window("--preset", "tutorial", size=(1200, 800))
    press_step(qtbot, w, 3)
    w.update()
    qtbot.wait(200)
    assert seen == []  # (the window fits its screen: nothing to watch)
    assert "eventFilter" not in vars(RoomLayout) and "eventFilter" not in vars(fit.ToolbarFit)


def test_the_hooks_get_resizes_and_language_changes(qtbot, make_window):
    w = make_window("--preset", "tutorial", size=(1200, 800))
    sizes: list[QSize] = []
    languages: list[bool] = []
    w.resize_hooks.append(sizes.append)
    w.language_hooks.append(lambda: languages.append(True))
    w.resize(1100, 760)
    qtbot.waitUntil(lambda: bool(sizes) and sizes[-1] == QSize(1100, 760), timeout=5000)
    w.menus.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: bool(languages), timeout=5000)
    assert w.presentation.room.next_panel_action.text() == "下一个面板"
