"""Gradient health: the figures recomputed independently, each named check on a crafted case
(firing) and a healthy one (quiet), the lessons' findings, and the messages."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core import health
from core.health import BlockFigures, HealthMonitor, activation_stats
from core.presets import get_preset
from core.recorder import Recorder
from core.session import Session, TrainingDiverged


# ---------------------------------------------------------------------------- the figures
def _snapshots(cfg, steps):
    s = Session(cfg)
    snaps = [s.snapshot()]
    for _ in range(steps):
        s.step()
        snaps.append(s.snapshot())
    return snaps


@pytest.mark.parametrize("preset", ["tutorial", "spiral", "sine"])
def test_update_ratio_is_the_change_between_two_snapshots(preset):
    snaps = _snapshots(get_preset(preset).config.replace(max_steps=None), 12)
    assert all(p.update_ratio is None for p in snaps[0].params)
    for before, after in zip(snaps, snaps[1:]):
        for pb, pa in zip(before.params, after.params):
            norm = np.linalg.norm(pb.data)
            if norm == 0:
                assert pa.update_ratio is None  # a bias before its first step
            else:
                assert pa.update_ratio == pytest.approx(np.linalg.norm(pa.data - pb.data) / norm, rel=1e-9)
    assert snaps[5].params[0].update_ratio > 0


def _numpy_forward(cfg, params, x):
    """The hidden layers' activations, by hand: x W + b, then the activation."""
    fn = {"relu": lambda h: np.maximum(h, 0), "tanh": np.tanh, "sigmoid": lambda h: 1 / (1 + np.exp(-h)),
          "none": lambda h: h}[cfg.activation]
    ws = [p.data for p in params if p.kind == "weight"]
    bs = [p.data for p in params if p.kind == "bias"] or [0.0] * len(ws)
    acts = []
    for w, b in zip(ws[:-1], bs[:-1]):
        x = fn(x @ w + b)
        acts.append(x)
    return acts


@pytest.mark.parametrize("preset,activation", [("circle", "relu"), ("xor", "tanh"), ("xor", "sigmoid"),
                                               ("tutorial", "none"), ("he-deep", "relu")])
def test_layer_stats_are_those_of_the_steps_own_forward_pass(preset, activation):
    cfg = get_preset(preset).config.replace(activation=activation, batch_size=None, max_steps=None)
    s = Session(cfg)
    x = s.data.x_train
    for _ in range(6):
        before = s.snapshot()
        s.step()
        layers = s.snapshot().layers
        acts = _numpy_forward(cfg, before.params, x)  # the batch, the weights before the update
        assert [stat.layer for stat in layers] == list(range(1, len(acts) + 1))
        for stat, a in zip(layers, acts):
            assert stat.mean == pytest.approx(a.mean(), rel=1e-9, abs=1e-12)
            assert stat.std == pytest.approx(a.std(), rel=1e-6, abs=1e-9)
            if activation == "relu":
                assert stat.dead_fraction == np.mean(np.all(a == 0, axis=0))
            else:
                assert stat.dead_fraction is None
            if activation == "tanh":
                assert stat.saturated_fraction == np.mean(np.abs(a) > 0.99)
            elif activation == "sigmoid":
                assert stat.saturated_fraction == np.mean((a < 0.01) | (a > 0.99))
            else:
                assert stat.saturated_fraction is None


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "none"])
def test_health_does_not_change_the_training_by_a_bit(activation):
    """The health figures read the forward pass (activations written into their buffers)
    without changing it: the same losses and weights as a session without them."""
    cfg = get_preset("spiral").config.replace(activation=activation, max_steps=None)
    on, off = Session(cfg, recorder=Recorder()), Session(cfg, health=False)
    assert on.run(150) == off.run(150)
    for (_, _, _, a), (_, _, _, b) in zip(on.params(), off.params()):
        assert np.array_equal(a.data, b.data)
    assert on.snapshot().layers


