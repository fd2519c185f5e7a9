"""Running a session from another thread: a plain generator plus a thread-safe control.

The training task is a generator with no Qt in it (in the style of superqt's
``thread_worker`` and Orange3's ``TaskState``). A GUI runs it in a worker thread and
turns each yielded :class:`Update` into a signal; the GUI thread steers it through a
:class:`TrainingControl`, whose commands are applied between steps.

Updates are throttled: while running, one is yielded only if at least ``min_interval``
seconds passed *and* the consumer acknowledged the previous one, so a slow consumer never
builds a backlog. Every step's loss still arrives, batched in the next update.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from . import experiment_file, problems
from .config import ConfigError, ExperimentConfig, _integer, _number
from .edits import Edit, EditError, cell_name, check_value
from .experiment_file import Experiment, recorded_history
from .health import Finding, LayerHistory
from .messages import tr
from .recorder import Recorder, SessionState
from .session import EXPLODED_LOSS, Session, Snapshot, TrainingDiverged
from .trace import StepTrace

__all__ = ["TrainingControl", "Update", "Capture", "Pacing", "IN_PROCESS", "training_task",
           "diverged_message", "SLOW_MOTION_MAX"]

SLOW_MOTION_MAX = 60.0  # at or below this many steps/s every step is shown
GUI_DUTY = 0.15  # while running, frames may keep the consumer busy at most this fraction of the time
PREDICTION_INTERVAL = 0.1  # seconds between prediction maps while running
ACK_TIMEOUT = 0.25  # how long training waits for a frame to be drawn before it goes on anyway
# Training at full speed sleeps YIELD_SLEEP seconds every YIELD_EVERY seconds. numpy releases and
# retakes the GIL around every small matrix product; each release wakes a thread waiting for the
# GIL (the GUI thread), which then loses the race and, woken early, restarts its switch-interval
# timer, so it never asks for the GIL to be handed over: measured with the tutorial's net, a GUI
# timer fired up to 100 ms late (p99 37 ms). With this pause: p99 3 ms, for ~1-2 % of the steps.
YIELD_EVERY = 0.005
YIELD_SLEEP = 0.00005


@dataclass(frozen=True)
class Pacing:
    """How :func:`training_task` shares the machine with the consumer of its updates.

    In one process (a GUI thread drawing the updates) the two threads share Python's GIL, so
    training stays out of the way while a frame is drawn, frames may take :data:`GUI_DUTY` of
    the time, and training pauses every :data:`YIELD_EVERY` seconds. In a process of its own
    (:mod:`core.remote`) nothing is shared: training goes on while a frame is drawn, frames may
    take more of the other process's time, and ``poll`` takes the commands that came in.
    """

    duty: float = GUI_DUTY  # frames may keep the consumer busy at most this fraction of the time
    wait_for_frames: bool = True  # at full speed, wait while the consumer draws each update
    # called every YIELD_EVERY seconds at full speed: pause YIELD_SLEEP for other threads?
    poll: Callable[[], bool] = lambda: True


IN_PROCESS = Pacing()


@dataclass(frozen=True)
class Update:
    """What the training thread hands to the GUI: a snapshot and the losses since the last one."""

    snapshot: Snapshot
    steps: np.ndarray  # step numbers of the losses below (new since the previous update)
    losses: np.ndarray
    test_losses: np.ndarray  # NaN where there is no test set
    running: bool
    steps_per_second: float
    cleared: bool = False  # the history restarted (first update, or after a reset)
    message: str | None = None  # something the user must read (divergence, step limit, error)
    error: bool = False  # the message is a failure, not information
    halted: bool = False  # training stopped by itself (step limit, divergence, error): now paused
    # the step just run, recorded (asked for with trace_step); in a look-back, the step looked back
    # at (asked for with show_step(k, trace=True))
    trace: StepTrace | None = None
    findings: tuple[Finding, ...] = ()  # raised by the health checks since the previous update
    recorded_steps: int = 0  # steps the recorder holds ("recorded: N steps, M MB")
    recorded_bytes: int = 0
    resumed_from: int | None = None  # training went back to this step: forget what came after it
    history: LayerHistory | None = None  # each layer's ‖dW‖ and update ratio at every new step
    capture: Capture | None = None  # the capture asked for (see TrainingControl.capture), now taken
    opened: bool = False  # the session continues an opened experiment (the steps: its loss history)
    # a look-back (TrainingControl.show_step): the snapshot is this recorded step's, asked for as
    # step ``look_back``; nothing else in the update is new (not part of the history)
    look_back: int | None = None
    edit: Edit | None = None  # a cell set by hand (TrainingControl.set_entry), now applied
    # a look-back asked for with its trace (show_step(k, trace=True)): ``trace`` is that recorded
    # step's, rebuilt exactly; or, when it cannot be, ``trace_note`` says why
    trace_note: str | None = None


class Capture:
    """A request for the whole session, as an :class:`~core.experiment_file.Experiment` (to save
    it); the training thread fills it in between two steps. Thread-safe."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._cancelled = False
        self.experiment: Experiment | None = None
        self.error: str | None = None

    def wait(self, timeout: float) -> bool:
        """Wait until it is taken (True) or ``timeout`` seconds pass (False)."""
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def cancel(self) -> bool:
        """Give up on it; False if it was already taken (then :attr:`experiment` holds it)."""
        with self._lock:
            self._cancelled = not self._done.is_set()
            return self._cancelled

    def _deliver(self, experiment: Experiment | None, error: str | None) -> None:
        """Fill it in with what was taken elsewhere (unless cancelled), and mark it taken."""
        with self._lock:
            if not self._cancelled:
                self.experiment, self.error = experiment, error
            self._done.set()

    def _take(self, session: Session) -> bool:
        """Training-thread side: fill it in (unless cancelled); True if it was."""
        with self._lock:
            if self._cancelled:
                return False
            try:
                self.experiment = experiment_file.capture(session, experiment_file.LossHistory.empty())
            except MemoryError:
                self.error = tr("there is not enough memory to copy the run")
            self._done.set()
            return True


