"""Training in a process of its own (core.remote): the same updates as in one process, commands
checked in the caller, data sets that come back as the window's own objects, and a training
process that dies is reported (and Reset starts a new one)."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
from helpers import Driver, param
from test_session import TUTORIAL_LOSSES  # (the reference program's output)

from core.config import ConfigError
from core.edits import EditError
from core.presets import get_preset
from core.remote import (
    DATA_KEPT,
    RemoteControl,
    RemoteDied,
    RemoteFailure,
    _ChildTokens,
    _DataTokens,
    _IdCapture,
    remote_task,
)
from core.tabular import load_tabular

TIMEOUT = 20.0


def losses(d: Driver) -> list[float]:
    return [float(x) for u in d.seen for x in u.losses]


@pytest.fixture
def remote(driver_factory):
    """remote(config): a Driver of the training process (core.remote), closed after the test."""
    return lambda config: driver_factory(config, task=remote_task, control=RemoteControl())


def test_the_tutorial_trains_in_its_own_process_to_the_reference_losses(remote, driver_factory):
    d = remote(get_preset("tutorial").config)
    first = d.next()
    assert first.cleared and first.snapshot.step == 0
    d.control.step(1, trace=True)
    traced = d.until(lambda u: u.snapshot.step == 1)[-1]
    assert traced.trace is not None and traced.trace.loss == pytest.approx(TUTORIAL_LOSSES[0], rel=1e-6)
    d.control.set_speed(None)
    d.control.start()  # to the preset's step limit, 10
    last = d.until(lambda u: u.halted)[-1]
    assert last.snapshot.step == 10
    assert losses(d) == pytest.approx(TUTORIAL_LOSSES, abs=1e-8)  # (printed to 8 places)
    # the same numbers, bit for bit, as training in this process
    local = driver_factory(get_preset("tutorial").config)
    local.next()
    local.control.set_speed(None)
    local.control.start()
    local_last = local.until(lambda u: u.halted)[-1]
    assert losses(d) == losses(local)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(param(last.snapshot, name), param(local_last.snapshot, name))


def test_a_bad_value_is_refused_in_the_caller_before_anything_is_sent(remote):
    d = remote(get_preset("tutorial").config)
    d.next()
    with pytest.raises(ConfigError):
        d.control.set_alpha(math.nan)
    with pytest.raises(ConfigError):
        d.control.set_max_steps(0)
    with pytest.raises(EditError):
        d.control.set_entry("W1", (0, 0), 1e300)
    d.control.set_entry("W1", (0, 0), 0.25)
    edited = d.until(lambda u: u.edit is not None)[-1]
    assert param(edited.snapshot, "W1")[0, 0] == 0.25


def test_a_capture_comes_back_with_the_whole_run(remote):
    d = remote(get_preset("tutorial").config)
    d.next()
    d.control.step(3)
    d.until(lambda u: u.snapshot.step == 3)
    request = d.control.capture()
    assert request.wait(TIMEOUT) and request.experiment is not None
    assert request.experiment.recording is not None
    d.until(lambda u: u.capture is request)  # the update that carried it, in order


def test_an_imported_data_set_comes_back_as_the_very_object_sent(remote, tmp_path):
    csv = tmp_path / "rows.csv"
    csv.write_text("a,b,label\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40)))
    data = load_tabular(csv)
    config = get_preset("tutorial").config.with_data(data, max_steps=None)
    d = remote(config)
    assert d.next().snapshot.config.data is data
    d.control.set_alpha(0.01)  # a new config crosses: its data set is still the window's own
    d.control.step(1)
    stepped = d.until(lambda u: u.snapshot.alpha == 0.01 and u.snapshot.step == 1)[-1]
    assert stepped.snapshot.config.data is data
    other = load_tabular(csv)
    d.control.reset(config.with_data(other))
    d.until(lambda u: u.cleared and u.snapshot.config.data is other)


def test_a_training_process_that_dies_is_reported_not_hung_on(remote):
    d = remote(get_preset("spiral").config)
    d.next()
    d.control.kill()  # as the system's out-of-memory killer would
    with pytest.raises(RemoteDied, match="ended unexpectedly"):
        d.until(lambda u: False)


def test_the_commands_pipe_is_closed_when_the_process_has_ended(remote):
    """Each run's pipe to its process is closed with it (a window reset a hundred times held a
    hundred open pipes); commands sent after it go nowhere, without an error."""
    d = remote(get_preset("tutorial").config)
    d.next()
    control = d.control
    d.control.kill()
    with pytest.raises(RemoteDied):
        d.until(lambda u: False)
    with control._lock:  # (a write under way when the process died closes the pipe as it ends)
        writer = control._writer
    if writer is not None:
        writer.join(timeout=10.0)
    assert control._commands.closed
    control.set_speed(5.0)  # (no error, nothing queued)
    assert not control._queued


def test_a_window_whose_training_process_dies_says_so_and_reset_starts_another(qtbot, make_window):
    w = make_window("--preset", "spiral")
    c = w.controller
    assert c.backend == "process"
    first = c._control._process
    with qtbot.waitSignal(c.failed, timeout=10000) as blocker:
        c._control.kill()
    assert blocker.args[0] == ("The training process ended unexpectedly (exit code -9): perhaps the computer "
                               "ran out of memory. Press Reset to start it again.")
    assert "ended unexpectedly (exit code -9)" in w.message_text()
    w.reset()
    qtbot.waitUntil(lambda: c._control._process is not None and c._control._process is not first
                    and w.latest_snapshot.step == 0, timeout=10000)
    c.step()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 1, timeout=10000)
    assert not first.is_alive()


def test_a_big_command_never_blocks_the_caller(tmp_path):
    """The training process reads commands between steps only: during a long step nothing reads
    them, and a command bigger than the pipe (an opened run, a config with a big data set) must
    not freeze the window until the step ends. Here nothing ever reads."""
    csv = tmp_path / "rows.csv"
    csv.write_text("a,b,label\n" + "".join(f"{i % 97},{i % 89},{i % 2}\n" for i in range(30_000)))
    config = get_preset("tutorial").config.with_data(load_tabular(csv))
    control = RemoteControl()
    done = threading.Event()
    caller = threading.Thread(target=lambda: (control.reset(config), control.start(), done.set()),
                              daemon=True)
    caller.start()
    caller.join(TIMEOUT)  # (only a guard against a hang)
    assert done.is_set(), "the caller was kept waiting by the pipe"
    writer = control._writer
    assert writer is not None  # a thread of its own writes them, in order
    control._their_commands.close()  # the reader's end goes: the writer gives up, and ends
    writer.join(TIMEOUT)
    assert control._writer is None and not control._queued


def test_small_commands_never_block_the_caller_and_a_newer_look_back_replaces_a_waiting_one(tmp_path):
    """A timeline dragged during a long step sends a look-back per position, with nothing
    reading them. The caller must not wait, and only the newest position still waiting is kept
    (with the other commands, in order). Here a big command fills the pipe first."""
    csv = tmp_path / "rows.csv"
    csv.write_text("a,b,label\n" + "".join(f"{i % 97},{i % 89},{i % 2}\n" for i in range(30_000)))
    control = RemoteControl()
    done = threading.Event()

    def drag() -> None:
        control.reset(get_preset("tutorial").config.with_data(load_tabular(csv)))  # (> 64 KB)
        for step in range(5000):
            control.show_step(step)
        control.pause()
        control.show_step(7)
        control.show_step(8)
        done.set()

    caller = threading.Thread(target=drag, daemon=True)
    caller.start()
    caller.join(TIMEOUT)  # (only a guard against a hang)
    assert done.is_set(), "the caller was kept waiting by the pipe"
    waiting = [_ChildTokens().loads(data) for _, data in control._queued]  # (behind the big one)
    assert [name for name, _ in waiting] == ["show_step", "pause", "show_step"]
    assert waiting[0][1] == (4999, False) and waiting[2][1] == (8, False)
    writer = control._writer
    assert writer is not None
    control._their_commands.close()  # the reader's end goes: the writer gives up, and ends
    writer.join(TIMEOUT)
    assert control._writer is None and not control._queued


def test_many_small_commands_never_block_the_caller():
    """Clicks and frames acknowledged during a long step: more small commands than the pipe
    holds (each written from the caller's thread, the 1,189th of them waited for the step)."""
    control = RemoteControl()
    done = threading.Event()

    def click() -> None:
        for step in range(3000):
            control.show_step(step)
            control.acknowledge()
        done.set()

    caller = threading.Thread(target=click, daemon=True)
    caller.start()
    caller.join(TIMEOUT)  # (only a guard against a hang)
    assert done.is_set(), "the caller was kept waiting by the pipe"
    writer = control._writer
    assert writer is not None and control._queued  # (the rest waits for the training process)
    control._their_commands.close()
    writer.join(TIMEOUT)
    assert control._writer is None and not control._queued


def test_a_capture_given_up_on_is_not_copied_by_the_process():
    """The window gives up on a capture (a save that waited too long): the training process,
    told so, drops it if it has not taken it, instead of copying the whole run for nothing."""
    from multiprocessing import Pipe

    from core.remote import _PipeControl
    from core.session import Session

    ours, theirs = Pipe(duplex=False)[::-1]
    child = _PipeControl(theirs)
    tokens = _DataTokens()
    for command in (("capture", (1,)), ("capture", (2,)), ("cancel_capture", (2,))):
        ours.send_bytes(tokens.dumps(command))
    child.take_commands(timeout=TIMEOUT)
    taken = child._take(block=False)
    assert taken.capture is not None and taken.capture.id == 2
    assert not taken.capture._take(Session(get_preset("tutorial").config))  # dropped: not copied
    assert taken.capture.experiment is None and child._asked is None  # (1 was replaced by 2: never taken)
    # the window's side: cancelling forgets it and tells the process (before it took it)
    control = RemoteControl()
    request = control.capture()
    assert request.cancel()
    assert request.id not in control._captures
    control._their_commands.close()  # (the commands thread gives up: no process reads them)
    ours.close()
    theirs.close()


def test_a_capture_that_fails_before_the_process_took_it_wakes_its_waiter():
    """Saving while the training process dies: the waiter, still waiting for the process to
    take the capture, hears at once that there is nothing to save (before: at its timeout)."""
    request = _IdCapture(1)
    answered = []
    waiter = threading.Thread(target=lambda: answered.append(request.wait(10 * TIMEOUT)), daemon=True)
    waiter.start()
    request._deliver(None, None)  # (what the control does for every capture when the process ends)
    waiter.join(TIMEOUT)  # (only a guard against a hang)
    assert answered == [True] and request.experiment is None


def test_the_training_process_lets_go_of_data_sets_the_window_has_let_go(tmp_path):
    """Each import crosses once and is remembered by token on both sides; once the window has
    let one go (it keeps DATA_KEPT), so does the training process, and that data set, sent back,
    crosses whole (the window no longer knows its token) instead of failing."""
    window, child = _DataTokens(), _ChildTokens()
    sets, copies = [], []  # the window's data sets, and the training process's copies of them
    for k in range(DATA_KEPT + 3):
        csv = tmp_path / f"d{k}.csv"
        csv.write_text("a,b,label\n" + "".join(f"{i + k},{i % 5},{i % 2}\n" for i in range(20)))
        sets.append(load_tabular(csv))
        copies.append(child.loads(window.dumps(("reset", (sets[-1],))))[1][0])
    child.loads(window.dumps(("pause", ())))  # (the last let-go travels with the next command)
    assert len(child._by_token) == len(child._known) == DATA_KEPT
    assert window.loads(child.dumps(copies[-1], data_inside=True)) is sets[-1]
    back = window.loads(child.dumps(copies[0], data_inside=True))
    assert back is not sets[0] and np.array_equal(back.x, sets[0].x)


def test_a_bug_in_the_training_process_comes_back_as_one_line_and_its_traceback(remote):
    d = remote(get_preset("tutorial").config)
    d.next()
    d.control._send("no_such_command")  # (a bug: the training process cannot carry it out)
    with pytest.raises(RemoteFailure) as failure:
        d.until(lambda u: False)
    assert failure.value.error.startswith("AttributeError(") and "\n" not in failure.value.error
    assert "Traceback" in failure.value.details and "no_such_command" in failure.value.details


def test_the_window_says_a_bug_in_the_training_process_in_a_line_not_a_traceback(qtbot, make_window):
    w = make_window("--preset", "tutorial")
    c = w.controller
    with qtbot.waitSignal(c.failed, timeout=10000) as blocker:
        c._control._send("no_such_command")
    message = blocker.args[0]
    assert message.startswith("Training stopped by an internal error: AttributeError(")
    assert "Traceback" not in message and "\n" not in message and "Press Reset" in message
    w.reset()  # and Reset trains again, in a new process
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 0 and c._control._process is not None, timeout=10000)
    c.step()
    qtbot.waitUntil(lambda: w.latest_snapshot.step == 1, timeout=10000)
