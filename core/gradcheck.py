"""Numerical gradient checking by central finite differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .tensor import Tensor, no_grad

__all__ = ["numerical_grad", "GradCheckResult", "check_gradients"]


def numerical_grad(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, perturbing ``x`` in place (restored afterwards)."""
    grad = np.zeros(x.shape, dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        fp = f()
        x[i] = old - eps
        fm = f()
        x[i] = old
        grad[i] = (fp - fm) / (2 * eps)
    return grad


@dataclass(frozen=True)
class GradCheckResult:
    """Largest relative error between analytic and numerical gradients, per tensor."""

    errors: tuple[float, ...]
    tolerance: float

    @property
    def max_error(self) -> float:
        return max(self.errors, default=0.0)

    @property
    def ok(self) -> bool:
        return self.max_error <= self.tolerance


def _rel_error(a: np.ndarray, b: np.ndarray) -> float:
    denom = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return float(np.max(np.abs(a - b) / denom)) if a.size else 0.0


def check_gradients(loss_fn: Callable[[], Tensor], params: Sequence[Tensor],
                    eps: float = 1e-6, tolerance: float = 1e-5) -> GradCheckResult:
    """Compare ``backward`` against finite differences for each tensor in ``params``.

    ``loss_fn`` builds the graph from ``params`` and returns a tensor; its sum is the
    scalar being differentiated. Existing ``.grad`` values are left as they were.
    """
    saved = [p.grad for p in params]
    for p in params:
        p.grad = None
    out = loss_fn()
    out.backward(Tensor(np.ones_like(out.data, dtype=float)))
    analytic = [np.zeros(p.data.shape) if p.grad is None else p.grad.data.copy() for p in params]
    for p, g in zip(params, saved):
        p.grad = g

    def f() -> float:
        with no_grad():
            return float(np.sum(loss_fn().data))

    errors = tuple(_rel_error(a, numerical_grad(f, p.data, eps)) for a, p in zip(analytic, params))
    return GradCheckResult(errors, tolerance)