def test_a_batch_of_another_size_gets_its_own_chunk():
    """A batch of another size (the chunk of activations so far summarised first) still gives
    each step the figures of its own forward pass."""
    cfg = get_preset("xor").config.replace(activation="tanh", batch_size=None, max_steps=None)
    s = Session(cfg)
    s.collect_history = True
    full, n = s._next_batch, len(s.data.x_train)
    expected = []
    for size in [n, n, 3, 3, 3, n, 2]:
        params = [SimpleNamespace(kind=kind, data=p.data.copy()) for _, _, kind, p in s.params()]
        s._next_batch = lambda k=size: tuple(type(t)._wrap(t.data[:k]) for t in full())  # type: ignore[method-assign]
        s.step()
        expected.append(_numpy_forward(cfg, params, s.data.x_train[:size]))
    history = s.take_history()
    assert len(history.steps) == len(expected)
    for i, acts in enumerate(expected):
        for h, a in enumerate(acts):
            assert history.act_mean[i, h] == pytest.approx(a.mean(), rel=1e-9, abs=1e-12)
            assert history.saturated[i, h] == np.mean(np.abs(a) > 0.99)


def test_snapshot_before_the_first_step_has_no_layers():
    assert Session(get_preset("spiral").config).snapshot().layers == ()


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4)),
              elements=st.floats(-1.5, 1.5)),
       st.sampled_from(["relu", "tanh", "sigmoid"]))
def test_activation_stats_match_their_definitions(a, activation):
    if activation == "relu":
        a = np.maximum(a, 0)
    mean, std, dead, sat = activation_stats(list(a), activation)
    for i, x in enumerate(a):
        assert mean[i] == pytest.approx(x.mean(), abs=1e-12)
        assert std[i] == pytest.approx(x.std(), abs=1e-7)
        if activation == "relu":
            assert dead[i] == np.mean(np.all(x == 0, axis=0))
        elif activation == "tanh":
            assert sat[i] == np.mean(np.abs(x) > 0.99)
        else:
            assert sat[i] == np.mean((x < 0.01) | (x > 0.99))


def test_figures_of_a_block_equal_those_of_its_steps_one_by_one():
    """Judging steps a block at a time must not change the figures."""
    cfg = get_preset("spiral").config.replace(max_steps=None)
    one, block = Session(cfg), Session(cfg)
    ratios = []
    for _ in range(40):
        one.step()
        ratios.append([p.update_ratio for p in one.snapshot().params])  # judged step by step
    block.run(40)
    assert [p.update_ratio for p in block.snapshot().params] == ratios[-1]
    assert one.findings == block.findings


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "none"])
def test_a_steps_layer_figures_do_not_depend_on_the_steps_summarised_with_it(activation):
    """The session summarises activations a chunk at a time, the chunk cut wherever a snapshot
    falls: each step's figures must come out bit for bit the same whatever its neighbours."""
    rng = np.random.default_rng(5)
    a = rng.standard_normal((37, 20, 7)) * 3
    a = {"relu": np.maximum(a, 0), "tanh": np.tanh(a), "sigmoid": 1 / (1 + np.exp(-a)), "none": a}[activation]
    a[4, :, 2] = 0.0  # a unit dead at one step
    whole = np.empty((37, 4))
    health.layer_figures(a, activation, whole)
    buffer = np.empty((40, 20, 7))  # the same steps at other addresses, in pieces of other sizes
    for lo, hi in ((0, 1), (1, 4), (4, 5), (5, 21), (21, 37)):
        buffer[3:3 + hi - lo] = a[lo:hi]
        part = np.empty((hi - lo, 4))
        health.layer_figures(buffer[3:3 + hi - lo], activation, part)
        assert part.tobytes() == whole[lo:hi].tobytes()
    if activation == "relu":
        assert whole[4, 2] == pytest.approx(1 / 7) and whole[5, 2] == 0.0