@dataclass
class _Commands:
    running: bool = False
    steps: int = 0
    stop: bool = False
    reset: bool = False
    reset_config: ExperimentConfig | None = None
    alpha: float | None = None
    limit: tuple[int | None] | None = None  # a new step limit, wrapped: (None,) means no limit
    speed: float | None = None  # steps per second; None: as fast as possible
    acked: bool = True
    ack_time: float = 0.0
    ack_cost: float | None = None  # the seconds the consumer said it spent on the last update
    check: bool = False  # compare backprop with finite differences before the next step
    trace: bool = False  # record the last of the queued single steps (Session.trace_step)
    resume: int | None = None  # go back to this recorded step and continue from there
    restore: Experiment | None = None  # continue this opened experiment
    capture: Capture | None = None  # copy the whole session for saving
    show: int | None = None  # send the recorded snapshot of (the recorded step nearest) this step
    # cells to set by hand, in order: (step or None for the current one, name, index, value)
    edits: tuple[tuple[int | None, str, tuple[int, ...], float], ...] = ()
    show_trace: bool = False  # ... with that step's trace (rebuilt in a scratch session)


def checked_alpha(alpha: float) -> float:
    """A learning rate to change to (raises ConfigError for one no config takes)."""
    _number("alpha", alpha, strict_low=True)
    return float(alpha)


def checked_limit(limit: int | None) -> int | None:
    """A step limit to change to, None for none (raises ConfigError for one no config takes)."""
    if limit is not None:
        _integer("max_steps", limit)
    return limit


