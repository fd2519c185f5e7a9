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
from collections.abc import Callable, Sequence
from heapq import heappop, heappush
from threading import get_ident
from typing import Any

import numpy as np

__all__ = ["Tensor", "no_grad", "is_grad_enabled", "sum_to"]

_ids = itertools.count(1)
# Threads inside a no_grad block, with their nesting depth. Empty almost always, so the
# check on every operation costs one truth test (a thread-local lookup cost more than the op).
_no_grad_depth: dict[int, int] = {}


def is_grad_enabled() -> bool:
    """False inside a :class:`no_grad` block (of this thread)."""
    return not _no_grad_depth or get_ident() not in _no_grad_depth


class no_grad:
    """Context manager: operations inside it (in this thread) build no graph."""

    def __enter__(self) -> no_grad:
        tid = get_ident()
        _no_grad_depth[tid] = _no_grad_depth.get(tid, 0) + 1
        return self

    def __exit__(self, *exc: object) -> None:
        tid = get_ident()
        depth = _no_grad_depth[tid] - 1
        if depth:
            _no_grad_depth[tid] = depth
        else:
            del _no_grad_depth[tid]


def sum_to(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Undo numpy broadcasting: sum ``g`` down to ``shape``."""
    if g.shape == shape:
        return g
    if g.shape[1:] == shape:  # the common case: a bias broadcast over the batch
        return g.sum(axis=0)
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1
    )
    out = g.sum(axis=axes, keepdims=True)
    if lead:
        out = out.reshape(out.shape[lead:])
    return out


BackwardFn = Callable[["Tensor", np.ndarray], Sequence[Any]]
#: ``observe(target, source, grad)``: one gradient contribution as backward sends it (``source``
#: None for the seed). ``grad`` is the engine's own array: copy it to keep it.
Observer = Callable[["Tensor", "Tensor | None", np.ndarray], None]


class Tensor:
    """An n-dimensional array that remembers how it was made."""

    __slots__ = ("data", "autograd", "_grad", "creators", "creation_op", "id", "_seq", "_backward", "_ctx")
    __array_ufunc__ = None  # `ndarray + Tensor` defers to Tensor.__radd__ instead of broadcasting

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
        if self.autograd and self.data.dtype.kind in "biu":
            self.data = self.data.astype(np.float64)  # it will receive (float) gradients and updates
        self._grad: Tensor | np.ndarray | None = None
        self.creators = list(creators) if creators is not None else None
        self.creation_op = creation_op
        self._seq = next(_ids)  # creation order: what backward sorts by (``id`` may be the user's)
        self.id = self._seq if id is None else id
        self._backward: BackwardFn | None = None
        self._ctx: Any = None
        if self.creators is not None:  # built by hand, as the tutorial's ops do
            self._backward, self._ctx = _backward_for(creation_op, self.creators)

    # ------------------------------------------------------------------ plumbing
    @classmethod
    def _wrap(cls, data: np.ndarray) -> Tensor:
        """A constant tensor around ``data`` without copying it (internal fast path)."""
        t = object.__new__(cls)
        t.data = data
        t.autograd = False
        t._grad = None
        t.creators = None
        t.creation_op = None
        t.id = t._seq = next(_ids)
        t._backward = None
        t._ctx = None
        return t

    @staticmethod
    def _result(data: np.ndarray, creators: list[Tensor], op: str, backward: BackwardFn,
                ctx: Any = None) -> Tensor:
        """The output of an op: tracked if any creator is tracked and grad is enabled."""
        t = object.__new__(Tensor)
        t.data = data
        t._grad = None
        t.id = t._seq = next(_ids)
        for c in creators:
            if c.autograd and (not _no_grad_depth or get_ident() not in _no_grad_depth):
                t.autograd = True
                t.creators = creators
                t.creation_op = op
                t._backward = backward
                t._ctx = ctx
                return t
        t.autograd = False
        t.creators = None
        t.creation_op = None
        t._backward = None
        t._ctx = None
        return t

    @property
    def grad(self) -> Tensor | None:
        """The gradient (a Tensor). Stored raw during backward; wrapped when first read."""
        g = self._grad
        if g is not None and type(g) is not Tensor:
            g = self._grad = Tensor._wrap(g)
        return g

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        self._grad = value

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
    def backward(self, grad: Tensor | np.ndarray | None = None, retain_grad: bool = True,
                 observe: Observer | None = None) -> None:
        """Accumulate d(self)/d(leaf) into ``.grad`` of every tracked tensor in the graph.

        ``grad`` is the gradient flowing into this tensor (ones by default). Leaves
        accumulate across calls (until an optimizer zeroes them). With ``retain_grad``
        (the tutorial's behaviour) every intermediate tensor keeps its ``.grad`` too;
        ``retain_grad=False`` keeps only the leaves', which frees memory sooner.

        ``observe`` (see :data:`Observer`) is called with every contribution in the order the
        engine makes it: first the seed, then each tensor's gradients to its creators, one
        call per creator, so two gradients summed into one tensor are two calls.
        """
        if not self.autograd:
            return
        if grad is None:
            g = np.ones_like(self.data, dtype=float)
        else:
            g = grad.data if isinstance(grad, Tensor) else np.asarray(grad)
            if g.shape != self.data.shape:
                try:
                    g = np.broadcast_to(g, self.data.shape)
                except ValueError:
                    raise ValueError(f"backward: gradient of shape {g.shape} does not fit a tensor of "
                                     f"shape {self.data.shape}") from None
        # Every creator is made before its outputs, so creation order is a topological
        # order: processing the largest pending id first visits each tensor once, after all
        # the tensors it feeds, with its gradients already summed.
        if observe is not None:
            observe(self, None, g)
        pending: dict[int, np.ndarray] = {self._seq: g}
        heap: list[tuple[int, Tensor]] = [(-self._seq, self)]
        kept: set[int] = set()  # ids of the arrays given to intermediate tensors as their .grad
        while heap:
            nid, node = heappop(heap)
            g = pending.pop(-nid)
            creators = node.creators
            if creators is None:  # a leaf: accumulate into its own buffer
                own = node._grad
                if own is None:
                    node._grad = Tensor._wrap(np.array(g, dtype=np.result_type(g.dtype, np.float64)))
                else:
                    if type(own) is not Tensor:
                        own = node.grad
                    own.data += g
                continue
            if retain_grad:
                own = node._grad
                if own is not None:
                    node._grad = (own.data if type(own) is Tensor else own) + g
                elif id(g) in kept or not g.flags.writeable or node is self:
                    node._grad = np.array(g)  # an array another tensor (or the caller) holds
                else:
                    node._grad = g
                kept.add(id(node._grad))
            if node._backward is None:
                known = ", ".join(_BACKWARD_BY_OP)
                raise ValueError(f"cannot backpropagate through creation_op {node.creation_op!r} of a "
                                 f"tensor built by hand; known: {known}, sum_N, expand_N")
            grads = node._backward(node, g)
            if observe is not None:
                for c, gc in zip(creators, grads):
                    if gc is not None:
                        observe(c, node, gc)
            for c, gc in zip(creators, grads):
                if gc is None:
                    continue
                cid = c._seq
                prev = pending.get(cid)
                if prev is None:
                    pending[cid] = gc
                    heappush(heap, (-cid, c))
                else:
                    pending[cid] = prev + gc

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other: Any) -> Tensor:
        if type(other) is not Tensor:
            other = Tensor._as_tensor(other)
        return Tensor._result(self.data + other.data, [self, other], "add", _add_backward)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Tensor:
        if type(other) is not Tensor:
            other = Tensor._as_tensor(other)
        return Tensor._result(self.data - other.data, [self, other], "sub", _sub_backward)

    def __rsub__(self, other: Any) -> Tensor:
        return Tensor._as_tensor(other).__sub__(self)

    def __mul__(self, other: Any) -> Tensor:
        if type(other) is not Tensor:
            other = Tensor._as_tensor(other)
        return Tensor._result(self.data * other.data, [self, other], "mul", _mul_backward)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Tensor:
        other = Tensor._as_tensor(other)
        return Tensor._result(self.data / other.data, [self, other], "div", _div_backward)

    def __rtruediv__(self, other: Any) -> Tensor:
        return Tensor._as_tensor(other).__truediv__(self)

    def __neg__(self) -> Tensor:
        return Tensor._result(self.data * -1, [self], "neg", _neg_backward)

    # ------------------------------------------------------------------ shape ops
    def sum(self, dim: int) -> Tensor:
        axis = dim % self.data.ndim if self.data.ndim else dim
        return Tensor._result(self.data.sum(dim), [self], f"sum_{dim}", _sum_backward, axis)

    def expand(self, dim: int, copies: int) -> Tensor:
        if dim == 0:  # the tutorial's bias.expand(0, n): n copies of it, by indexing (fast)
            data = self.data[None][np.zeros(copies, dtype=np.intp)]
        else:
            data = np.repeat(np.expand_dims(self.data, dim), copies, axis=dim)
        return Tensor._result(data, [self], f"expand_{dim}", _expand_backward, dim)

    def transpose(self) -> Tensor:
        return Tensor._result(self.data.transpose(), [self], "transpose", _transpose_backward)

    def mm(self, x: Tensor) -> Tensor:
        return Tensor._result(self.data.dot(x.data), [self, x], "mm", _mm_backward)

    def index_select(self, indices: Tensor) -> Tensor:
        idx = np.asarray(indices.data if isinstance(indices, Tensor) else indices)
        if idx.dtype.kind == "f":  # indices given as a tracked (hence float) tensor, as the book does
            idx = idx.astype(np.intp)
        return Tensor._result(self.data[idx], [self], "index_select", _index_select_backward, idx)

    # ------------------------------------------------------------------ nonlinearities
    # (``out``: an array of the result's shape and dtype to hold the result, as numpy's)
    def sigmoid(self, out: np.ndarray | None = None) -> Tensor:
        # = 1/(1+e^-x), never overflows
        value = np.multiply(0.5, np.tanh(0.5 * self.data) + 1.0, out=out)
        return Tensor._result(value, [self], "sigmoid", _sigmoid_backward)

    def tanh(self, out: np.ndarray | None = None) -> Tensor:
        return Tensor._result(np.tanh(self.data, out=out), [self], "tanh", _tanh_backward)

    def relu(self, out: np.ndarray | None = None) -> Tensor:
        return Tensor._result(np.maximum(self.data, 0, out=out), [self], "relu", _relu_backward)

    def softmax(self) -> Tensor:
        z = self.data - self.data.max(axis=-1, keepdims=True)
        e = np.exp(z)
        out = e / e.sum(axis=-1, keepdims=True)
        return Tensor._result(out, [self], "softmax", _softmax_backward)

    def cross_entropy(self, target_indices: Tensor) -> Tensor:
        """The book's cross-entropy: the mean loss of softmax(self) against class indices,
        backpropagated as the book does, ``softmax - target`` (times the incoming gradient).

        That is N times the gradient of the mean it returns (the gradient of the *sum*), so
        the book's programs print the book's numbers; :func:`core.check_gradients` reports
        the N-fold discrepancy. :meth:`mean_cross_entropy` is the exact gradient.
        """
        t = _class_indices(target_indices)
        p = _book_softmax(self.data).reshape(len(t), -1)
        with np.errstate(divide="ignore"):
            loss = -np.log(p[np.arange(len(t)), t]).mean()
        if not np.isfinite(loss):  # a probability underflowed to 0: the stable form instead
            loss = -_log_softmax(self.data.reshape(len(t), -1))[np.arange(len(t)), t].mean()
        return Tensor._result(np.asarray(loss), [self], "cross_entropy", _book_cross_entropy_backward,
                              (p, t))

    def mean_cross_entropy(self, target_indices: Tensor) -> Tensor:
        """Mean cross-entropy of softmax(self) against class indices, with its exact gradient
        ``(softmax - target) / N`` (the session's cross-entropy loss)."""
        t = _class_indices(target_indices)
        log_p = _log_softmax(self.data.reshape(len(t), -1))
        loss = -log_p[np.arange(len(t)), t].mean()
        return Tensor._result(np.asarray(loss), [self], "mean_cross_entropy", _cross_entropy_backward,
                              (np.exp(log_p), t))


def _class_indices(target: Any) -> np.ndarray:
    return np.asarray(target.data if isinstance(target, Tensor) else target).astype(np.intp).ravel()


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, shifted by the row maximum so it never overflows."""
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _book_softmax(x: np.ndarray) -> np.ndarray:
    """softmax as the book computes it, ``exp(x) / sum(exp(x))`` (bit for bit the book's), shifted
    by the row maximum only where the book's form would overflow or underflow."""
    if x.size and np.abs(x).max() > 700.0:
        x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


# ---------------------------------------------------------------------- backward functions
# Each takes (output tensor, gradient of the output) and returns one gradient per creator
# (None where the creator needs none).

def _fit(g: np.ndarray, t: Tensor) -> np.ndarray:
    """``g`` summed down to ``t``'s shape (the cheap test first: most ops don't broadcast)."""
    return g if g.shape == t.data.shape else sum_to(g, t.data.shape)


def _add_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    shape = g.shape
    return (None if not a.autograd else g if a.data.shape == shape else sum_to(g, a.data.shape),
            None if not b.autograd else g if b.data.shape == shape else sum_to(g, b.data.shape))


def _sub_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    shape = g.shape
    return (None if not a.autograd else g if a.data.shape == shape else sum_to(g, a.data.shape),
            None if not b.autograd else -g if b.data.shape == shape else sum_to(-g, b.data.shape))


def _mul_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (_fit(g * b.data, a) if a.autograd else None, _fit(g * a.data, b) if b.autograd else None)


def _div_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    return (sum_to(g / b.data, a.data.shape) if a.autograd else None,
            sum_to(-g * a.data / (b.data * b.data), b.data.shape) if b.autograd else None)


def _neg_backward(out: Tensor, g: np.ndarray) -> tuple:
    return (-g,)


def _sum_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    dim = out._ctx
    return (np.repeat(g[(slice(None),) * dim + (None,)], a.data.shape[dim], axis=dim),)


def _expand_backward(out: Tensor, g: np.ndarray) -> tuple:
    return (g.sum(out._ctx),)


def _transpose_backward(out: Tensor, g: np.ndarray) -> tuple:
    return (g.transpose(),)


def _mm_backward(out: Tensor, g: np.ndarray) -> tuple:
    a, b = out.creators
    x, w = a.data, b.data
    if x.ndim == 2 and w.ndim == 2:
        return (g.dot(w.T) if a.autograd else None, x.T.dot(g) if b.autograd else None)
    # a vector on either side (np.dot's 1-D rules)
    if x.ndim == 1 and w.ndim == 1:
        return (g * w if a.autograd else None, g * x if b.autograd else None)
    if x.ndim == 1:  # (n,) · (n, m) -> (m,)
        return (w.dot(g) if a.autograd else None, np.outer(x, g) if b.autograd else None)
    return (np.outer(g, w) if a.autograd else None, x.T.dot(g) if b.autograd else None)  # (k,n)·(n,)


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


def _book_cross_entropy_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    p, t = out._ctx
    d = p.copy()
    d[np.arange(len(t)), t] -= 1.0  # softmax - target, as the book sends it (no 1/N)
    return ((d * g).reshape(a.data.shape),)


def _cross_entropy_backward(out: Tensor, g: np.ndarray) -> tuple:
    (a,) = out.creators
    p, t = out._ctx
    d = p.copy()
    d[np.arange(len(t)), t] -= 1.0
    d *= g / len(t)
    return (d.reshape(a.data.shape),)


_BACKWARD_BY_OP: dict[str, BackwardFn] = {
    "add": _add_backward, "sub": _sub_backward, "mul": _mul_backward, "div": _div_backward,
    "neg": _neg_backward, "transpose": _transpose_backward, "mm": _mm_backward,
    "sigmoid": _sigmoid_backward, "tanh": _tanh_backward, "relu": _relu_backward,
    "softmax": _softmax_backward,
}


def _backward_for(op: str | None, creators: list[Tensor]) -> tuple[BackwardFn | None, Any]:
    """The backward function of a tensor made with ``Tensor(..., creators=, creation_op=)``."""
    if op in _BACKWARD_BY_OP:
        return _BACKWARD_BY_OP[op], None
    if op and op.split("_")[0] in ("sum", "expand") and op.split("_")[-1].lstrip("-").isdigit():
        kind, dim = op.split("_")[0], int(op.split("_")[-1])
        if kind == "sum":
            nd = creators[0].data.ndim
            return _sum_backward, dim % nd if nd else dim
        return _expand_backward, dim
    return None, None  # backward() explains, if it is ever reached
