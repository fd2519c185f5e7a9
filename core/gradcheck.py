"""Numerical gradient checking by central finite differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .tensor import Tensor, no_grad

__all__ = ["numerical_grad", "GradCheckResult", "check_gradients"]


def numerical_grad(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6,
                   indices: Sequence[int] | None = None) -> np.ndarray:
    """d f / d x by central differences, perturbing ``x`` in place (restored afterwards).

    With ``indices`` (flat positions in ``x``), only those entries, as a 1-D array.
    """
    flat = range(x.size) if indices is None else indices
    out = np.zeros(len(flat), dtype=float)
    for n, k in enumerate(flat):
        i = np.unravel_index(k, x.shape)
        old = x[i]
        x[i] = old + eps
        fp = f()
        x[i] = old - eps
        fm = f()
        x[i] = old
        out[n] = (fp - fm) / (2 * eps)
    return out.reshape(x.shape) if indices is None else out


@dataclass(frozen=True)
class GradCheckResult:
    """Largest relative error between analytic and numerical gradients, per tensor, and the
    scale between them: ``scales[i]`` ~ 1 when backprop is right, ~ 4 for a gradient four times
    too large (as the book's cross-entropy gives on a batch of 4); nan where the numerical
    gradient is all zero."""

    errors: tuple[float, ...]
    tolerance: float
    scales: tuple[float, ...] = ()

    @property
    def max_error(self) -> float:
        return max(self.errors, default=0.0)

    @property
    def ok(self) -> bool:
        return self.max_error <= self.tolerance


def _rel_error(a: np.ndarray, b: np.ndarray) -> float:
    denom = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return float(np.max(np.abs(a - b) / denom)) if a.size else 0.0


def _scale(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """The factor that best maps the numerical gradient onto the analytic one (least squares)."""
    nn = float(np.sum(numeric * numeric))
    return float(np.sum(analytic * numeric)) / nn if nn > 0 else float("nan")


def check_gradients(loss_fn: Callable[[], Tensor], params: Sequence[Tensor],
                    eps: float = 1e-6, tolerance: float = 1e-5,
                    samples: int | None = None, seed: int = 0) -> GradCheckResult:
    """Compare ``backward`` against finite differences for each tensor in ``params``.

    ``loss_fn`` builds the graph from ``params`` and returns a tensor; its sum is the
    scalar being differentiated. With ``samples``, only that many randomly chosen entries
    of each tensor are checked (two forward passes each). Existing ``.grad`` values are
    left as they were.
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

    rng = np.random.default_rng(seed)
    errors, scales = [], []
    for a, p in zip(analytic, params):
        if samples is None:
            numeric = numerical_grad(f, p.data, eps)
        else:
            picks = rng.choice(p.data.size, size=min(samples, p.data.size), replace=False)
            a = a.reshape(-1)[picks]
            numeric = numerical_grad(f, p.data, eps, picks)
        errors.append(_rel_error(a, numeric))
        scales.append(_scale(a, numeric))
    return GradCheckResult(tuple(errors), tolerance, tuple(scales))