class TrainingControl:
    """Commands from the GUI thread to the training thread (all methods are thread-safe)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._c = _Commands()
        self._version = 0  # bumped by every change, so a running loop need not lock to see none

    def _set(self, **kw: object) -> None:
        with self._cond:
            for k, v in kw.items():
                setattr(self._c, k, v)
            self._version += 1
            self._cond.notify_all()

    def start(self) -> None:
        self._set(running=True, steps=0, trace=False)  # single steps still queued are part of the run now

    def pause(self) -> None:
        self._set(running=False)

    def step(self, n: int = 1, trace: bool = False) -> None:
        """Pause, then run exactly ``n`` more steps; ``trace``: record the last of them (its
        update carries the :class:`~core.trace.StepTrace`, from ``Session.trace_step``)."""
        with self._cond:
            self._c.running = False
            self._c.steps += n
            self._c.trace = self._c.trace or trace
            self._version += 1
            self._cond.notify_all()

    def trace_step(self) -> None:
        """Pause, then run one more step and record it: its update carries the StepTrace."""
        self.step(1, trace=True)

    def stop(self) -> None:
        self._set(stop=True)

    def reset(self, config: ExperimentConfig | None = None) -> None:
        """Back to step 0 (with ``config`` if given); pauses."""
        self._set(reset=True, reset_config=config, running=False, steps=0, trace=False)

    def set_alpha(self, alpha: float) -> None:
        self._set(alpha=checked_alpha(alpha))

    def set_max_steps(self, limit: int | None) -> None:
        """Change the step limit between steps (None: no limit)."""
        self._set(limit=(checked_limit(limit),))

    def check_gradients(self) -> None:
        """Compare backprop's gradients with finite differences (between two steps)."""
        self._set(check=True)

    def resume_from(self, step: int) -> None:
        """Pause, go back to recorded ``step`` (or the nearest recorded one) and continue from
        there: the later steps are forgotten."""
        self._set(resume=int(step), running=False, steps=0)

    def show_step(self, step: int, trace: bool = False) -> None:
        """Send the recorded snapshot of ``step`` (or of the recorded step nearest it) as a
        look-back update; training goes on as it was. Only the newest request is answered.
        ``trace``: the update carries that step's :class:`StepTrace` too (see
        :func:`recorded_trace`)."""
        self._set(show=int(step), show_trace=bool(trace))

    def set_entry(self, name: str, index: tuple[int, ...], value: float, step: int | None = None) -> None:
        """What if: set ``name[index]`` to ``value`` between two steps (see
        :meth:`core.session.Session.set_entry`); its update carries the :class:`~core.edits.Edit`
        (or says why it was refused). ``step``: at this earlier, recorded step, which means
        "resume from there with this change" (pauses; the later steps are forgotten, as with
        :meth:`resume_from`). Raises :class:`~core.edits.EditError` for a value no edit takes."""
        value = check_value(value)
        with self._cond:
            c = self._c
            c.edits = (*c.edits, (None if step is None else int(step), str(name), tuple(index), value))
            if step is not None:
                c.running, c.steps = False, 0
            self._version += 1
            self._cond.notify_all()

    def set_speed(self, steps_per_second: float | None) -> None:
        self._set(speed=steps_per_second)

    def open(self, experiment: Experiment) -> None:
        """Pause and continue ``experiment`` (opened from a file) exactly where it stopped."""
        self._set(restore=experiment, reset=False, reset_config=None, resume=None, running=False, steps=0)

    def capture(self, request: Capture | None = None) -> Capture:
        """Ask for a copy of the whole session between two steps (see :class:`Capture`);
        ``request``: fill in this one (a new one if None)."""
        request = Capture() if request is None else request
        self._set(capture=request)
        return request

    def acknowledge(self, cost: float | None = None) -> None:
        """The consumer has drawn the last update; another may be sent. ``cost``: the seconds it
        spent on it, if it measured them (else the time from the update's emission to now). A
        consumer in another process must: its acknowledgement is read between two steps, so the
        time it is heard of includes the rest of the step it came in."""
        self._set(acked=True, ack_time=time.perf_counter(), ack_cost=cost)

    @property
    def stopped(self) -> bool:
        return self._c.stop

    def _take(self, block: bool, timeout: float | None = None) -> _Commands:
        """Worker side: wait (if ``block``) for something to do, then take the commands."""
        with self._cond:
            c = self._c
            if block:
                self._wait_for(lambda: c.stop or c.reset or c.running or c.steps > 0
                                    or c.alpha is not None or c.limit is not None or c.check
                                    or c.resume is not None or c.restore is not None
                                    or c.capture is not None or c.show is not None or bool(c.edits),
                                    timeout)
            taken = _Commands(running=c.running, steps=c.steps, stop=c.stop, reset=c.reset,
                              reset_config=c.reset_config, alpha=c.alpha, limit=c.limit, speed=c.speed,
                              acked=c.acked, ack_time=c.ack_time, ack_cost=c.ack_cost, check=c.check,
                              trace=c.trace,
                              resume=c.resume, restore=c.restore, capture=c.capture, show=c.show,
                              edits=c.edits, show_trace=c.show_trace)
            c.reset, c.reset_config, c.alpha, c.limit, c.check = False, None, None, None, False
            c.resume = c.restore = c.capture = c.show = None
            c.edits = ()
            return taken

    def _consume_step(self) -> None:
        with self._cond:
            if self._c.steps > 0:
                self._c.steps -= 1
                self._c.trace = self._c.trace and self._c.steps > 0
                self._version += 1

    def _wait_for(self, predicate: Callable[[], bool], timeout: float | None) -> bool:
        """Worker side, holding the lock: wait until ``predicate()`` or ``timeout`` seconds pass."""
        return self._cond.wait_for(predicate, timeout)

    def _sent(self) -> None:
        with self._cond:
            self._c.acked = False
            self._version += 1

    def _halt(self) -> None:
        with self._cond:
            self._c.running = False
            self._c.steps = 0
            self._c.trace = False
            self._version += 1

    def _wait_for_ack(self, timeout: float) -> None:
        """Wait while the consumer draws: GIL contention would slow its drawing manyfold."""
        with self._cond:
            c = self._c
            self._wait_for(lambda: c.acked or c.stop or c.reset or not c.running
                                or c.capture is not None or c.restore is not None, timeout)

    def _sleep(self, seconds: float) -> None:
        """Sleep between slow-motion steps, but wake at once for stop, pause, reset, a new speed,
        a new learning rate or step limit, or a gradient check."""
        with self._cond:
            c = self._c
            speed = c.speed
            self._wait_for(lambda: c.stop or c.reset or not c.running or c.speed != speed
                                or c.alpha is not None or c.limit is not None or c.check
                                or c.resume is not None or c.restore is not None
                                or c.capture is not None or c.show is not None or bool(c.edits), seconds)