@pytest.mark.parametrize("sizes", [(6, 3, 3, 1), (32, 16, 256, 16, 32, 2)])
def test_a_blocks_figures_do_not_depend_on_the_pieces_it_is_judged_in(monkeypatch, sizes):
    """block_figures judges a block's rows in pieces whose size depends on the rows' width:
    each step's figures must come out bit for bit the same whatever the pieces."""
    rng = np.random.default_rng(3)
    n = sum(sizes)
    rows = rng.standard_normal((300, 2 * n))
    before = rng.standard_normal(n)
    layers = rng.standard_normal((300, 1, 4))
    whole = health.block_figures(range(300), [1.0] * 300, rows, before, sizes, layers)
    monkeypatch.setattr(health, "SUB_ROWS", 7)
    monkeypatch.setattr(health, "SUB_BYTES", 0)
    pieces = health.block_figures(range(300), [1.0] * 300, rows, before, sizes, layers)
    for field in ("grad_norm", "update_ratio", "mean_abs_delta", "mean_abs_before", "norm"):
        assert getattr(pieces, field).tobytes() == getattr(whole, field).tobytes(), field
    # and against numpy by hand: the second step's update ratio of each parameter
    at = np.concatenate(([0], np.cumsum(sizes)))
    for j in range(len(sizes)):
        w0, w1 = rows[0, at[j]:at[j + 1]], rows[1, at[j]:at[j + 1]]
        assert whole.update_ratio[1, j] == pytest.approx(np.linalg.norm(w1 - w0) / np.linalg.norm(w0))


# ---------------------------------------------------------------------------- the checks
N_LAYERS = 2


def figures(steps, *, grad=None, ratio=None, delta=None, before=None, finite=None, loss=None,
            dead=None, saturated=None):
    """Crafted figures for two layers (W1 b1 W2 b2) over ``steps`` steps, healthy by default."""
    r = steps
    cols = lambda v, default: np.broadcast_to(np.asarray(default if v is None else v, float),  # noqa: E731
                                              (r, N_LAYERS)).copy()
    g, q = cols(grad, [0.5, 1.0]), cols(ratio, [1e-3, 1e-3])
    d, b = cols(delta, [1e-3, 1e-3]), cols(before, [0.3, 0.3])
    per_param = lambda w: np.repeat(w, 2, axis=1)  # noqa: E731  (biases: like their weights)
    fin = np.ones((r, 2 * N_LAYERS), bool) if finite is None else per_param(np.asarray(finite, bool))
    hidden = lambda v: np.full((r, 1), np.nan) if v is None else np.asarray(v, float).reshape(r, 1)  # noqa: E731
    return BlockFigures(np.arange(1, r + 1), np.asarray(np.linspace(1, 0.5, r) if loss is None else loss),
                        per_param(g), per_param(q), per_param(d), per_param(b), fin,
                        np.zeros((r, 1)), np.ones((r, 1)), hidden(dead), hidden(saturated), per_param(b))


def monitor(activation="relu", init="he", zero_grad=True, epoch_steps=1):
    return HealthMonitor([0, 2], [1, 3], activation, init, zero_grad, epoch_steps)


def raised(fig, **kw):
    m = monitor(**kw)
    m.observe(fig, 0.05)
    return [(f.step, f.layer, f.check) for f in m.findings]


def test_a_healthy_run_raises_nothing():
    for activation in ("relu", "tanh", "sigmoid", "none"):
        assert raised(figures(200, dead=np.full(200, 0.1), saturated=np.full(200, 0.1)),
                      activation=activation) == []


def test_vanishing_fires_when_a_layer_is_under_a_thousandth_of_the_largest():
    assert raised(figures(5, grad=[[2e-4, 1.0]] * 5)) == [(1, 1, "vanishing")]
    assert raised(figures(5, grad=[[2e-3, 1.0]] * 5)) == []


def test_a_finding_is_raised_once_and_again_only_after_it_cleared():
    n = 40 + health.CLEAR_STEPS
    g = np.array([[1e-5, 1.0]] * n)
    g[4:6] = [0.5, 1.0]  # healthy for 2 steps: not cleared (a figure hovering at the threshold)
    g[10:10 + health.CLEAR_STEPS] = [0.5, 1.0]  # healthy long enough: cleared
    again = 11 + health.CLEAR_STEPS
    assert raised(figures(n, grad=g)) == [(1, 1, "vanishing"), (again, 1, "vanishing")]


def test_exploding_fires_above_a_thousand_or_on_hundredfold_growth():
    assert raised(figures(3, grad=[[1.0, 2e3]] * 3)) == [(1, 2, "exploding")]
    growth = np.column_stack([np.geomspace(0.2, 30, 8), np.ones(8)])  # 150x within 8 steps, past 10
    assert raised(figures(8, grad=growth)) == [(8, 1, "exploding")]  # 30 > 100 x 0.2
    # tenfold growth (a healthy run leaving a plateau) is not exploding
    assert raised(figures(8, grad=np.column_stack([np.geomspace(1.5, 15, 8), np.ones(8) * 20]))) == []


