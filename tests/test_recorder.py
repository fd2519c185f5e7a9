"""The recorder: exact resume (bit for bit) from any recorded step, thinning under the budget."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import ExperimentConfig
from core.optim import SGD, Adam
from core.presets import get_preset
from core.recorder import Recorder, RowLayout
from core.runner import TrainingControl, training_task
from core.session import Session, TrainingDiverged
from core.tensor import Tensor

MINIBATCH = ExperimentConfig(dataset="spiral", noise=0.1, n_samples=120, test_fraction=0.2,
                             hidden=(8, 8), activation="tanh", loss="cross_entropy", alpha=0.05,
                             batch_size=16, seed=3)


def _bits(values):
    return [np.float64(v).tobytes() for v in values]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("zero_grad", [True, False])
def test_resuming_from_a_recorded_step_repeats_the_run_bit_for_bit(optimizer, zero_grad):
    cfg = MINIBATCH.replace(optimizer=optimizer, zero_grad=zero_grad,
                            alpha=0.01 if optimizer == "adam" else 0.05 if zero_grad else 0.002)
    original = Session(cfg).run(40)
    s = Session(cfg, recorder=Recorder())
    assert s.run(40) == original
    for k in (23, 6, 0):  # back, then further back (each resume forgets the later steps)
        assert s.resume_from(k) == k
        assert s.step_count == k and s.last_loss == (original[k - 1] if k else None)
        assert _bits(s.run(40 - k)) == _bits(original[k:])


def test_state_and_restore_carry_a_run_into_a_fresh_session():
    cfg = MINIBATCH.replace(optimizer="adam", alpha=0.01)
    a = Session(cfg)
    a.run(17)
    state = a.state()
    rest = a.run(20)
    b = Session(cfg)
    b.restore(state)
    assert b.step_count == 17 and b.findings == list(state.findings)
    assert _bits(b.run(20)) == _bits(rest)
    for pa, pb in zip(a.snapshot().params, b.snapshot().params):
        assert pa.data.tobytes() == pb.data.tobytes() and pa.grad.tobytes() == pb.grad.tobytes()


def test_restore_refuses_a_state_of_another_network():
    state = Session(MINIBATCH).state()
    other = Session(MINIBATCH.replace(hidden=(4,)))
    with pytest.raises(ValueError, match="another shape"):
        other.restore(state)


def test_the_recorded_snapshot_is_the_original_one():
    cfg = get_preset("sine").config.replace(max_steps=None)
    plain = Session(cfg)
    plain.run(12)
    want = plain.snapshot()
    s = Session(cfg, recorder=Recorder())
    s.run(30)
    s.resume_from(12)
    got = s.snapshot()
    assert got.step == 12 and got.loss == want.loss and got.test_loss == want.test_loss
    for p, q in zip(got.params, want.params):
        assert p.data.tobytes() == q.data.tobytes() and p.grad.tobytes() == q.grad.tobytes()
        assert p.update_ratio == q.update_ratio
    assert got.layers == want.layers
    assert np.array_equal(got.prediction, want.prediction)


def test_divergence_restores_with_the_step():
    cfg = get_preset("exploding").config
    s = Session(cfg, recorder=Recorder())
    with pytest.raises(TrainingDiverged) as first:
        s.run(50)
    k = first.value.step
    s.resume_from(k - 1)
    assert s.diverged is None and s.snapshot().diverged is None
    with pytest.raises(TrainingDiverged) as again:
        s.step()
    assert again.value.step == k and str(again.value) == str(first.value)
    s.resume_from(k)  # the diverged step itself: still diverged, still refuses to step
    assert s.diverged is not None and str(s.diverged) == str(first.value)
    with pytest.raises(TrainingDiverged):
        s.step()
    s.resume_from(0)
    assert s.diverged is None and s.step_count == 0


def test_findings_after_the_resumed_step_are_forgotten():
    s = Session(get_preset("accumulate").config, recorder=Recorder())
    s.run(30)
    rising = next(f for f in s.findings if f.check == "loss-rising")
    s.resume_from(rising.step - 1)
    assert all(f.step < rising.step for f in s.findings)


def test_the_budget_holds_and_history_thins_with_age():
    rec = Recorder(budget=100_000)
    s = Session(get_preset("tutorial").config.replace(max_steps=None), recorder=rec)
    most = 0
    for _ in range(16):
        s.run(500)
        s.findings  # noqa: B018 (judges and records the last block)
        most = max(most, rec.nbytes)
    assert most <= rec.budget
    steps = rec.recorded_steps()
    assert steps[0] == 0 and steps[-1] == 8000
    assert rec.steps < 8001  # thinned
    gaps = np.diff(steps)
    assert gaps[-1] == 1 and gaps[0] > 1  # every step lately, fewer further back
    assert gaps[: len(gaps) // 2].mean() > gaps[len(gaps) // 2:].mean()
    k = int(steps[len(steps) // 3])  # an old, thinned-out region still resumes exactly
    original = Session(s.config)
    original.run(k + 5)
    s.resume_from(k)
    assert s.run(5) == list(original.losses[k:k + 5])


def test_the_budget_holds_for_a_million_steps():
    layout = RowLayout(((2, 3), (3,), (3, 1), (1,)), "sgd", 0)
    rec = Recorder(budget=2_000_000)
    rec.clear(layout)
    for start in range(0, 10**6, 4096):
        k = min(4096, 10**6 - start)
        rec.add(range(start, start + k), np.zeros((k, layout.width)), np.zeros((k, 6)), np.zeros((k, 4)),
                np.zeros((k, 1, 4)), {})
        assert rec.nbytes <= rec.budget
    steps = rec.recorded_steps()
    assert steps[0] == 0 and steps[-1] == 10**6 - 1
    assert np.all(np.diff(steps[-500:]) == 1)  # the recent steps: all of them
    assert 1000 < rec.steps < 20_000


def test_a_huge_row_keeps_step_0_and_the_newest():
    layout = RowLayout(((500, 500),), "sgd", 0)  # 4 MB a row
    rec = Recorder(budget=10 * 2**20)
    rec.clear(layout)
    for step in range(300):
        rec.add([step], np.zeros((1, layout.width)), np.zeros((1, 6)), np.zeros((1, 1)),
                np.zeros((1, 0, 4)), {})
        assert rec.nbytes <= rec.budget
    steps = rec.recorded_steps()
    assert steps[0] == 0 and steps[-1] == 299


def test_nearest_and_unrecorded_steps():
    rec = Recorder(budget=50_000)
    s = Session(get_preset("tutorial").config.replace(max_steps=None), recorder=rec)
    s.run(3000)
    s.findings  # noqa: B018
    steps = set(rec.recorded_steps().tolist())
    missing = next(k for k in range(3000) if k not in steps)
    with pytest.raises(KeyError):
        rec.state_at(missing)
    near = rec.nearest(missing)
    assert near in steps and abs(near - missing) <= 64
    assert s.resume_from(missing) == near == s.step_count


def test_optimizer_state_round_trips():
    for make in (lambda ps: SGD(ps, 0.1, momentum=0.9), lambda ps: Adam(ps, 0.01)):
        w = Tensor(np.ones((2, 2)), autograd=True)
        opt = make([w])
        for _ in range(3):
            w.grad = Tensor(np.full((2, 2), 0.5))
            opt.step()
        state = opt.get_state()
        w2 = Tensor(w.data.copy(), autograd=True)
        twin = make([w2])
        twin.set_state(state)
        w.grad = Tensor(np.full((2, 2), 0.25))
        w2.grad = Tensor(np.full((2, 2), 0.25))
        opt.step()
        twin.step()
        assert w.data.tobytes() == w2.data.tobytes()
        state.buffers[0][0][...] = 99  # a copy: changing it changes nothing
        assert not (opt.get_state().buffers[0][0] == 99).any()


def test_the_runner_resumes_and_passes_findings_on():
    control = TrainingControl()
    task = training_task(get_preset("vanishing").config, control, min_interval=0)
    first = next(task)
    assert first.cleared and first.recorded_steps == 1 and first.findings == ()
    losses, history = [], []
    for _ in range(6):
        control.step()
        u = next(task)
        control.acknowledge()
        losses += u.losses.tolist()
        history.append(u.history)
        weights = [p for p in u.snapshot.params if p.kind == "weight"]
        assert u.history.grad_norm[-1].tolist() == pytest.approx([p.grad_norm for p in weights], rel=1e-12)
        assert u.history.update_ratio[-1].tolist() == [p.update_ratio for p in weights]
        if u.snapshot.step == 1:
            assert any(f.check == "vanishing" and f.layer == 1 for f in u.findings)
    assert u.recorded_steps == 7 and 0 < u.recorded_bytes < 10**6
    assert np.concatenate([h.steps for h in history]).tolist() == [1, 2, 3, 4, 5, 6]  # every step
    control.resume_from(2)
    u = next(task)
    assert u.resumed_from == 2 and u.snapshot.step == 2 and "Resumed from step 2" in u.message
    again = []
    for _ in range(4):
        control.step()
        u = next(task)
        control.acknowledge()
        again += u.losses.tolist()
    assert _bits(again) == _bits(losses[2:])
    control.stop()
    assert list(task) == []


def test_thinning_lets_go_of_the_buffers_rows_were_cut_from():
    """The session hands the recorder blocks that are views of one larger buffer (one row each
    when every step is shown); once thinned, the rows kept must not keep those buffers alive
    (the budget counts only the rows)."""
    import gc
    import weakref

    layout = RowLayout(((2, 3), (3,), (3, 1), (1,)), "sgd", 0)
    rec = Recorder(budget=200_000)
    rec.clear(layout)
    buffers = []
    for start in range(0, 4000, 100):
        buffer = np.zeros((100, layout.width))
        buffers.append(weakref.ref(buffer))
        for i in range(100):
            rec.add([start + i], buffer[i:i + 1], np.zeros((1, 6)), np.zeros((1, 4)), np.zeros((1, 1, 4)), {})
        del buffer
    gc.collect()
    assert rec.base is not None and rec.nbytes <= rec.budget  # thinned
    kept = rec.recorded_steps()
    recent = kept[np.nonzero(np.diff(kept) > 1)[0][-1] + 1]  # every step from here on
    assert all(ref() is None for ref in buffers[:recent // 100 - 1])  # the thinned ones are gone


def test_thinning_keeps_a_row_that_is_its_whole_buffer_and_copies_a_row_cut_from_a_larger_one():
    """A big net's block is one row in a buffer of its own: copying it at every thinning cost
    more than the training step. A row cut from a larger buffer is still copied, so that a few
    kept rows do not hold the whole buffer's memory."""
    from core.recorder import fresh_rows

    layout = RowLayout(((128, 128),), "sgd", 0)  # a row of 128 KB: fresh_rows maps a buffer for it
    rec = Recorder(budget=3 * layout.width * 8 + 4096)  # room for about three rows
    rec.clear(layout)
    handed = []
    for step in range(8):
        rows = fresh_rows(1, layout.width)
        rows[:] = step
        handed.append(rows)
        rec.add([step], rows, np.zeros((1, 6)), np.zeros((1, 1)), np.zeros((1, 0, 4)), {})
    assert rec.steps < 8  # it thinned
    kept = {int(s.steps[0]): s.rows for s in rec._segments if len(s.steps) == 1}
    assert not handed[0].flags.owndata  # (a view of the mapped buffer)
    assert kept and all(np.shares_memory(rows, handed[step]) for step, rows in kept.items())
    big = np.zeros((4, layout.width))
    rec2 = Recorder(budget=2 * layout.width * 8 + 4096)
    rec2.clear(layout)
    for step in range(4):
        big[step] = step
        rec2.add([step], big[step:step + 1], np.zeros((1, 6)), np.zeros((1, 1)), np.zeros((1, 0, 4)), {})
    assert rec2.steps < 4
    assert not any(np.shares_memory(s.rows, big) for s in rec2._segments)
    assert [float(s.rows[0, 0]) for s in rec2._segments] == [float(s.steps[0]) for s in rec2._segments]


