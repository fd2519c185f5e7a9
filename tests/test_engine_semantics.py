"""The engine's contract beyond raw derivatives: graph bookkeeping, ids, ``no_grad``,
gradient accumulation, optimizers, layers and the weight-initialisation schemes."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from core import (
    SGD,
    Adam,
    CrossEntropyLoss,
    Embedding,
    Linear,
    MSELoss,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
    Tensor,
    check_gradients,
    is_grad_enabled,
    no_grad,
    sum_to,
)
from core.init import SCHEMES, init_weights


def _state_equal(s1, s2) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and tuple(s1[2:]) == tuple(s2[2:])


def _tracked(*arrays):
    return [Tensor(np.asarray(a, dtype=float), autograd=True) for a in arrays]


# ---------------------------------------------------------------------- graph bookkeeping

def test_creation_ops_and_creators():
    a, b = _tracked([[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0], [2.0, 0.25]])
    idx = Tensor(np.array([1, 0]))
    cases = [
        (a + b, "add", [a, b]),
        (a - b, "sub", [a, b]),
        (a * b, "mul", [a, b]),
        (a / b, "div", [a, b]),
        (-a, "neg", [a]),
        (a.mm(b), "mm", [a, b]),
        (a.transpose(), "transpose", [a]),
        (a.sum(0), "sum_0", [a]),
        (a.sum(1), "sum_1", [a]),
        (a.expand(0, 3), "expand_0", [a]),
        (a.expand(2, 3), "expand_2", [a]),
        (a.index_select(idx), "index_select", [a]),
        (a.sigmoid(), "sigmoid", [a]),
        (a.tanh(), "tanh", [a]),
        (a.relu(), "relu", [a]),
        (a.softmax(), "softmax", [a]),
        (a.cross_entropy(Tensor(np.array([0, 1]))), "cross_entropy", [a]),
        (a.mean_cross_entropy(Tensor(np.array([0, 1]))), "mean_cross_entropy", [a]),
    ]
    for out, op, creators in cases:
        assert out.creation_op == op
        assert out.autograd
        assert len(out.creators) == len(creators)
        assert all(c is e for c, e in zip(out.creators, creators)), op
    assert a.creators is None and a.creation_op is None


def test_scalar_operands_become_constant_creators():
    (x,) = _tracked([1.0, 2.0])
    for out, op, pos in [(x + 2, "add", 0), (2 + x, "add", 0), (x - 2, "sub", 0),
                         (x * 3, "mul", 0), (3 * x, "mul", 0), (x / 4, "div", 0)]:
        assert out.creation_op == op
        assert out.creators[pos] is x
        const = out.creators[1 - pos]
        assert not const.autograd
        assert const.data.dtype == np.float64
    r = 2 - x  # __rsub__: Tensor(2) - x
    assert r.creation_op == "sub"
    assert r.creators[1] is x and float(r.creators[0].data) == 2.0
    np.testing.assert_array_equal(r.data, [1.0, 0.0])


def test_untracked_results_carry_no_graph():
    a = Tensor(np.array([1.0, 2.0]))
    b = Tensor(np.array([3.0, 4.0]))
    out = (a * b).tanh().sum(0)
    assert not out.autograd
    assert out.creators is None and out.creation_op is None
    out.backward()
    assert out.grad is None and a.grad is None and b.grad is None


def test_mixed_tracked_and_constant_is_tracked():
    (a,) = _tracked([1.0, 2.0])
    c = Tensor(np.array([3.0, 4.0]))
    out = a * c
    assert out.autograd and out.creators[1] is c
    out.backward()
    assert c.grad is None
    np.testing.assert_array_equal(a.grad.data, [3.0, 4.0])


def test_intermediate_tensors_get_grads_like_the_tutorial():
    x, w = _tracked([[1.0, 2.0]], [[0.5], [-1.0]])
    h = x.mm(w)  # [[-1.5]]
    loss = (h * h).sum(0)
    loss.backward(Tensor(np.ones_like(loss.data)))
    np.testing.assert_array_equal(loss.grad.data, [1.0])
    np.testing.assert_array_equal(h.grad.data, [[-3.0]])
    np.testing.assert_array_equal(w.grad.data, [[-3.0], [-6.0]])
    np.testing.assert_array_equal(x.grad.data, [[-1.5, 3.0]])


def test_backward_default_grad_is_ones():
    (x,) = _tracked([[1.0, 2.0], [3.0, 4.0]])
    (x * 3.0).backward()
    np.testing.assert_array_equal(x.grad.data, np.full((2, 2), 3.0))


def test_backward_accepts_an_ndarray_gradient():
    (x,) = _tracked([1.0, 2.0])
    (x * 3.0).backward(np.array([1.0, -2.0]))
    np.testing.assert_array_equal(x.grad.data, [3.0, -6.0])


def test_leaf_backward_on_itself():
    (x,) = _tracked([1.0, 2.0])
    x.backward(Tensor(np.array([5.0, 6.0])))
    np.testing.assert_array_equal(x.grad.data, [5.0, 6.0])


def test_integer_leaf_gets_a_float_gradient():
    x = Tensor(np.array([1, 2]), autograd=True)
    (x * 0.5).backward()
    assert x.grad.data.dtype == np.float64
    np.testing.assert_array_equal(x.grad.data, [0.5, 0.5])


def test_constructor_copies_data():
    arr = np.array([1.0, 2.0])
    t = Tensor(arr)
    arr[0] = 99.0
    assert t.data[0] == 1.0


def test_sum_to():
    g = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(sum_to(g, (4,)), g.sum((0, 1)))
    np.testing.assert_array_equal(sum_to(g, (3, 1)), g.sum(0).sum(1, keepdims=True))
    np.testing.assert_array_equal(sum_to(g, (1, 3, 4)), g.sum(0, keepdims=True))
    assert sum_to(g, ()) == g.sum()
    assert sum_to(g, g.shape) is g


# ---------------------------------------------------------------------- ids and random state

def test_ids_are_unique_increasing_ints_from_a_counter():
    tensors = [Tensor(np.zeros(2), autograd=True) for _ in range(200)]
    ids = [t.id for t in tensors]
    assert all(type(i) is int for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    a, b = tensors[:2]
    results = [a + b, a * b, a.tanh(), a.sum(0)]
    res_ids = [r.id for r in results]
    assert len(set(res_ids + ids)) == len(res_ids) + len(ids)
    assert min(res_ids) > max(ids)
    assert Tensor(1.0, id=12345).id == 12345


def test_building_and_backprop_do_not_touch_numpy_global_random_state():
    np.random.seed(2024)
    before = np.random.get_state()
    x, w = _tracked(np.ones((4, 3)), np.full((3, 2), 0.5))
    for _ in range(50):
        Tensor(np.zeros(3), autograd=True)
    loss = (x.mm(w).tanh() + 1.0).sigmoid().softmax().sum(0).sum(0)
    loss.backward()
    opt = SGD([w], alpha=0.1)
    opt.step()
    assert _state_equal(before, np.random.get_state())
    # and the next draw is the one the seed predicts
    np.random.seed(2024)
    expected = np.random.rand()
    np.random.set_state(before)
    assert np.random.rand() == expected


# ---------------------------------------------------------------------- no_grad

def test_no_grad_builds_no_graph():
    (x,) = _tracked([1.0, -2.0])
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
        y = (x * x + 1.0).tanh().sum(0)
        assert not y.autograd
        assert y.creators is None and y.creation_op is None
        y.backward()
    assert is_grad_enabled()
    assert x.grad is None
    z = x * x
    assert z.autograd and z.creators == [x, x]


def test_no_grad_nests_and_restores_after_an_exception():
    with no_grad():
        with no_grad():
            assert not is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()
    with pytest.raises(RuntimeError):
        with no_grad():
            raise RuntimeError("boom")
    assert is_grad_enabled()


def test_no_grad_is_per_thread():
    seen = {}
    inside = threading.Event()
    release = threading.Event()

    def worker():
        with no_grad():
            inside.set()
            release.wait(5)
            seen["worker"] = is_grad_enabled()
        seen["worker_after"] = is_grad_enabled()

    th = threading.Thread(target=worker)
    th.start()
    try:
        assert inside.wait(5)
        (x,) = _tracked([1.0])
        y = x * 2.0
        seen["main"] = is_grad_enabled()
    finally:
        release.set()
        th.join(5)
    assert seen == {"main": True, "worker": False, "worker_after": True}
    assert y.autograd


# ---------------------------------------------------------------------- accumulation and SGD

def _tiny_model(weights):
    return Sequential([Linear(2, 3, weight=weights[0].copy()), Tanh(),
                       Linear(3, 1, weight=weights[1].copy())])


_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_Y = np.array([[0.0], [1.0], [0.0], [1.0]])
_W = [np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), np.array([[0.7], [-0.8], [0.9]])]


def _loss(model):
    return MSELoss()(model(Tensor(_X)), Tensor(_Y))


def test_leaf_grads_accumulate_and_sgd_zero_semantics():
    single = _tiny_model(_W)
    _loss(single).backward()
    g1 = [p.grad.data.copy() for p in single.get_parameters()]
    assert all(np.any(g != 0) for g in g1)

    model = _tiny_model(_W)
    params = model.get_parameters()
    loss = _loss(model)
    loss.backward()
    loss.backward()  # the same graph twice
    for p, g in zip(params, g1):
        np.testing.assert_array_equal(p.grad.data, 2 * g)

    alpha = 0.1
    opt = SGD(params, alpha=alpha)
    before = [p.data.copy() for p in params]
    opt.step(zero=False)
    for p, b, g in zip(params, before, g1):
        np.testing.assert_array_equal(p.data, b - (2 * g) * alpha)
        np.testing.assert_array_equal(p.grad.data, 2 * g)  # kept

    # one more backward (at the new weights) adds to the kept gradients
    probe = _tiny_model([params[0].data, params[2].data])
    probe.layers[0].bias.data[:] = params[1].data
    probe.layers[2].bias.data[:] = params[3].data
    _loss(probe).backward()
    g_new = [p.grad.data.copy() for p in probe.get_parameters()]
    _loss(model).backward()
    for p, g, gn in zip(params, g1, g_new):
        np.testing.assert_allclose(p.grad.data, 2 * g + gn, rtol=1e-15, atol=1e-17)

    opt.step(zero=True)
    for p in params:
        assert p.grad is not None
        np.testing.assert_array_equal(p.grad.data, 0.0)

    # after zeroing, a backward gives exactly a fresh single gradient
    snapshot = [p.data.copy() for p in params]
    fresh = _tiny_model([snapshot[0], snapshot[2]])
    fresh.layers[0].bias.data[:] = snapshot[1]
    fresh.layers[2].bias.data[:] = snapshot[3]
    _loss(fresh).backward()
    _loss(model).backward()
    for p, q in zip(params, fresh.get_parameters()):
        np.testing.assert_array_equal(p.grad.data, q.grad.data)


def test_sgd_zero_method():
    model = _tiny_model(_W)
    _loss(model).backward()
    opt = SGD(model.get_parameters())
    opt.zero()
    for p in model.get_parameters():
        np.testing.assert_array_equal(p.grad.data, 0.0)


def test_sgd_update_is_exactly_p_minus_alpha_g():
    rng = np.random.default_rng(11)
    p0 = rng.standard_normal((3, 4))
    g = rng.standard_normal((3, 4))
    p = Tensor(p0, autograd=True)
    p.grad = Tensor(g.copy())
    SGD([p], alpha=0.037).step()
    np.testing.assert_array_equal(p.data, p0 - 0.037 * g)
    np.testing.assert_array_equal(p.grad.data, 0.0)


def test_sgd_skips_parameters_without_grad():
    p, q = _tracked([1.0, 2.0], [3.0])
    q.grad = Tensor(np.array([1.0]))
    SGD([p, q], alpha=0.5).step()
    np.testing.assert_array_equal(p.data, [1.0, 2.0])
    np.testing.assert_array_equal(q.data, [2.5])


def test_momentum_two_steps_by_hand():
    p = Tensor(np.array([1.0, -2.0, 0.5]), autograd=True)
    g1 = np.array([0.3, -0.1, 2.0])
    g2 = np.array([-0.4, 0.2, 1.0])
    alpha, mu = 0.1, 0.9
    opt = SGD([p], alpha=alpha, momentum=mu)
    p.grad = Tensor(g1.copy())
    opt.step()
    v1 = g1
    p1 = np.array([1.0, -2.0, 0.5]) - alpha * v1
    np.testing.assert_allclose(p.data, p1, rtol=1e-15)
    p.grad.data[:] = g2
    opt.step()
    v2 = mu * v1 + g2
    p2 = p1 - alpha * v2
    np.testing.assert_allclose(p.data, p2, rtol=1e-15)
    np.testing.assert_allclose(p2, [1.0 - 0.03 - 0.1 * (0.27 - 0.4), -2.0 + 0.01 - 0.1 * (-0.09 + 0.2),
                                    0.5 - 0.2 - 0.1 * (1.8 + 1.0)], rtol=1e-14)


def test_momentum_with_a_real_loss_differs_from_plain_sgd():
    a = _tiny_model(_W)
    b = _tiny_model(_W)
    opt_a = SGD(a.get_parameters(), alpha=0.1)
    opt_b = SGD(b.get_parameters(), alpha=0.1, momentum=0.9)
    for _ in range(2):
        _loss(a).backward()
        opt_a.step()
        _loss(b).backward()
        opt_b.step()
    assert not np.allclose(a.get_parameters()[0].data, b.get_parameters()[0].data)


def test_adam_two_steps_by_hand():
    p0 = np.array([1.0, -2.0, 0.5, 0.0])
    g1 = np.array([0.3, -0.1, 2.0, 1e-3])
    g2 = np.array([-0.4, 0.2, 1.0, 0.0])
    alpha, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    p = Tensor(p0.copy(), autograd=True)
    opt = Adam([p], alpha=alpha, beta1=b1, beta2=b2, eps=eps)

    m = np.zeros(4)
    v = np.zeros(4)
    expected = p0.copy()
    for t, g in enumerate([g1, g2], start=1):
        if p.grad is None:
            p.grad = Tensor(g.copy())
        else:
            p.grad.data[:] = g
        opt.step()
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1 ** t)
        v_hat = v / (1 - b2 ** t)
        expected = expected - alpha * m_hat / (np.sqrt(v_hat) + eps)
        np.testing.assert_allclose(p.data, expected, rtol=1e-13, atol=1e-16)
        np.testing.assert_array_equal(p.grad.data, 0.0)
        if t == 1:  # Adam's first step is alpha * sign(g) (for |g| >> eps)
            np.testing.assert_allclose(p.data[:3], p0[:3] - alpha * np.sign(g1[:3]), rtol=1e-6)
    assert opt.t == 2


def test_adam_zero_false_keeps_grads():
    (p,) = _tracked([1.0])
    p.grad = Tensor(np.array([0.5]))
    Adam([p]).step(zero=False)
    np.testing.assert_array_equal(p.grad.data, [0.5])


# ---------------------------------------------------------------------- layers

@pytest.mark.parametrize("seed, n_in, n_out", [(0, 2, 3), (1, 3, 1), (7, 5, 4), (123, 1, 1)])
def test_linear_draws_he_init_from_global_random_state(seed, n_in, n_out):
    np.random.seed(seed)
    expected = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
    after_expected = np.random.rand()
    np.random.seed(seed)
    layer = Linear(n_in, n_out)
    np.testing.assert_array_equal(layer.weight.data, expected)
    np.testing.assert_array_equal(layer.bias.data, np.zeros(n_out))
    assert np.random.rand() == after_expected  # nothing else (no ids) was drawn
    assert layer.get_parameters() == [layer.weight, layer.bias]
    assert layer.weight.autograd and layer.bias.autograd


def test_linear_he_statistics():
    np.random.seed(5)
    w = Linear(500, 400).weight.data
    assert w.shape == (500, 400)
    assert abs(w.std() / np.sqrt(2.0 / 500) - 1) < 0.02
    assert abs(w.mean()) < 3 * np.sqrt(2.0 / 500) / np.sqrt(w.size)


def test_linear_forward_and_given_weight():
    w = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    layer = Linear(3, 2, weight=w)
    w[0, 0] = 100.0  # the layer keeps its own copy
    layer.bias.data[:] = [0.5, -0.5]
    x = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    out = layer(Tensor(x))
    np.testing.assert_array_equal(out.data, x @ np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]) + [0.5, -0.5])
    with pytest.raises(ValueError):
        Linear(2, 3, weight=np.zeros((3, 2)))


def test_linear_without_bias_has_only_a_weight():
    w = np.array([[1.0], [2.0]])
    layer = Linear(2, 1, bias=False, weight=w)
    assert layer.bias is None
    assert layer.get_parameters() == [layer.weight]
    x = np.array([[3.0, 4.0]])
    out = layer(Tensor(x))
    np.testing.assert_array_equal(out.data, [[11.0]])
    assert out.creation_op == "mm"
    out.backward()
    np.testing.assert_array_equal(layer.weight.grad.data, [[3.0], [4.0]])


def test_linear_bias_gradient_sums_over_the_batch():
    layer = Linear(2, 2, weight=np.eye(2))
    out = layer(Tensor(np.ones((5, 2))))
    out.backward(Tensor(np.arange(10.0).reshape(5, 2)))
    np.testing.assert_array_equal(layer.bias.grad.data, [20.0, 25.0])


def test_sequential_add_and_parameter_order():
    l1 = Linear(2, 3, weight=np.ones((2, 3)))
    l2 = Linear(3, 4, bias=False, weight=np.ones((3, 4)))
    l3 = Linear(4, 1, weight=np.ones((4, 1)))
    model = Sequential([l1, Tanh()])
    model.add(l2)
    model.add(ReLU())
    model.add(l3)
    model.add(Sigmoid())
    params = model.get_parameters()
    expected = [l1.weight, l1.bias, l2.weight, l3.weight, l3.bias]
    assert len(params) == len(expected)
    assert all(p is e for p, e in zip(params, expected))
    x = np.array([[0.5, -0.5], [1.0, 2.0]])
    h = np.tanh(x @ np.ones((2, 3)))
    h = np.maximum(h @ np.ones((3, 4)), 0)
    expected_out = 1 / (1 + np.exp(-(h @ np.ones((4, 1)))))
    np.testing.assert_allclose(model(Tensor(x)).data, expected_out, rtol=1e-14)


def test_sequential_instances_do_not_share_a_default_layer_list():
    a = Sequential()
    b = Sequential()
    a.add(Tanh())
    assert b.layers == [] and len(a.layers) == 1
    layers = [Tanh()]
    c = Sequential(layers)
    c.add(ReLU())
    assert len(layers) == 1


def test_embedding_init_and_lookup():
    np.random.seed(3)
    expected = (np.random.rand(6, 4) - 0.5) / 4
    np.random.seed(3)
    emb = Embedding(6, 4)
    np.testing.assert_array_equal(emb.weight.data, expected)
    assert np.all(np.abs(emb.weight.data) <= 0.5 / 4)
    assert emb.get_parameters() == [emb.weight]
    idx = np.array([[1, 5], [1, 1]])
    out = emb(Tensor(idx))
    assert out.creation_op == "index_select"
    np.testing.assert_array_equal(out.data, expected[idx])
    out.backward()
    grad = np.zeros((6, 4))
    grad[1] = 3.0
    grad[5] = 1.0
    np.testing.assert_array_equal(emb.weight.grad.data, grad)


def _log_softmax(z):
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


@pytest.mark.parametrize("seed", range(5))
def test_cross_entropy_loss_matches_numpy_log_softmax(seed):
    rng = np.random.default_rng(seed)
    n, c = rng.integers(1, 7), rng.integers(2, 6)
    z = rng.standard_normal((n, c)) * 3
    t = rng.integers(0, c, n)
    loss = CrossEntropyLoss()(Tensor(z, autograd=True), Tensor(t))
    expected = -_log_softmax(z)[np.arange(n), t].mean()
    assert loss.data.shape == ()
    np.testing.assert_allclose(float(loss.data), expected, rtol=1e-13)
    # also against the definition with plain exp/log
    direct = -np.mean(np.log(np.exp(z[np.arange(n), t]) / np.exp(z).sum(1)))
    np.testing.assert_allclose(float(loss.data), direct, rtol=1e-12)


@pytest.mark.parametrize("op", ["cross_entropy", "mean_cross_entropy"])
def test_cross_entropy_huge_logits_stay_finite(op):
    z = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = getattr(Tensor(z, autograd=True), op)(Tensor(np.array([0, 0])))
    np.testing.assert_allclose(float(loss.data), 500.0, rtol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_the_books_cross_entropy_is_the_books_formula_and_n_times_the_exact_gradient(seed):
    rng = np.random.default_rng(seed)
    n, c = 2 + seed, 3
    z = rng.standard_normal((n, c)) * 2
    t = rng.integers(0, c, n)
    book, exact = Tensor(z, autograd=True), Tensor(z, autograd=True)
    loss = book.cross_entropy(Tensor(t))
    loss.backward(Tensor(np.array(1.0)))
    exact.mean_cross_entropy(Tensor(t)).backward(Tensor(np.array(1.0)))
    # the book's numpy, line for line
    temp = np.exp(z)
    softmax = temp / np.sum(temp, axis=1, keepdims=True)
    target_dist = np.eye(c)[t]
    assert float(loss.data) == -(np.log(softmax) * target_dist).sum(1).mean()
    np.testing.assert_array_equal(book.grad.data, softmax - target_dist)
    np.testing.assert_allclose(book.grad.data, n * exact.grad.data, rtol=1e-12, atol=1e-15)
    # check_gradients shows the lesson: the book's gradient is N times too large
    res = check_gradients(lambda: book.cross_entropy(Tensor(t)), [book])
    assert not res.ok and res.scales[0] == pytest.approx(n, rel=1e-6)
    ok = check_gradients(lambda: exact.mean_cross_entropy(Tensor(t)), [exact])
    assert ok.ok and ok.scales[0] == pytest.approx(1.0, rel=1e-6)


def test_the_books_cross_entropy_is_torchs_mean_loss_with_its_sum_gradient():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    z, t = rng.standard_normal((5, 3)), np.array([0, 2, 1, 1, 0])
    ours = Tensor(z, autograd=True)
    loss = ours.cross_entropy(Tensor(t))
    loss.backward()
    zt = torch.tensor(z, requires_grad=True)
    target = torch.tensor(t, dtype=torch.long)
    torch.nn.functional.cross_entropy(zt, target, reduction="sum").backward()
    assert float(loss.data) == pytest.approx(torch.nn.functional.cross_entropy(zt, target).item(), rel=1e-13)
    np.testing.assert_allclose(ours.grad.data, zt.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_mse_loss_is_the_tutorial_formula():
    pred = Tensor(np.array([[1.0], [2.0], [4.0]]), autograd=True)
    target = Tensor(np.array([[0.0], [2.0], [1.0]]))
    loss = MSELoss()(pred, target)
    np.testing.assert_array_equal(loss.data, [10.0])
    assert loss.creation_op == "sum_0"
    (mul,) = loss.creators
    a, b = mul.creators  # ((pred - target) * (pred - target)): two sub nodes, as the book writes it
    assert mul.creation_op == "mul" and a is not b and a.creation_op == b.creation_op == "sub"
    loss.backward()
    np.testing.assert_array_equal(pred.grad.data, [[2.0], [0.0], [6.0]])


def test_linear_with_expand_builds_the_tutorials_graph_with_the_same_numbers():
    rng = np.random.default_rng(5)
    w, x = rng.standard_normal((3, 2)), Tensor(rng.standard_normal((4, 3)))
    outs = []
    for expand in (False, True):
        lin = Linear(3, 2, weight=w, expand=expand)
        lin.bias.data[:] = [0.5, -1.0]
        out = lin(x)
        (out * out).sum(0).backward()
        outs.append((out, lin))
    (broadcast, lin_b), (tutorial, lin_t) = outs
    assert broadcast.creation_op == tutorial.creation_op == "add"
    assert [c.creation_op for c in broadcast.creators] == ["mm", None]
    assert [c.creation_op for c in tutorial.creators] == ["mm", "expand_0"]
    assert tutorial.creators[1].creators == [lin_t.bias]
    assert broadcast.data.tobytes() == tutorial.data.tobytes()
    for p, q in zip(lin_b.get_parameters(), lin_t.get_parameters()):
        assert p.grad.data.tobytes() == q.grad.data.tobytes()


# ---------------------------------------------------------------------- init schemes

@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_init_same_seed_same_bits_regardless_of_tensors_and_global_state(scheme):
    sizes = [3, 5, 2]
    first = init_weights(scheme, sizes, seed=42)
    for _ in range(137):
        Tensor(np.zeros(2), autograd=True)
    np.random.seed(999)
    np.random.randn(10)
    Linear(4, 4)
    second = init_weights(scheme, sizes, seed=42)
    assert [w.shape for w in first] == [(3, 5), (5, 2)]
    for a, b in zip(first, second):
        assert a.tobytes() == b.tobytes()


def test_init_does_not_touch_global_random_state():
    np.random.seed(8)
    before = np.random.get_state()
    for scheme in SCHEMES:
        init_weights(scheme, [4, 3, 2], seed=1)
    assert _state_equal(before, np.random.get_state())


@pytest.mark.parametrize("scheme", sorted(set(SCHEMES) - {"zeros"}))
def test_init_different_seeds_differ(scheme):
    a = init_weights(scheme, [3, 4, 2], seed=1)
    b = init_weights(scheme, [3, 4, 2], seed=2)
    assert all(not np.array_equal(x, y) for x, y in zip(a, b))


SCALES = {
    "he": lambda n_in, n_out: np.sqrt(2.0 / n_in),
    "xavier": lambda n_in, n_out: np.sqrt(2.0 / (n_in + n_out)),
    "small": lambda n_in, n_out: 0.01,
    "large": lambda n_in, n_out: 1.0,
    "tutorial": lambda n_in, n_out: np.sqrt(2.0 / n_in),
    "book": lambda n_in, n_out: np.sqrt(2.0 / n_in),
}


@pytest.mark.parametrize("scheme", sorted(SCALES))
def test_init_scales(scheme):
    sizes = [400, 300, 100]
    ws = init_weights(scheme, sizes, seed=3)
    for w, n_in, n_out in zip(ws, sizes[:-1], sizes[1:]):
        assert w.shape == (n_in, n_out)
        assert abs(w.std() / SCALES[scheme](n_in, n_out) - 1) < 0.03, (scheme, w.std())
        assert abs(w.mean()) < 4 * w.std() / np.sqrt(w.size)


def test_init_zeros():
    ws = init_weights("zeros", [3, 4, 2], seed=5)
    assert [w.shape for w in ws] == [(3, 4), (4, 2)]
    assert all(np.all(w == 0) for w in ws)


def test_init_covers_every_scheme_and_rejects_unknown():
    assert set(SCHEMES) == set(SCALES) | {"zeros"}
    with pytest.raises(ValueError):
        init_weights("lecun", [2, 2], seed=0)


def test_tutorial_scheme_replays_the_legacy_draw_order():
    np.random.seed(1)
    for _ in range(4):  # data, target and the two unused weight tensors each draw an id
        np.random.randint(0, 100000)
    w01 = np.random.randn(2, 3) * np.sqrt(2.0 / 2)
    np.random.randint(0, 100000)  # weight id
    np.random.randint(0, 100000)  # bias id
    w12 = np.random.randn(3, 1) * np.sqrt(2.0 / 3)
    got = init_weights("tutorial", [2, 3, 1], seed=1)
    assert got[0].tobytes() == w01.tobytes()
    assert got[1].tobytes() == w12.tobytes()


def test_book_scheme_and_bias_false_draw_order():
    np.random.seed(0)
    for _ in range(2):
        np.random.randint(0, 100000)
    w01 = np.random.randn(2, 3)
    np.random.randint(0, 100000)  # weight id only: no bias tensor
    w12 = np.random.randn(3, 1) * np.sqrt(2.0 / 3)
    got = init_weights("book", [2, 3, 1], seed=0, bias=False)
    np.testing.assert_array_equal(got[0], w01)
    np.testing.assert_array_equal(got[1], w12)
    with_bias = init_weights("book", [2, 3, 1], seed=0)
    np.testing.assert_array_equal(with_bias[0], w01)
    assert not np.array_equal(with_bias[1], w12)


# ---------------------------------------------------------------------- scalar / tensor, ndarray on the left

def test_scalar_divided_by_tensor():
    (x,) = _tracked([2.0, 4.0])
    out = 2.0 / x
    assert out.creation_op == "div" and out.creators[1] is x
    np.testing.assert_array_equal(out.data, [1.0, 0.5])
    out.backward()
    np.testing.assert_array_equal(x.grad.data, [-0.5, -0.125])


@pytest.mark.parametrize("op, expected, dx", [
    ("add", [2.0, 4.0], [1.0, 1.0]),
    ("sub", [0.0, 0.0], [-1.0, -1.0]),
    ("mul", [1.0, 4.0], [1.0, 2.0]),
    ("div", [1.0, 1.0], [-1.0, -0.5]),
])
def test_ndarray_on_the_left_gives_a_tracked_tensor(op, expected, dx):
    (x,) = _tracked([1.0, 2.0])
    arr = np.array([1.0, 2.0])
    ops = {"add": lambda: arr + x, "sub": lambda: arr - x, "mul": lambda: arr * x, "div": lambda: arr / x}
    out = ops[op]()
    assert isinstance(out, Tensor)
    assert out.creation_op == op and out.autograd
    np.testing.assert_array_equal(out.data, expected)
    out.backward()
    np.testing.assert_array_equal(x.grad.data, dx)


# ---------------------------------------------------------------------- explicit ids (the tutorial's `id=`)

def test_a_leaf_with_a_huge_explicit_id_still_gets_the_summed_gradient():
    x = np.array([0.5, -1.0])
    leaf = Tensor(x, autograd=True, id=10**12)
    ((leaf * leaf + leaf.tanh()) * leaf).backward()
    expected = 3 * x ** 2 + np.tanh(x) + x * (1 - np.tanh(x) ** 2)
    np.testing.assert_allclose(leaf.grad.data, expected, rtol=1e-14)


def test_tensors_sharing_an_explicit_id_keep_separate_gradients():
    a = Tensor(np.array([2.0]), autograd=True)
    b = Tensor(np.array([3.0]), autograd=True, id=a.id)
    (a * b).backward()
    assert b.grad is not None
    np.testing.assert_array_equal(a.grad.data, [3.0])
    np.testing.assert_array_equal(b.grad.data, [2.0])


def test_explicit_ids_are_kept_and_may_repeat():
    a = Tensor(np.array([2.0]), autograd=True, id=7)
    b = Tensor(np.array([3.0]), autograd=True, id=7)
    c = Tensor(np.array([4.0]), autograd=True, id=a.id)
    assert a.id == b.id == c.id == 7
    out = (a * b) * c
    out.backward()
    np.testing.assert_array_equal(a.grad.data, [12.0])
    np.testing.assert_array_equal(b.grad.data, [8.0])
    np.testing.assert_array_equal(c.grad.data, [6.0])


# ---------------------------------------------------------------------- retain_grad

def test_retain_grad_false_keeps_only_leaf_grads():
    def build():
        x, w = _tracked([[1.0, 2.0], [0.5, -1.0]], [[0.3], [-0.7]])
        h = x.mm(w).tanh()
        loss = (h * h).sum(0)
        return x, w, h, loss

    x1, w1, h1, loss1 = build()
    loss1.backward()
    x2, w2, h2, loss2 = build()
    loss2.backward(retain_grad=False)
    assert h1.grad is not None and loss1.grad is not None
    assert h2.grad is None and loss2.grad is None
    np.testing.assert_array_equal(w2.grad.data, w1.grad.data)
    np.testing.assert_array_equal(x2.grad.data, x1.grad.data)
    loss2.backward(retain_grad=False)  # leaves still accumulate
    np.testing.assert_array_equal(w2.grad.data, 2 * w1.grad.data)


def test_tensor_built_by_hand_with_creators_backpropagates():
    """The tutorial's constructor signature: Tensor(data, autograd, creators, creation_op)."""
    a = Tensor(np.array([2.0, 3.0]), autograd=True)
    b = Tensor(np.array([4.0, 5.0]), autograd=True)
    c = Tensor(a.data * b.data, autograd=True, creators=[a, b], creation_op="mul")
    s = Tensor(c.data.sum(0), autograd=True, creators=[c], creation_op="sum_0")
    s.backward()
    np.testing.assert_array_equal(a.grad.data, [4.0, 5.0])
    np.testing.assert_array_equal(b.grad.data, [2.0, 3.0])
    odd = Tensor(a.data, autograd=True, creators=[a], creation_op="mystery")
    with pytest.raises(ValueError, match="mystery"):
        odd.backward()


