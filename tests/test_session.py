"""The headless training session: exact tutorial numbers, copies, determinism, divergence."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from core.config import ConfigError, ExperimentConfig
from core.presets import get_preset, presets
from core.session import Session, TrainingDiverged
from core.tensor import Tensor

TUTORIAL_LOSSES = [4.33222765, 0.06584977, 0.01869537, 0.01068846, 0.00609207,
                   0.00360451, 0.00210719, 0.00126275, 0.00075884, 0.00046488]


def test_tutorial_preset_reproduces_the_ten_losses():
    s = Session(get_preset("tutorial").config)
    losses = s.run(10)
    np.testing.assert_allclose(losses, TUTORIAL_LOSSES, rtol=0, atol=5e-9)
    assert [f"{x:.8f}" for x in losses] == [f"{x:.8f}" for x in TUTORIAL_LOSSES]


def test_book_preset_first_loss():
    s = Session(get_preset("book").config)
    assert f"{s.step():.8f}" == "2.33428272"


def test_snapshot_holds_copies_not_views():
    s = Session(get_preset("tutorial").config)
    s.step()
    snap = s.snapshot()
    before = [(p.data.copy(), p.grad.copy()) for p in snap.params]
    s.run(3)
    for p, (d, g) in zip(snap.params, before):
        np.testing.assert_array_equal(p.data, d)
        np.testing.assert_array_equal(p.grad, g)
    assert [p.name for p in snap.params] == ["W1", "b1", "W2", "b2"]
    assert snap.step == 1 and snap.loss == pytest.approx(TUTORIAL_LOSSES[0], abs=5e-9)


def test_snapshot_shows_the_gradient_the_step_used():
    """With zeroing on, the snapshot's gradients are those of the step, not zeros."""
    cfg = get_preset("tutorial").config
    s = Session(cfg)
    w0 = [p.data.copy() for _, _, _, p in s.params()]
    s.step()
    snap = s.snapshot()
    for p, w in zip(snap.params, w0):
        np.testing.assert_allclose(p.data, w - cfg.alpha * p.grad, rtol=1e-12, atol=1e-15)
        assert p.grad_norm == pytest.approx(np.linalg.norm(p.grad))
        assert p.grad_norm > 0


def test_gradients_accumulate_when_not_zeroed():
    cfg = get_preset("tutorial").config
    zeroed, accumulating = Session(cfg), Session(cfg.replace(zero_grad=False))
    zeroed.step()
    accumulating.step()
    g1 = accumulating.snapshot().params[0].grad
    zeroed.step()
    accumulating.step()
    # second step: the accumulating run's gradient is its first plus its second
    g2_own = accumulating.snapshot().params[0].grad - g1
    assert np.linalg.norm(accumulating.snapshot().params[0].grad) > np.linalg.norm(g1)
    assert not np.allclose(accumulating.snapshot().params[0].grad, zeroed.snapshot().params[0].grad)
    assert np.all(np.isfinite(g2_own))


def test_same_config_same_bits_regardless_of_other_tensors():
    cfg = get_preset("spiral").config
    a = Session(cfg)
    _ = [Tensor(np.ones(3), autograd=True) for _ in range(50)]
    np.random.seed(123)
    np.random.rand(7)
    b = Session(cfg)
    la, lb = a.run(25), b.run(25)
    assert la == lb
    for pa, pb in zip(a.snapshot().params, b.snapshot().params):
        assert pa.data.tobytes() == pb.data.tobytes()


def test_different_seed_different_weights():
    cfg = get_preset("xor").config
    a, b = Session(cfg), Session(cfg.replace(seed=2))
    assert not np.array_equal(a.snapshot().params[0].data, b.snapshot().params[0].data)


def test_reset_restores_initial_weights_and_clears_history():
    s = Session(get_preset("xor").config)
    first = s.snapshot()
    s.run(20)
    s.reset()
    again = s.snapshot()
    assert again.step == 0 and len(s.losses) == 0 and again.loss is None
    for a, b in zip(first.params, again.params):
        np.testing.assert_array_equal(a.data, b.data)


def test_set_alpha_between_steps():
    s = Session(get_preset("tutorial").config)
    s.step()
    s.set_alpha(0.01)
    assert s.snapshot().alpha == 0.01 and s.config.alpha == 0.01
    for bad in (float("nan"), -1.0, 0.0):
        with pytest.raises(ConfigError, match="alpha"):
            s.set_alpha(bad)
    assert s.alpha == 0.01


def test_divergence_names_step_and_layer():
    s = Session(get_preset("exploding").config)
    with pytest.raises(TrainingDiverged) as e:
        s.run(50)
    msg = str(e.value)
    assert f"step {e.value.step}" in msg and "layer" in msg
    assert e.value.step == s.step_count
    with pytest.raises(TrainingDiverged):  # stays diverged until reset
        s.step()
    s.reset()
    assert s.step() > 0