def test_adam_rows_hold_values_and_gradients_and_the_moments_come_back_bit_for_bit():
    """A recorded Adam row keeps only the values and gradients; the moments of each step are
    rebuilt from the block's first ones and the gradients, exactly as Adam made them: in every
    recorded step's state, after thinning (which keeps whole rows of the steps it keeps), in the
    recording that is saved, and in a resumed run."""
    cfg = MINIBATCH.replace(optimizer="adam", alpha=0.01)
    plain = Session(cfg)
    moments, losses = {}, []
    for k in range(1, 401):
        losses.append(plain.step())
        moments[k] = np.concatenate([b.ravel() for b in plain.optimizer.buffers()]).tobytes()
    rec = Recorder(budget=400 * 2**10)
    s = Session(cfg, recorder=rec)
    compact_seen = False
    for k in range(1, 401):
        s.step()
        if k % 37 == 0:
            s.snapshot()  # (a block judged early: segments of several sizes)
            compact_seen |= any(seg.moments is not None for seg in rec._segments)
    s.snapshot()
    size = rec.layout.size
    assert compact_seen and any(seg.rows.shape[1] == 2 * size for seg in rec._segments)
    kept = rec.recorded_steps()
    assert rec.steps < 401 and rec.nbytes <= rec.budget  # it thinned
    assert any(np.diff(kept) > 1)
    for step in kept[1:].tolist():
        opt = rec.state_at(step).optimizer
        got = np.concatenate([np.ravel(a) for part in opt.buffers for a in part])
        assert got.tobytes() == moments[step], step
    recording = rec.recording()
    assert recording.rows.shape[1] == rec.layout.width
    for step, row in zip(recording.steps[1:].tolist(), recording.rows[1:]):
        assert row[2 * size:].tobytes() == moments[step]
    old = int(kept[np.nonzero(np.diff(kept) > 1)[0][0]])  # a step kept among thinned ones
    assert s.resume_from(old) == old
    assert _bits(s.run(400 - old)) == _bits(losses[old:])


