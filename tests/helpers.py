"""Helpers several test modules share (the tests folder is on sys.path, as for ``test_window``)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal


class UpdateSource(QObject):
    """A stand-in for the training controller: ``updated`` is what a RunModel listens to."""

    updated = Signal(object)


def press_step(qtbot, w, n: int) -> list:
    """Click the window's Step button ``n`` times, waiting for each step; the snapshot after each."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    button = w.findChild(QPushButton, "stepButton")
    assert button is not None, "no stepButton"
    snaps = []
    start = w.latest_snapshot.step
    for k in range(start + 1, start + n + 1):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda k=k: w.latest_snapshot.step == k, timeout=5000)
        snaps.append(w.latest_snapshot)
    return snaps


def param(snapshot, name: str) -> np.ndarray:
    """The value of parameter ``name`` ("W1", "b2", ...) in ``snapshot``."""
    return next(p for p in snapshot.params if p.name == name).data
