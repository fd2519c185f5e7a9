"""Training in a process of its own (core.remote): the same updates as in one process, commands
checked in the caller, data sets that come back as the window's own objects, and a training
process that dies is reported (and Reset starts a new one)."""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest
from helpers import param
from test_session import TUTORIAL_LOSSES  # (the reference program's output)

from core.config import ConfigError
from core.edits import EditError
from core.presets import get_preset
from core.remote import RemoteControl, RemoteFailure, remote_task
from core.runner import TrainingControl, training_task
from core.tabular import load_tabular

TIMEOUT = 20.0


class Consumer:
    """Iterates a task in a thread, as the window's worker does, acknowledging every update."""

    def __init__(self, task, config, control) -> None:
        self.updates: list = []
        self.error: BaseException | None = None
        self.control = control

        def run() -> None:
            try:
                for u in task(config, control):
                    self.updates.append(u)
                    control.acknowledge()
            except BaseException as e:  # noqa: BLE001 (the test looks at it)
                self.error = e

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def wait(self, condition, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            assert self.error is None or condition(), self.error
            time.sleep(0.005)

    @property
    def last(self):
        return self.updates[-1]

    def losses(self) -> list[float]:
        return [float(x) for u in self.updates for x in u.losses]

    def close(self) -> None:
        self.control.stop()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


@pytest.fixture
def remote():
    made: list[Consumer] = []

    def make(config):
        c = Consumer(remote_task, config, RemoteControl())
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def test_the_tutorial_trains_in_its_own_process_to_the_reference_losses(remote):
    c = remote(get_preset("tutorial").config)
    c.wait(lambda: bool(c.updates))
    assert c.updates[0].cleared and c.updates[0].snapshot.step == 0
    c.control.step(1, trace=True)
    c.wait(lambda: c.last.snapshot.step == 1)
    assert c.last.trace is not None and c.last.trace.loss == pytest.approx(TUTORIAL_LOSSES[0], rel=1e-6)
    c.control.set_speed(None)
    c.control.start()  # to the preset's step limit, 10
    c.wait(lambda: c.last.halted)
    assert c.last.snapshot.step == 10
    assert c.losses() == pytest.approx(TUTORIAL_LOSSES, abs=1e-8)  # (printed to 8 places)
    # the same numbers, bit for bit, as training in this process
    local = Consumer(training_task, get_preset("tutorial").config.replace(max_steps=10), TrainingControl())
    local.wait(lambda: bool(local.updates))
    local.control.set_speed(None)
    local.control.start()
    local.wait(lambda: local.last.halted)
    local.close()
    assert c.losses() == local.losses()
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(param(c.last.snapshot, name), param(local.last.snapshot, name))


def test_a_bad_value_is_refused_in_the_caller_before_anything_is_sent(remote):
    c = remote(get_preset("tutorial").config)
    c.wait(lambda: bool(c.updates))
    with pytest.raises(ConfigError):
        c.control.set_alpha(math.nan)
    with pytest.raises(ConfigError):
        c.control.set_max_steps(0)
    with pytest.raises(EditError):
        c.control.set_entry("W1", (0, 0), 1e300)
    c.control.set_entry("W1", (0, 0), 0.25)
    c.wait(lambda: c.last.edit is not None)
    assert param(c.last.snapshot, "W1")[0, 0] == 0.25


def test_a_capture_comes_back_with_the_whole_run(remote):
    c = remote(get_preset("tutorial").config)
    c.wait(lambda: bool(c.updates))
    c.control.step(3)
    c.wait(lambda: c.last.snapshot.step == 3)
    request = c.control.capture()
    assert request.wait(TIMEOUT) and request.experiment is not None
    assert request.experiment.recording is not None
    c.wait(lambda: c.last.capture is request)  # the update that carried it, in order


def test_an_imported_data_set_comes_back_as_the_very_object_sent(remote, tmp_path):
    csv = tmp_path / "rows.csv"
    csv.write_text("a,b,label\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40)))
    data = load_tabular(csv)
    config = get_preset("tutorial").config.with_data(data, max_steps=None)
    c = remote(config)
    c.wait(lambda: bool(c.updates))
    assert c.last.snapshot.config.data is data
    c.control.set_alpha(0.01)  # a new config crosses: its data set is still the window's own
    c.control.step(1)
    c.wait(lambda: c.last.snapshot.alpha == 0.01 and c.last.snapshot.step == 1)
    assert c.last.snapshot.config.data is data
    other = load_tabular(csv)
    c.control.reset(config.with_data(other))
    c.wait(lambda: c.last.cleared and c.last.snapshot.config.data is other)


def test_a_training_process_that_dies_is_reported_not_hung_on(remote):
    c = remote(get_preset("spiral").config)
    c.wait(lambda: bool(c.updates))
    c.control.kill()  # as the system's out-of-memory killer would
    c.wait(lambda: c.error is not None)
    assert isinstance(c.error, RemoteFailure) and "ended unexpectedly" in str(c.error)


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
