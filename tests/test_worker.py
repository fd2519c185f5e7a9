"""The training controller on its own (no window): signals, throttling, commands, shutdown.

Waits are on the GUI-side controller's signals or ``qtbot.waitUntil``, never on the worker's own
signal (its callback would run in the worker thread), and nothing depends on speed.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QThread

from core.config import ExperimentConfig
from core.presets import get_preset
from core.runner import Update
from core.session import Session
from playground import worker as worker_module
from playground.worker import TrainingController

FAST = ExperimentConfig(dataset="xor", n_samples=40, hidden=(4,), activation="tanh", loss="mse",
                        alpha=0.1)


class Recorder:
    """Collects the controller's updates and the thread each one arrived on."""

    def __init__(self, controller: TrainingController) -> None:
        self.updates: list[Update] = []
        self.threads: list[QThread] = []
        self.running: list[bool] = []
        controller.updated.connect(self.on_update)
        controller.runningChanged.connect(self.running.append)

    def on_update(self, update: Update) -> None:
        self.updates.append(update)
        self.threads.append(QThread.currentThread())

    @property
    def last(self) -> Update:
        return self.updates[-1]

    def steps(self) -> np.ndarray:
        return np.concatenate([u.steps for u in self.updates]) if self.updates else np.array([])

    def losses(self) -> np.ndarray:
        return np.concatenate([u.losses for u in self.updates])


@pytest.fixture
def controller(qapp):
    made: list[TrainingController] = []

    def make(config: ExperimentConfig = FAST,
             backend: str | None = None) -> tuple[TrainingController, Recorder]:
        c = TrainingController(config, backend=backend)
        made.append(c)
        return c, Recorder(c)

    yield make
    for c in made:
        c.shutdown()


def test_updates_arrive_on_the_gui_thread_with_every_loss_once_and_in_order(qtbot, controller):
    c, rec = controller()
    qtbot.waitUntil(lambda: bool(rec.updates), timeout=5000)
    assert rec.updates[0].cleared and rec.updates[0].snapshot.step == 0

    c.start()
    assert rec.running == [True] and c.running
    qtbot.waitUntil(lambda: rec.last.snapshot.step >= 1500, timeout=20000)
    c.pause()
    assert rec.running == [True, False]
    # After a pause the generator flushes what it has not sent; then the history is complete.
    qtbot.waitUntil(lambda: not rec.last.running and len(rec.steps()) == rec.last.snapshot.step,
                    timeout=5000)
    n = rec.last.snapshot.step
    np.testing.assert_array_equal(rec.steps(), np.arange(1, n + 1))
    for u in rec.updates:  # each update's snapshot is the state after its last loss
        if len(u.steps):
            assert u.snapshot.step == u.steps[-1]
    # The very same losses as the engine alone gives, in order.
    np.testing.assert_array_equal(rec.losses(), Session(FAST).run(n))
    gui = QCoreApplication.instance().thread()
    assert all(t is gui for t in rec.threads)

    c.shutdown()
    assert c.thread.isFinished()


def test_step_runs_exactly_one_step_each(qtbot, controller):
    c, rec = controller(get_preset("tutorial").config)
    qtbot.waitUntil(lambda: bool(rec.updates), timeout=5000)
    for k in (1, 2, 3):
        c.step()
        qtbot.waitUntil(lambda k=k: rec.last.snapshot.step == k, timeout=5000)
    np.testing.assert_array_equal(rec.steps(), [1, 2, 3])
    assert not c.running
    assert rec.last.losses[-1] == pytest.approx(0.01869537, abs=5e-9)


