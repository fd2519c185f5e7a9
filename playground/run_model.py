"""The run as the GUI sees it: one QObject in the GUI thread that views subscribe to.

In the style of napari's evented models: the model takes every :class:`core.runner.Update` the
training controller relays, keeps the run's state (the latest snapshot, the shown one, the
findings, the recorder's size) and says what changed through a few signals. A view takes the
model in its constructor and connects to the signals it needs, so the window need not hand each
update to each view by hand.

The timeline: :meth:`RunModel.show_step` looks back at a recorded step. The recorder lives in
the training thread, so the model asks it (``ask_step``, the controller's ``show_step``) and the
answer comes back as a look-back update (``update.look_back``) carrying that step's recorded
snapshot; nothing is kept GUI-side but the one snapshot shown. While looking back, new steps
still arrive (``latest_snapshot``, the history) but the shown step stays; :meth:`go_live`
follows training again. While the Backprop panel is on screen (``trace_wanted``), a look-back
also brings that step's trace, rebuilt exactly in the training thread (``looked_back_trace``), or
says why it cannot (``looked_back_note``).

What if: :meth:`RunModel.set_entry` sets a cell of W or b by hand, at the step shown (live: the
current step; looking back: "resume from there with this change"); the training thread applies
it and its update carries the :class:`~core.edits.Edit`.

A walk (the Backprop panel's) keeps its step unfinished until its last event: ``holds`` is asked
with every update and may keep it back (the findings, history and recorder's size are taken at
once); :meth:`finish` takes it when the walk lets it go. Only then does it become the
``latest_snapshot`` and reach the views (``updateShown``, ``snapshotChanged``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from core.config import ExperimentConfig
from core.health import Finding
from core.runner import Update
from core.session import Snapshot
from core.trace import StepTrace

__all__ = ["RunModel", "LATE_MS"]

LATE_MS = 1  # (ms) the later pass, after the first repaint (a 0 ms timer may come before it)


class RunModel(QObject):
    """The current run (GUI thread only)."""

    cleared = Signal()  # a new run: step 0, no history
    truncated = Signal(int)  # training resumed from this step: what came after it is gone
    historyAppended = Signal(object)  # core.health.LayerHistory of the new steps
    findingsAdded = Signal(object)  # tuple[Finding, ...], in step order
    updateShown = Signal(object)  # an Update the views show (a walk let it through): its losses...
    snapshotChanged = Signal(object)  # the newest Snapshot (after updateShown)
    configChanged = Signal(object)  # the running ExperimentConfig changed (a reset or a live change)
    recordedChanged = Signal(int, int)  # steps recorded, their bytes
    # the shown step changed: looking back at a recorded Snapshot, or None when live again
    shownChanged = Signal(object)
    runningChanged = Signal(bool)  # training started (True) or paused

    def __init__(self, updated: Signal, ask_step: Callable[[int], None] | None = None,
                 parent: QObject | None = None,
                 set_entry: Callable[[str, tuple[int, ...], float, int | None], None] | None = None) -> None:
        """``updated``: a GUI-thread signal carrying each Update (the training controller's);
        ``ask_step(k)``: asks the training thread for recorded step ``k`` (look-back update);
        ``set_entry(name, index, value, step)``: asks it to set a cell (see :meth:`set_entry`)."""
        super().__init__(parent)
        self._set_entry = set_entry
        self.running = False  # training runs (the controller's state, via set_running)
        self.latest_snapshot: Snapshot | None = None  # the newest step finished (shown when live)
        self.running_config: ExperimentConfig | None = None  # the experiment the session runs
        #: asked with every update before the views get it: True keeps it back (a walk's step)
        self.holds: Callable[[Update], bool] = lambda update: False
        self.holding = False  # an update is held back: a walk's step is under way, unfinished
        self.findings: list[Finding] = []
        self.recorded_steps = 0
        self.recorded_bytes = 0
        self._ask_step = ask_step
        self.live = True  # following training; else looking back at ``wanted_step``
        self.wanted_step: int | None = None  # the step the user asked for (None: live)
        self.looked_back: Snapshot | None = None  # the recorded snapshot shown while not live
        # the Backprop panel's: whether a look-back should bring the step's trace (it is rebuilt in
        # the training thread: asked for only while the panel is on screen)
        self.trace_wanted: Callable[[], bool] | None = None
        self.looked_back_trace: StepTrace | None = None  # the step looked back at, traced
        self.looked_back_note: str | None = None  # why it has no trace (thinned away, too large, ...)
        # Followers that take a running step's snapshot in a later pass of the event loop (see
        # follow_shown): the window repaints in two shorter passes, and a click or a timer can be
        # served between them.
        self._late: list[Callable[[Snapshot], None]] = []
        self._deferring = False  # finishing a running update: late followers wait for the next pass
        self._late_timer = QTimer(self, singleShot=True, interval=LATE_MS)
        self._late_timer.timeout.connect(self._show_late)
        updated.connect(self.apply)

    @classmethod
    def of(cls, controller: object, parent: QObject | None = None) -> RunModel:
        """The model of a :class:`~playground.worker.TrainingController`'s run: its updates,
        look-backs, edits and running state."""
        model = cls(controller.updated, controller.show_step, parent, controller.set_entry)
        controller.runningChanged.connect(model.set_running)
        model.running = controller.running
        return model

    def set_running(self, running: bool) -> None:
        if running != self.running:
            self.running = running
            self.runningChanged.emit(running)

    @property
    def can_edit(self) -> bool:
        """Whether :meth:`set_entry` reaches a training thread."""
        return self._set_entry is not None

    def set_entry(self, name: str, index: tuple[int, ...], value: float) -> None:
        """What if: set ``name[index]`` to ``value`` at the step shown: live, between the current
        step and the next; looking back at step k, resume from k with the change (the later
        steps become a ghost). Raises :class:`~core.edits.EditError` for a value no edit takes."""
        if self._set_entry is None:
            return
        shown = self.shown_snapshot
        self._set_entry(name, tuple(index), float(value), None if self.live or shown is None else shown.step)

    @property
    def shown_snapshot(self) -> Snapshot | None:
        """The snapshot the views show: the recorded one looked back at, else the newest."""
        return self.latest_snapshot if self.live or self.looked_back is None else self.looked_back

    def follow_shown(self, show: Callable[[Snapshot], None], late: bool = False) -> None:
        """Call ``show`` with the snapshot to show whenever it changes: each new step while live,
        the recorded step looked back at, the newest again when live again. ``late``: while
        training runs, a new step reaches it in a later pass of the event loop, after the other
        views have been repainted (for the panels that cost most to draw); a paused, stepped or
        looked-back snapshot reaches it at once."""
        if late:
            self._late.append(show)

        def on_new(snapshot: Snapshot) -> None:
            if not self.live:
                return
            if late and self._deferring:
                self._late_timer.start()
            else:
                show(snapshot)

        self.snapshotChanged.connect(on_new)
        self.shownChanged.connect(lambda _: show(self.shown_snapshot)
                                  if self.shown_snapshot is not None else None)

    @property
    def late_pending(self) -> bool:
        """A running step's snapshot still waits for the late followers (see follow_shown)."""
        return self._late_timer.isActive()

    def _show_late(self) -> None:
        if self.live and self.latest_snapshot is not None:
            for show in self._late:
                show(self.latest_snapshot)

    @property
    def latest_step(self) -> int:
        return 0 if self.latest_snapshot is None else self.latest_snapshot.step

    def show_step(self, step: int) -> None:
        """Look back at recorded ``step`` (the nearest recorded one if it was thinned away); the
        newest step or later: follow training again."""
        step = max(0, int(step))
        if step >= self.latest_step or self._ask_step is None:
            self.go_live()
            return
        if not self.live and step == self.wanted_step:
            return
        self.live = False
        self.wanted_step = step
        self._ask()

    def ask_trace(self) -> None:
        """Ask again for the step looked back at, with its trace (the Backprop panel came on
        screen after the look-back was answered without one)."""
        if not self.live and self._ask_step is not None:
            self._ask()

    def _ask(self) -> None:
        assert self._ask_step is not None and self.wanted_step is not None
        if self.trace_wanted is not None and self.trace_wanted():
            self._ask_step(self.wanted_step, True)
        else:
            self._ask_step(self.wanted_step)

    def go_live(self) -> None:
        """Follow training again: the views show the newest step."""
        if self.live:
            return
        self.live, self.wanted_step, self.looked_back = True, None, None
        self.looked_back_trace = self.looked_back_note = None
        self.shownChanged.emit(None)

    def apply(self, update: Update) -> None:
        """Take one update from the training thread."""
        if update.look_back is not None:
            if not self.live and update.look_back == self.wanted_step:  # (an older answer is stale)
                self.looked_back = update.snapshot
                self.looked_back_trace, self.looked_back_note = update.trace, update.trace_note
                self.shownChanged.emit(update.snapshot)
            return
        if update.cleared:
            self.findings = []
            self.go_live()
            self.cleared.emit()
        if update.resumed_from is not None:
            k = update.resumed_from
            self.findings = [f for f in self.findings if f.step <= k]
            self.go_live()
            self.truncated.emit(k)
        if update.history is not None and len(update.history.steps):
            self.historyAppended.emit(update.history)
        if update.findings:
            self.findings += update.findings
            self.findingsAdded.emit(update.findings)
        if (update.recorded_steps, update.recorded_bytes) != (self.recorded_steps, self.recorded_bytes):
            self.recorded_steps, self.recorded_bytes = update.recorded_steps, update.recorded_bytes
            self.recordedChanged.emit(self.recorded_steps, self.recorded_bytes)
        if self.holds(update):
            self.holding = True
        else:
            self.finish(update)

    def finish(self, update: Update) -> None:
        """The views take ``update``: its step is the newest finished (a walk released it)."""
        snapshot = update.snapshot
        self.holding = False
        self.latest_snapshot = snapshot
        config_changed = snapshot.config is not self.running_config
        self.running_config = snapshot.config
        self.updateShown.emit(update)
        self._deferring = update.running and not update.cleared
        if not self._deferring:
            self._late_timer.stop()  # (they take this one now)
        try:
            self.snapshotChanged.emit(snapshot)
        finally:
            self._deferring = False
        if config_changed:
            self.configChanged.emit(snapshot.config)
