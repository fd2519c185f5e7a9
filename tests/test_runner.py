"""The Qt-free training task driven from another thread through TrainingControl."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from core.config import ConfigError
from core.presets import get_preset
from core.runner import TrainingControl, training_task
from core.session import Session

TIMEOUT = 20.0


def test_single_steps_give_the_tutorial_losses(driver_factory):
    d = driver_factory(get_preset("tutorial").config)
    first = d.next()
    assert first.cleared and first.snapshot.step == 0 and not first.running
    losses = []
    for k in range(1, 11):
        d.control.step()
        u = d.next()
        assert u.snapshot.step == k and list(u.steps) == [k] and not u.running
        losses.extend(u.losses)
    ref = Session(get_preset("tutorial").config).run(10)
    assert losses == ref


def test_running_delivers_every_loss_once_in_order(driver_factory):
    d = driver_factory(get_preset("xor").config.replace(max_steps=3000))
    d.next()
    d.control.start()
    updates = d.until(lambda u: u.message is not None and "step limit" in u.message)
    steps = np.concatenate([u.steps for u in updates])
    assert steps.tolist() == list(range(1, 3001))
    losses = np.concatenate([u.losses for u in updates])
    assert losses.tolist() == Session(get_preset("xor").config).run(3000)
    assert updates[-1].snapshot.step == 3000 and not updates[-1].running


def test_the_step_limit_can_be_raised_and_lowered_between_steps(driver_factory):
    d = driver_factory(get_preset("tutorial").config)  # limit 10
    d.next()
    d.control.start()
    last = d.until(lambda u: u.message is not None and "step limit" in u.message)[-1]
    assert last.snapshot.step == 10
    d.control.set_max_steps(25)
    u = d.next()
    assert u.snapshot.config.max_steps == 25 and "step limit 25" in u.message and not u.running
    d.control.start()
    updates = d.until(lambda u: u.message is not None and "Reached the step limit (25" in u.message)
    assert np.concatenate([u.steps for u in updates]).tolist() == list(range(11, 26))
    d.control.set_max_steps(None)
    assert d.next().snapshot.config.max_steps is None
    with pytest.raises(ConfigError):
        d.control.set_max_steps(0)


def test_a_limit_lowered_below_the_step_reached_says_so(driver_factory):
    d = driver_factory(get_preset("xor").config.replace(max_steps=None))
    d.next()
    d.control.step(30)
    d.until(lambda u: u.snapshot.step == 30)
    d.control.set_max_steps(20)
    assert "After step 30: step limit 20" in d.next().message
    d.control.step()
    u = d.next()
    assert u.halted and u.snapshot.step == 30
    assert "Step 30 is already past the step limit (20)" in u.message


def test_a_live_change_sent_with_start_does_not_look_like_a_halt():
    """The learning rate (or a limit) and Start taken in one go: the update says running."""
    control = TrainingControl()
    task = training_task(get_preset("xor").config.replace(max_steps=None), control, min_interval=1e9)
    next(task)
    control.acknowledge()
    control.set_alpha(0.37)
    control.set_max_steps(5000)
    control.start()
    u = next(task)
    assert u.running and not u.halted and "learning rate 0.37 and step limit 5,000" in u.message
    control.stop()
    task.close()


def test_a_live_change_after_divergence_says_a_reset_is_needed(driver_factory):
    d = driver_factory(get_preset("exploding").config)
    d.next()
    d.control.start()
    d.until(lambda u: u.halted)
    d.control.set_alpha(0.0001)
    u = d.next()
    assert u.error and "press Reset" in u.message and not u.halted


def test_unacknowledged_updates_are_not_sent(driver_factory):
    """At most one throttled update in flight: without an acknowledgement nothing more comes."""
    d = driver_factory(get_preset("xor").config, min_interval=0.0)
    d.next()
    d.control.start()
    first = d.updates.get(timeout=TIMEOUT)  # not acknowledged
    d.control.pause()
    flushed = d.updates.get(timeout=TIMEOUT)  # the pause always flushes
    assert not flushed.running
    assert d.updates.empty()
    steps = np.concatenate([first.steps, flushed.steps])
    assert steps.tolist() == list(range(1, flushed.snapshot.step + 1))


def test_pause_step_reset_and_alpha(driver_factory):
    cfg = get_preset("spiral").config
    d = driver_factory(cfg)
    d.next()
    d.control.start()
    d.until(lambda u: u.snapshot.step > 20)
    d.control.set_alpha(0.005)
    d.until(lambda u: u.snapshot.alpha == 0.005)
    d.control.pause()
    paused = d.until(lambda u: not u.running)[-1]
    d.control.step()
    stepped = d.next()
    assert stepped.snapshot.step == paused.snapshot.step + 1
    d.control.reset()
    r = d.until(lambda u: u.cleared)[-1]
    assert r.snapshot.step == 0 and r.snapshot.alpha == 0.005
    fresh = Session(cfg).snapshot()
    for a, b in zip(r.snapshot.params, fresh.params):
        np.testing.assert_array_equal(a.data, b.data)
    d.control.reset(get_preset("tutorial").config)
    r = d.until(lambda u: u.cleared)[-1]
    assert r.snapshot.config == get_preset("tutorial").config


def test_invalid_alpha_is_refused_before_it_reaches_the_thread():
    control = TrainingControl()
    for bad in (float("nan"), -1.0, 0.0):
        with pytest.raises(ConfigError):
            control.set_alpha(bad)


def test_divergence_pauses_with_a_message(driver_factory):
    d = driver_factory(get_preset("exploding").config)
    d.next()
    d.control.start()
    u = d.until(lambda u: u.message is not None)[-1]
    assert u.error and not u.running and "Diverged at step" in u.message and "layer" in u.message
    assert u.snapshot.diverged == u.message


def test_step_or_start_after_a_divergence_asks_for_a_reset_and_sends_no_loss(driver_factory):
    """The diverged step's loss went out once; Step or Start must not send it again (a repeated
    step number) nor change the snapshot."""
    d = driver_factory(get_preset("exploding").config)
    d.next()
    d.control.start()
    diverged = d.until(lambda u: u.halted)[-1]
    for command in (d.control.step, d.control.start):
        command()
        u = d.next()
        assert u.halted and u.error and not u.running and "press Reset" in u.message
        assert len(u.steps) == 0 and len(u.losses) == 0
        assert u.snapshot.step == diverged.snapshot.step
        assert u.snapshot.loss == diverged.snapshot.loss or np.isnan(u.snapshot.loss)
    d.control.reset()
    r = d.until(lambda u: u.cleared)[-1]
    assert r.snapshot.step == 0 and r.snapshot.diverged is None


def test_slow_motion_shows_every_step(driver_factory):
    d = driver_factory(get_preset("xor").config)
    d.next()
    d.control.set_speed(50.0)
    d.control.start()
    seen = d.until(lambda u: u.snapshot.step >= 5)
    assert [u.snapshot.step for u in seen][:5] == [1, 2, 3, 4, 5]


def test_stop_while_paused_ends_the_task(driver_factory):
    d = driver_factory(get_preset("tutorial").config)
    d.next()
    d.close()


def test_gradient_check_between_steps(driver_factory):
    d = driver_factory(get_preset("xor").config)
    d.next()
    d.control.step()
    d.next()
    d.control.check_gradients()
    u = d.until(lambda u: u.message is not None)[-1]
    assert "Gradient check at step 1: backprop agrees" in u.message and not u.error
    assert u.snapshot.step == 1  # checking does not train


def test_step_then_start_keeps_the_speed_limit(driver_factory):
    """A Step still queued when Start comes is part of the run; it must not disable waiting."""
    d = driver_factory(get_preset("xor").config)
    d.next()
    d.control.set_speed(5.0)
    with d.control._cond:  # both commands before the training thread sees either
        d.control.step()
        d.control.start()
    assert d.control._c.steps == 0
    first = d.next()
    deadline = first.snapshot.step
    # At 5 steps/s, about a second later there are a handful of steps, not thousands.
    import time

    time.sleep(1.0)
    d.control.pause()
    last = d.until(lambda u: not u.running)[-1]
    assert last.snapshot.step - deadline <= 12


@pytest.mark.parametrize("every, expect_sleeps", [(0.0, True), (1e9, False)])
def test_full_speed_training_lets_other_threads_have_the_gil(monkeypatch, every, expect_sleeps):
    """At full speed the task pauses for YIELD_SLEEP every YIELD_EVERY seconds (a GUI thread
    waiting for the GIL is otherwise starved by numpy's release-and-retake of it)."""
    import core.runner as runner

    sleeps: list[float] = []
    monkeypatch.setattr(runner, "YIELD_EVERY", every)
    monkeypatch.setattr(runner.time, "sleep", lambda s: sleeps.append(s))
    control = TrainingControl()
    task = training_task(get_preset("xor").config.replace(max_steps=None), control, min_interval=1e9)
    next(task)
    control.acknowledge()
    control.start()
    pauser = threading.Timer(0.3, control.pause)  # the generator yields again once paused
    pauser.start()
    update = next(task)
    pauser.join()
    control.stop()
    task.close()
    assert update.snapshot.step > 0
    if expect_sleeps:
        assert len(sleeps) >= update.snapshot.step - 1 and set(sleeps) == {runner.YIELD_SLEEP}
    else:
        assert sleeps == []


def test_the_pace_follows_the_cost_the_consumer_reports_not_when_it_is_heard_of():
    """A consumer in another process is heard of between two steps, after the rest of the step
    its acknowledgement came in: the pace must follow the time it says it spent drawing."""
    def steps_per_update(cost: float | None) -> list[int]:
        control = TrainingControl()
        task = training_task(get_preset("xor").config.replace(max_steps=None), control, min_interval=0.0)
        next(task)
        control.acknowledge()
        control.start()
        counts = []
        for _ in range(5):
            counts.append(len(next(task).steps))
            time.sleep(0.05)  # (heard of 50 ms after the update went out)
            control.acknowledge(cost)
        control.stop()
        task.close()
        return counts[1:]

    assert max(steps_per_update(0.0)) <= 3  # drawn at once: an update after each step or so
    assert min(steps_per_update(None)) > 100  # 50 ms "spent": at most 15 % of the time, so ~0.3 s