def training_task(config: ExperimentConfig, control: TrainingControl,
                  min_interval: float = 1 / 30, pacing: Pacing | None = None) -> Iterator[Update]:
    """Train ``config`` as ``control`` says; yield updates until ``control.stop()``.

    While running, an update goes out when the consumer has acknowledged the previous one, at
    least ``min_interval`` has passed, and the consumer has been busy drawing (from an update's
    emission to its acknowledgement) at most :data:`GUI_DUTY` of the time, so a slow drawing
    never starves training. Training then waits until that frame is drawn (at most
    :data:`ACK_TIMEOUT`): two Python threads fighting for the GIL made each frame several times
    slower than the frame and the lost steps together. Pauses, single steps, resets and
    messages always go out at once. ``pacing``: how the loop shares the machine with its consumer
    (default :data:`IN_PROCESS`: a consumer in another thread of this process).
    """
    pace = pacing or IN_PROCESS
    session = _session(config)
    replay = _Replay()
    findings_sent = 0  # how many of session.findings the consumer has
    pending: list[tuple[int, float, float]] = []
    rate = _Rate()
    last_emit = -math.inf
    last_prediction = -math.inf
    frame_cost = 0.0  # smoothed seconds from emission to acknowledgement
    next_yield = 0.0  # when training next pauses for YIELD_SLEEP
    was_running = False

    def update(running: bool, cleared: bool = False, message: str | None = None,
               error: bool = False, halted: bool = False, trace: StepTrace | None = None,
               resumed_from: int | None = None, capture: Capture | None = None,
               opened: Experiment | None = None, edit: Edit | None = None) -> Update:
        nonlocal last_emit, last_prediction, pending, findings_sent
        arr = np.array(pending, dtype=float).reshape(-1, 3)
        pending = []
        if opened is not None:  # the opened run's whole loss curve
            h = opened.history
            arr = np.stack([h.steps.astype(float), h.losses, h.test_losses], axis=1)
        now = time.perf_counter()
        with_prediction = not running or now - last_prediction >= PREDICTION_INTERVAL
        if with_prediction:
            last_prediction = now
        snapshot = session.snapshot(with_prediction=with_prediction)
        history = session.take_history() if opened is None else recorded_history(opened.recording)
        findings = session.findings
        if cleared or resumed_from is not None:
            findings_sent = 0
        new, findings_sent = tuple(findings[findings_sent:]), len(findings)
        recorder = session.recorder
        last_emit = time.perf_counter()
        control._sent()
        return Update(snapshot, arr[:, 0].astype(np.int64), arr[:, 1].copy(), arr[:, 2].copy(),
                      running, rate.value(), cleared, message, error, halted, trace, new,
                      recorder.steps if recorder else 0, recorder.nbytes if recorder else 0, resumed_from,
                      history, capture, opened is not None, edit=edit)

    def frame_due(cmd: _Commands, now: float) -> bool:
        nonlocal frame_cost
        if not cmd.acked:
            return False
        if cmd.ack_time > last_emit:  # how long the consumer took with the last one
            took = cmd.ack_time - last_emit if cmd.ack_cost is None else cmd.ack_cost
            frame_cost = 0.7 * frame_cost + 0.3 * took
        return now - last_emit >= max(min_interval, frame_cost / pace.duty)

    yield update(False, cleared=True)
    seen = -1
    cmd = _Commands()
    while True:
        if not was_running or control._version != seen:  # else nothing changed: no lock needed
            seen = control._version
            cmd = control._take(block=not was_running)
        if cmd.stop:
            return
        if cmd.show is not None:
            asked, cmd.show = cmd.show, None
            shown = recorded_snapshot(session, asked)
            if shown is not None:
                empty = np.zeros(0)
                trace, note = replay.trace(session, shown.step) if cmd.show_trace else (None, None)
                yield Update(shown, empty.astype(np.int64), empty, empty, cmd.running and was_running,
                             rate.value(), trace=trace, look_back=asked, trace_note=note)
        if cmd.capture is not None:
            request, cmd.capture = cmd.capture, None
            if request._take(session):
                yield update(cmd.running and was_running, capture=request)
        if cmd.restore is not None:
            try:
                opened = _session(cmd.restore.config)
                experiment_file.restore_into(opened, cmd.restore)
            except (ConfigError, ValueError) as e:
                yield update(False, message=tr("Could not continue the opened experiment: {problem}",
                                               problem=str(e)), error=True, halted=True)
                continue
            except MemoryError:
                yield update(False, message=_out_of_memory(cmd.restore.config), error=True, halted=True)
                continue
            session, rate, was_running = opened, _Rate(), False
            done = session.step_count
            text = (tr("Opened the experiment at step {step:,}: the next step is {next:,}.", step=done,
                       next=done + 1) if session.diverged is None else
                    tr("Opened the experiment at step {step:,}, where it diverged: press Reset to train "
                       "again.", step=done))
            yield update(False, cleared=True, opened=cmd.restore, message=text,
                         error=session.diverged is not None)
            continue
        if cmd.reset:
            try:
                session = _session(cmd.reset_config or session.config)
            except ConfigError as e:
                yield update(False, message=tr("{field}: {message}", field=e.field, message=e.message),
                             error=True, halted=True)
                continue
            except MemoryError:
                yield update(False, message=_out_of_memory(cmd.reset_config or session.config),
                             error=True, halted=True)
                continue
            pending = []
            rate = _Rate()
            was_running = False
            yield update(False, cleared=True, message=tr("Reset: step 0, same seed, same initial weights."))
            if cmd.check:  # asked for together with the reset: check the fresh weights next
                control.check_gradients()
            continue
        if cmd.resume is not None:
            try:
                k = session.resume_from(cmd.resume)
            except ValueError as e:
                yield update(False, message=tr("Cannot resume: {problem}.", problem=str(e)), error=True)
                continue
            pending = [p for p in pending if p[0] <= k]
            was_running = False
            text = (tr("Resumed from step {step:,}: the next step is {next:,}.", step=k, next=k + 1)
                    if k == cmd.resume else
                    tr("Resumed from step {step:,} (the recorded step nearest to step {asked:,}): the next "
                       "step is {next:,}.", step=k, asked=cmd.resume, next=k + 1))
            yield update(False, message=text, resumed_from=k)
            continue
        if cmd.edits:
            edits, cmd.edits = cmd.edits, ()
            for asked in edits:
                edit, k, text = _set_entry(session, *asked)
                if k is not None:  # went back to step k first
                    pending = [p for p in pending if p[0] <= k]
                    was_running = False
                yield update(cmd.running and was_running, message=text, error=edit is None, resumed_from=k,
                             edit=edit)
        live_change = _apply_live_settings(session, cmd)
        if live_change:  # (a diverged run says it still needs a Reset)
            yield update(cmd.running, message=live_change, error=session.diverged is not None)
        if cmd.check:
            yield update(cmd.running, message=_gradient_check_message(session))
        single = cmd.steps > 0 and not cmd.running
        if not cmd.running and not single:
            if was_running:  # just paused: flush what the consumer has not seen
                was_running = False
                yield update(False)
            continue
        if session.diverged is not None:
            # A diverged run cannot take another step: the session would only raise again, and
            # re-sending the diverged step's loss would give the consumer a repeated step. Say
            # that a Reset is needed; the snapshot (weights, loss, step) stays what it was.
            control._halt()
            was_running = False
            yield update(False, message=diverged_message(session.step_count), error=True, halted=True)
            continue
        limit = session.config.max_steps
        if limit is not None and session.step_count >= limit:
            control._halt()
            was_running = False
            if session.step_count > limit:  # lowered below the step reached
                text = tr("Step {step:,} is already past the step limit ({limit:,}): "
                          "raise it above {step:,}, or Reset.", step=session.step_count, limit=limit)
            else:
                text = tr("Reached the step limit ({limit:,} steps). Raise it or Reset.", limit=limit)
            yield update(False, message=text, halted=True)
            continue
        trace: StepTrace | None = None
        before = session.step_count
        traced = single and cmd.trace and cmd.steps == 1
        too_large = traced and not session.can_trace
        try:
            if traced and not too_large:
                trace = session.trace_step()
                loss = trace.loss
            else:
                loss = session.step()
        except TrainingDiverged as e:
            pending.append((session.step_count, session.last_loss, _nan_if_none(session.last_test_loss)))
            control._halt()
            was_running = False
            ran = session.step_count > before  # (a run that had diverged already did not step)
            yield update(False, message=e.message, error=True, halted=True,
                         trace=getattr(e, "trace", None) if ran else None)
            continue
        except MemoryError:
            control._halt()
            was_running = False
            yield update(False, message=_out_of_memory(session.config), error=True, halted=True)
            continue
        except Exception as e:  # a bug must not kill the thread silently
            control._halt()
            was_running = False
            yield update(False, message=tr("Training stopped by an internal error: {error}", error=repr(e)),
                         error=True, halted=True)
            continue
        rate.tick()
        pending.append((session.step_count, loss, _nan_if_none(session.last_test_loss)))
        if single:
            control._consume_step()
            was_running = False
            yield update(False, trace=trace, message=_TOO_LARGE.format(n=session.trace_size())
                         if too_large else None)
            continue
        now = time.perf_counter()
        if not was_running:
            next_yield = now + YIELD_EVERY
        was_running = True
        slow = cmd.speed is not None and cmd.speed <= SLOW_MOTION_MAX
        if slow or frame_due(cmd, now):
            yield update(True)
            if slow or pace.wait_for_frames:
                control._wait_for_ack(ACK_TIMEOUT)
            next_yield = time.perf_counter() + YIELD_EVERY
        elif now >= next_yield:  # let other threads have the GIL (see YIELD_SLEEP)
            if pace.poll():
                time.sleep(YIELD_SLEEP)
            next_yield = now + YIELD_EVERY
        if cmd.speed is not None:
            control._sleep(max(0.0, 1.0 / cmd.speed - rate.since_tick()))