def test_update_ratio_fires_after_twenty_steps_outside_the_band():
    assert raised(figures(30, ratio=[[1e-7, 1e-3]] * 30)) == [(20, 1, "update-ratio")]
    assert raised(figures(30, ratio=[[1e-3, 0.5]] * 30)) == [(20, 2, "update-ratio")]
    assert raised(figures(19, ratio=[[1e-7, 0.5]] * 19)) == []


def test_a_converged_net_has_no_too_small_update_ratio():
    """Under a hundredth of the first loss, tiny updates are convergence; too big ones are
    still raised (a converged net thrown about by a large learning rate)."""
    def found(ratio, loss):
        m = monitor()
        m.observe(figures(30, ratio=[ratio] * 30, loss=np.full(30, loss)), 0.05, first_loss=1.0)
        return [(f.step, f.layer, f.check) for f in m.findings]

    assert found([1e-7, 1e-3], 0.5) == [(20, 1, "update-ratio")]
    assert found([1e-7, 1e-3], 0.005) == []
    assert found([1e-3, 0.5], 0.005) == [(20, 2, "update-ratio")]


def test_dead_relu_fires_after_fifty_steps_of_more_than_half_dead():
    assert raised(figures(60, dead=np.full(60, 0.6))) == [(50, 1, "dead-relu")]
    assert raised(figures(49, dead=np.full(49, 0.6))) == []
    assert raised(figures(60, dead=np.full(60, 0.5))) == []


def test_saturated_fires_after_fifty_steps_of_more_than_half_saturated():
    assert raised(figures(60, saturated=np.full(60, 0.9)), activation="tanh") == [(50, 1, "saturated")]
    assert raised(figures(60, saturated=np.full(60, 0.4)), activation="sigmoid") == []


def test_stalled_fires_when_the_weights_stop_changing():
    assert raised(figures(25, delta=[[1e-12, 1e-3]] * 25)) == [(20, 1, "stalled")]
    # the rule is relative: 1e-7 is no change for weights of mean size 1 ...
    assert raised(figures(25, delta=[[1e-7, 1e-3]] * 25, before=[[1.0, 1.0]] * 25)) == [(20, 1, "stalled")]
    # ... but a change for weights of mean size 1e-3
    assert raised(figures(25, delta=[[1e-7, 1e-3]] * 25, before=[[1e-3, 1.0]] * 25)) == []


def test_stalled_is_not_raised_once_the_net_has_converged():
    """Weights stop changing when the errors are gone too: under a hundredth of the first loss
    that is convergence, not a stall; a stall while the loss is still high is raised."""
    def stalled(loss, first=1.0):
        m = monitor()
        m.observe(figures(60, delta=[[1e-12, 1e-12]] * 60, loss=loss), 0.05, first_loss=first)
        return [(f.step, f.layer) for f in m.findings if f.check == "stalled"]

    assert stalled(np.full(60, 0.5)) == [(20, 1), (20, 2)]
    assert stalled(np.full(60, 0.009)) == []
    assert stalled(np.full(60, 0.009), first=0.5) == [(20, 1), (20, 2)]  # 1.8 % of 0.5
    # converging while stalled: counted only until the loss falls under 1 % (steps 1-29 here)
    assert stalled(np.r_[np.full(29, 0.5), np.full(31, 1e-4)]) == [(20, 1), (20, 2)]
    assert stalled(np.r_[np.full(15, 0.5), np.full(45, 1e-4)]) == []


def test_converged_lessons_are_not_called_stalled():
    """The tutorial's net converges to a loss of 10⁻¹¹ of its first within 50 steps, he-deep's to
    a thousandth within 3,000: neither is stalled; the vanishing lesson's net is."""
    assert not [f for f in _run("tutorial", 300).findings if f.check == "stalled"]
    assert [f.layer for f in _run("vanishing", 60).findings if f.check == "stalled"]


def test_non_finite_fires_at_once_naming_the_first_layer():
    fin = np.ones((6, 2), bool)
    fin[3:] = False
    assert raised(figures(6, finite=fin)) == [(4, 1, "non-finite")]


