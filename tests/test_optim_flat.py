"""The optimizers' flat fast path (one numpy operation on all parameters at once, when they are
views of one flat array, as the session lays them out): bit for bit the same numbers as stepping
parameter by parameter, and it steps aside by itself when a tensor's array is replaced."""

from __future__ import annotations

import numpy as np
import pytest

from core import optim
from core.optim import SGD, Adam
from core.presets import get_preset
from core.recorder import Recorder
from core.session import Session
from core.tensor import Tensor

SHAPES = [(3, 4), (4,), (4, 2), (2,)]
MAKERS = {"sgd": lambda ps: SGD(ps, alpha=0.05), "momentum": lambda ps: SGD(ps, alpha=0.05, momentum=0.9),
          "adam": lambda ps: Adam(ps, alpha=0.01)}


def _params(seed: int) -> list[Tensor]:
    rng = np.random.default_rng(seed)
    return [Tensor(rng.standard_normal(s), autograd=True) for s in SHAPES]


def _set_grads(params: list[Tensor], rng: np.random.Generator) -> None:
    for p in params:
        g = rng.standard_normal(p.data.shape) * 10.0 ** rng.integers(-8, 3)
        if p.grad is None:
            p.grad = Tensor(g.copy())
        else:
            p.grad.data[...] = g  # in place, as backward accumulates


def _flatten(params: list[Tensor], opt) -> np.ndarray:
    """The session's layout: values, gradients, buffers, each tensor a view of its piece."""
    n = sum(p.data.size for p in params)
    sets = len(opt.buffers()) // len(params)
    live = np.empty((2 + sets) * n)
    at = 0

    def adopt(a):
        nonlocal at
        view = live[at:at + a.size].reshape(a.shape)
        view[...] = a
        at += a.size
        return view

    for p in params:
        p.data = adopt(p.data)
    for p in params:
        p.grad.data = adopt(p.grad.data)
    opt.use_buffers([adopt(b) for b in opt.buffers()])
    opt.use_flat(live[:n], live[n:2 * n], [live[k * n:(k + 1) * n] for k in range(2, 2 + sets)])
    return live


@pytest.mark.parametrize("kind", list(MAKERS))
def test_the_flat_step_is_bit_for_bit_the_step_parameter_by_parameter(kind: str) -> None:
    plain, flat = _params(1), _params(1)
    o_plain, o_flat = MAKERS[kind](plain), MAKERS[kind](flat)
    rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
    for step in range(60):
        _set_grads(plain, rng_a)
        _set_grads(flat, rng_b)
        if step == 1:  # (momentum's velocity exists after each parameter's first step)
            _flatten(flat, o_flat)
            assert o_flat._flat is not None
        o_plain.step(zero=step % 3 == 0)
        o_flat.step(zero=step % 3 == 0)
        for a, b in zip(plain, flat):
            assert a.data.tobytes() == b.data.tobytes()
            assert a.grad.data.tobytes() == b.grad.data.tobytes()
    assert o_flat._flat is not None  # it was the flat path all along
    for x, y in zip(o_plain.get_state().buffers, o_flat.get_state().buffers):
        assert all(a.tobytes() == b.tobytes() for a, b in zip(x, y))


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_replaced_array_ends_the_flat_path_and_nothing_is_lost(kind: str) -> None:
    plain, flat = _params(2), _params(2)
    o_plain, o_flat = MAKERS[kind](plain), MAKERS[kind](flat)
    for ps, o in ((plain, o_plain), (flat, o_flat)):
        _set_grads(ps, np.random.default_rng(3))
        o.step(zero=False)
    _flatten(flat, o_flat)
    flat[2].data = flat[2].data.copy()  # no longer a view: the flat step would miss it
    for ps, o in ((plain, o_plain), (flat, o_flat)):
        ps[2].data += 1.0
        o.step(zero=False)
    assert o_flat._flat is None
    for a, b in zip(plain, flat):
        assert a.data.tobytes() == b.data.tobytes()


def test_flat_arrays_that_are_not_the_tensors_own_are_refused() -> None:
    ps = _params(4)
    _set_grads(ps, np.random.default_rng(0))
    opt = SGD(ps, alpha=0.1)
    n = sum(p.data.size for p in ps)
    with pytest.raises(ValueError):
        opt.use_flat(np.zeros(n), np.zeros(n))  # copies, not views: stepping them would change nothing
    with pytest.raises(ValueError):
        Adam(ps).use_flat(np.zeros(n), np.zeros(n), [np.zeros(n)])


@pytest.mark.parametrize("preset,optimizer", [("tutorial", "sgd"), ("xor", "momentum"), ("spiral", "adam")])
def test_sessions_train_the_same_with_and_without_the_flat_path(monkeypatch, preset, optimizer) -> None:
    cfg = get_preset(preset).config
    cfg = cfg.replace(max_steps=None, optimizer=optimizer,
                      batch_size=3 if preset == "xor" else cfg.batch_size)

    def run(health: bool) -> list[float]:
        s = Session(cfg, recorder=Recorder() if health else None, health=health)
        s.run(40)
        state = s.state()
        s.run(20)
        s.restore(state)  # a restore replaces the optimizer's buffers: the flat path must follow
        s.run(30)
        used.append(s.optimizer._flat is not None)
        return list(s.losses)

    used: list[bool] = []

    fast = {h: run(h) for h in (False, True)}
    monkeypatch.setattr(optim.SGD, "use_flat", lambda self, *a: None)
    monkeypatch.setattr(optim.Adam, "use_flat", lambda self, *a: None)
    slow = run(False)
    assert used == [True, True, False]
    assert fast[False] == slow and fast[True] == slow