def recorded_snapshot(session: Session, step: int) -> Snapshot | None:
    """The snapshot of the recorded step nearest ``step`` (None if nothing is recorded): the
    weights, gradients, update ratios and layer figures recorded then, and the prediction and
    accuracy those weights give. The session is left exactly as it was."""
    recorder = session.recorder
    k = None if recorder is None or recorder.steps == 0 else recorder.nearest(step)
    if k is None:
        return None
    if k == session.step_count:
        return session.snapshot()
    state = recorder.state_at(k)
    live = session.snapshot(with_prediction=False)
    tensors = [p for *_, p in session.params()]
    kept = [t.data.copy() for t in tensors]
    try:
        for t, value in zip(tensors, state.params):
            t.data[...] = value
        with np.errstate(all="ignore"):
            prediction, extent = session._prediction_map()
            confusion, fitted = session._evaluation()
            train_acc, test_acc = session.accuracies()
    finally:
        for t, value in zip(tensors, kept):
            t.data[...] = value
    params = []
    for p, value, grad, ratio in zip(live.params, state.params, state.grads, state.update_ratios):
        g = np.zeros_like(value) if grad is None else grad
        with np.errstate(all="ignore"):
            norm = float(np.sqrt(np.sum(g * g)))
        params.append(dataclasses.replace(p, data=value, grad=g, grad_norm=norm, update_ratio=ratio))
    return dataclasses.replace(
        live, step=k, loss=state.loss, test_loss=state.test_loss, train_accuracy=train_acc,
        test_accuracy=test_acc, params=tuple(params), alpha=state.alpha, prediction=prediction,
        extent=extent, confusion=confusion, fitted=fitted,
        diverged=None if state.diverged is None else state.diverged[2], layers=state.layers,
        edits=tuple(e for e in live.edits if e.step <= k),
        flags=session.flags_at(k))


