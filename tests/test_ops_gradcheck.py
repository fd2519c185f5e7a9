"""Finite-difference checks of every differentiable op in ``core/tensor.py``.

Each op is checked in isolation with a random upstream gradient ``G``: the analytic
gradient from ``out.backward(G)`` must match the central-difference gradient of
``sum(G * op(inputs))``. Graph-shape tests (a tensor used twice, diamonds, deep
chains, wide fans, random DAGs) check that every path's gradient is summed.
"""

from __future__ import annotations

from collections.abc import Callable

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import Tensor, check_gradients, no_grad, numerical_grad

FAST = settings(max_examples=30, deadline=None)
RTOL = 1e-5
ATOL = 1e-6


# ---------------------------------------------------------------------- helpers

def assert_op_grads(fn: Callable[..., Tensor], *arrays: np.ndarray, seed: int = 0,
                    rtol: float = RTOL, atol: float = ATOL) -> list[np.ndarray]:
    """Backward of ``fn(*tensors)`` against finite differences, with a random upstream grad."""
    tensors = [Tensor(np.array(a, dtype=float), autograd=True) for a in arrays]
    out = fn(*tensors)
    assert out.autograd
    upstream = np.random.default_rng(seed).standard_normal(out.data.shape)
    out.backward(Tensor(upstream))

    def f() -> float:
        with no_grad():
            return float(np.sum(upstream * fn(*tensors).data))

    analytic = []
    for t in tensors:
        assert t.grad is not None, "an input that the output depends on got no gradient"
        assert t.grad.data.shape == t.data.shape
        numeric = numerical_grad(f, t.data)
        np.testing.assert_allclose(t.grad.data, numeric, rtol=rtol, atol=atol)
        analytic.append(t.grad.data.copy())
    return analytic


def floats(lo: float = -2.0, hi: float = 2.0) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def away_from_zero(lo: float = 0.5, hi: float = 2.0) -> st.SearchStrategy[float]:
    return st.tuples(st.floats(lo, hi), st.sampled_from([-1.0, 1.0])).map(lambda p: p[0] * p[1])


shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)


def arrays(shape, elements=None) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, shape, elements=elements if elements is not None else floats())


@st.composite
def array_and_shape(draw, min_dims: int = 1, max_dims: int = 3, elements=None):
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=5))
    return draw(arrays(shape, elements))


seeds = st.integers(0, 2**32 - 1)


# ---------------------------------------------------------------------- the gradient checker itself

