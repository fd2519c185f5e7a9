"""Optimizers. ``SGD`` behaves exactly as the tutorial's; momentum and Adam are extras."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tensor import Tensor

__all__ = ["SGD", "Adam", "OptimizerState", "adam_moments"]


@dataclass(frozen=True)
class OptimizerState:
    """What an optimizer carries from step to step, as plain copies (no pickle needed to save it).

    ``buffers`` holds one tuple of arrays per kind of buffer, each with one entry per parameter:
    SGD with momentum ``(velocity,)`` (an entry is None until that parameter's first step), Adam
    ``(m, v)``, plain SGD ``()``. ``t`` is Adam's step count (0 for SGD).
    """

    kind: str  # "sgd" or "adam"
    t: int
    buffers: tuple[tuple[np.ndarray | None, ...], ...]


def _copies(arrays: Sequence[np.ndarray | None]) -> tuple[np.ndarray | None, ...]:
    return tuple(None if a is None else a.copy() for a in arrays)


def _check_buffers(state: OptimizerState, kind: str, n_buffers: int, parameters: list[Tensor]) -> None:
    if state.kind != kind or len(state.buffers) != n_buffers:
        raise ValueError(f"an optimizer state of kind {state.kind!r} does not fit {kind!r}")
    for buf in state.buffers:
        if len(buf) != len(parameters) or any(
                a is not None and a.shape != p.data.shape for a, p in zip(buf, parameters)):
            raise ValueError("the optimizer state's shapes do not fit the parameters")


class _Flat:
    """The parameters' values, their gradients and the optimizer's buffers as consecutive pieces
    of flat arrays (each tensor's array a view of its piece; see :meth:`SGD.use_flat`), so that a
    step is a few numpy operations on them instead of a few per parameter: elementwise, the
    same arithmetic in the same order, so bit for bit the same numbers. It serves only while
    every tensor still holds its view: one whose array was replaced ends it."""

    __slots__ = ("values", "grads", "buffers", "_views")

    def __init__(self, parameters: Sequence[Tensor], values: np.ndarray, grads: np.ndarray,
                 buffers: Sequence[np.ndarray]) -> None:
        n = sum(p.data.size for p in parameters)
        if values.shape != (n,) or grads.shape != (n,) or any(b.shape != (n,) for b in buffers):
            raise ValueError("flat arrays must each hold every parameter's numbers")
        if any(p.grad is None or not np.shares_memory(p.data, values)
               or not np.shares_memory(p.grad.data, grads) for p in parameters):
            raise ValueError("each parameter's array and gradient must be views of the flat arrays")
        self.values, self.grads, self.buffers = values, grads, tuple(buffers)
        # each tensor, its array, its gradient Tensor and that one's array (``p.grad`` made the
        # gradient a Tensor: a leaf's stays one)
        self._views = [(p, p.data, p.grad, p.grad.data) for p in parameters]  # type: ignore[union-attr]

    def holds(self) -> bool:
        """True while every tensor still holds its views (a few identity checks a step)."""
        for p, data, grad, grad_data in self._views:
            if p.data is not data or p._grad is not grad or grad.data is not grad_data:
                return False
        return True


def _sgd_update(value: np.ndarray, g: np.ndarray, v: np.ndarray | None, alpha: float,
                momentum: float) -> None:
    """SGD's step of one parameter, or of all of them at once on the flat arrays, in place:
    ``value -= alpha * g``, or with momentum ``v = momentum * v + g`` (in place: the same two
    roundings) and ``value -= alpha * v``."""
    if momentum:
        assert v is not None
        v *= momentum
        v += g
        value -= v * alpha
    else:
        value -= g * alpha


class _Optimizer:
    """What SGD and Adam share: zeroing the gradients, and the flat arrays' fast path."""

    parameters: list[Tensor]
    _flat: _Flat | None

    def _flat_step(self) -> _Flat | None:
        """The flat arrays, while every tensor still holds its view of them."""
        flat = self._flat
        if flat is not None and not flat.holds():
            flat = self._flat = None
        return flat

    def zero(self) -> None:
        flat = self._flat_step()
        if flat is not None:
            flat.grads.fill(0)
            return
        for p in self.parameters:
            if p.grad is not None:
                p.grad.data.fill(0)  # (*= 0 would keep NaN and turn inf into NaN)


class SGD(_Optimizer):
    """``p -= alpha * grad``; with ``momentum`` > 0, heavy-ball momentum.

    ``step(zero=True)`` zeroes the gradients after the update, as in the tutorial;
    ``step(zero=False)`` leaves them, so the next ``backward`` adds to them.
    """

    def __init__(self, parameters: Sequence[Tensor], alpha: float = 0.1,
                 momentum: float = 0.0) -> None:
        self.parameters = list(parameters)
        self.alpha = alpha
        self.momentum = momentum
        self._velocity: list[np.ndarray | None] = [None] * len(self.parameters)
        self._flat: _Flat | None = None

    def use_flat(self, values: np.ndarray, grads: np.ndarray, buffers: Sequence[np.ndarray] = ()) -> None:
        """Step on flat arrays from now on (faster: a few numpy operations instead of a few per
        parameter): ``values`` and ``grads`` hold every parameter's numbers and gradients in
        order, and each parameter's array and gradient array are views of their pieces; with
        momentum, ``buffers`` is the velocity, flat, whose pieces are the live velocity arrays
        (see :meth:`use_buffers`). It ends by itself when a tensor's array is replaced."""
        if len(buffers) != (1 if self.momentum else 0) or any(
                v is None or not np.shares_memory(v, buffers[0]) for v in self.buffers()):
            raise ValueError("the flat buffers do not fit this optimizer")
        self._flat = _Flat(self.parameters, values, grads, buffers)

    def step(self, zero: bool = True) -> None:
        alpha, momentum = self.alpha, self.momentum
        flat = self._flat_step()
        if flat is not None:
            _sgd_update(flat.values, flat.grads, flat.buffers[0] if momentum else None, alpha, momentum)
            if zero:
                flat.grads.fill(0)
            return
        for i, p in enumerate(self.parameters):
            grad = p.grad
            if grad is None:
                continue
            g = grad.data
            v = self._velocity[i]
            if momentum and v is None:  # a parameter's first step: v = g
                self._velocity[i] = g.copy()
                p.data -= g * alpha
            else:
                _sgd_update(p.data, g, v, alpha, momentum)
            if zero:
                g.fill(0)

    def buffers(self) -> list[np.ndarray | None]:
        """The live velocity arrays (empty without momentum); updated in place by ``step``."""
        return list(self._velocity) if self.momentum else []

    def use_buffers(self, arrays: Sequence[np.ndarray]) -> None:
        """Go on with ``arrays`` (holding the same values) as the live buffers."""
        self._flat = None
        if self.momentum:
            self._velocity = list(arrays)

    def get_state(self) -> OptimizerState:
        return OptimizerState("sgd", 0, (_copies(self._velocity),) if self.momentum else ())

    def set_state(self, state: OptimizerState) -> None:
        _check_buffers(state, "sgd", 1 if self.momentum else 0, self.parameters)
        self._flat = None
        if self.momentum:
            self._velocity = list(_copies(state.buffers[0]))


def adam_moments(m: np.ndarray, v: np.ndarray, g: np.ndarray, beta1: float, beta2: float) -> None:
    """Adam's moments after a step with gradient ``g``, in place. (The recorder rebuilds
    recorded moments with it: the same arithmetic in the same order, so bit for bit.)"""
    m *= beta1
    m += (1.0 - beta1) * g
    v *= beta2
    v += (1.0 - beta2) * g * g


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015) with bias correction; same ``zero``/``step`` interface."""

    def __init__(self, parameters: Sequence[Tensor], alpha: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8) -> None:
        self.parameters = list(parameters)
        self.alpha = alpha
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0
        self._m = [np.zeros_like(p.data, dtype=float) for p in self.parameters]
        self._v = [np.zeros_like(p.data, dtype=float) for p in self.parameters]
        self._flat: _Flat | None = None

    def use_flat(self, values: np.ndarray, grads: np.ndarray, buffers: Sequence[np.ndarray]) -> None:
        """As :meth:`SGD.use_flat`; ``buffers``: m and v, flat."""
        n = len(self.parameters)
        if len(buffers) != 2 or any(not np.shares_memory(a, buffers[k // n])
                                    for k, a in enumerate(self.buffers())):
            raise ValueError("the flat buffers do not fit this optimizer")
        self._flat = _Flat(self.parameters, values, grads, buffers)

    def step(self, zero: bool = True) -> None:
        self.t += 1
        c1 = 1.0 - self.beta1 ** self.t
        c2 = 1.0 - self.beta2 ** self.t
        flat = self._flat_step()
        if flat is not None:
            m, v = flat.buffers
            self._update(flat.values, m, v, flat.grads, c1, c2)
            if zero:
                flat.grads.fill(0)
            return
        for p, m, v in zip(self.parameters, self._m, self._v):
            if p.grad is None:
                continue
            g = p.grad.data
            self._update(p.data, m, v, g, c1, c2)
            if zero:
                g.fill(0)

    def _update(self, value: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, c1: float,
                c2: float) -> None:
        """One parameter's step, or all of them at once on the flat arrays: in place."""
        adam_moments(m, v, g, self.beta1, self.beta2)
        value -= self.alpha * (m / c1) / (np.sqrt(v / c2) + self.eps)

    def buffers(self) -> list[np.ndarray]:
        """The live moment arrays, m then v; updated in place by ``step``."""
        return self._m + self._v

    def use_buffers(self, arrays: Sequence[np.ndarray]) -> None:
        """Go on with ``arrays`` (holding the same values: m, then v) as the live buffers."""
        n = len(self.parameters)
        self._flat = None
        self._m, self._v = list(arrays[:n]), list(arrays[n:])

    def get_state(self) -> OptimizerState:
        return OptimizerState("adam", self.t, (_copies(self._m), _copies(self._v)))

    def set_state(self, state: OptimizerState) -> None:
        _check_buffers(state, "adam", 2, self.parameters)
        self._flat = None
        self.t = int(state.t)
        self._m = [np.array(a, dtype=float) for a in state.buffers[0]]
        self._v = [np.array(a, dtype=float) for a in state.buffers[1]]