def test_backward_broadcasts_or_rejects_the_incoming_gradient():
    x = Tensor(np.ones((2, 3)), autograd=True)
    x.sum(0).backward(np.array(2.0))  # a scalar seed fits any shape
    np.testing.assert_array_equal(x.grad.data, np.full((2, 3), 2.0))
    y = Tensor(np.ones((2, 3)), autograd=True)
    with pytest.raises(ValueError, match="does not fit"):
        y.sum(0).backward(np.ones(5))


def test_integer_data_with_autograd_trains():
    t = Tensor(np.array([[1, 2], [3, 4]]), autograd=True)
    assert t.data.dtype == np.float64
    ((t * t).sum(0)).sum(0).backward()
    SGD([t], alpha=0.1).step()
    np.testing.assert_allclose(t.data, np.array([[1, 2], [3, 4]]) * 0.8)


def test_tracked_index_tensor_still_indexes():
    table = Tensor(np.arange(6.0).reshape(3, 2), autograd=True)
    idx = Tensor(np.array([2, 0, 2]), autograd=True)  # the book makes its indices this way
    table.index_select(idx).sum(0).sum(0).backward()
    np.testing.assert_array_equal(table.grad.data, [[1, 1], [0, 0], [2, 2]])


@pytest.mark.parametrize(("a", "b"), [((3,), (3, 2)), ((2, 3), (3,)), ((3,), (3,))])
def test_mm_with_vectors(a, b):
    rng = np.random.default_rng(1)
    A = Tensor(rng.standard_normal(a), autograd=True)
    B = Tensor(rng.standard_normal(b), autograd=True)
    assert check_gradients(lambda: A.mm(B), [A, B]).ok


