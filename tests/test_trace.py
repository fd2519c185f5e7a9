"""Session.trace_step and the observer hook in Tensor.backward: a recorded step is the real step."""

from __future__ import annotations

import re
from functools import reduce
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core.session as session_module
from core.config import ExperimentConfig
from core.presets import get_preset, presets
from core.session import Session, TrainingDiverged
from core.tensor import Tensor
from core.trace import NonFinite, StepTrace

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference"
TUTORIAL_OPS = ["mm", "expand_0", "add", "mm", "expand_0", "add", "sub", "sub", "mul", "sum_0"]

# Small nets beside the presets: an activation each, and a cross-entropy net.
NETS = {
    "tanh": ExperimentConfig(dataset="xor", n_samples=12, hidden=(4,), activation="tanh", alpha=0.1),
    "sigmoid": ExperimentConfig(dataset="circle", n_samples=10, hidden=(3, 2), activation="sigmoid",
                                loss="mse", alpha=0.5),
    "cross_entropy": ExperimentConfig(dataset="clusters", n_samples=9, hidden=(5,), activation="relu",
                                      loss="cross_entropy", alpha=0.2),
    "momentum": ExperimentConfig(dataset="xor", n_samples=8, hidden=(3,), activation="tanh",
                                 optimizer="momentum"),
    "adam": ExperimentConfig(dataset="xor", n_samples=8, hidden=(3,), activation="relu", optimizer="adam",
                             alpha=0.01),
}


def _config(name: str) -> ExperimentConfig:
    return NETS[name] if name in NETS else get_preset(name).config


def _traced(name: str, steps_before: int = 0) -> tuple[Session, StepTrace]:
    s = Session(_config(name))
    s.run(steps_before)
    return s, s.trace_step()


def _contributions(trace: StepTrace) -> dict[int, list[np.ndarray]]:
    got: dict[int, list[np.ndarray]] = {n.id: [] for n in trace.nodes}
    for e in trace.events:
        got[e.target].append(e.grad)
    return got


# ---------------------------------------------------------------------- invariants

@pytest.mark.parametrize("name", ["tutorial", "accumulate", *NETS])
@pytest.mark.parametrize("steps_before", [0, 2])
def test_every_grad_is_grad_before_plus_its_contributions(name, steps_before):
    _, trace = _traced(name, steps_before)
    got = _contributions(trace)
    for n in trace.nodes:
        if not got[n.id]:  # the data, the targets, constants: they need no gradient
            assert n.grad is None and n.op is None, n
            continue
        total = reduce(np.add, got[n.id])  # summed in the engine's order, as the engine sums them
        if n.grad_before is not None:
            total = n.grad_before + total
        assert n.grad is not None, n
        np.testing.assert_array_equal(n.grad, total, err_msg=f"node {n.id} {n.op} {n.name}")


@pytest.mark.parametrize("name", sorted(presets()) + list(NETS))
def test_a_node_sends_only_after_all_its_gradients_arrived(name):
    _, trace = _traced(name)
    arrived: dict[int, int] = {}
    expected = {n.id: sum(1 for e in trace.events if e.target == n.id) for n in trace.nodes}
    sent = set()
    for e in trace.events:
        if e.source is not None:
            assert arrived.get(e.source, 0) == expected[e.source], f"{e.source} sent before its last gradient"
            sent.add(e.source)
        assert e.target not in sent, f"{e.target} received a gradient after it had sent its own"
        arrived[e.target] = arrived.get(e.target, 0) + 1
    assert trace.events[0].source is None and trace.events[0].target == trace.nodes[-1].id
    assert sum(e.source is None for e in trace.events) == 1


@pytest.mark.parametrize("name", sorted(presets()) + list(NETS))
def test_traced_and_plain_steps_are_the_same_steps(name):
    """On every preset (spiral, sine and vanishing draw mini-batches; nine have a test part)."""
    plain, traced = Session(_config(name)), Session(_config(name))
    first = [_outcome(plain.step) for _ in range(3)]
    trace = traced.trace_step()
    second = [trace.loss, _outcome(traced.step), _outcome(lambda: traced.trace_step().loss)]
    assert first == second  # bit for bit (exploding diverges within three steps: the same message)
    assert traced.step_count == plain.step_count and trace.step == 1
    assert list(traced.losses) == list(plain.losses)
    assert np.array_equal(traced.test_losses, plain.test_losses, equal_nan=True)
    for (name_a, _, _, a), (name_b, _, _, b) in zip(plain.params(), traced.params()):
        assert name_a == name_b
        assert a.data.tobytes() == b.data.tobytes()
        assert a.grad.data.tobytes() == b.grad.data.tobytes()
    assert np.array_equal(plain._order, traced._order) and plain._cursor == traced._cursor


