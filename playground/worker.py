"""The training thread: a thin Qt adapter around :func:`core.runner.training_task`.

``TrainingWorker`` lives in a ``QThread`` and turns each :class:`~core.runner.Update` the
generator yields into a signal. By default the generator is :func:`core.remote.remote_task`:
training runs in a process of its own (so it does not share Python's GIL with the window), and
the thread only waits for its updates; ``backend="thread"`` runs :func:`~core.runner.training_task`
in the thread itself. ``TrainingController`` lives in the GUI thread: it owns the
thread, the worker and the :class:`~core.runner.TrainingControl`, relays the worker's signal to
GUI-thread signals through a bound method (so its slots run in the GUI thread), and acknowledges
each update after the views have drawn it, which is what lets the generator send the next one.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
import weakref
from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

from core.config import ExperimentConfig
from core.experiment_file import Experiment
from core.remote import RemoteControl, RemoteDied, RemoteFailure, remote_task
from core.runner import Capture, TrainingControl, Update, training_task

__all__ = ["TrainingWorker", "TrainingController", "LIVE_THREADS", "wait_for_stragglers", "BACKENDS",
           "default_backend"]

log = logging.getLogger(__name__)

SETTLE_MS = 0  # a frame's repaint is over once an event-loop pass brings no further repaint
#: How long (s) the GUI thread waits for Python's GIL before the training thread must hand it
#: over (Python's default is 5 ms): a click or a repaint during training then waits at most 1 ms.
GIL_SWITCH_INTERVAL = 0.001
_REPAINT_EVENTS = (QEvent.Type.UpdateRequest, QEvent.Type.Paint)

#: Every training QThread this module started (the test suite checks none is left running).
LIVE_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
# Threads whose current step outlasted shutdown's wait; kept alive until they end on their own.
_STRAGGLERS: list[QThread] = []
SHUTDOWN_WAIT_MS = 2000  # closing the window waits this long for the step in progress
STRAGGLER_WAIT_MS = 1000  # and the exit this much more, before it leaves without the thread
CAPTURE_WAIT_S = 5.0  # how long saving waits for the training thread to finish its step
KILL_WAIT_MS = 2000  # after a training process is killed, how long its thread gets to see it end
#: Where training runs: in a process of its own (the app's default), or in the worker thread
#: itself (one process: what the tests that patch the engine use).
BACKENDS = ("process", "thread")
BACKEND_VARIABLE = "GRADIENT_PLAYGROUND_TRAINING"  # set to "thread" to train in the GUI's process


def default_backend() -> str:
    """``$GRADIENT_PLAYGROUND_TRAINING`` if it names a backend, else ``"process"``."""
    asked = os.environ.get(BACKEND_VARIABLE, "").strip().lower()
    return asked if asked in BACKENDS else "process"


class TrainingWorker(QObject):
    """Runs the training generator in its thread; never touches a widget."""

    updated = Signal(object)  # core.runner.Update
    failed = Signal(str, str)  # (message, traceback): the generator raised (a bug); the thread lives on

    def __init__(self, config: ExperimentConfig, control: TrainingControl | RemoteControl) -> None:
        super().__init__()
        self.config = config
        self.control = control

    @Slot()
    def run(self) -> None:
        """Iterate the generator until ``control.stop()``; queued from the GUI thread."""
        control = self.control
        try:
            updates = (remote_task(self.config, control) if isinstance(control, RemoteControl)
                       else training_task(self.config, control))
            for update in updates:
                self.updated.emit(update)
        except RemoteDied as e:  # (no bug: the system ended it, out of memory for instance)
            self.failed.emit(QCoreApplication.translate(  # thread-safe
                "TrainingWorker", "The training process ended unexpectedly (exit code {code}): perhaps the "
                "computer ran out of memory. Press Reset to start it again.").format(code=e.exitcode),
                traceback.format_exc())
        except Exception as e:  # the generator catches step errors itself; this is a last resort
            # No logging here: it would register this QThread with Python's threading module.
            remote = isinstance(e, RemoteFailure)  # (a bug in the training process: its traceback)
            self.failed.emit(QCoreApplication.translate(  # thread-safe
                "TrainingWorker", "Training stopped by an internal error: {error}. Press Reset to start "
                "again.").format(error=e.error if remote else repr(e)),
                e.details if remote else traceback.format_exc())


class TrainingController(QObject):
    """GUI-thread owner of the training thread. All methods are called from the GUI thread."""

    updated = Signal(object)  # core.runner.Update, emitted in the GUI thread
    runningChanged = Signal(bool)
    failed = Signal(str)
    _runRequested = Signal()  # queued to the worker's thread: (re)start the generator

    def __init__(self, config: ExperimentConfig, parent: QObject | None = None,
                 backend: str | None = None) -> None:
        super().__init__(parent)
        self.backend = backend or default_backend()
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {self.backend!r}")
        self._control = self._new_control()
        self._running = False
        self._alive = False  # the generator is iterating
        self._shut = False
        self._speed: float | None = None
        self._thread = QThread()
        self._thread.setObjectName("trainingThread")
        self._worker = TrainingWorker(config, self._control)
        self._worker.moveToThread(self._thread)
        # Bound methods of GUI-thread objects: these slots run in the GUI thread (queued).
        self._worker.updated.connect(self._on_worker_update)
        self._worker.failed.connect(self._on_worker_failed)
        self._runRequested.connect(self._worker.run)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._ack_pending = False
        self._captured: Capture | None = None  # the last capture whose update arrived
        self._pending_reset: tuple[ExperimentConfig | None] | None = None
        self._painted_window: QWidget | None = None
        self._received_at = 0.0
        #: whether the views still have part of the last update to draw (a later pass): the
        #: acknowledgement waits for it
        self.frame_pending: Callable[[], bool] = lambda: False
        self.frames_drawn = 0  # updates drawn, and the GUI time they took (for bench/gui.py)
        self.frame_seconds = 0.0
        self._ack_timer = QTimer(self)
        self._ack_timer.setSingleShot(True)
        self._ack_timer.setInterval(60)
        self._ack_timer.timeout.connect(self._acknowledge)
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(SETTLE_MS)
        self._settle_timer.timeout.connect(self._acknowledge)
        LIVE_THREADS.add(self._thread)
        if sys.getswitchinterval() > GIL_SWITCH_INTERVAL:
            sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        self._thread.start()
        self._request_run()

    # ------------------------------------------------------------------ state
    @property
    def running(self) -> bool:
        return self._running

    @property
    def thread(self) -> QThread:
        return self._thread

    @property
    def reset_pending(self) -> bool:
        """A Reset was sent and its update (``cleared``) has not arrived yet."""
        return self._pending_reset is not None

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.runningChanged.emit(running)

    def _new_control(self) -> TrainingControl | RemoteControl:
        return RemoteControl() if self.backend == "process" else TrainingControl()

    def _request_run(self) -> None:
        self._alive = True
        self._runRequested.emit()

    # ------------------------------------------------------------------ commands
    def start(self) -> None:
        if self._shut:
            return
        self._control.start()
        self._set_running(True)

    def pause(self) -> None:
        self._control.pause()
        self._set_running(False)

    def toggle(self) -> None:
        self.pause() if self._running else self.start()

    def step(self, trace: bool = False) -> None:
        """Pause, then run exactly one more step; ``trace``: record it, so that its update
        carries the :class:`~core.trace.StepTrace` (``update.trace``) with the new snapshot."""
        if self._shut:
            return
        self._control.step(1, trace=trace)
        self._set_running(False)

    def trace_step(self) -> None:
        """One more step, recorded (see :meth:`step`)."""
        self.step(trace=True)

    def reset(self, config: ExperimentConfig | None = None) -> None:
        """Back to step 0 with ``config`` (or the current one): same seed, same initial weights."""
        if self._shut:
            return
        self._set_running(False)
        if self._alive:
            # Remembered until the reset's update arrives: if the generator dies before it sees
            # the command, the restart after the failure carries it out (no second press needed).
            self._pending_reset = (config,)
            self._control.reset(config)
            return
        self._restart(config)

    def _restart(self, config: ExperimentConfig | None) -> None:
        """The generator died of an internal error: start a fresh one in the same thread."""
        self._pending_reset = None
        self._control = self._new_control()
        self._control.set_speed(self._speed)
        self._worker.control = self._control
        if config is not None:
            self._worker.config = config
        self._request_run()

    def open(self, experiment: Experiment) -> None:
        """Pause and go on exactly where ``experiment`` (opened from a file) stopped; its first
        update (``cleared`` and ``opened``) carries its whole loss curve."""
        if self._shut:
            return
        self._set_running(False)
        if not self._alive:
            self._restart(experiment.config)
        self._control.open(experiment)

    def capture(self, timeout: float = CAPTURE_WAIT_S) -> tuple[Experiment | None, str]:
        """A copy of the whole running session, taken between two steps, or (None, why not).

        Waits (at most ``timeout`` seconds) for the training thread, then delivers the updates it
        sent up to that moment, so that the views (the loss curve) end exactly at the step taken.
        """
        if self._shut or not self._alive:
            return None, "the training thread has stopped: press Reset first"
        request = self._control.capture()
        if not request.wait(timeout) and request.cancel():
            return None, (f"training is in the middle of a step that has taken over {timeout:g} s: "
                          "pause, then try again")
        if request.experiment is None:
            return None, request.error or "the run could not be copied"
        deadline = time.monotonic() + 2.0
        while self._captured is not request and time.monotonic() < deadline:
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
            if self._captured is not request:
                time.sleep(0.001)
        return request.experiment, ""

    def show_step(self, step: int, trace: bool = False) -> None:
        """Ask for the recorded snapshot of ``step``: a look-back update (``update.look_back``);
        ``trace``: with that step's trace (``update.trace``, or ``update.trace_note`` saying why not)."""
        if not self._shut:
            self._control.show_step(step, trace)

    def resume_from(self, step: int) -> None:
        """Pause and continue from recorded ``step``: the later steps are forgotten."""
        if self._shut:
            return
        self._control.resume_from(step)
        self._set_running(False)

    def set_entry(self, name: str, index: tuple[int, ...], value: float, step: int | None = None) -> None:
        """What if: set ``name[index]`` to ``value`` between two steps; ``step``: at that earlier,
        recorded step (resume from there with the change; pauses). Its update carries the
        :class:`~core.edits.Edit` (``update.edit``) or says why not (raises
        :class:`~core.edits.EditError` at once for a value no edit takes)."""
        if self._shut:
            return
        self._control.set_entry(name, index, value, step)
        if step is not None:
            self._set_running(False)

    def set_alpha(self, alpha: float) -> None:
        """Change the learning rate between two steps (raises ConfigError if invalid)."""
        self._control.set_alpha(alpha)

    def set_max_steps(self, limit: int | None) -> None:
        """Change the step limit between two steps (None: no limit; raises ConfigError if invalid)."""
        self._control.set_max_steps(limit)

    def check_gradients(self) -> None:
        """Ask the training thread to compare backprop with finite differences; the answer
        arrives as an update's message."""
        if not self._shut:
            self._control.check_gradients()

    def set_speed(self, steps_per_second: float | None) -> None:
        """``None``: as fast as the engine goes."""
        self._speed = steps_per_second
        self._control.set_speed(steps_per_second)

    def shutdown(self) -> None:
        """Stop the generator and join the thread (waits at most SHUTDOWN_WAIT_MS; safe to call
        twice). A step still computing after that is left to finish (see wait_for_stragglers)."""
        if self._shut:
            return
        self._shut = True
        self._set_running(False)
        self._control.stop()
        self._thread.quit()
        if not self._thread.wait(SHUTDOWN_WAIT_MS) and isinstance(self._control, RemoteControl):
            # Mid-step in its own process: end it (the window holds all the user sees and saved).
            log.warning("the training process was still in its step after %.0f s: ended it",
                        SHUTDOWN_WAIT_MS / 1000)
            self._control.kill()
            self._thread.wait(KILL_WAIT_MS)
        if not self._thread.isFinished():
            log.warning("training thread still busy after %.0f s; it will end after its current step",
                        SHUTDOWN_WAIT_MS / 1000)
            _STRAGGLERS.append(self._thread)

    # ------------------------------------------------------------------ relays (GUI thread)
    def _on_worker_update(self, update: Update) -> None:
        if self._shut:
            return
        # The generator halts itself (divergence, step limit, error). Other paused updates only
        # echo a pause, step or reset the GUI already showed, and may be older than a Start
        # pressed since, so they must not flip the state back.
        if update.halted:
            self._set_running(False)
        if update.cleared:
            self._pending_reset = None
        if update.capture is not None:
            self._captured = update.capture
        self._received_at = time.perf_counter()
        self.updated.emit(update)  # direct: the views take the data now
        # Acknowledge once the window has finished repainting (no repaint for SETTLE_MS): training
        # waits for that (no GIL fight while drawing) and measures how long a frame really costs.
        # A timer makes sure the acknowledgement comes in any case (e.g. nothing needed a repaint).
        self._ack_pending = True
        if self._painted_window is None:
            self._settle_timer.start()
        else:
            # Watched only while a frame is drawn: between frames a Python filter on every window
            # event would make the GUI thread take the GIL from training for nothing.
            self._painted_window.installEventFilter(self)
        self._ack_timer.start()

    def track_repaints(self, window: QWidget) -> None:
        """Acknowledge updates only after the top-level ``window`` has finished repainting."""
        self._painted_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._ack_pending and event.type() in _REPAINT_EVENTS:
            self._settle_timer.start()  # a frame paints in several passes: wait for the last
        return False

    def _acknowledge(self) -> None:
        if self._ack_pending and self.frame_pending() and self._ack_timer.isActive():
            self._settle_timer.start()  # (the fallback timer still ends the wait)
            return
        if self._ack_pending:
            self._ack_pending = False
            if self._painted_window is not None:
                self._painted_window.removeEventFilter(self)
            self._ack_timer.stop()
            self._settle_timer.stop()
            cost = time.perf_counter() - self._received_at
            self._control.acknowledge(cost)  # (the training process hears of it only after a step)
            self.frames_drawn += 1
            self.frame_seconds += cost

    def _on_worker_failed(self, message: str, details: str) -> None:
        log.error("training task failed\n%s", details)
        self._alive = False
        self._set_running(False)
        if not self._shut:
            self.failed.emit(message)
            if self._pending_reset is not None:  # a Reset pressed as the generator died
                self._restart(self._pending_reset[0])


def wait_for_stragglers(timeout_ms: int = STRAGGLER_WAIT_MS, exit_code: int = 0) -> None:
    """At exit, once the settings are saved and the window is gone: give threads whose step
    outlasted ``shutdown`` ``timeout_ms`` more to finish; if one still runs, leave the process at
    once with ``exit_code`` (logs flushed first).

    A step can take minutes (100,000 samples through a wide network) and cannot be interrupted.
    Python's normal exit would wait for nothing and destroy the still-running QThread, which
    makes Qt abort the process (``QThread: Destroyed while thread is still running``, exit 134);
    ``os._exit`` ends it cleanly instead: nothing is lost, since the thread only held a copy of
    the experiment the window already saved.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    busy = [t for t in _STRAGGLERS if not t.wait(max(0, int(1000 * (deadline - time.monotonic()))))]
    _STRAGGLERS.clear()
    if not busy:
        return
    log.warning("the training thread is still in its step; leaving without waiting for it (exit %s)",
                exit_code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed or full stream must not stop the exit
            pass
    os._exit(exit_code)