def test_zero_clears_non_finite_gradients():
    p = Tensor(np.zeros(2), autograd=True)
    p.grad = Tensor(np.array([np.inf, np.nan]))
    SGD([p], alpha=0.1).zero()
    np.testing.assert_array_equal(p.grad.data, [0.0, 0.0])


def test_retained_gradients_never_share_memory():
    """Each tensor's .grad is its own array: changing one (in place) changes no other, nor the
    array the caller handed to backward."""
    a = Tensor(np.array([[1.0, 2.0]]), autograd=True)
    b = Tensor(np.array([[3.0, 4.0]]), autograd=True)
    s = a + b  # add passes the same gradient array to both operands
    t = s * Tensor(np.array([[2.0, 2.0]]), autograd=True)
    u = t + s
    seed = np.array([[1.0, 1.0]])
    u.backward(seed)
    grads = [x.grad.data for x in (a, b, s, t, u)]
    for i in range(len(grads)):
        for j in range(i + 1, len(grads)):
            assert not np.shares_memory(grads[i], grads[j]), (i, j)
    assert not np.shares_memory(u.grad.data, seed)
    t.grad.data += 100.0
    np.testing.assert_array_equal(u.grad.data, [[1.0, 1.0]])
    np.testing.assert_array_equal(s.grad.data, [[3.0, 3.0]])
