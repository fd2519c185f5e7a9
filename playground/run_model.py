"""The run as the GUI sees it: one QObject in the GUI thread that views subscribe to.

In the style of napari's evented models: the model takes every :class:`core.runner.Update` the
training controller relays, keeps the run's state (the latest snapshot, the findings, the
recorder's size) and says what changed through a few signals. A view takes the model in its
constructor and connects to the signals it needs, so the window need not hand each update to
each view by hand.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.health import Finding
from core.runner import Update
from core.session import Snapshot

__all__ = ["RunModel"]


class RunModel(QObject):
    """The current run (GUI thread only)."""

    cleared = Signal()  # a new run: step 0, no history
    truncated = Signal(int)  # training resumed from this step: what came after it is gone
    historyAppended = Signal(object)  # core.health.LayerHistory of the new steps
    findingsAdded = Signal(object)  # tuple[Finding, ...], in step order
    snapshotChanged = Signal(object)  # the newest Snapshot
    recordedChanged = Signal(int, int)  # steps recorded, their bytes

    def __init__(self, updated: Signal, parent: QObject | None = None) -> None:
        """``updated``: a GUI-thread signal carrying each Update (the training controller's)."""
        super().__init__(parent)
        self.latest_snapshot: Snapshot | None = None
        self.findings: list[Finding] = []
        self.recorded_steps = 0
        self.recorded_bytes = 0
        updated.connect(self.apply)

    def apply(self, update: Update) -> None:
        """Take one update from the training thread."""
        if update.cleared:
            self.findings = []
            self.cleared.emit()
        if update.resumed_from is not None:
            k = update.resumed_from
            self.findings = [f for f in self.findings if f.step <= k]
            self.truncated.emit(k)
        if update.history is not None and len(update.history.steps):
            self.historyAppended.emit(update.history)
        if update.findings:
            self.findings += update.findings
            self.findingsAdded.emit(update.findings)
        if (update.recorded_steps, update.recorded_bytes) != (self.recorded_steps, self.recorded_bytes):
            self.recorded_steps, self.recorded_bytes = update.recorded_steps, update.recorded_bytes
            self.recordedChanged.emit(self.recorded_steps, self.recorded_bytes)
        self.latest_snapshot = update.snapshot
        self.snapshotChanged.emit(update.snapshot)