class _Replay:
    """Rebuilds recorded steps' traces in a scratch session of its own (kept for the next one)."""

    def __init__(self) -> None:
        self._of: Session | None = None  # the session the scratch one replays
        self._scratch: Session | None = None

    def trace(self, session: Session, step: int) -> tuple[StepTrace | None, str | None]:
        """See :func:`recorded_trace`."""
        if self._of is not session:
            self._of, self._scratch = session, None
        try:
            if self._scratch is None and step > 0 and session.can_trace:
                self._scratch = Session(session.config, keep_history=False, health=False)
            return recorded_trace(session, step, self._scratch)
        except MemoryError:
            self._scratch = None
            return None, tr("Step {step}'s backprop cannot be shown: there is not enough memory to "
                            "rebuild it.", step=step)


def recorded_trace(session: Session, step: int, scratch: Session | None = None
                   ) -> tuple[StepTrace | None, str | None]:
    """Recorded step ``step``'s trace, as :meth:`Session.trace_step` made it then, or (None, why
    not). The state after step ``step`` − 1 is restored into ``scratch`` (a session of the same
    config; a new one if None) and the step traced there: the real session is not touched. The
    rebuilt step must end exactly where the recorded one did (its loss and weights bit for bit);
    a step whose start was thinned away, or that ended elsewhere, is refused, saying so."""
    session._flush_health()  # (steps are recorded a block at a time)
    recorder = session.recorder
    recorded = set() if recorder is None else set(recorder.recorded_steps().tolist())
    if step == 0:
        return None, tr("Step 0 is the start, before any step: there is no backprop to show.")
    if not session.can_trace:
        return None, tr("This network is too large to trace (about {n:,} numbers per step): its backprop "
                        "cannot be shown.", n=session.trace_size())
    if step not in recorded or step - 1 not in recorded:
        return None, tr("Step {step}'s backprop cannot be shown: step {before}, the state it starts from, "
                        "was thinned away from this long run's recording (recent steps are all kept).",
                        step=step, before=step - 1)
    assert recorder is not None
    before, after = recorder.state_at(step - 1), recorder.state_at(step)
    scratch = scratch or Session(session.config, keep_history=False, health=False)
    fresh = (math.nan, 1, EXPLODED_LOSS, None)  # (divergence measured from the first step on)
    reference = (session._first_loss, session._first_step, session._loss_limit,
                 None if session._first_sizes is None else tuple(session._first_sizes.items()))
    scratch.restore(dataclasses.replace(
        before, alpha=after.alpha, diverged=None,  # (the step's own learning rate)
        divergence_reference=reference if step > session._first_step else fresh))
    try:
        trace: StepTrace | None = scratch.trace_step()
    except TrainingDiverged as e:
        trace = e.trace
    if trace is None or not _same_end(trace, after):
        return None, tr("Step {step}'s backprop cannot be shown exactly: replaying it from step {before} "
                        "did not give the recorded numbers (the weights were changed between the "
                        "steps).", step=step, before=step - 1)
    return trace, None


