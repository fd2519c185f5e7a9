"""Reproducing the tutorial: its printed losses, its weights, and its engine's gradients."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from core import SGD, Linear, Sequential, Tensor
from core.init import init_weights

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference"
EXPECTED_FILE = REFERENCE_DIR / "blog_run.expected.txt"
ENGINE_FILE = REFERENCE_DIR / "blog_engine.py"

# The ten losses the tutorial prints (numpy's default 8-digit printing).
TUTORIAL_LOSSES_TEXT = ["4.33222765", "0.06584977", "0.01869537", "0.01068846", "0.00609207",
                        "0.00360451", "0.00210719", "0.00126275", "0.00075884", "0.00046488"]
BOOK_FIRST_LOSS = "2.33428272"

DATA = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
TARGET = np.array([[0], [1], [0], [1]])


def _expected_texts() -> list[str]:
    if not EXPECTED_FILE.exists():
        return TUTORIAL_LOSSES_TEXT
    texts = re.findall(r"\[\s*([-+0-9.eE]+)\s*\]", EXPECTED_FILE.read_text())
    assert len(texts) == 10, f"unexpected format of {EXPECTED_FILE}"
    return texts


def _as_printed(x: float) -> str:
    """A one-element loss as the tutorial's ``print(loss)`` shows it (numpy's default 8 digits)."""
    return np.array2string(np.array([x]), precision=8, floatmode="maxprec")[1:-1].strip()


def _train_tutorial(weights, steps: int = 10) -> list[float]:
    model = Sequential([Linear(2, 3, weight=weights[0]), Linear(3, 1, weight=weights[1])])
    data = Tensor(DATA, autograd=True)
    target = Tensor(TARGET, autograd=True)
    optim = SGD(parameters=model.get_parameters(), alpha=0.05)
    losses = []
    for _ in range(steps):
        pred = model.forward(data)
        loss = ((pred - target) * (pred - target)).sum(0)
        loss.backward(Tensor(np.ones_like(loss.data)))
        optim.step()
        assert loss.data.shape == (1,)
        losses.append(float(loss.data[0]))
    return losses


@pytest.fixture
def blog():
    """The tutorial's engine, imported from its file; numpy's global random state is restored after."""
    if not ENGINE_FILE.exists():
        pytest.skip(f"{ENGINE_FILE} not found")
    spec = importlib.util.spec_from_file_location("_gp_blog_engine_reference", ENGINE_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    state = np.random.get_state()
    yield module
    np.random.set_state(state)


# ---------------------------------------------------------------------- the printed losses

def test_expected_file_agrees_with_the_hard_coded_numbers():
    if not EXPECTED_FILE.exists():
        pytest.skip(f"{EXPECTED_FILE} not found")
    assert _expected_texts() == TUTORIAL_LOSSES_TEXT


def test_tutorial_losses_to_eight_digits():
    expected_text = _expected_texts()
    losses = _train_tutorial(init_weights("tutorial", [2, 3, 1], seed=1))
    assert [_as_printed(x) for x in losses] == expected_text
    np.testing.assert_allclose(losses, [float(t) for t in expected_text], rtol=0, atol=5.000001e-9)
    assert losses[-1] < losses[0] / 1000  # it learns


def test_book_first_loss():
    losses = _train_tutorial(init_weights("book", [2, 3, 1], seed=0), steps=3)
    assert _as_printed(losses[0]) == BOOK_FIRST_LOSS
    assert losses[2] < losses[1] < losses[0]


def test_a_different_seed_gives_different_losses():
    # guards against the reproduction passing for a reason unrelated to the weights
    losses = _train_tutorial(init_weights("tutorial", [2, 3, 1], seed=2), steps=2)
    assert _as_printed(losses[0]) != TUTORIAL_LOSSES_TEXT[0]


# ---------------------------------------------------------------------- against the tutorial's engine

def _blog_program(blog, steps: int):
    """blog_run.py, with the tutorial's engine: returns its initial weights and its losses."""
    np.random.seed(1)
    data = blog.Tensor(DATA, autograd=True)
    target = blog.Tensor(TARGET, autograd=True)
    blog.Tensor(np.array([[0.1, 0.2, 0.3], [0.2, 0.3, 0.4]]), autograd=True)
    blog.Tensor(np.array([[0.1], [0.2], [0.3]]), autograd=True)
    model = blog.Sequential([blog.Linear(2, 3), blog.Linear(3, 1)])
    initial = [layer.weight.data.copy() for layer in model.layers]
    optim = blog.SGD(parameters=model.get_parameters(), alpha=0.05)
    losses = []
    for _ in range(steps):
        pred = model.forward(data)
        loss = ((pred - target) * (pred - target)).sum(0)
        loss.backward(blog.Tensor(np.ones_like(loss.data)))
        optim.step()
        losses.append(float(loss.data[0]))
    return initial, losses


