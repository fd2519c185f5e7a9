"""A small reverse-mode autograd engine on numpy.

It keeps the API of the tutorial (``Tensor(data, autograd=True)``, ``.grad``,
``.creators``, ``.creation_op``, ``backward``) but is built differently:

* every primitive is one forward function plus one backward function, side by side;
* ``backward`` walks the graph once, in reverse topological order, so a tensor used
  twice (or a hundred times, in any graph shape) receives the sum of its gradients;
* broadcasting works in the forward pass and is undone by :func:`sum_to` in backward;
* ids come from a counter: building tensors never draws random numbers;
* gradients are only computed for tensors that need them (``autograd=True`` or a
  descendant of one), so an input without autograd costs nothing in backward.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["Tensor", "no_grad", "is_grad_enabled", "sum_to"]

_ids = itertools.count(1)
_state = threading.local()


def is_grad_enabled() -> bool:
    """False inside a :class:`no_grad` block (per thread)."""
    return getattr(_state, "enabled", True)


class no_grad:
    """Context manager: operations inside it build no graph (for evaluation)."""

    def __enter__(self) -> no_grad:
        self._prev = is_grad_enabled()
        _state.enabled = False
        return self

    def __exit__(self, *exc: object) -> None:
        _state.enabled = self._prev


def sum_to(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Undo numpy broadcasting: sum ``g`` down to ``shape``."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1
    )
    out = g.sum(axis=axes, keepdims=True)
    if lead:
        out = out.reshape(out.shape[lead:])
    return out


BackwardFn = Callable[["Tensor", np.ndarray], Sequence[Any]]


class Tensor:
    """An n-dimensional array that remembers how it was made."""

    __slots__ = ("data", "autograd", "grad", "creators", "creation_op", "id", "_backward", "_ctx")

    def __init__(
        self,
        data: Any,
        autograd: bool = False,
        creators: Sequence[Tensor] | None = None,
        creation_op: str | None = None,
        id: int | None = None,
    ) -> None:
        self.data = np.array(data)  # a copy, as in the tutorial
        self.autograd = bool(autograd)
        self.grad: Tensor | None = None
        self.creators = list(creators) if creators is not None else None
        self.creation_op = creation_op
        self.id = next(_ids) if id is None else id
        self._backward: BackwardFn | None = None
        self._ctx: Any = None

    # ------------------------------------------------------------------ plumbing
    @classmethod
    def _wrap(cls, data: np.ndarray) -> Tensor:
        """A constant tensor around ``data`` without copying it (internal fast path)."""
        t = object.__new__(cls)
        t.data = data
        t.autograd = False
        t.grad = None
        t.creators = None
        t.creation_op = None
        t.id = next(_ids)
        t._backward = None
        t._ctx = None
        return t

    @staticmethod
    def _result(data: np.ndarray, creators: list[Tensor], op: str, backward: BackwardFn,
                ctx: Any = None) -> Tensor:
        """The output of an op: tracked if any creator is tracked and grad is enabled."""
        t = Tensor._wrap(data)
        if is_grad_enabled():
            for c in creators:
                if c.autograd:
                    t.autograd = True
                    t.creators = creators
                    t.creation_op = op
                    t._backward = backward
                    t._ctx = ctx
                    break
        return t

    @staticmethod
    def _as_tensor(x: Any) -> Tensor:
        return x if isinstance(x, Tensor) else Tensor._wrap(np.asarray(x, dtype=float))

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        return repr(self.data)

    def __str__(self) -> str:
        return str(self.data)

    # ------------------------------------------------------------------ backward
    def backward(self, grad: Tensor | np.ndarray | None = None) -> None:
        """Accumulate d(self)/d(leaf) into ``.grad`` of every tracked tensor in the graph.

        ``grad`` is the gradient flowing into this tensor (ones by default). Leaves
        accumulate across calls (until an optimizer zeroes them); every tensor in
        the graph gets a ``.grad`` as in the tutorial.
        """
        if not self.autograd:
            return
        if grad is None:
            g = np.ones_like(self.data, dtype=float)
        else:
            g = grad.data if isinstance(grad, Tensor) else np.asarray(grad)
        order = _topological_order(self)
        pending: dict[int, np.ndarray] = {self.id: g}
        for node in reversed(order):
            g = pending.pop(node.id, None)
            if g is None:
                continue
            creators = node.creators
            if creators is None:  # a leaf: accumulate into its own buffer
                if node.grad is None:
                    node.grad = Tensor._wrap(np.array(g, dtype=np.result_type(g.dtype, np.float64)))
                else:
                    node.grad.data += g
                continue
            if node.grad is None:
                node.grad = Tensor._wrap(g)
            else:
                node.grad = Tensor._wrap(node.grad.data + g)
            grads = node._backward(node, g)
            for c, gc in zip(creators, grads):
                if gc is None or not c.autograd:
                    continue
                prev = pending.get(c.id)
                pending[c.id] = gc if prev is None else prev + gc

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other: Any) -> Tensor:
        other = Tensor._as_tensor(other)
        return Tensor._result(self.data + other.data, [self, other], "add", _add_backward)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Tensor:
        other = Tensor._as_tensor(other)
        return Tensor._result(self.data - other.data, [self, other], "sub", _sub_backward)

    def __rsub__(self, other: Any) -> Tensor:
        return Tensor._as_tensor(other).__sub__(self)

    def __mul__(self, other: Any) -> Tensor:
        other = Tensor._as_tensor(other)
        return Tensor._result(self.data * other.data, [self, other], "mul", _mul_backward)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Tensor:
        other = Tensor._as_tensor(other)
        return Tensor._result(self.data / other.data, [self, other], "div", _div_backward)

    def __neg__(self) -> Tensor:
        return Tensor._result(self.data * -1, [self], "neg", _neg_backward)

    # ------------------------------------------------------------------ shape ops
    def sum(self, dim: int) -> Tensor:
        return Tensor._result(self.data.sum(dim), [self], f"sum_{dim}", _sum_backward, dim)

    def expand(self, dim: int, copies: int) -> Tensor:
        data = np.repeat(np.expand_dims(self.data, dim), copies, axis=dim)
        return Tensor._result(data, [self], f"expand_{dim}", _expand_backward, dim)

    def transpose(self) -> Tensor:
        return Tensor._result(self.data.transpose(), [self], "transpose", _transpose_backward)

    def mm(self, x: Tensor) -> Tensor:
        return Tensor._result(self.data.dot(x.data), [self, x], "mm", _mm_backward)

    def index_select(self, indices: Tensor) -> Tensor:
        idx = np.asarray(indices.data if isinstance(indices, Tensor) else indices)
        return Tensor._result(self.data[idx], [self], "index_select", _index_select_backward, idx)

    # ------------------------------------------------------------------ nonlinearities
    def sigmoid(self) -> Tensor:
        out = 0.5 * (np.tanh(0.5 * self.data) + 1.0)  # = 1/(1+e^-x), never overflows
        return Tensor._result(out, [self], "sigmoid", _sigmoid_backward)

    def tanh(self) -> Tensor:
        return Tensor._result(np.tanh(self.data), [self], "tanh", _tanh_backward)

    def relu(self) -> Tensor:
        return Tensor._result(np.maximum(self.data, 0), [self], "relu", _relu_backward)

    def softmax(self) -> Tensor:
        z = self.data - self.data.max(axis=-1, keepdims=True)
        e = np.exp(z)
        out = e / e.sum(axis=-1, keepdims=True)
        return Tensor._result(out, [self], "softmax", _softmax_backward)

    def cross_entropy(self, target_indices: Tensor) -> Tensor:
        """Mean cross-entropy of softmax(self) against integer class indices.

        The book's version returns ``softmax - target`` as the gradient, which is
        the gradient of the *sum*; this one is the exact gradient of the mean.
        """
        t = np.asarray(target_indices.data if isinstance(target_indices, Tensor)
                       else target_indices).astype(np.intp).ravel()
        z = self.data.reshape(len(t), -1)
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -log_p[np.arange(len(t)), t].mean()
        return Tensor._result(np.asarray(loss), [self], "cross_entropy", _cross_entropy_backward,
                              (np.exp(log_p), t))


# ---------------------------------------------------------------------- backward functions
# Each takes (output tensor, gradient of the output) and returns one gradient per creator
# (None where the creator needs none).

def _add_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (sum_to(g, a.data.shape) if a.autograd else None,
            sum_to(g, b.data.shape) if b.autograd else None)


def _sub_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (sum_to(g, a.data.shape) if a.autograd else None,
            sum_to(-g, b.data.shape) if b.autograd else None)


def _mul_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (sum_to(g * b.data, a.data.shape) if a.autograd else None,
            sum_to(g * a.data, b.data.shape) if b.autograd else None)


def _div_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (sum_to(g / b.data, a.data.shape) if a.autograd else None,
            sum_to(-g * a.data / (b.data * b.data), b.data.shape) if b.autograd else None)


def _neg_backward(out: Tensor, g: np.ndarray) -> tuple:
    return (-g,)


def _sum_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    dim = out._ctx
    return (np.repeat(np.expand_dims(g, dim), a.data.shape[dim], axis=dim),)


def _expand_backward(out: Tensor, g: np.ndarray) -> tuple:
    return (g.sum(out._ctx),)


def _transpose_backward(out: Tensor, g: np.ndarray) -> tuple:
    return (g.transpose(),)


def _mm_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (g.dot(b.data.T) if a.autograd else None,
            a.data.T.dot(g) if b.autograd else None)


def _index_select_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    da = np.zeros(a.data.shape, dtype=np.result_type(g.dtype, np.float64))
    np.add.at(da, out._ctx, g)
    return (da,)


def _sigmoid_backward(out: Tensor, g: np.ndarray) -> tuple:
    s = out.data
    return (g * s * (1.0 - s),)


def _tanh_backward(out: Tensor, g: np.ndarray) -> tuple:
    t = out.data
    return (g * (1.0 - t * t),)


def _relu_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    return (g * (a.data > 0),)


def _softmax_backward(out: Tensor, g: np.ndarray) -> tuple:
    s = out.data
    return (s * (g - (g * s).sum(axis=-1, keepdims=True)),)


def _cross_entropy_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    p, t = out._ctx
    d = p.copy()
    d[np.arange(len(t)), t] -= 1.0
    d *= g / len(t)
    return (d.reshape(a.data.shape),)


def _topological_order(root: Tensor) -> list[Tensor]:
    """Tracked tensors reachable from ``root``, every creator before its outputs."""
    order: list[Tensor] = []
    seen: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node.id in seen:
            continue
        seen.add(node.id)
        stack.append((node, True))
        if node.creators is not None:
            for c in node.creators:
                if c.autograd and c.id not in seen:
                    stack.append((c, False))
    return order