def _same_end(trace: StepTrace, after: SessionState) -> bool:
    """The traced step ended exactly in the recorded state: same loss, same weights (bits)."""
    loss = math.nan if after.loss is None else after.loss
    same_loss = np.float64(trace.loss).tobytes() == np.float64(loss).tobytes()
    return same_loss and len(trace.updates) == len(after.params) and all(
        u.after.tobytes() == np.asarray(p, dtype=float).tobytes()
        for u, p in zip(trace.updates, after.params))


def _session(config: ExperimentConfig) -> Session:
    """The training thread's session: it records its steps and hands each step's figures on."""
    session = Session(config, keep_history=False, recorder=Recorder())
    session.collect_history = True
    return session


_TOO_LARGE = ("This network is too large to trace for the Backprop panel (a step's trace would hold "
              "about {n:,} numbers); the step ran without it. A smaller network or batch can be walked.")


def _set_entry(session: Session, step: int | None, name: str, index: tuple[int, ...],
               value: float) -> tuple[Edit | None, int | None, str]:
    """Carry out one edit (at ``step``: resume from that recorded step first): the edit (None if
    refused), the step resumed from (None: none) and what to tell the user."""
    k = None
    try:
        session.check_entry(name, index, value)  # (a refused edit must not drop the later steps)
        if step is not None and step != session.step_count:
            recorder = session.recorder
            if step > session.step_count or recorder is None or recorder.nearest(step) != step:
                raise EditError(tr("step {step:,} is not recorded", step=step))
            k = session.resume_from(step)
        edit = session.set_entry(name, index, value)
    except (EditError, ValueError) as e:
        problem = e.message if isinstance(e, EditError) else str(e)
        return None, k, tr("Cannot set {cell}: {problem}.", cell=cell_name(str(name), tuple(index)),
                           problem=problem)
    if k is None:
        return edit, None, tr("After step {step:,}: {cell} set to {value:.6g} (it was {before:.6g}); the "
                              "next step starts from it.", step=edit.step, cell=edit.cell, value=edit.after,
                              before=edit.before)
    return edit, k, tr("Back at step {step:,}: {cell} set to {value:.6g} (it was {before:.6g}); the next "
                       "step is {next:,}, and the steps that came after stay as a faded ghost.", step=k,
                       cell=edit.cell, value=edit.after, before=edit.before, next=k + 1)