def _outcome(step) -> float | str:
    try:
        return step()
    except TrainingDiverged as e:
        return str(e)


def test_the_update_is_what_the_optimizer_did():
    for name in ("tutorial", "momentum", "adam"):
        s, trace = _traced(name, steps_before=1)
        assert [u.name for u in trace.updates] == [n for n, *_ in s.params()]
        assert trace.optimizer == _config(name).optimizer
        for u, (_, _, _, p) in zip(trace.updates, s.params()):
            assert u.after.tobytes() == p.data.tobytes()
            assert trace.node(u.node).name == u.name
            np.testing.assert_array_equal(trace.node(u.node).value, u.before)
            if name == "tutorial":  # SGD: the exact subtraction
                np.testing.assert_array_equal(u.delta, -trace.alpha * trace.node(u.node).grad)
                assert (u.before + u.delta).tobytes() == u.after.tobytes()
            else:
                np.testing.assert_array_equal(u.delta, u.after - u.before)
                assert not np.allclose(u.delta, -trace.alpha * trace.node(u.node).grad)


def test_trace_holds_copies():
    s, trace = _traced("tutorial")
    values = [(n.value.copy(), None if n.grad is None else n.grad.copy()) for n in trace.nodes]
    s.run(3)
    for n, (v, g) in zip(trace.nodes, values):
        np.testing.assert_array_equal(n.value, v)
        if g is not None:
            np.testing.assert_array_equal(n.grad, g)


# ---------------------------------------------------------------------- against numpy by hand

_ACT = {"none": (lambda z: z, lambda a: np.ones_like(a)),
        "tanh": (np.tanh, lambda a: 1 - a * a),
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
        "relu": (lambda z: np.maximum(z, 0), lambda a: (a > 0).astype(float))}


def _numpy_grads(cfg: ExperimentConfig, x, y, weights, biases):
    """The same step's parameter gradients, written out by hand."""
    act, dact = _ACT[cfg.activation]
    hs = [x]
    for i, (w, b) in enumerate(zip(weights, biases)):
        z = hs[-1] @ w + b
        hs.append(z if i == len(weights) - 1 else act(z))
    pred = hs[-1]
    n = len(x)
    if cfg.loss == "cross_entropy":
        p = np.exp(pred - pred.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - np.eye(pred.shape[1])[y.astype(int)]) / n
    else:
        g = 2 * (pred - y) * (1 / n if cfg.loss == "mse" else 1)
    grads = []
    for i in range(len(weights) - 1, -1, -1):
        grads[:0] = [hs[i].T @ g, g.sum(0)]
        if i:
            g = (g @ weights[i].T) * dact(hs[i])
    return grads


@pytest.mark.parametrize("name", ["tutorial", "book", "he-deep", *NETS])
def test_parameter_gradients_equal_a_numpy_backprop(name):
    s, trace = _traced(name, steps_before=1)
    cfg = _config(name)
    by_name = {n.name: n for n in trace.nodes if n.name}
    layers = len(cfg.sizes) - 1
    weights = [by_name[f"W{i}"].value for i in range(1, layers + 1)]
    biases = [by_name[f"b{i}"].value for i in range(1, layers + 1)]
    # cross-entropy's class indices are not a creator of the loss (the op keeps them), so no node
    target = by_name["target"].value if "target" in by_name else s._y_train.data
    assert ("target" in by_name) == (cfg.loss != "cross_entropy")
    expected = _numpy_grads(cfg, by_name["x"].value, target, weights, biases)
    got = [by_name[f"{k}{i}"].grad for i in range(1, layers + 1) for k in "Wb"]
    for e, g in zip(expected, got):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-13)


