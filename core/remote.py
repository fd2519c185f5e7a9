"""Training in a process of its own: :func:`training_task` behind two pipes.

In one process, the training thread and the GUI thread share Python's GIL: every frame the GUI
draws is time training waits, and training must keep pausing so that a click is not kept
waiting (see :mod:`core.runner`). In a process of its own, training has a core to itself while
the window draws on the other one.

* :class:`RemoteControl` has :class:`~core.runner.TrainingControl`'s methods. It checks their
  arguments as that does (a bad value raises at once, in the caller) and sends each command down
  a pipe to the training process, where :func:`serve` hands it to a real ``TrainingControl``.
* :func:`remote_task` is a generator like :func:`~core.runner.training_task`: it starts the
  training process and yields the updates that process sends, unpickled, so they are copies.
  Iterate it in a thread of its own: it waits on the pipe, without holding the GIL.

Nothing here imports Qt, and the training process never imports it either.
"""

from __future__ import annotations

import collections
import dataclasses
import io
import itertools
import multiprocessing
import os
import pickle
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from .config import ExperimentConfig
from .edits import check_value
from .experiment_file import Experiment
from .runner import Capture, Pacing, TrainingControl, Update, checked_alpha, checked_limit, training_task
from .tabular import TabularData

__all__ = ["RemoteControl", "RemoteFailure", "RemoteDied", "remote_task", "serve", "REMOTE_DUTY"]

#: With training in its own process, frames may keep the GUI busy this share of its time,
REMOTE_DUTY = 0.5
#: and come at most this often (s): 20 a second look smooth, and more took the display server
#: and the window cycles that the training process then missed (on two cores).
FRAME_INTERVAL = 1 / 20
JOIN_S = 2.0  # how long an ended training process gets to exit before it is killed
#: Commands a newer one of the same kind replaces while both wait to be written (during a long
#: step, a dragged timeline or speed slider would otherwise queue hundreds of them, each then
#: carried out in turn)
REPLACED_WHILE_WAITING = frozenset({"show_step", "set_speed"})
TRANSFER_S = 60.0  # how long a capture, once taken, may take to arrive
#: The training process's niceness: the window and the display server come first (frames drawn
#: and clicks answered without delay), training has every cycle they leave.
NICENESS = 10


class RemoteFailure(RuntimeError):
    """The training process failed (a bug) or ended without being asked to. ``error``: what
    failed there, in a line (``repr`` of its exception); ``details``: its traceback, for the log."""

    def __init__(self, error: str, details: str = "") -> None:
        super().__init__(error)
        self.error, self.details = error, details