def _apply_live_settings(session: Session, cmd: _Commands) -> str:
    """Apply a new learning rate or step limit; say what changed (empty: nothing)."""
    said = []
    if cmd.alpha is not None and cmd.alpha != session.alpha:
        session.set_alpha(cmd.alpha)
        said.append(tr("learning rate {alpha:g}", alpha=cmd.alpha))
    if cmd.limit is not None and cmd.limit[0] != session.config.max_steps:
        session.set_max_steps(cmd.limit[0])
        said.append(tr("no step limit") if cmd.limit[0] is None
                    else tr("step limit {limit:,}", limit=cmd.limit[0]))
    if not said:
        return ""
    changes = said[0] if len(said) == 1 else tr("{first} and {second}", first=said[0], second=said[1])
    if session.diverged is not None:
        return tr("After step {step:,}: {changes}. The run has diverged: press Reset to train with it.",
                  step=session.step_count, changes=changes)
    return tr("After step {step:,}: {changes}.", step=session.step_count, changes=changes)


def diverged_message(step: int) -> str:
    """What Step or Start answer once the run has diverged (at ``step``)."""
    return tr("The run diverged at step {step:,}: press Reset to train again "
              "(Step and Start change nothing until then).", step=step)


def _out_of_memory(config: ExperimentConfig) -> str:
    return tr("Training stopped: {problem}.", problem=problems.out_of_memory(config.what_to_lower()))


def _nan_if_none(x: float | None) -> float:
    return math.nan if x is None else x


def _gradient_check_message(session: Session) -> str:
    if session.diverged is not None:
        return tr("Gradient check skipped: the run has diverged. Reset first.")
    result = session.check_gradients()
    worst = max(range(len(result.errors)), key=lambda i: result.errors[i])
    name = session.params()[worst][0]
    verdict = (tr("backprop agrees with finite differences") if result.ok
               else tr("backprop DISAGREES with finite differences"))
    return tr("Gradient check at step {step}: {verdict} (largest relative error {error:.1e}, in d{name}; "
              "{tensors} tensors, up to 8 entries each).", step=session.step_count, verdict=verdict,
              error=result.max_error, name=name, tensors=len(result.errors))


class _Rate:
    """Steps per second over the last second or so."""

    def __init__(self) -> None:
        self._clock = time.perf_counter
        self._ticks: deque[float] = deque(maxlen=4096)
        self._t = self._clock()

    def tick(self) -> None:
        self._t = self._clock()
        self._ticks.append(self._t)

    def since_tick(self) -> float:
        return self._clock() - self._t

    def value(self) -> float:
        if len(self._ticks) < 2:
            return 0.0
        now = self._clock()
        while len(self._ticks) > 2 and now - self._ticks[0] > 1.0:
            self._ticks.popleft()
        span = self._ticks[-1] - self._ticks[0]
        return (len(self._ticks) - 1) / span if span > 0 else 0.0