def test_loss_rising_fires_after_twenty_rising_steps_or_three_without_zeroing():
    rising = np.linspace(1, 2, 30)
    assert raised(figures(30, loss=rising)) == [(21, None, "loss-rising")]  # steps 2..21 rose
    assert raised(figures(30, loss=rising), zero_grad=False) == [(4, None, "loss-rising")]
    assert raised(figures(30, loss=np.linspace(2, 1, 30)), zero_grad=False) == []


def test_loss_rising_with_minibatches_compares_epoch_means():
    # noisy batches: each epoch of 4 steps averages lower, though half the steps rise
    loss = np.tile([1.0, 1.5, 0.8, 1.3], 10) * np.repeat(np.linspace(1, 0.5, 10), 4)
    assert raised(figures(40, loss=loss), epoch_steps=4) == []
    assert raised(figures(40, loss=loss[::-1]), epoch_steps=4) == [(24, None, "loss-rising")]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_blocks_of_any_size_raise_the_same_findings(cuts, rnd):
    """The checks carry their counts from block to block."""
    r = 120
    rng = np.random.default_rng(rnd.randrange(2**32))
    grad = np.where(rng.random((r, 2)) < 0.7, 1e-5, 1.0) * [1, 1e3]
    ratio = np.where(rng.random((r, 2)) < 0.9, 1e-8, 1e-3)
    loss = np.cumsum(rng.normal(0.01, 0.02, r)) + 5
    dead = np.where(rng.random(r) < 0.95, 0.9, 0.1)
    whole = figures(r, grad=grad, ratio=ratio, loss=loss, dead=dead)
    one = monitor(epoch_steps=3)
    one.observe(whole, 0.1)
    split = monitor(epoch_steps=3)
    at = 0
    for c in cuts * 20:
        if at >= r:
            break
        part = BlockFigures(*(getattr(whole, f)[at:at + c] for f in BlockFigures.__dataclass_fields__))
        split.observe(part, 0.1)
        at += c
    if at < r:
        split.observe(BlockFigures(*(getattr(whole, f)[at:] for f in BlockFigures.__dataclass_fields__)), 0.1)
    assert [(f.step, f.layer, f.check) for f in split.findings] == \
        [(f.step, f.layer, f.check) for f in one.findings]
    assert one.findings


@settings(max_examples=60, deadline=None)
@given(arrays(bool, st.tuples(st.integers(1, 40), st.integers(1, 4))), st.data())
def test_run_events_count_step_by_step(held, data):
    """The checks' counting, against a plain loop: whole columns that hold everywhere or
    nowhere take a short cut that must agree with it, from any counts carried in."""
    held = held.copy()
    for col in range(held.shape[1]):  # constant columns are the common case
        fill = data.draw(st.sampled_from((None, True, False)))
        if fill is not None:
            held[:, col] = fill
    cols = held.shape[1]
    runs0 = np.array(data.draw(st.lists(st.integers(0, 60), min_size=cols, max_size=cols)))
    quiet0 = np.array(data.draw(st.lists(st.integers(0, 60), min_size=cols, max_size=cols)))
    window, clear = data.draw(st.integers(1, 50)), data.draw(st.integers(1, 50))
    runs, quiet, events = health.run_events(held, runs0, quiet0, window, clear)
    expected, r, q = [], runs0.copy(), quiet0.copy()
    for i, row in enumerate(held):
        r, q = np.where(row, r + 1, 0), np.where(row, 0, q + 1)
        expected += [(i, c, True) for c in range(cols) if r[c] == window]
        expected += [(i, c, False) for c in range(cols) if q[c] == clear]
    assert events == sorted(expected)
    assert runs.tolist() == r.tolist() and quiet.tolist() == q.tolist()


# ---------------------------------------------------------------------------- the lessons
def _run(preset, steps):
    s = Session(get_preset(preset).config.replace(max_steps=None))
    try:
        s.run(steps)
    except TrainingDiverged:
        pass
    return s


def test_the_vanishing_lesson_raises_vanishing_for_layer_1():
    s = _run("vanishing", 5)
    first = next(f for f in s.findings if f.check == "vanishing" and f.layer == 1)
    assert first.step == 1
    assert "layer 1 vanishing since step 1" in first.message
    assert "quarter" in first.message and "ReLU with He init" in first.message