class RemoteDied(RemoteFailure):
    """The training process ended without being asked to (killed: out of memory, say)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"the training process ended unexpectedly (exit code {exitcode})")
        self.exitcode = exitcode


@dataclasses.dataclass(frozen=True)
class _Taken:
    """A capture, as it crosses back from the training process."""

    id: int
    experiment: Experiment | None
    error: str | None


_LENGTH = 8  # bytes of the length at the start of a command (see _DataTokens.dumps)
DATA_KEPT = 16  # imported data sets the window's side remembers by token (see _DataTokens)


class _TokenPickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, persistent: Callable[[object], object]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._persistent = persistent

    def persistent_id(self, obj: object) -> object:
        return self._persistent(obj) if type(obj) is TabularData else None


class _TokenUnpickler(pickle.Unpickler):
    def __init__(self, raw: bytes | memoryview, load: Callable[[object], object]) -> None:
        super().__init__(io.BytesIO(raw))
        self._load = load

    def persistent_load(self, pid: object) -> object:
        return self._load(pid)


def _dump(obj: object, persistent: Callable[[object], object]) -> bytes:
    out = io.BytesIO()
    _TokenPickler(out, persistent).dump(obj)
    return out.getvalue()


class _DataTokens:
    """An imported data set crosses to the training process once, and comes back as a token.

    In one process, the config in every snapshot holds the very data set the window imported,
    and the views and the ghost runs' names compare data sets by identity. A data set sent down
    the pipe is pickled with its token; the training process remembers which of its objects has
    which token and sends the token back in its place; this side puts its own object there
    again. (So a data set is never pickled back, however big.)
    """

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._by_token: dict[int, TabularData] = {}
        self._token_of: dict[int, int] = {}  # id(data set) -> token
        self._sent: set[int] = set()  # the tokens whose data set the training process has
        self._forgotten: list[int] = []  # tokens let go here, for the training process to let go

    def _token(self, data: TabularData) -> int:
        token = self._token_of.get(id(data))
        if token is None or self._by_token.get(token) is not data:
            token = next(self._ids)
            self._by_token[token], self._token_of[id(data)] = data, token
            while len(self._by_token) > DATA_KEPT:
                old = next(iter(self._by_token))
                self._token_of.pop(id(self._by_token.pop(old)), None)
                if old in self._sent:
                    self._sent.discard(old)
                    self._forgotten.append(old)
        return token

    def dumps(self, obj: object) -> memoryview:
        """``obj`` pickled for the training process: each data set as its token, and the data
        sets it has not had yet beside it (pickled as they are)."""
        fresh: dict[int, TabularData] = {}

        def persistent(data: object) -> object:
            token = self._token(data)  # type: ignore[arg-type]
            if token not in self._sent:
                fresh[token] = data  # type: ignore[assignment]
            return ("data", token)

        # One buffer, with no second copy of a big command: the length of obj's pickle, that
        # pickle, then the data sets it refers to (known only once it is pickled) and the tokens
        # let go, which the training process reads first.
        out = io.BytesIO()
        out.write(bytes(_LENGTH))
        _TokenPickler(out, persistent).dump(obj)
        length = out.tell() - _LENGTH
        self._sent.update(fresh)
        forgotten, self._forgotten = self._forgotten, []
        pickle.dump((fresh, forgotten), out, protocol=pickle.HIGHEST_PROTOCOL)
        buffer = out.getbuffer()
        buffer[:_LENGTH] = length.to_bytes(_LENGTH, "little")
        return buffer

    def loads(self, raw: bytes) -> object:
        """What the training process sent, each token back to this side's own data set."""
        def load(pid: object) -> object:
            kind, token = pid  # type: ignore[misc]
            if kind != "data" or token not in self._by_token:
                raise pickle.UnpicklingError(f"unknown data set {pid!r}")
            return self._by_token[token]
        return _TokenUnpickler(raw, load).load()