def test_alpha_speed_and_reset_with_a_new_config(qtbot, controller):
    c, rec = controller()
    qtbot.waitUntil(lambda: bool(rec.updates), timeout=5000)
    c.set_alpha(0.025)  # while paused: a fresh update shows it
    qtbot.waitUntil(lambda: rec.last.snapshot.alpha == 0.025, timeout=5000)

    c.set_speed(2.0)  # slow motion: every step is shown
    c.start()
    qtbot.waitUntil(lambda: rec.last.snapshot.step >= 2, timeout=10000)
    c.set_speed(None)

    new = FAST.replace(hidden=(5, 2), seed=7)
    c.reset(new)
    assert not c.running
    qtbot.waitUntil(lambda: rec.last.cleared and rec.last.snapshot.config == new, timeout=5000)
    assert rec.last.snapshot.step == 0
    assert [p.data.shape for p in rec.last.snapshot.params] == [(2, 5), (5,), (5, 2), (2,), (2, 1), (1,)]
    np.testing.assert_array_equal(rec.last.snapshot.params[0].data, Session(new).snapshot().params[0].data)


def test_a_run_that_halts_itself_reports_not_running(qtbot, controller):
    c, rec = controller(get_preset("tutorial").config)  # step limit 10
    qtbot.waitUntil(lambda: bool(rec.updates), timeout=5000)
    with qtbot.waitSignal(c.runningChanged, timeout=10000, check_params_cb=lambda r: r is False):
        c.start()
    assert rec.last.snapshot.step == 10
    assert "step limit" in rec.last.message


def test_shutdown_while_running_joins_the_thread(qtbot, controller):
    c, rec = controller()
    qtbot.waitUntil(lambda: bool(rec.updates), timeout=5000)
    c.start()
    qtbot.waitUntil(lambda: rec.last.snapshot.step > 0, timeout=10000)
    c.shutdown()
    assert c.thread.wait(1000) and c.thread.isFinished()
    assert not c.running
    c.shutdown()  # twice is harmless
    c.start()  # and commands after it are ignored
    assert not c.running


def test_an_internal_error_is_reported_and_reset_recovers(qtbot, controller, monkeypatch):
    real = worker_module.training_task
    calls = []

    def broken_once(config, control):
        calls.append(config)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(config, control)

    monkeypatch.setattr(worker_module, "training_task", broken_once)
    c, rec = controller(backend="thread")  # (a patch in this process: training in this process)
    with qtbot.waitSignal(c.failed, timeout=5000) as blocker:
        pass
    assert "boom" in blocker.args[0]
    c.reset(FAST.replace(seed=3))
    qtbot.waitUntil(lambda: bool(rec.updates) and rec.last.snapshot.config.seed == 3, timeout=5000)
    c.step()
    qtbot.waitUntil(lambda: rec.last.snapshot.step == 1, timeout=5000)
    assert worker_module.LIVE_THREADS  # tracked for the suite's leak check


def test_a_reset_pressed_as_the_generator_dies_is_carried_out(qtbot, controller, monkeypatch):
    """Reset reaches a generator that dies before acting on it: the restart after the failure
    applies it, so one press is enough."""
    import time as _time

    real = worker_module.training_task
    calls = []

    def dies_on_reset(config, control):
        calls.append(config)
        if len(calls) > 1:
            yield from real(config, control)
            return
        task = real(config, control)
        yield next(task)  # the first (cleared) update
        while not control._c.reset:  # the Reset arrives...
            _time.sleep(0.005)
        raise RuntimeError("boom")  # ...and the generator dies before it sees it

    monkeypatch.setattr(worker_module, "training_task", dies_on_reset)
    c, rec = controller(backend="thread")
    qtbot.waitUntil(lambda: bool(rec.updates), timeout=5000)
    with qtbot.waitSignal(c.failed, timeout=5000) as blocker:
        c.reset(FAST.replace(seed=5))
    assert "boom" in blocker.args[0]
    qtbot.waitUntil(lambda: rec.last.snapshot.config.seed == 5, timeout=5000)
    assert len(calls) == 2 and calls[1].seed == 5
    c.step()
    qtbot.waitUntil(lambda: rec.last.snapshot.step == 1, timeout=5000)