def test_the_exploding_lesson_raises_exploding_or_non_finite():
    s = _run("exploding", 50)
    checks = {f.check for f in s.findings}
    assert checks & {"exploding", "non-finite"}
    nonfinite = [f for f in s.findings if f.check == "non-finite"]
    assert nonfinite and nonfinite[-1].step == s.diverged.step  # names the divergence's step
    assert s.diverged.where in nonfinite[-1].message


def test_the_accumulate_lesson_raises_loss_rising():
    s = _run("accumulate", 30)
    assert any(f.check == "loss-rising" for f in s.findings)
    rising = next(f for f in s.findings if f.check == "loss-rising")
    assert "zero gradients after each step" in rising.message
    # its first findings, too big update ratios, name the accumulation, not the learning rate
    ratios = [f for f in s.findings if f.check == "update-ratio"]
    assert ratios and ratios[0].step < rising.step
    assert all("not zeroed" in f.message and "learning rate" not in f.message for f in ratios)
    from core.health import _Context, _update_ratio_message
    zeroed = _update_ratio_message(20, 1, 0.5, 20, _Context("none", "he", True, 0.05))
    assert "learning rate smaller than 0.05" in zeroed.message and "not zeroed" not in zeroed.message


def test_he_deep_is_healthy_for_300_steps():
    s = _run("he-deep", 300)
    assert s.step_count == 300
    assert not [f for f in s.findings if f.check in ("vanishing", "exploding", "non-finite")]


def test_health_off_raises_nothing_and_records_nothing():
    from core.recorder import Recorder
    s = Session(get_preset("vanishing").config, health=False, recorder=Recorder())
    s.run(5)
    assert s.findings == [] and s.recorder is None
    assert s.snapshot().layers == () and all(p.update_ratio is None for p in s.snapshot().params)


# ---------------------------------------------------------------------------- messages
def test_every_message_is_its_key_and_args_rendered():
    m = monitor(activation="tanh")
    r = 60
    m.observe(figures(r, grad=[[1e-5, 2e3]] * r, ratio=[[1e-8, 0.5]] * r, delta=[[0, 1e-3]] * r,
                      saturated=np.full(r, 0.9), finite=[[True, True]] * 59 + [[False, True]],
                      loss=np.linspace(1, 3, r)), 0.05)
    m.diverged(60, "layer 2 (its output overflowed to infinite)")
    seen = {f.check for f in m.findings}
    assert seen == {"vanishing", "exploding", "update-ratio", "saturated", "stalled", "non-finite",
                    "loss-rising"}
    for f in m.findings:
        assert f.message == health.render(f.key, f.args)
        assert not re.search(r"\{\w+", f.message)  # every placeholder filled
        assert f.args["step"] == f.step and f.args["layer"] == f.layer
    dead = monitor()
    dead.observe(figures(r, dead=np.full(r, 0.9)), 0.05)
    assert "dead" in dead.findings[0].message and "chain rule" in dead.findings[0].message


def test_the_divergence_finding_names_the_layer_from_the_diagnosis():
    m = monitor()
    f = m.diverged(7, "layer 3 (gradient dW3 became NaN)")
    assert (f.step, f.layer, f.check) == (7, 3, "non-finite")
    assert "layer 3 (gradient dW3 became NaN)" in f.message


def test_every_threshold_is_named_in_the_checks_table():
    assert set(health.CHECKS) == {"vanishing", "exploding", "update-ratio", "dead-relu", "saturated",
                                  "stalled", "non-finite", "loss-rising"}
    assert health.VANISHING_RATIO == 1e-3 and health.EXPLODING_NORM == 1e3


def test_thresholds_are_worded_as_powers_of_ten():
    from core.health import CHECKS, power_of_ten
    assert [power_of_ten(x) for x in (1e-6, 1e-8, 0.1, 0.5, 1e3, 1e-3)] == ["10⁻⁶", "10⁻⁸", "0.1", "0.5",
                                                                         "1000", "10⁻³"]
    assert "outside 10⁻⁶ … 0.1" in CHECKS["update-ratio"] and "10⁻⁸ + 10⁻⁵" in CHECKS["stalled"]