class _ChildTokens:
    """The training process's side of :class:`_DataTokens`."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[int, TabularData]] = {}  # id -> (token, the data set, kept alive)
        self._by_token: dict[int, TabularData] = {}

    def loads(self, raw: bytes) -> object:
        view = memoryview(raw)
        end = _LENGTH + int.from_bytes(view[:_LENGTH], "little")
        fresh, forgotten = pickle.loads(view[end:])
        inner = view[_LENGTH:end]
        for token in forgotten:  # (the window no longer knows them: such a data set, sent back
            known = self._by_token.pop(token, None)  # again, crosses whole)
            if known is not None:
                self._known.pop(id(known), None)
        for token, data in fresh.items():
            self._known[id(data)] = (token, data)
            self._by_token[token] = data

        def load(pid: object) -> object:
            return self._by_token[pid[1]]  # type: ignore[index]
        return _TokenUnpickler(inner, load).load()

    def dumps(self, obj: object, data_inside: bool) -> bytes:
        """``obj`` pickled for the window; ``data_inside``: it may hold a data set (a config or an
        experiment crosses), so look for them (the custom pickler is slower: only then)."""
        if not data_inside or not self._known:
            return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)

        def persistent(data: object) -> object:
            known = self._known.get(id(data))
            return ("data", known[0]) if known is not None and known[1] is data else None
        return _dump(obj, persistent)


class _SameConfig:
    """In place of a snapshot's config that is the one the previous snapshot had: the config
    (which may hold a big imported data set) crosses once, and the window gets the very same
    object again, as in one process, where a new object means a new experiment."""


class _IdCapture(Capture):
    """A capture asked of the training process. :meth:`wait`'s timeout is for the step in
    progress to end; a big run then takes a while more to cross the pipe (256 MB of recorded
    steps: about a second), for which it waits at most :data:`TRANSFER_S` more."""

    def __init__(self, id: int, on_cancel: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.id = id
        self._taking = threading.Event()  # the process has taken it, and is sending it
        self._on_cancel = on_cancel  # (the window's side: tell the process)

    def cancel(self) -> bool:
        cancelled = super().cancel()
        if cancelled and self._on_cancel is not None:
            self._on_cancel(self.id)
        return cancelled

    def wait(self, timeout: float) -> bool:
        if self._done.is_set():
            return True
        if not self._taking.wait(timeout):
            return self._done.is_set()
        return self._done.wait(TRANSFER_S)

    def _deliver(self, experiment: Experiment | None, error: str | None) -> None:
        super()._deliver(experiment, error)
        self._taking.set()  # (a waiter still waiting for the process to take it: it has an answer)


#: Modules the fork server imports once, so that each training process starts with them loaded.
PRELOAD = ["core.remote"]


def _context() -> multiprocessing.context.BaseContext:
    # Not fork: the GUI process has Qt's threads, and a forked child would inherit their locks.
    # A fork server (where there is one) starts each training process in milliseconds.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


class RemoteControl:
    """:class:`~core.runner.TrainingControl`'s commands, sent to the training process.

    The methods are called from the GUI thread; a command sent before the process has started
    waits in the pipe. Once the process has ended, commands go nowhere.
    """

    def __init__(self) -> None:
        self._commands, self._their_commands = multiprocessing.Pipe(duplex=False)[::-1]
        self._lock = threading.Lock()
        # Commands are written by a thread of their own, in order: the training process reads
        # them between steps only, and a pipe holds 64 KB, so writing from the GUI thread could
        # freeze the window for the rest of a long step (an opened run at once; clicks in time).
        self._queued: collections.deque[tuple[str, memoryview]] = collections.deque()
        self._writer: threading.Thread | None = None  # writing the queued commands
        self._captures: dict[int, _IdCapture] = {}
        self._ids = itertools.count(1)
        self._process: multiprocessing.process.BaseProcess | None = None
        self._stopped = False
        self._closed = False  # the process has ended: the commands' end is closed (or soon is)
        self._tokens = _DataTokens()

    def _send(self, name: str, *args: Any) -> None:
        """Send a command without ever blocking the caller (see :data:`REPLACED_WHILE_WAITING`)."""
        with self._lock:
            if self._closed:
                return  # (the process has ended: commands go nowhere)
            data = self._tokens.dumps((name, args))
            if name in REPLACED_WHILE_WAITING and self._queued and self._queued[-1][0] == name:
                self._queued[-1] = (name, data)
            else:
                self._queued.append((name, data))
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_queued, name="training commands",
                                                daemon=True)
                self._writer.start()

    def _write(self, data: memoryview) -> bool:
        try:
            self._commands.send_bytes(data)
            return True
        except (OSError, ValueError):  # the process has ended (its end says why)
            return False

    def _write_queued(self) -> None:
        while True:
            with self._lock:
                if not self._queued:
                    return self._writer_done()
                _, data = self._queued.popleft()
            if not self._write(data):
                with self._lock:
                    self._queued.clear()
                    return self._writer_done()

    def _writer_done(self) -> None:
        """(With the lock held.) The commands thread ends; it closes the pipe if it was to be."""
        self._writer = None
        if self._closed:
            self._commands.close()

    def _close(self) -> None:
        """The process has ended: close the commands' end of the pipe (at once, or by the writer
        when it finishes the write it is in)."""
        with self._lock:
            self._closed = True
            self._queued.clear()
            if self._writer is None:
                self._commands.close()

    # -- TrainingControl's commands -------------------------------------------------------
    def start(self) -> None:
        self._send("start")

    def pause(self) -> None:
        self._send("pause")

    def step(self, n: int = 1, trace: bool = False) -> None:
        self._send("step", int(n), bool(trace))

    def trace_step(self) -> None:
        self.step(1, trace=True)

    def reset(self, config: ExperimentConfig | None = None) -> None:
        self._send("reset", config)

    def set_alpha(self, alpha: float) -> None:
        self._send("set_alpha", checked_alpha(alpha))

    def set_max_steps(self, limit: int | None) -> None:
        self._send("set_max_steps", checked_limit(limit))

    def check_gradients(self) -> None:
        self._send("check_gradients")

    def resume_from(self, step: int) -> None:
        self._send("resume_from", int(step))

    def show_step(self, step: int, trace: bool = False) -> None:
        self._send("show_step", int(step), bool(trace))

    def set_entry(self, name: str, index: tuple[int, ...], value: float, step: int | None = None) -> None:
        value = check_value(value)  # raises EditError here, for the caller
        self._send("set_entry", str(name), tuple(int(i) for i in index), value,
                   None if step is None else int(step))

    def set_speed(self, steps_per_second: float | None) -> None:
        self._send("set_speed", steps_per_second)

    def open(self, experiment: Experiment) -> None:
        self._send("open", experiment)

    def capture(self) -> Capture:
        request = _IdCapture(next(self._ids), on_cancel=self._cancel_capture)
        self._captures[request.id] = request
        self._send("capture", request.id)
        return request

    def _cancel_capture(self, id: int) -> None:
        """A capture given up on: the process drops it if it has not taken it yet (copying a
        big run for nothing would hold up its training and send hundreds of MB)."""
        self._captures.pop(id, None)
        self._send("cancel_capture", id)

    def acknowledge(self, cost: float | None = None) -> None:
        self._send("acknowledge", None if cost is None else float(cost))

    def stop(self) -> None:
        """Ask the process to end after its current step (see :meth:`kill` for one that does not)."""
        self._stopped = True
        self._send("stop")

    @property
    def stopped(self) -> bool:
        return self._stopped

    def kill(self) -> None:
        """End the training process now, mid-step if it is in one (nothing in it is unsaved:
        the window holds what the user sees, and a capture is taken between two steps)."""
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    # -- for remote_task --------------------------------------------------------------------
    def _taken(self, taken: _Taken) -> Capture | None:
        request = self._captures.pop(taken.id, None)
        if request is not None:
            request._deliver(taken.experiment, taken.error)
        return request

    def _fail_captures(self) -> None:
        while self._captures:  # (popitem: the GUI thread may ask for another meanwhile)
            _, request = self._captures.popitem()
            request._deliver(None, None)  # no experiment: the caller says the run could not be copied


def remote_task(config: ExperimentConfig, control: RemoteControl) -> Iterator[Update]:
    """Start the training process for ``config`` and yield its updates until it ends.

    Ends when ``control.stop()`` has been honoured; raises :class:`RemoteFailure` if the
    process's task raised, or the process died (killed, out of memory) without being asked to.
    """
    updates, their_updates = multiprocessing.Pipe(duplex=False)
    pickled = bytes(control._tokens.dumps(config))  # (a process's arguments are pickled: bytes)
    process = _context().Process(target=serve, args=(pickled, control._their_commands, their_updates),
                                 name="training", daemon=True)
    process.start()
    control._process = process
    # The process has its ends now: with ours closed, its end reads as the end of the pipes here
    # (and a command written to a process that has gone fails instead of waiting for ever).
    their_updates.close()
    control._their_commands.close()
    last_config: ExperimentConfig | None = None  # the last config that crossed
    try:
        while True:
            try:
                kind, *rest = control._tokens.loads(updates.recv_bytes())  # type: ignore[misc]
            except (EOFError, OSError):
                process.join(JOIN_S)
                if control.stopped:
                    return
                raise RemoteDied(process.exitcode) from None
            if kind == "taking":
                request = control._captures.get(rest[0])
                if request is not None:
                    request._taking.set()
            elif kind == "update":
                update: Update = rest[0]
                if isinstance(update.snapshot.config, _SameConfig):
                    update = dataclasses.replace(update, snapshot=dataclasses.replace(update.snapshot,
                                                                                      config=last_config))
                last_config = update.snapshot.config
                if isinstance(update.capture, _Taken):
                    update = dataclasses.replace(update, capture=control._taken(update.capture))
                yield update
            elif kind == "failed":
                raise RemoteFailure(rest[0], rest[1])
            else:  # "ended": it honoured a stop
                return
    finally:
        control._fail_captures()
        updates.close()
        process.join(JOIN_S)
        if process.is_alive():
            process.kill()
            process.join(JOIN_S)
        control._close()


class _PipeControl(TrainingControl):
    """The training process's control: its commands come down a pipe, and are taken by the
    training thread itself, between steps and whenever it waits. No second thread: it would
    have to win the GIL from training (see YIELD_SLEEP in :mod:`core.runner`)."""

    def __init__(self, commands: Connection) -> None:
        super().__init__()
        self._pipe = commands
        self._tokens = _ChildTokens()
        self._gone = False  # the GUI process has closed its end: stop
        self._asked: _IdCapture | None = None  # the capture asked for and not taken yet

    def take_commands(self, timeout: float | None = 0.0) -> bool:
        """Carry out the commands that have arrived (waiting at most ``timeout`` seconds for the
        first, None: for ever); False if none came."""
        got = False
        while not self._gone and self._pipe.poll(timeout):
            try:
                name, args = self._tokens.loads(self._pipe.recv_bytes())  # type: ignore[misc]
            except (EOFError, OSError):
                self._gone = True
                self.stop()
                return True
            got, timeout = True, 0.0
            if name == "capture":  # (a newer request replaces one not taken yet: that one never will be)
                self._asked = self.capture(_IdCapture(args[0]))  # type: ignore[assignment]
            elif name == "cancel_capture":
                if self._asked is not None and self._asked.id == args[0]:
                    self._asked.cancel()  # (not taken yet: it will not be; taken: it is on its way)
                    self._asked = None
            else:
                getattr(self, name)(*args)
        return got

    def poll(self) -> bool:  # Pacing.poll: take what came in; no other thread needs the GIL
        self.take_commands()
        return False

    def _wait_for(self, predicate: Callable[[], bool], timeout: float | None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not predicate():
            if self._gone:
                return predicate()
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            self.take_commands(left)
        return True


def serve(pickled_config: bytes, commands: Connection, updates: Connection) -> None:
    """The training process: run the config (pickled by :class:`_DataTokens`) as the commands on
    ``commands`` say, and send each update down ``updates``."""
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # (no nice on Windows; a limit on it is no reason to stop)
        pass
    control = _PipeControl(commands)
    config: ExperimentConfig = control._tokens.loads(pickled_config)  # type: ignore[assignment]

    def send(message: tuple, data_inside: bool = False) -> None:
        updates.send_bytes(control._tokens.dumps(message, data_inside))

    pacing = Pacing(duty=REMOTE_DUTY, wait_for_frames=False, poll=control.poll)
    sent = None  # the config last sent
    try:
        for update in training_task(config, control, min_interval=FRAME_INTERVAL, pacing=pacing):
            same = update.snapshot.config is sent
            if same:
                update = dataclasses.replace(update, snapshot=dataclasses.replace(update.snapshot,
                                                                                  config=_SameConfig()))
            else:
                sent = update.snapshot.config
            if update.capture is not None:
                request = update.capture
                if control._asked is request:
                    control._asked = None
                update = dataclasses.replace(update, capture=_Taken(
                    getattr(request, "id", 0), request.experiment, request.error))
                send(("taking", update.capture.id))
            send(("update", update), data_inside=not same or update.capture is not None)
            control.take_commands()
        send(("ended",))
    except (BrokenPipeError, EOFError):  # the GUI process has gone
        pass
    except Exception as e:  # a bug: say so (the window offers Reset, which starts a new process)
        try:
            send(("failed", repr(e), traceback.format_exc()))
        except (OSError, ValueError):
            pass