def test_tutorial_scheme_gives_the_tutorial_programs_weights_bit_for_bit(blog):
    initial, _ = _blog_program(blog, steps=0)
    ours = init_weights("tutorial", [2, 3, 1], seed=1)
    assert len(ours) == len(initial)
    for a, b in zip(ours, initial):
        assert a.shape == b.shape
        assert a.tobytes() == b.tobytes()


def test_full_precision_losses_match_the_tutorial_engine(blog):
    _, theirs = _blog_program(blog, steps=10)
    ours = _train_tutorial(init_weights("tutorial", [2, 3, 1], seed=1))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    assert [_as_printed(x) for x in theirs] == _expected_texts()


def _their_net(blog, weights, biases):
    layers = []
    for w, b in zip(weights, biases):
        layer = blog.Linear(*w.shape)
        layer.weight.data = w.copy()
        layer.bias.data = b.copy()
        layers.append(layer)
    return blog.Sequential(layers)


def _our_net(weights, biases):
    layers = []
    for w, b in zip(weights, biases):
        layer = Linear(*w.shape, weight=w.copy())
        layer.bias.data[:] = b
        layers.append(layer)
    return Sequential(layers)


@pytest.mark.parametrize("seed", range(4))
def test_gradients_match_the_tutorial_engine_2_4_4_1(blog, seed):
    rng = np.random.default_rng(seed)
    sizes = [2, 4, 4, 1]
    weights = [rng.standard_normal((i, o)) * np.sqrt(2.0 / i) for i, o in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal(o) * 0.1 for o in sizes[1:]]
    x = rng.standard_normal((5, 2))
    y = rng.standard_normal((5, 1))

    theirs = _their_net(blog, weights, biases)
    t_data = blog.Tensor(x, autograd=True)
    t_target = blog.Tensor(y, autograd=True)
    t_pred = theirs.forward(t_data)
    t_loss = ((t_pred - t_target) * (t_pred - t_target)).sum(0)
    t_loss.backward(blog.Tensor(np.ones_like(t_loss.data)))

    ours = _our_net(weights, biases)
    o_data = Tensor(x, autograd=True)
    o_target = Tensor(y, autograd=True)
    o_pred = ours.forward(o_data)
    o_loss = ((o_pred - o_target) * (o_pred - o_target)).sum(0)
    o_loss.backward(Tensor(np.ones_like(o_loss.data)))

    np.testing.assert_allclose(o_loss.data, t_loss.data, rtol=1e-12)
    their_params = theirs.get_parameters()
    our_params = ours.get_parameters()
    assert len(our_params) == len(their_params) == 6
    for ours_p, theirs_p in zip(our_params, their_params):
        assert ours_p.grad.data.shape == theirs_p.grad.data.shape
        assert np.any(theirs_p.grad.data != 0)
        np.testing.assert_allclose(ours_p.grad.data, theirs_p.grad.data, rtol=1e-12, atol=1e-15)
    # the inputs and targets were tracked too, as in the tutorial
    np.testing.assert_allclose(o_data.grad.data, t_data.grad.data, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(o_target.grad.data, t_target.grad.data, rtol=1e-12, atol=1e-15)


def test_training_trajectory_matches_the_tutorial_engine_2_4_4_1(blog):
    rng = np.random.default_rng(99)
    sizes = [2, 4, 4, 1]
    weights = [rng.standard_normal((i, o)) * np.sqrt(2.0 / i) for i, o in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros(o) for o in sizes[1:]]
    x = rng.standard_normal((6, 2))
    y = rng.standard_normal((6, 1))
    theirs = _their_net(blog, weights, biases)
    ours = _our_net(weights, biases)
    t_opt = blog.SGD(theirs.get_parameters(), alpha=0.01)
    o_opt = SGD(ours.get_parameters(), alpha=0.01)
    for _ in range(5):
        t_data, t_target = blog.Tensor(x, autograd=True), blog.Tensor(y, autograd=True)
        t_pred = theirs.forward(t_data)
        t_loss = ((t_pred - t_target) * (t_pred - t_target)).sum(0)
        t_loss.backward(blog.Tensor(np.ones_like(t_loss.data)))
        t_opt.step()
        o_pred = ours.forward(Tensor(x, autograd=True))
        o_loss = ((o_pred - Tensor(y, autograd=True)) * (o_pred - Tensor(y, autograd=True))).sum(0)
        o_loss.backward(Tensor(np.ones_like(o_loss.data)))
        o_opt.step()
        np.testing.assert_allclose(o_loss.data, t_loss.data, rtol=1e-12)
    for p, q in zip(ours.get_parameters(), theirs.get_parameters()):
        np.testing.assert_allclose(p.data, q.data, rtol=1e-12, atol=1e-15)
