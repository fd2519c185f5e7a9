"""Losses, gradients and optimizer steps agree with PyTorch (float64)."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import SGD, Adam, Linear, ReLU, Sequential, Sigmoid, Tanh, Tensor

if importlib.util.find_spec("torch") is None:
    pytest.skip("torch is not installed", allow_module_level=True)

# Imported by the fixture below when these tests run, not at collection: once torch is loaded
# every later test's teardown (conftest's scan of gc objects for QThreads) gets ~10x slower.
torch: Any = None

# conftest's QThread scan trips over a deprecated torch attribute; not ours to fix here
pytestmark = pytest.mark.filterwarnings("ignore:.*reduce_op.*:FutureWarning")


@pytest.fixture(autouse=True, scope="module")
def _torch():
    """Import torch; one thread, since these tensors are tiny (its pool costs ~15x on 2 busy cores)."""
    global torch
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


GRAD_RTOL = 1e-10
STEP_RTOL = 1e-9
ACTIVATIONS = {"relu": (ReLU, lambda h: torch.relu(h)), "tanh": (Tanh, lambda h: torch.tanh(h)),
               "sigmoid": (Sigmoid, lambda h: torch.sigmoid(h)), "none": (None, None)}


def tt(a: np.ndarray, grad: bool = False):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64, requires_grad=grad)


class Net:
    """The same MLP in both engines, from the same weights."""

    def __init__(self, sizes, activation, bias, seed):
        rng = np.random.default_rng(seed)
        self.activation = activation
        self.weights = [rng.standard_normal((i, o)) * np.sqrt(2.0 / i) for i, o in zip(sizes[:-1], sizes[1:])]
        self.biases = [rng.standard_normal(o) * 0.5 if bias else None for o in sizes[1:]]
        act_layer, self.torch_act = ACTIVATIONS[activation]
        layers = []
        for k, (w, b) in enumerate(zip(self.weights, self.biases)):
            lin = Linear(*w.shape, bias=b is not None, weight=w.copy())
            if b is not None:
                lin.bias.data[:] = b
            layers.append(lin)
            if act_layer is not None and k < len(self.weights) - 1:
                layers.append(act_layer())
        self.ours = Sequential(layers)
        self.torch_params = []
        for w, b in zip(self.weights, self.biases):
            self.torch_params.append(tt(w, grad=True))
            if b is not None:
                self.torch_params.append(tt(b, grad=True))

    def torch_forward(self, x):
        h = x
        params = iter(self.torch_params)
        for k, b in enumerate(self.biases):
            h = h @ next(params)
            if b is not None:
                h = h + next(params)
            if self.torch_act is not None and k < len(self.biases) - 1:
                h = self.torch_act(h)
        return h


def our_loss(kind, pred: Tensor, target: np.ndarray) -> Tensor:
    if kind == "mse":
        diff = pred - Tensor(target)
        return (diff * diff).sum(0)
    return pred.mean_cross_entropy(Tensor(target))


def torch_loss(kind, pred, target: np.ndarray):
    if kind == "mse":
        return ((pred - tt(target)) ** 2).sum(0)
    return torch.nn.functional.cross_entropy(pred, torch.tensor(target, dtype=torch.long))


def make_problem(sizes, loss, batch, seed):
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal((batch, sizes[0]))
    if loss == "mse":
        y = rng.standard_normal((batch, sizes[-1]))
    else:
        y = rng.integers(0, sizes[-1], batch)
    return x, y


net_cases = st.fixed_dictionaries({
    "sizes": st.lists(st.integers(1, 5), min_size=2, max_size=4),
    "activation": st.sampled_from(sorted(ACTIVATIONS)),
    "bias": st.booleans(),
    "loss": st.sampled_from(["mse", "ce"]),
    "batch": st.integers(1, 6),
    "seed": st.integers(0, 2**31),
})


@settings(max_examples=40, deadline=None)
@given(case=net_cases)
def test_loss_and_gradients_match_torch(case):
    net = Net(case["sizes"], case["activation"], case["bias"], case["seed"])
    x, y = make_problem(case["sizes"], case["loss"], case["batch"], case["seed"])

    xo = Tensor(x, autograd=True)
    loss = our_loss(case["loss"], net.ours(xo), y)
    loss.backward(Tensor(np.ones_like(loss.data)))

    xt = tt(x, grad=True)
    tloss = torch_loss(case["loss"], net.torch_forward(xt), y)
    tloss.backward(torch.ones_like(tloss))

    np.testing.assert_allclose(loss.data, tloss.detach().numpy(), rtol=GRAD_RTOL, atol=1e-14)
    params = net.ours.get_parameters()
    assert len(params) == len(net.torch_params)
    for p, q in zip(params, net.torch_params):
        assert p.grad is not None
        np.testing.assert_allclose(p.grad.data, q.grad.numpy(), rtol=GRAD_RTOL, atol=1e-13)
    np.testing.assert_allclose(xo.grad.data, xt.grad.numpy(), rtol=GRAD_RTOL, atol=1e-13)


def _train_both(case, make_ours, make_torch, steps):
    net = Net(case["sizes"], case["activation"], case["bias"], case["seed"])
    x, y = make_problem(case["sizes"], case["loss"], case["batch"], case["seed"])
    params = net.ours.get_parameters()
    initial = [p.data.copy() for p in params]
    opt = make_ours(params)
    topt = make_torch(net.torch_params)
    any_grad = False
    for _ in range(steps):
        loss = our_loss(case["loss"], net.ours(Tensor(x)), y)
        loss.backward(Tensor(np.ones_like(loss.data)))
        any_grad = any_grad or any(np.any(p.grad.data != 0) for p in params)
        opt.step()
        topt.zero_grad()
        tloss = torch_loss(case["loss"], net.torch_forward(tt(x)), y)
        tloss.backward(torch.ones_like(tloss))
        topt.step()
        np.testing.assert_allclose(loss.data, tloss.detach().numpy(), rtol=STEP_RTOL, atol=1e-13)
    for p, q in zip(params, net.torch_params):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=STEP_RTOL, atol=1e-12)
    if any_grad:  # (a one-class cross-entropy or a dead ReLU net has none)
        assert any(not np.array_equal(p.data, w0) for p, w0 in zip(params, initial))


# name -> (ours, torch's), each made from (parameters, learning rate)
OPTIMIZERS = {
    "sgd": (lambda ps, lr: SGD(ps, alpha=lr), lambda ps, lr: torch.optim.SGD(ps, lr=lr)),
    "momentum": (lambda ps, lr: SGD(ps, alpha=lr, momentum=0.9),
                 lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9, dampening=0)),
    "adam": (lambda ps, lr: Adam(ps, alpha=lr, beta1=0.9, beta2=0.999, eps=1e-8),
             lambda ps, lr: torch.optim.Adam(ps, lr=lr, betas=(0.9, 0.999), eps=1e-8)),
    "adam-odd": (lambda ps, lr: Adam(ps, alpha=lr, beta1=0.5, beta2=0.9, eps=1e-6),
                 lambda ps, lr: torch.optim.Adam(ps, lr=lr, betas=(0.5, 0.9), eps=1e-6)),
}


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
@settings(max_examples=15, deadline=None)
@given(case=net_cases)
def test_training_steps_match_torch(optimizer, case):
    make_ours, make_torch = OPTIMIZERS[optimizer]
    lr = 0.01
    _train_both(case, lambda ps: make_ours(ps, lr), lambda ps: make_torch(ps, lr), steps=5)


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_longer_training_matches_torch(optimizer):
    make_ours, make_torch = OPTIMIZERS[optimizer]
    for activation, loss in [("tanh", "mse"), ("relu", "ce"), ("sigmoid", "ce")]:
        case = {"sizes": [3, 8, 6, 4], "activation": activation, "bias": True, "loss": loss, "batch": 16,
                "seed": 5}
        lr = 0.002 if loss == "mse" else 0.05  # the summed MSE over 16 rows needs a small step
        _train_both(case, lambda ps, lr=lr: make_ours(ps, lr), lambda ps, lr=lr: make_torch(ps, lr), steps=25)


# ---------------------------------------------------------------------- single ops against torch

OPS = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
}


BROADCAST_SHAPES = [((4, 3), (3,)), ((4, 1), (1, 3)), ((3,), (4, 3)), ((2, 1, 3), (4, 1)), ((), (2, 2)),
                    ((2, 2), ())]


@pytest.mark.parametrize("op", sorted(OPS))
def test_broadcasting_ops_match_torch(op):
    rng = np.random.default_rng(0)
    ours_fn, torch_fn = OPS[op]
    for sa, sb in BROADCAST_SHAPES:
        a = rng.standard_normal(sa)
        b = rng.uniform(0.5, 2.0, sb)
        ao, bo = Tensor(a, autograd=True), Tensor(b, autograd=True)
        out = ours_fn(ao, bo)
        upstream = rng.standard_normal(out.data.shape)
        out.backward(Tensor(upstream))
        at, bt = tt(a, grad=True), tt(b, grad=True)
        tout = torch_fn(at, bt)
        tout.backward(tt(upstream))
        msg = f"{op} {sa} {sb}"
        np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-15, err_msg=msg)
        np.testing.assert_allclose(ao.grad.data, at.grad.numpy(), rtol=1e-13, atol=1e-15, err_msg=msg)
        np.testing.assert_allclose(bo.grad.data, bt.grad.numpy(), rtol=1e-13, atol=1e-15, err_msg=msg)


UNARY = {
    "sigmoid": (lambda t: t.sigmoid(), lambda t: torch.sigmoid(t)),
    "tanh": (lambda t: t.tanh(), lambda t: torch.tanh(t)),
    "relu": (lambda t: t.relu(), lambda t: torch.relu(t)),
    "softmax": (lambda t: t.softmax(), lambda t: torch.softmax(t, dim=-1)),
    "neg": (lambda t: -t, lambda t: -t),
    "transpose": (lambda t: t.transpose(), lambda t: t.T),
    "sum0": (lambda t: t.sum(0), lambda t: t.sum(0)),
    "sum1": (lambda t: t.sum(1), lambda t: t.sum(1)),
    "expand0": (lambda t: t.expand(0, 3), lambda t: t.unsqueeze(0).repeat(3, 1, 1)),
    "expand2": (lambda t: t.expand(2, 2), lambda t: t.unsqueeze(2).repeat(1, 1, 2)),
    "mm_self": (lambda t: t.mm(t.transpose()), lambda t: t @ t.T),
    "index_select": (lambda t: t.index_select(Tensor(np.array([[3, 0], [3, 3]]))),
                     lambda t: t[torch.tensor([[3, 0], [3, 3]])]),
}


def test_unary_and_shape_ops_match_torch():
    rng = np.random.default_rng(1)
    for op, (ours_fn, torch_fn) in sorted(UNARY.items()):
        x = rng.standard_normal((4, 5)) * 3
        xo = Tensor(x, autograd=True)
        out = ours_fn(xo)
        upstream = rng.standard_normal(out.data.shape)
        out.backward(Tensor(upstream))
        xt = tt(x, grad=True)
        tout = torch_fn(xt)
        tout.backward(tt(upstream))
        np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-13, atol=1e-15, err_msg=op)
        np.testing.assert_allclose(xo.grad.data, xt.grad.numpy(), rtol=1e-12, atol=1e-14, err_msg=op)


def test_cross_entropy_matches_torch():
    rng = np.random.default_rng(2)
    for scale in [0.1, 1.0, 30.0]:
        z = rng.standard_normal((7, 4)) * scale
        t = rng.integers(0, 4, 7)
        zo = Tensor(z, autograd=True)
        loss = zo.mean_cross_entropy(Tensor(t))
        loss.backward(Tensor(np.array(2.5)))
        zt = tt(z, grad=True)
        tloss = torch.nn.functional.cross_entropy(zt, torch.tensor(t, dtype=torch.long))
        (tloss * 2.5).backward()
        np.testing.assert_allclose(float(loss.data), tloss.item(), rtol=1e-13)
        np.testing.assert_allclose(zo.grad.data, zt.grad.numpy(), rtol=1e-12, atol=1e-15)