def test_torch_gives_the_same_gradients():
    torch = pytest.importorskip("torch")
    _, trace = _traced("tanh", steps_before=1)
    by_name = {n.name: n for n in trace.nodes if n.name}
    params = [torch.tensor(by_name[k].value, requires_grad=True) for k in ("W1", "b1", "W2", "b2")]
    x, y = torch.tensor(by_name["x"].value), torch.tensor(by_name["target"].value)
    pred = torch.tanh(x @ params[0] + params[1]) @ params[2] + params[3]
    ((pred - y) * (pred - y)).sum(0).backward(torch.ones(1, dtype=torch.float64))
    for k, p in zip(("W1", "b1", "W2", "b2"), params):
        np.testing.assert_allclose(by_name[k].grad, p.grad.numpy(), rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------- the tutorial's graph

def test_the_tutorial_graph_op_for_op():
    _, trace = _traced("tutorial")
    ops = [n for n in trace.nodes if n.op is not None]
    assert [n.op for n in ops] == TUTORIAL_OPS
    mm1, ex1, add1, mm2, ex2, add2, sub_a, sub_b, mul, total = ops
    leaf = {n.name: n.id for n in trace.nodes if n.op is None}
    assert set(leaf) == {"W1", "b1", "W2", "b2", "x", "target"}
    assert mm1.creators == (leaf["x"], leaf["W1"]) and ex1.creators == (leaf["b1"],)
    assert add1.creators == (mm1.id, ex1.id) and mm2.creators == (add1.id, leaf["W2"])
    assert add2.creators == (mm2.id, ex2.id)
    pred = add2.id
    assert sub_a.creators == sub_b.creators == (pred, leaf["target"])
    assert mul.creators == (sub_a.id, sub_b.id) and total.creators == (mul.id,)
    assert total.name == "loss" and trace.loss == float(total.value.sum())
    # pred receives two gradients, one from each sub, and holds their sum (the tutorial's grad +=)
    into_pred = [e for e in trace.events if e.target == pred]
    assert sorted(e.source for e in into_pred) == [sub_a.id, sub_b.id]
    np.testing.assert_array_equal(add2.grad, into_pred[0].grad + into_pred[1].grad)
    assert [n.layer for n in ops] == [1, 1, 1, 2, 2, 2, None, None, None, None]
    assert [n.layer for n in trace.nodes if n.name in ("W1", "b1", "W2", "b2")] == [1, 1, 2, 2]


def test_the_tutorial_graph_carries_the_tutorials_code():
    _, trace = _traced("book")
    code = {n.op: n.expression for n in trace.nodes if n.op is not None}
    assert code == {
        "mm": "input.mm(self.weight)",
        "expand_0": "self.bias.expand(0, len(input.data))",
        "add": "input.mm(self.weight) + self.bias.expand(0, len(input.data))",
        "sub": "pred - target",
        "mul": "(pred - target) * (pred - target)",
        "sum_0": "((pred - target) * (pred - target)).sum(0)",
    }
    engine, run = REFERENCE_DIR / "blog_engine.py", REFERENCE_DIR / "blog_run.py"
    if engine.exists() and run.exists():
        source = engine.read_text() + run.read_text()
        for expr in code.values():
            assert expr in source, expr
        assert re.search(r"return input\.mm\(self\.weight\) \+ self\.bias\.expand\(0, len\(input\.data\)\)",
                         source)


def test_other_presets_use_the_broadcasting_form_with_the_same_numbers():
    s = Session(get_preset("xor").config)
    trace = s.trace_step()
    assert s.graph_form == "broadcast"
    assert "expand_0" not in {n.op for n in trace.nodes}
    assert [n.op for n in trace.nodes if n.layer is None and n.op] == ["sub", "mul", "sum_0", "mul"]  # mse
    # the tutorial's form and the broadcasting form are the same arithmetic, bit for bit
    cfg = get_preset("tutorial").config
    tutorial = Session(cfg)
    assert tutorial.graph_form == "tutorial"
    broadcast = Session(cfg)
    for lin in broadcast.linears:
        lin.expand = False
    losses = []
    for _ in range(10):
        pred = broadcast.model.forward(broadcast._x_train)
        diff = pred - broadcast._y_train
        loss = (diff * diff).sum(0)
        loss.backward(Tensor(np.ones_like(loss.data)))
        broadcast.optimizer.step()
        losses.append(float(loss.data.sum()))
    assert tutorial.run(10) == losses


def test_tutorial_steps_are_traced_in_the_tutorials_form_and_trained_in_the_faster_one():
    """A plain step of the tutorial is built by broadcasting (no expand, one sub: a tenth of its
    time); a traced one, a walk's or a diverging one's, in the tutorial's own ops: the same
    numbers, bit for bit, whichever steps are traced."""
    cfg = get_preset("tutorial").config.replace(max_steps=None)
    plain, mixed = Session(cfg), Session(cfg)
    for k in range(12):
        plain.step()
        assert plain._built_form == "broadcast" and not plain.linears[0].expand
        if k % 3 == 1:
            trace = mixed.trace_step()
            assert "expand_0" in {n.op for n in trace.nodes}
            assert [n.op for n in trace.nodes if n.layer is None and n.op].count("sub") == 2
            assert any("expand(0, len(input.data))" in (n.expression or "") for n in trace.nodes)
        else:
            mixed.step()
    assert plain.losses == mixed.losses
    for (_, _, _, a), (_, _, _, b) in zip(plain.params(), mixed.params()):
        assert a.data.tobytes() == b.data.tobytes()
    # a diverging step is traced in the tutorial's form too
    wild = Session(cfg.replace(alpha=100.0))
    with pytest.raises(TrainingDiverged) as err:
        for _ in range(50):
            wild.step()
    assert err.value.trace is not None and "expand_0" in {n.op for n in err.value.trace.nodes}


def test_accumulate_grad_before_is_the_earlier_steps_sum():
    s = Session(get_preset("accumulate").config)
    first = s.trace_step()
    second = s.trace_step()
    assert not second.zero_grad and first.step == 1 and second.step == 2
    for name in ("W1", "b1", "W2", "b2"):
        n1 = next(n for n in first.nodes if n.name == name)
        n2 = next(n for n in second.nodes if n.name == name)
        assert n1.grad_before is None
        np.testing.assert_array_equal(n2.grad_before, n1.grad)
        assert not np.allclose(n2.grad, n1.grad)


def test_zeroed_gradients_start_from_zero():
    s = Session(get_preset("tutorial").config)
    s.step()
    trace = s.trace_step()
    assert trace.zero_grad
    for n in trace.nodes:
        if n.name in ("W1", "b1", "W2", "b2"):
            np.testing.assert_array_equal(n.grad_before, np.zeros_like(n.value))
        elif n.op is not None:
            assert n.grad_before is None


# ---------------------------------------------------------------------- divergence

def _tiny_then_huge() -> Session:
    """The tutorial's net with a tiny first layer and a huge second: the forward stays finite
    (pred ~ 1e100, loss ~ 1e200) but layer 2's mm sends back 1e100 x 1e300 = inf."""
    s = Session(get_preset("tutorial").config)
    s.linears[0].weight.data[:] = 1e-200
    s.linears[1].weight.data[:] = 1e300
    return s


def test_a_backward_overflow_is_named():
    s = _tiny_then_huge()
    with pytest.raises(TrainingDiverged) as caught:  # a loss of 5e201: it exploded, finite
        s.trace_step()
    trace = caught.value.trace
    nf = trace.nonfinite
    assert nf is not None and nf.phase == "backward" and nf.kind == "infinite"
    assert (nf.op, nf.layer) == ("mm", 2)
    event = trace.events[nf.event]
    assert (event.target, event.source) == (nf.node, nf.source)
    assert trace.node(nf.source).op == "mm" and trace.node(nf.node).op == "add"
    assert all(np.isfinite(e.grad).all() for e in trace.events[:nf.event])
    assert all(np.isfinite(n.value).all() for n in trace.nodes)
    assert nf.describe() == "layer 2, backward of mm"
    assert "first non-finite operation: layer 2, backward of mm" in str(caught.value)


def _overflowing_mm(s: Session) -> None:
    s.linears[0].weight.data[:] = 1.5e308  # the sample (1, 1) sums two of them: inf


def _overflowing_square(s: Session) -> None:
    s.linears[1].weight.data[:] = 1e200  # pred ~ 1e200 is finite, its square is not


# the tutorial's net, made to overflow at its first step; what the trace must name
OVERFLOWS = {"mm": (_overflowing_mm, "layer 1, forward of mm"),
             "square": (_overflowing_square, "the loss, forward of mul")}


def _overflowing(name: str) -> Session:
    s = Session(get_preset("tutorial").config)
    OVERFLOWS[name][0](s)
    return s


def _first_divergence(s: Session, step) -> TrainingDiverged:
    with pytest.raises(TrainingDiverged) as caught:
        for _ in range(1000):
            step(s)
    return caught.value


def _same_nonfinite(a: StepTrace, b: StepTrace) -> bool:
    """The same operation of two traces of the same step (ids differ: other tensors came before)."""
    na, nb = a.nonfinite, b.nonfinite
    if na is None or nb is None:
        return na is nb
    return ((na.op, na.phase, na.layer, na.kind, na.event, na.name) == (nb.op, nb.phase, nb.layer, nb.kind,
                                                                        nb.event, nb.name)
            and [n.id for n in a.nodes].index(na.node) == [n.id for n in b.nodes].index(nb.node))


@pytest.mark.parametrize("name", sorted(OVERFLOWS))
def test_a_diverging_step_names_its_first_nonfinite_operation(name):
    e = _first_divergence(_overflowing(name), Session.step)  # not traced: recorded once it diverges
    et = _first_divergence(_overflowing(name), Session.trace_step)
    assert e.step == et.step == 1 and str(e) == str(et)
    trace = e.trace
    assert trace is not None and trace.step == 1 and _same_nonfinite(trace, et.trace)
    nf = trace.nonfinite
    assert nf.describe() == OVERFLOWS[name][1]
    assert f"first non-finite operation: {nf.describe()}" in str(e) and nf.describe() in e.where
    # it is the first: everything computed before it was finite
    assert nf.phase == "forward"
    values = [n.value for n in trace.nodes]
    first = [n.id for n in trace.nodes].index(nf.node)
    assert not np.isfinite(values[first]).all()
    assert all(np.isfinite(v).all() for v in values[:first])
    s = _overflowing(name)
    with pytest.raises(TrainingDiverged):
        s.step()
    with pytest.raises(TrainingDiverged) as again:  # a diverged session stays stopped
        s.trace_step()
    assert s.step_count == 1 and str(again.value) == str(e)


@pytest.mark.parametrize("name", ["exploding", "accumulate"])
def test_a_diverging_preset_diverges_the_same_traced_or_not(name):
    cfg = get_preset(name).config.replace(max_steps=None)
    e = _first_divergence(Session(cfg), Session.step)
    et = _first_divergence(Session(cfg), Session.trace_step)
    assert e.step == et.step and str(e) == str(et)
    assert e.trace is not None and e.trace.step == e.step and _same_nonfinite(e.trace, et.trace)
    if e.trace.nonfinite is not None:
        assert e.trace.nonfinite.describe() in str(e)


def test_backward_reports_each_contribution_in_order():
    x = Tensor(np.array([1.5, -2.0]), autograd=True)
    y = x * x
    z = y + x
    seen = []
    z.backward(observe=lambda t, src, g: seen.append((t, src, np.array(g))))
    assert [(t is z, src) for t, src, _ in seen[:1]] == [(True, None)]
    pairs = [(t, src) for t, src, _ in seen[1:]]
    assert pairs == [(y, z), (x, z), (x, y), (x, y)]  # x*x sends two gradients to x
    np.testing.assert_array_equal(sum(g for t, _, g in seen if t is x), x.grad.data)
    np.testing.assert_array_equal(x.grad.data, 2 * x.data + 1)


def test_backward_without_observer_is_unchanged():
    rng = np.random.default_rng(0)
    w, x = rng.standard_normal((3, 2)), rng.standard_normal((4, 3))
    grads = []
    for observe in (None, lambda *a: None):
        p = Tensor(w, autograd=True)
        out = (Tensor(x).mm(p).tanh() * 2.0 + p.sum(0)).sum(0)
        out.backward(observe=observe)
        grads.append(p.grad.data.tobytes())
    assert grads[0] == grads[1]


def test_a_step_too_large_to_trace_says_so_and_does_not_run(monkeypatch):
    s = Session(get_preset("tutorial").config)
    s.step()
    assert s.can_trace
    monkeypatch.setattr(session_module, "TRACE_LIMIT", s.trace_size() - 1)
    assert not s.can_trace
    with pytest.raises(ValueError, match="too large to record"):
        s.trace_step()
    assert s.step_count == 1 and len(s.losses) == 1
    assert s.step() == Session(get_preset("tutorial").config).run(2)[1]


def test_a_large_diverging_step_is_named_without_copies(monkeypatch):
    small = _first_divergence(_overflowing("square"), Session.step)
    monkeypatch.setattr(session_module, "TRACE_LIMIT", 0)
    large = _first_divergence(_overflowing("square"), Session.step)
    assert small.trace is not None and large.trace is None
    assert str(large) == str(small)
    assert "first non-finite operation: the loss, forward of mul" in str(large)


def test_nonfinite_describes_each_phase_in_words():
    backward = NonFinite(3, "mm", "backward", 2, "infinite", source=4, event=7)
    assert backward.describe() == "layer 2, backward of mm"
    assert NonFinite(3, "mul", "forward", None, "infinite").describe() == "the loss, forward of mul"
    assert NonFinite(1, None, "forward", 1, "NaN", name="W1").describe() == \
        "layer 1, W1 (already NaN before this step)"
    assert NonFinite(1, None, "backward", 1, "infinite", name="W1").describe() == \
        "layer 1, the sum of dW1's gradients"
    assert NonFinite(2, None, "update", 1, "infinite", name="b1").describe() == "layer 1, the update of b1"


def _huge_hidden(name: str, size: float = 1e300) -> Session:
    """Hidden values ~ size times W2 ~ 1/size: a small forward, but dW2 ~ 10 x size."""
    s = Session(get_preset(name).config)
    s.linears[0].bias.data[:] = size
    s.linears[1].weight.data[:] = 1 / size
    return s


def test_an_update_that_overflows_is_named():
    s = _huge_hidden("tutorial", 1e306)  # dW2 ~ 1e307 is finite; 100 x dW2 is not
    s.set_alpha(100.0)
    trace = s.trace_step()
    assert np.isfinite(trace.loss)
    assert all(np.isfinite(n.value).all() for n in trace.nodes)
    assert all(np.isfinite(e.grad).all() for e in trace.events)
    nf = trace.nonfinite
    assert (nf.phase, nf.name, nf.layer, nf.node) == ("update", "W2", 2, trace.updates[2].node)
    assert nf.describe() == "layer 2, the update of W2"


def test_an_accumulated_gradient_that_overflows_is_named():
    """With zeroing off, dW2 = (the largest float) + this step's finite contribution of ~1e301."""
    w2 = next(n for n in _huge_hidden("accumulate").trace_step().nodes if n.name == "W2")
    s = _huge_hidden("accumulate")
    s.linears[1].weight.grad = Tensor(np.sign(w2.grad) * np.finfo(float).max)
    trace = s.trace_step()
    assert all(np.isfinite(e.grad).all() for e in trace.events)
    nf = trace.nonfinite
    assert (nf.phase, nf.name, nf.source, nf.op) == ("backward", "W2", None, None)
    assert nf.describe() == "layer 2, the sum of dW2's gradients"


_BINARY = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b]
_UNARY = [lambda a: a.tanh(), lambda a: a.sigmoid(), lambda a: a * 0.5, lambda a: a.relu()]
# each step of a plan: (op, first operand, second operand), operands picked among the tensors so far
_PLANS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 99), st.integers(0, 99)),
                  min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(_PLANS)
