"""Helpers several test modules share (the tests folder is on sys.path, as for ``test_window``)."""

from __future__ import annotations

import queue
import threading

import numpy as np
from PySide6.QtCore import QObject, Signal

from core.runner import TrainingControl, Update, training_task


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


DRIVER_TIMEOUT = 20.0  # (s) only a guard against a hang


class Driver:
    """Runs training_task in a thread; the test plays the GUI (acknowledging each update).
    ``task`` and ``control``: another task with its control (core.remote's, say); an exception
    the task raises comes out of :meth:`next`. ``seen``: every update taken so far."""

    def __init__(self, config, min_interval: float = 1 / 30, task=None, control=None) -> None:
        self.control = TrainingControl() if control is None else control
        if task is None:
            def task(config, control):
                return training_task(config, control, min_interval=min_interval)
        self.updates: queue.Queue[Update | BaseException] = queue.Queue()
        self.seen: list[Update] = []
        self.thread = threading.Thread(target=self._run, args=(task, config), daemon=True)
        self.thread.start()

    def _run(self, task, config) -> None:
        try:
            for u in task(config, self.control):
                self.updates.put(u)
        except Exception as e:  # noqa: BLE001 (handed to the test)
            self.updates.put(e)

    def next(self) -> Update:
        u = self.updates.get(timeout=DRIVER_TIMEOUT)
        if isinstance(u, BaseException):
            raise u
        self.control.acknowledge()
        self.seen.append(u)
        return u

    def until(self, pred) -> list[Update]:
        seen = []
        while True:
            u = self.next()
            seen.append(u)
            if pred(u):
                return seen

    def close(self) -> None:
        self.control.stop()
        self.thread.join(timeout=DRIVER_TIMEOUT)
        assert not self.thread.is_alive()