def test_a_recorder_refuses_adam_moments_for_rows_of_another_shape():
    rec = Recorder()
    rec.clear(RowLayout(((2, 3),), "adam", 2))
    rows = np.zeros((2, 12))
    with pytest.raises(ValueError, match="moments"):
        rec.add([1, 2], rows, np.zeros((2, 6)), np.zeros((2, 1)), np.zeros((2, 0, 4)), {},
                (np.zeros(6), 0.9, 0.999))
    rec.add([1, 2], rows, np.zeros((2, 6)), np.zeros((2, 1)), np.zeros((2, 0, 4)), {},
            (np.zeros(12), 0.9, 0.999))
    with pytest.raises(ValueError, match="layout"):
        rec.add([3], np.zeros((1, 24)), np.zeros((1, 6)), np.zeros((1, 1)), np.zeros((1, 0, 4)), {},
                (np.zeros(12), 0.9, 0.999))


def test_a_compact_adam_segment_is_short_enough_to_rebuild_quickly():
    """Reaching a step of a compact Adam segment rebuilds the moments from its first step, so
    such a segment holds at most COMPACT_STEPS steps (blocks of plain rows are longer)."""
    s = Session(get_preset("tutorial").config.replace(max_steps=None, optimizer="adam"), recorder=Recorder())
    s.run(2500)
    s.snapshot()
    compact = [len(seg.steps) for seg in s.recorder._segments if seg.moments is not None]
    assert compact and max(compact) <= Session.COMPACT_STEPS
    sgd = Session(get_preset("tutorial").config.replace(max_steps=None), recorder=Recorder())
    sgd.run(2500)
    sgd.snapshot()
    assert max(len(seg.steps) for seg in sgd.recorder._segments) > Session.COMPACT_STEPS