def test_minibatches_cover_the_training_set():
    cfg = get_preset("spiral").config
    s = Session(cfg)
    n = len(s.data.x_train)
    seen = []
    for _ in range(n // cfg.batch_size):
        x, _ = s._next_batch()
        seen.append(x.data)
    rows = {tuple(r) for r in np.concatenate(seen)}
    assert len(rows) == (n // cfg.batch_size) * cfg.batch_size


@pytest.mark.parametrize("name", ["xor", "spiral", "circle"])
def test_classification_presets_fit(name):
    s = Session(get_preset(name).config)
    s.run(2500)
    snap = s.snapshot()
    assert snap.train_accuracy >= 0.95
    assert snap.test_accuracy >= 0.85


def test_no_bias_cannot_fit_the_circle_but_bias_can():
    no_bias = Session(get_preset("circle-no-bias").config)
    no_bias.run(1000)
    with_bias = Session(get_preset("circle-no-bias").config.replace(bias=True))
    with_bias.run(1000)
    assert no_bias.snapshot().train_accuracy < 0.75 < 0.95 <= with_bias.snapshot().train_accuracy
    assert all(p.kind == "weight" for p in no_bias.snapshot().params)


def test_vanishing_preset_has_tiny_first_layer_gradients():
    s = Session(get_preset("vanishing").config)
    s.step()
    norms = [p.grad_norm for p in s.snapshot().params if p.kind == "weight"]
    assert norms[0] < 1e-8 * max(norms[-1], 1e-30) or norms[0] < 1e-10


def test_session_gradient_check_agrees():
    for name in ("tutorial", "xor", "clusters", "sine"):
        s = Session(get_preset(name).config)
        s.run(3)
        before = [p.grad.copy() for p in s.snapshot().params]
        result = s.check_gradients()
        assert result.ok, (name, result)
        for p, g in zip(s.snapshot().params, before):
            np.testing.assert_array_equal(p.grad, g)


def test_every_preset_runs_a_few_steps():
    for name, preset in presets().items():
        s = Session(preset.config)
        try:
            s.run(3)
        except TrainingDiverged:
            assert name == "exploding"
        snap = s.snapshot()
        assert snap.prediction is not None
        assert len(snap.params) >= 2


def test_prediction_map_shapes():
    s = Session(ExperimentConfig(dataset="sine", loss="mse", hidden=(4,)))
    assert s.snapshot().prediction.ndim == 1
    s = Session(get_preset("clusters").config)
    p = s.snapshot().prediction
    assert p.ndim == 2 and np.all((p >= 0) & (p <= 1))


def test_train_and_test_loss_of_a_step_use_the_same_weights():
    """Step N's test loss is measured before the update, like its training loss (else every run
    starts with a test loss far below the training loss)."""
    cfg = get_preset("spiral").config.replace(batch_size=None)
    fresh = Session(cfg)
    before = fresh.evaluate_test()
    s = Session(cfg)
    s.step()
    assert s.last_test_loss == pytest.approx(before, rel=1e-12)
    assert s.last_test_loss != pytest.approx(s.evaluate_test(), rel=1e-6)  # the update moved it


# ---------------------------------------------------------------------- divergence (issue 12)
def test_a_loss_that_explodes_but_stays_finite_has_diverged():
    """he-deep at alpha 50: 0.69, 30.9, 3.1e10, ... 1.06e114 at step 5, all finite."""
    s = Session(get_preset("he-deep").config.replace(alpha=50.0))
    with pytest.raises(TrainingDiverged) as e:
        s.run(20)
    assert e.value.step == s.step_count == 3
    assert np.isfinite(s.last_loss) and s.last_loss > 1e6 * s.losses[0]
    msg = str(e.value)
    assert "Diverged at step 3" in msg and "times its first value" in msg and "layer" in msg
    assert e.value.where.startswith("layer ")
    with pytest.raises(TrainingDiverged):  # paused for good, as after a NaN
        s.step()


def test_a_loss_past_1e30_has_diverged_even_at_the_first_step():
    cfg = get_preset("exploding").config
    s = Session(cfg)
    for lin in s.linears:
        lin.weight.data *= 1e4  # the first loss is already astronomical
    with pytest.raises(TrainingDiverged, match="past 1e\\+30") as e:
        s.step()
    assert e.value.step == 1 and e.value.where.startswith("layer ")


DIVERGING = [(name, alpha, init) for name in ("tutorial", "book", "xor", "circle-no-bias", "he-deep",
                                              "exploding", "sine", "clusters", "accumulate", "spiral")
             for alpha in (10.0, 100.0) for init in ("large", "he")]


def test_every_diverged_run_names_a_layer():
    """Presets x large learning rates x large init: the message always names the layer (never
    'the loss'), the step it stopped at, and no numpy warning escapes."""
    diverged = 0
    for name, alpha, init in DIVERGING:
        s = Session(get_preset(name).config.replace(alpha=alpha, init=init, max_steps=None))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                s.run(300)
            except TrainingDiverged as e:
                diverged += 1
                assert e.step == s.step_count, (name, alpha, init)
                assert re.fullmatch(r"layer \d+ \(.+\)", e.where), (name, alpha, init, e.where)
                assert f"step {e.step}:" in str(e) and e.where in str(e)
            s.snapshot()
    assert diverged >= 25  # (Adam on spiral and clusters survives some)


def test_the_layer_named_is_the_first_to_overflow():
    s = Session(get_preset("tutorial").config)
    s.step()
    s.linears[1].weight.data[:] = 1e300  # layer 2's output overflows; layer 1 is healthy
    with pytest.raises(TrainingDiverged) as e:
        s.step()
    assert e.value.where.startswith("layer 2 ("), e.value.where


def test_shipped_presets_train_without_a_false_divergence():
    for name, preset in presets().items():
        if name == "exploding":
            continue
        s = Session(preset.config)
        s.run(preset.config.max_steps or 400)  # raises if it diverged


def test_a_diverged_snapshot_warns_about_nothing():
    s = Session(get_preset("circle-no-bias").config.replace(alpha=100.0))
    with pytest.raises(TrainingDiverged):
        s.run(300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        snap = s.snapshot()
    assert snap.diverged


def test_without_history_the_session_keeps_no_loss():
    s = Session(get_preset("xor").config, keep_history=False)
    s.run(50)
    assert len(s.losses) == len(s.test_losses) == 0 and s.last_loss is not None