def test_any_graph_sums_exactly_the_contributions_it_reports(plan):
    """Random graphs with reuse and diamonds: each contribution is reported once, in an order in
    which every tensor sends only after it has received all of its own."""
    rng = np.random.default_rng(len(plan))
    made = [Tensor(rng.standard_normal((3, 2)), autograd=True) for _ in range(2)]
    for op, i, j in plan:
        a, b = made[i % len(made)], made[j % len(made)]
        made.append(_BINARY[op](a, b) if op < len(_BINARY) else _UNARY[op - len(_BINARY)](a))
    seen: list[tuple[Tensor, Tensor | None, np.ndarray]] = []
    made[-1].backward(observe=lambda t, src, g: seen.append((t, src, np.array(g))))
    received: dict[int, list[np.ndarray]] = {}
    done: set[int] = set()
    for t, src, g in seen:
        if src is not None:
            done.add(id(src))
        assert id(t) not in done  # nothing arrives at a tensor after it has sent
        received.setdefault(id(t), []).append(g)
    assert seen[0][1] is None and seen[0][0] is made[-1]
    for t in made:
        if id(t) in received:
            np.testing.assert_array_equal(t.grad.data, reduce(np.add, received[id(t)]))
        else:
            assert t.grad is None
    # one report per (tracked creator, use): a tensor used k times gets k
    uses = sum(c.autograd for t in made if t.creators and id(t) in received for c in t.creators)
    assert len(seen) == 1 + uses