def test_numerical_grad_matches_known_derivative_and_restores_input():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    before = x.copy()
    g = numerical_grad(lambda: float(np.sum(x ** 3)), x)
    np.testing.assert_allclose(g, 3 * before ** 2, rtol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_check_gradients_catches_a_wrong_backward():
    x = Tensor(np.array([0.5, -1.0, 2.0]), autograd=True)

    def wrong_square() -> Tensor:  # forward x*x, backward claims 3x
        return Tensor._result(x.data * x.data, [x], "bad", lambda out, g: (3 * g * x.data,))

    res = check_gradients(wrong_square, [x])
    assert not res.ok
    assert res.max_error > 0.1
    good = check_gradients(lambda: x * x, [x])
    assert good.ok, good.errors


def test_check_gradients_leaves_existing_grads_alone():
    x = Tensor(np.array([1.0, 2.0]), autograd=True)
    sentinel = Tensor(np.array([7.0, 7.0]))
    x.grad = sentinel
    res = check_gradients(lambda: (x * x).sum(0), [x])
    assert res.ok
    assert x.grad is sentinel
    np.testing.assert_array_equal(x.grad.data, [7.0, 7.0])


# ---------------------------------------------------------------------- elementwise binary ops

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("op", sorted(BINARY))
@FAST
@given(data=st.data(), seed=seeds)
def test_binary_op_same_shape(op, data, seed):
    shape = data.draw(shapes)
    a = data.draw(arrays(shape))
    b = data.draw(arrays(shape, away_from_zero() if op == "div" else None))
    assert_op_grads(BINARY[op], a, b, seed=seed)


@pytest.mark.parametrize("op", sorted(BINARY))
@FAST
@given(data=st.data(), seed=seeds)
def test_binary_op_broadcasting_random_shapes(op, data, seed):
    bs = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=4))
    sa, sb = bs.input_shapes
    a = data.draw(arrays(sa))
    b = data.draw(arrays(sb, away_from_zero() if op == "div" else None))
    ga, gb = assert_op_grads(BINARY[op], a, b, seed=seed)
    assert ga.shape == sa and gb.shape == sb


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize("sa, sb", [
    ((4, 3), (3,)),
    ((4, 1), (1, 3)),
    ((3,), (4, 3)),
    ((2, 1, 3), (4, 1)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((1,), (5,)),
])
def test_binary_op_broadcasting_fixed_cases(op, sa, sb):
    rng = np.random.default_rng(hash((op, sa, sb)) % 2**32)
    a = rng.uniform(-2, 2, sa)
    b = rng.uniform(0.5, 2, sb) * rng.choice([-1, 1], sb)
    ga, gb = assert_op_grads(BINARY[op], a, b, seed=1)
    assert ga.shape == sa and gb.shape == sb


def test_broadcast_add_gradient_is_the_column_sum():
    a = Tensor(np.zeros((4, 3)), autograd=True)
    b = Tensor(np.zeros(3), autograd=True)
    upstream = np.arange(12.0).reshape(4, 3)
    (a + b).backward(Tensor(upstream))
    np.testing.assert_array_equal(b.grad.data, upstream.sum(0))
    np.testing.assert_array_equal(a.grad.data, upstream)


@pytest.mark.parametrize("op", sorted(BINARY))
def test_only_the_tracked_operand_gets_a_gradient(op):
    a = Tensor(np.array([[1.0, -2.0], [0.5, 3.0]]), autograd=True)
    c = Tensor(np.array([0.7, -1.5]))
    out = BINARY[op](a, c)
    out.backward()
    assert c.grad is None
    assert check_gradients(lambda: BINARY[op](a, c), [a]).ok
    out2 = BINARY[op](c, a)
    assert out2.autograd
    assert check_gradients(lambda: BINARY[op](c, a), [a]).ok


# ---------------------------------------------------------------------- scalars and neg

# name -> (op on a Tensor, the same on an ndarray, d op / dx)
SCALAR_OPS = {
    "x+s": (lambda x, s: x + s, lambda x, s: np.ones_like(x)),
    "s+x": (lambda x, s: s + x, lambda x, s: np.ones_like(x)),
    "x-s": (lambda x, s: x - s, lambda x, s: np.ones_like(x)),
    "s-x": (lambda x, s: s - x, lambda x, s: -np.ones_like(x)),
    "x*s": (lambda x, s: x * s, lambda x, s: np.full_like(x, s)),
    "s*x": (lambda x, s: s * x, lambda x, s: np.full_like(x, s)),
    "x/s": (lambda x, s: x / s, lambda x, s: np.full_like(x, 1.0 / s)),
    "s/x": (lambda x, s: s / x, lambda x, s: -s / (x * x)),
}


@pytest.mark.parametrize("name", sorted(SCALAR_OPS))
@FAST
@given(data=st.data(), s=away_from_zero(0.25, 3.0), seed=seeds)
def test_scalar_ops(name, data, s, seed):
    x = data.draw(array_and_shape(elements=away_from_zero() if name == "s/x" else None))
    fn, deriv = SCALAR_OPS[name]
    out = fn(Tensor(x, autograd=True), s)
    assert isinstance(out, Tensor) and out.autograd
    np.testing.assert_allclose(out.data, fn(x, s), rtol=1e-15)
    (gx,) = assert_op_grads(lambda t: fn(t, s), x, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(x.shape)
    np.testing.assert_allclose(gx, upstream * deriv(x, s), rtol=1e-12, atol=1e-15)


@FAST
@given(x=array_and_shape(), seed=seeds)
def test_neg(x, seed):
    (gx,) = assert_op_grads(lambda t: -t, x, seed=seed)
    np.testing.assert_array_equal(gx, -np.random.default_rng(seed).standard_normal(x.shape))


# ---------------------------------------------------------------------- shape ops

@FAST
@given(data=st.data(), seed=seeds)
def test_sum(data, seed):
    x = data.draw(array_and_shape())
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    out = Tensor(x).sum(dim)
    np.testing.assert_allclose(out.data, x.sum(dim))
    (gx,) = assert_op_grads(lambda t: t.sum(dim), x, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(x.sum(dim).shape)
    np.testing.assert_array_equal(gx, np.broadcast_to(np.expand_dims(upstream, dim), x.shape))


@pytest.mark.parametrize("shape, dim", [((4,), -1), ((2, 3), -1), ((2, 3), -2), ((2, 3, 4), -1),
                                        ((2, 3, 4), -2), ((2, 3, 4), -3), ((3, 1), -1)])
def test_sum_negative_dim(shape, dim):
    x = np.random.default_rng(0).standard_normal(shape)
    (gx,) = assert_op_grads(lambda t: t.sum(dim), x, seed=1)
    assert gx.shape == shape


@FAST
@given(data=st.data(), seed=seeds)
def test_expand(data, seed):
    x = data.draw(array_and_shape(max_dims=2))
    dim = data.draw(st.integers(0, x.ndim))
    copies = data.draw(st.integers(1, 4))
    out = Tensor(x).expand(dim, copies)
    expected = np.stack([x] * copies, axis=dim)
    np.testing.assert_array_equal(out.data, expected)
    (gx,) = assert_op_grads(lambda t: t.expand(dim, copies), x, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(expected.shape)
    np.testing.assert_allclose(gx, upstream.sum(dim), rtol=1e-14)


@FAST
@given(x=array_and_shape(), seed=seeds)
def test_transpose(x, seed):
    np.testing.assert_array_equal(Tensor(x).transpose().data, x.T)
    (gx,) = assert_op_grads(lambda t: t.transpose(), x, seed=seed)
    np.testing.assert_array_equal(gx, np.random.default_rng(seed).standard_normal(x.T.shape).T)


@FAST
@given(data=st.data(), seed=seeds)
def test_mm(data, seed):
    n, k, m = (data.draw(st.integers(1, 5)) for _ in range(3))
    a = data.draw(arrays((n, k)))
    b = data.draw(arrays((k, m)))
    np.testing.assert_allclose(Tensor(a).mm(Tensor(b)).data, a @ b)
    ga, gb = assert_op_grads(lambda x, y: x.mm(y), a, b, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal((n, m))
    np.testing.assert_allclose(ga, upstream @ b.T, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(gb, a.T @ upstream, rtol=1e-12, atol=1e-14)


def test_mm_against_a_constant_operand():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), autograd=True)
    w = Tensor(np.array([[0.5], [-1.0]]))
    a.mm(w).backward()
    np.testing.assert_array_equal(a.grad.data, [[0.5, -1.0], [0.5, -1.0]])
    assert w.grad is None


@FAST
@given(data=st.data(), seed=seeds)
def test_index_select(data, seed):
    vocab = data.draw(st.integers(1, 5))
    dim = data.draw(st.integers(1, 4))
    idx_shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=6))
    idx = data.draw(hnp.arrays(np.int64, idx_shape, elements=st.integers(0, vocab - 1)))
    w = data.draw(arrays((vocab, dim)))
    out = Tensor(w).index_select(Tensor(idx))
    np.testing.assert_array_equal(out.data, w[idx])
    (gw,) = assert_op_grads(lambda t: t.index_select(Tensor(idx)), w, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(idx.shape + (dim,))
    expected = np.zeros_like(w)
    for pos in np.ndindex(idx.shape):
        expected[idx[pos]] += upstream[pos]
    np.testing.assert_allclose(gw, expected, rtol=1e-12, atol=1e-14)


def test_index_select_repeated_rows_accumulate():
    w = Tensor(np.zeros((3, 2)), autograd=True)
    w.index_select(Tensor(np.array([2, 0, 2, 2]))).backward()
    np.testing.assert_array_equal(w.grad.data, [[1, 1], [0, 0], [3, 3]])


# ---------------------------------------------------------------------- nonlinearities

@FAST
@given(x=array_and_shape(elements=floats(-5, 5)), seed=seeds)
def test_sigmoid(x, seed):
    s = 1.0 / (1.0 + np.exp(-x))
    np.testing.assert_allclose(Tensor(x).sigmoid().data, s, rtol=1e-12, atol=1e-15)
    (gx,) = assert_op_grads(lambda t: t.sigmoid(), x, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(x.shape)
    np.testing.assert_allclose(gx, upstream * s * (1 - s), rtol=1e-10, atol=1e-14)


def test_sigmoid_is_finite_for_huge_inputs():
    x = Tensor(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]), autograd=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = x.sigmoid()
        out.backward()
    np.testing.assert_allclose(out.data, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-15)
    assert np.all(np.isfinite(x.grad.data))


@FAST
@given(x=array_and_shape(elements=floats(-4, 4)), seed=seeds)
def test_tanh(x, seed):
    (gx,) = assert_op_grads(lambda t: t.tanh(), x, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(x.shape)
    np.testing.assert_allclose(gx, upstream * (1 - np.tanh(x) ** 2), rtol=1e-10, atol=1e-14)


@FAST
@given(x=array_and_shape(elements=floats(-2, 2).filter(lambda v: abs(v) > 1e-3)), seed=seeds)
def test_relu_away_from_the_kink(x, seed):
    np.testing.assert_array_equal(Tensor(x).relu().data, np.maximum(x, 0))
    (gx,) = assert_op_grads(lambda t: t.relu(), x, seed=seed)
    upstream = np.random.default_rng(seed).standard_normal(x.shape)
    np.testing.assert_array_equal(gx, upstream * (x > 0))


def test_relu_gradient_at_zero_is_zero():
    x = Tensor(np.array([-1.0, 0.0, 1.0]), autograd=True)
    x.relu().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 0.0, 1.0])


@FAST
@given(x=array_and_shape(elements=floats(-3, 3)), seed=seeds)
def test_softmax(x, seed):
    out = Tensor(x).softmax().data
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(out, e / e.sum(-1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(out.sum(-1), 1.0, rtol=1e-12)
    assert_op_grads(lambda t: t.softmax(), x, seed=seed)


def test_softmax_is_stable_for_huge_logits():
    x = Tensor(np.array([[1000.0, 999.0, -1000.0]]), autograd=True)
    with np.errstate(over="raise", invalid="raise"):
        out = x.softmax()
    e = np.exp([1.0, 0.0, -2000.0])
    np.testing.assert_allclose(out.data, [e / e.sum()], rtol=1e-12)


@FAST
@given(data=st.data(), seed=seeds)
def test_cross_entropy(data, seed):
    n = data.draw(st.integers(1, 5))
    c = data.draw(st.integers(1, 5))
    logits = data.draw(arrays((n, c), floats(-3, 3)))
    target = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    (gz,) = assert_op_grads(lambda t: t.mean_cross_entropy(Tensor(target)), logits, seed=seed)
    # closed form: (softmax - onehot) / n, times the upstream scalar
    upstream = float(np.random.default_rng(seed).standard_normal(()))
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    p[np.arange(n), target] -= 1
    np.testing.assert_allclose(gz, upstream * p / n, rtol=1e-10, atol=1e-14)


def test_cross_entropy_through_check_gradients():
    rng = np.random.default_rng(3)
    z = Tensor(rng.standard_normal((6, 4)), autograd=True)
    t = Tensor(np.array([0, 3, 3, 1, 2, 0]))
    res = check_gradients(lambda: z.mean_cross_entropy(t), [z])
    assert res.ok, res.errors


# ------------------------------------------------------------- graph shapes: reuse, diamonds, chains, fans

def test_x_times_x():
    x = Tensor(np.array([1.5, -2.0, 0.25]), autograd=True)
    (x * x).backward()
    np.testing.assert_array_equal(x.grad.data, 2 * x.data)


def test_x_plus_x_times_x():
    x = Tensor(np.array([1.5, -2.0, 0.25]), autograd=True)
    ((x + x) * x).backward()
    np.testing.assert_array_equal(x.grad.data, 4 * x.data)


def test_x_minus_x_and_x_over_x_have_zero_gradient():
    x = Tensor(np.array([1.5, -2.0, 0.25]), autograd=True)
    (x - x).backward()
    np.testing.assert_array_equal(x.grad.data, 0.0)
    y = Tensor(np.array([1.5, -2.0, 0.25]), autograd=True)
    (y / y).backward()
    np.testing.assert_allclose(y.grad.data, 0.0, atol=1e-15)


def test_tensor_used_twice_in_mm():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3))
    (g,) = assert_op_grads(lambda x: x.mm(x), a, seed=2)
    upstream = np.random.default_rng(2).standard_normal((3, 3))
    np.testing.assert_allclose(g, upstream @ a.T + a.T @ upstream, rtol=1e-12)
    assert_op_grads(lambda x: x.mm(x.transpose()), rng.standard_normal((2, 4)), seed=3)


@FAST
@given(x=array_and_shape(elements=floats(-1.5, 1.5)), seed=seeds)
def test_diamonds_with_unequal_path_lengths(x, seed):
    def f(t: Tensor) -> Tensor:
        a = t.tanh()
        b = a.sigmoid().tanh() * t  # long path through a, and t again
        c = a * b + a  # a used three times
        return (c - t).sigmoid() * a

    assert_op_grads(f, x, seed=seed)


def test_deep_chain_reusing_the_input_at_every_level():
    x = np.array([[0.3, -0.7], [1.1, 0.05]])

    def f(t: Tensor) -> Tensor:
        h = t
        for i in range(40):
            h = (h * (0.9 + 0.01 * i)).tanh() + t * 0.1
        return h

    assert_op_grads(f, x, seed=4)


def test_very_deep_chain_needs_no_recursion():
    x = Tensor(np.array([1.0, 2.0]), autograd=True)
    h = x
    for _ in range(5000):
        h = h + x
    h.backward()
    np.testing.assert_array_equal(x.grad.data, [5001.0, 5001.0])


def test_wide_fan():
    x = Tensor(np.array([0.5, -1.0]), autograd=True)
    total = x * 0.0
    for k in range(1, 201):
        total = total + x * float(k)
    total.backward()
    np.testing.assert_array_equal(x.grad.data, [20100.0, 20100.0])


def test_wide_fan_of_mixed_ops():
    x = np.array([[0.4, -0.9, 1.3]])

    def f(t: Tensor) -> Tensor:
        branches = [t.tanh(), t.sigmoid(), t * t, -t, t.softmax(), (t + 1.0).relu(), t / 3.0,
                    t.transpose().transpose(), t.expand(0, 2).sum(0), t.sum(1).expand(1, 3)]
        out = branches[0]
        for b in branches[1:]:
            out = out + b * out  # every branch also multiplies everything before it
        return out

    assert_op_grads(f, x, seed=5)


UNARY_POOL = [lambda a: a.tanh(), lambda a: a.sigmoid(), lambda a: -a, lambda a: a * 0.5]
BINARY_POOL = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b]


@FAST
@given(
    program=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6), st.integers(0, 10**6)),
                     min_size=1, max_size=12),
    x=arrays((2, 3), floats(-1, 1)),
    y=arrays((3,), floats(-1, 1)),
    seed=seeds,
)
def test_random_dags(program, x, y, seed):
    """Random programs over a pool of values, reusing earlier results any number of times."""

    def f(a: Tensor, b: Tensor) -> Tensor:
        pool = [a, b]
        for op, i, j in program:
            u, v = pool[i % len(pool)], pool[j % len(pool)]
            pool.append(UNARY_POOL[op](u) if op < 4 else BINARY_POOL[op - 4](u, v))
        out = pool[-1]
        for t in pool[2:-1:2]:  # several outputs share subgraphs
            out = out + t
        return (out + a + b).tanh()  # depends on both inputs whatever the program

    a_t = Tensor(x, autograd=True)
    b_t = Tensor(y, autograd=True)
    res = check_gradients(lambda: f(a_t, b_t) * (b_t + 2.0), [a_t, b_t])
    assert res.ok, res.errors
    assert_op_grads(f, x, y, seed=seed)


# ---------------------------------------------------------------------- a small network end to end

def test_mlp_through_check_gradients():
    rng = np.random.default_rng(7)
    x = Tensor(rng.standard_normal((5, 3)))
    w1 = Tensor(rng.standard_normal((3, 4)), autograd=True)
    b1 = Tensor(rng.standard_normal(4), autograd=True)
    w2 = Tensor(rng.standard_normal((4, 3)), autograd=True)
    b2 = Tensor(rng.standard_normal(3), autograd=True)
    t = Tensor(np.array([0, 2, 1, 1, 0]))

    def loss() -> Tensor:
        h = (x.mm(w1) + b1).tanh()
        h2 = (h.mm(w2) + b2.expand(0, 5)).sigmoid()
        return (h2 * 3.0).mean_cross_entropy(t) + (h * h).sum(0).sum(0) * 0.01

    res = check_gradients(loss, [w1, b1, w2, b2], tolerance=1e-6)
    assert res.ok, res.errors
    assert len(res.errors) == 4
