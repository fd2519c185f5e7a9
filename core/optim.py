"""Optimizers. ``SGD`` behaves exactly as the tutorial's; momentum and Adam are extras."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .tensor import Tensor

__all__ = ["SGD", "Adam"]


class SGD:
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

    def zero(self) -> None:
        for p in self.parameters:
            if p.grad is not None:
                p.grad.data.fill(0)  # (*= 0 would keep NaN and turn inf into NaN)

    def step(self, zero: bool = True) -> None:
        alpha, momentum = self.alpha, self.momentum
        for i, p in enumerate(self.parameters):
            grad = p.grad
            if grad is None:
                continue
            g = grad.data
            if momentum:
                v = self._velocity[i]
                v = g.copy() if v is None else momentum * v + g
                self._velocity[i] = v
                p.data -= v * alpha
            else:
                p.data -= g * alpha
            if zero:
                g.fill(0)


class Adam:
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

    def zero(self) -> None:
        for p in self.parameters:
            if p.grad is not None:
                p.grad.data.fill(0)  # (*= 0 would keep NaN and turn inf into NaN)

    def step(self, zero: bool = True) -> None:
        self.t += 1
        c1 = 1.0 - self.beta1 ** self.t
        c2 = 1.0 - self.beta2 ** self.t
        for p, m, v in zip(self.parameters, self._m, self._v):
            if p.grad is None:
                continue
            g = p.grad.data
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p.data -= self.alpha * (m / c1) / (np.sqrt(v / c2) + self.eps)
            if zero:
                g.fill(0)
