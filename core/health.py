"""Gradient health: per-step figures, the named checks and the findings they raise. No Qt.

Every step of a session yields a few *health figures*: each parameter's gradient norm ‖dW‖ and
update ratio ‖W_after − W_before‖ / ‖W_before‖, and for each hidden layer the mean and spread of
its activations and the share of dead (ReLU) or saturated (tanh, sigmoid) units. The *checks*
below judge them; a check that starts to hold raises a :class:`Finding`, once, and raises it
again only after it had cleared.

The figures are computed for a block of steps at a time (numpy over the whole block), so that
judging a tiny net costs a few per cent of its step; :class:`HealthMonitor` carries what the
checks need from one block to the next.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from .messages import Message

__all__ = ["LayerStats", "LayerHistory", "Finding", "BlockFigures", "HealthMonitor", "HealthState",
           "CHECKS", "CHECK_RULES", "Workspace", "power_of_ten", "decade_label",
           "VANISHING_RATIO", "EXPLODING_NORM", "EXPLODING_GROWTH_FROM", "EXPLODING_GROWTH",
           "EXPLODING_GROWTH_STEPS", "UPDATE_RATIO_LOW", "UPDATE_RATIO_HIGH", "UPDATE_RATIO_STEPS",
           "DEAD_FRACTION", "DEAD_STEPS", "SATURATED_FRACTION", "SATURATED_STEPS", "TANH_SATURATED",
           "SIGMOID_SATURATED", "STALLED_ATOL", "STALLED_RTOL", "STALLED_STEPS", "CONVERGED_LOSS",
           "RISING_STEPS", "RISING_STEPS_NO_ZEROING", "CLEAR_STEPS", "block_figures", "activation_stats",
           "layer_figures", "run_events"]

# ---------------------------------------------------------------------------- thresholds
VANISHING_RATIO = 1e-3
"""vanishing: a layer's ‖dW‖ is under this fraction of the largest layer's (the largest capped at
:data:`EXPLODING_NORM`), as the gradient bars colour it: that layer learns a thousand times slower."""

EXPLODING_NORM = 1e3
"""exploding: a layer's ‖dW‖ is above this."""

EXPLODING_GROWTH_FROM = 10.0
EXPLODING_GROWTH = 100.0
EXPLODING_GROWTH_STEPS = 10
"""exploding, too: ‖dW‖ above :data:`EXPLODING_GROWTH_FROM` and :data:`EXPLODING_GROWTH` times its
smallest value of the last :data:`EXPLODING_GROWTH_STEPS` steps. Tenfold growth is normal: a healthy
``sine`` run grows 68× within 10 steps as it leaves a plateau, ``spiral`` 12×."""

UPDATE_RATIO_LOW = 1e-6
UPDATE_RATIO_HIGH = 1e-1
UPDATE_RATIO_STEPS = 20
"""update-ratio: a layer's update ratio ‖ΔW‖ / ‖W‖ outside :data:`UPDATE_RATIO_LOW` …
:data:`UPDATE_RATIO_HIGH` for :data:`UPDATE_RATIO_STEPS` steps running (about 10⁻³ is healthy)."""

DEAD_FRACTION = 0.5
DEAD_STEPS = 50
"""dead-relu: more than :data:`DEAD_FRACTION` of a ReLU layer's units output 0 for every sample of
the step's batch, for :data:`DEAD_STEPS` steps running."""

TANH_SATURATED = 0.99
SIGMOID_SATURATED = 0.01
"""An activation is saturated where tanh's |a| > :data:`TANH_SATURATED`, or sigmoid's a <
:data:`SIGMOID_SATURATED` or a > 1 − :data:`SIGMOID_SATURATED`: its derivative is nearly 0 there."""

SATURATED_FRACTION = 0.5
SATURATED_STEPS = 50
"""saturated: more than :data:`SATURATED_FRACTION` of a tanh or sigmoid layer's (sample, unit)
entries saturated, for :data:`SATURATED_STEPS` steps running."""

STALLED_ATOL = 1e-8
STALLED_RTOL = 1e-5
STALLED_STEPS = 20
"""stalled (MindInsight's rule): mean |ΔW| ≤ :data:`STALLED_ATOL` + :data:`STALLED_RTOL` · mean |W|
for :data:`STALLED_STEPS` steps running: the layer's weights no longer change (not once the net
has converged: see :data:`CONVERGED_LOSS`)."""

CONVERGED_LOSS = 1e-2
"""A net whose loss is at most :data:`CONVERGED_LOSS` of the run's first has converged: its
gradients, and so its updates, are small because its errors are. Then neither ``stalled`` nor a
low ``update-ratio`` holds (the tutorial's, the book's and he-deep's nets stopped changing at a
thousandth of their first loss and less, he-deep's update ratios fell under 10⁻⁶ at 10⁻⁴ of it;
the vanishing lesson's net stopped at all of it)."""

RISING_STEPS = 20
RISING_STEPS_NO_ZEROING = 3
"""loss-rising: the loss (with minibatches: its mean over the last epoch) higher than the step
before for :data:`RISING_STEPS` steps running; :data:`RISING_STEPS_NO_ZEROING` when gradients are
not zeroed, since that is what accumulating them does."""

CLEAR_STEPS = 100
"""A finding clears once its check has not held for :data:`CLEAR_STEPS` steps running; only then
can the check raise it again (a figure hovering at a threshold does not repeat it every step:
with 20, the minibatch norms of `vanishing`'s fifth layer, at the threshold, raised it 12 times in
20,000 steps; with 100, once)."""

def tr(template: str) -> str:
    """Marks a finding's template for the translation catalogue (``pyside6-lupdate`` collects every
    ``tr("…")`` in core); the window translates the template and fills in the finding's ``args``."""
    return template


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(k: int) -> str:
    """10⁻¹⁴ for k = −14; 1 and 10 for 0 and 1."""
    if k == 0:
        return "1"
    if k == 1:
        return "10"
    return "10" + str(k).translate(_SUPERSCRIPT)


def power_of_ten(x: float) -> str:
    """``x`` as a reader writes it: 10⁻⁶ for a power of ten under 0.01 or over 1000 (``:g``
    gives 1e-06), else as ``:g`` (0.1, 1000)."""
    k = round(math.log10(x)) if x > 0 else 0
    if x > 0 and 10.0 ** k == x and not -2 <= k <= 3:
        return decade_label(k)
    return f"{x:g}"


#: check name -> its rule, in words, as a template and its numbers (the window translates the
#: template: the flags' tooltips say what each check means).
CHECK_RULES: dict[str, tuple[str, dict[str, object]]] = {
    "vanishing": (tr("a layer's ‖dW‖ under {ratio:g} of the largest layer's"), {"ratio": VANISHING_RATIO}),
    "exploding": (tr("‖dW‖ above {norm:g}, or above {grow_from:g} and grown {grow:g}-fold within {steps} "
                     "steps"), {"norm": EXPLODING_NORM, "grow_from": EXPLODING_GROWTH_FROM,
                                "grow": EXPLODING_GROWTH, "steps": EXPLODING_GROWTH_STEPS}),
    "update-ratio": (tr("‖ΔW‖ / ‖W‖ outside {low} … {high} for {steps} steps running (under {low} "
                        "only while the loss is above {converged:.0%} of its first value)"),
                     {"low": power_of_ten(UPDATE_RATIO_LOW), "high": power_of_ten(UPDATE_RATIO_HIGH),
                      "steps": UPDATE_RATIO_STEPS,
                      "converged": CONVERGED_LOSS}),
    "dead-relu": (tr("more than {share:.0%} of a ReLU layer's units dead for {steps} steps running"),
                  {"share": DEAD_FRACTION, "steps": DEAD_STEPS}),
    "saturated": (tr("more than {share:.0%} of a tanh/sigmoid layer's outputs saturated for {steps} steps "
                     "running"), {"share": SATURATED_FRACTION, "steps": SATURATED_STEPS}),
    "stalled": (tr("mean |ΔW| ≤ {atol} + {rtol} · mean |W| for {steps} steps running, while the "
                   "loss is above {converged:.0%} of its first value"),
                {"atol": power_of_ten(STALLED_ATOL), "rtol": power_of_ten(STALLED_RTOL),
                 "steps": STALLED_STEPS, "converged": CONVERGED_LOSS}),
    "non-finite": (tr("a NaN or infinity in a weight, a gradient or the loss"), {}),
    "loss-rising": (tr("the loss (minibatches: its mean over the last epoch) rising for {steps} steps "
                       "running ({no_zeroing} when gradients are not zeroed)"),
                    {"steps": RISING_STEPS, "no_zeroing": RISING_STEPS_NO_ZEROING}),
}
#: check name -> its rule, in words (for the Guide and tooltips).
CHECKS: dict[str, str] = {c: t.format(**a) for c, (t, a) in CHECK_RULES.items()}


# ---------------------------------------------------------------------------- records
@dataclass(frozen=True)
class LayerStats:
    """A hidden layer's activations in one step's forward pass (its batch, the weights before
    the update)."""

    layer: int  # 1-based: the output of W1 (and its activation) is layer 1
    mean: float
    std: float
    dead_fraction: float | None  # ReLU: share of units that output 0 for every sample; else None
    saturated_fraction: float | None  # tanh / sigmoid: share of saturated entries; else None


@dataclass(frozen=True)
class Finding:
    """A check that started to hold at ``step``. ``message`` is English; ``key`` and ``args``
    rebuild it in another language (``key`` names the template, ``args`` fill it)."""

    step: int
    layer: int | None  # None: about the whole net (the loss)
    check: str  # one of CHECKS
    message: str
    key: str = ""
    args: dict[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class BlockFigures:
    """Health figures for consecutive steps: row i is step ``steps[i]``. Columns are parameters
    (in W1, b1, W2, ... order) or hidden layers."""

    steps: np.ndarray  # (R,) int
    loss: np.ndarray  # (R,)
    grad_norm: np.ndarray  # (R, n_params)
    update_ratio: np.ndarray  # (R, n_params); NaN where the value before was all zeros
    mean_abs_delta: np.ndarray  # (R, n_params): mean |after - before|
    mean_abs_before: np.ndarray  # (R, n_params): mean |before|
    finite: np.ndarray  # (R, n_params) bool: value (after the step) and gradient all finite
    act_mean: np.ndarray  # (R, n_hidden)
    act_std: np.ndarray  # (R, n_hidden)
    dead: np.ndarray  # (R, n_hidden); NaN unless ReLU
    saturated: np.ndarray  # (R, n_hidden); NaN unless tanh / sigmoid
    norm: np.ndarray  # (R, n_params): ‖value after the step‖

    def layers(self, i: int) -> tuple[LayerStats, ...]:
        """Row ``i`` as LayerStats."""
        return tuple(LayerStats(h + 1, float(self.act_mean[i, h]), float(self.act_std[i, h]),
                                _none_if_nan(self.dead[i, h]), _none_if_nan(self.saturated[i, h]))
                     for h in range(self.act_mean.shape[1]))


@dataclass(frozen=True)
class LayerHistory:
    """What the Health panel draws, at consecutive steps: each layer's ‖dW‖, update ratio and
    ‖W‖ (after the step), and each hidden layer's activations in the step's forward pass."""

    steps: np.ndarray  # (R,) int
    grad_norm: np.ndarray  # (R, n_layers)
    update_ratio: np.ndarray  # (R, n_layers); NaN where W was all zeros before the step
    weight_norm: np.ndarray  # (R, n_layers): ‖W‖ after the step
    act_mean: np.ndarray  # (R, n_hidden)
    act_std: np.ndarray  # (R, n_hidden)
    dead: np.ndarray  # (R, n_hidden): share of dead units; NaN unless ReLU
    saturated: np.ndarray  # (R, n_hidden): share of saturated entries; NaN unless tanh / sigmoid

    @staticmethod
    def join(parts: Sequence[LayerHistory], n_layers: int) -> LayerHistory:
        if not parts:
            hidden = max(n_layers - 1, 0)
            return LayerHistory(np.zeros(0, np.int64), *(np.zeros((0, n_layers)) for _ in range(3)),
                                *(np.zeros((0, hidden)) for _ in range(4)))
        if len(parts) == 1:
            return parts[0]
        return LayerHistory(*(np.concatenate([getattr(p, f.name) for p in parts])
                              for f in fields(LayerHistory)))


def _none_if_nan(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


# ---------------------------------------------------------------------------- figures
class Workspace:
    """Scratch arrays kept from one block to the next: fresh large temporaries would cost page
    faults (glibc hands them back to the OS) that outweigh the arithmetic on them."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[object, ...], np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: type = float) -> np.ndarray:
        """An array of ``shape`` (its contents undefined), reused when it fits."""
        key = (name, shape[1:], dtype)
        a = self._arrays.get(key)
        if a is None or len(a) < shape[0]:
            a = self._arrays[key] = np.empty(shape, dtype)
        return a[:shape[0]]


# the rows judged together inside block_figures: a block of 1024 spiral rows (its copies 11 MB)
# cost 1.7 µs a row and pushed the training's own arrays out of the cache; 256 rows (1.4 MB),
# 1.0 µs. A tiny net's rows are judged in fewer, larger pieces: 256 of the tutorial's 26-number
# rows left each piece's ~15 numpy calls to cost more than its arithmetic
SUB_ROWS = 256
SUB_BYTES = 3 * 2**19


def block_figures(steps: Sequence[int], losses: Sequence[float], rows: np.ndarray,
                  before: np.ndarray, sizes: Sequence[int], layers: np.ndarray,
                  work: Workspace | None = None) -> BlockFigures:
    """The figures of R steps. ``rows[i]`` holds every parameter's value after step i, flattened
    and concatenated, then their gradients; ``before`` the values before the first of them.
    ``layers[i, h]`` are the mean, std, dead and saturated fractions of hidden layer h's
    activations at step i (see :func:`activation_stats`)."""
    work = work or Workspace()
    r, p = len(rows), len(sizes)
    n = int(sum(sizes))
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
    counts = np.asarray(sizes, dtype=float)
    # per parameter and step: sums of g², W², |W|, ΔW², |ΔW|
    grad_sq, after_sq, after_abs, delta_sq, delta_abs = (np.empty((r, p)) for _ in range(5))
    first = before[None, :n]
    with np.errstate(all="ignore"):
        previous = before[:n]
        sub = max(SUB_ROWS, SUB_BYTES // (8 * max(rows.shape[1], 1)))
        for a in range(0, r, sub):
            b = min(r, a + sub)
            _row_sums(rows[a:b], previous, n, offsets, work,
                      (grad_sq[a:b], after_sq[a:b], after_abs[a:b], delta_sq[a:b], delta_abs[a:b]))
            previous = rows[b - 1, :n]
        # the values before step i are those after step i - 1
        before_sq = np.vstack((np.add.reduceat(first * first, offsets, axis=1), after_sq[:-1]))
        before_abs = np.vstack((np.add.reduceat(np.abs(first), offsets, axis=1), after_abs[:-1]))
        grad_norm = np.sqrt(grad_sq)
        before_norm = np.sqrt(before_sq)
        ratio = np.sqrt(delta_sq) / before_norm
        ratio[before_norm == 0] = np.nan
        mean_abs_delta = delta_abs / counts
        mean_abs_before = before_abs / counts
    # a NaN or infinity anywhere makes these sums NaN or infinite (so would a gradient beyond
    # 1e154, whose square overflows: a run that far gone is lost too)
    finite = np.isfinite(grad_sq) & np.isfinite(after_abs)
    return BlockFigures(np.asarray(steps, dtype=np.int64), np.asarray(losses, dtype=float), grad_norm,
                        ratio, mean_abs_delta, mean_abs_before, finite, *np.moveaxis(layers, -1, 0),
                        np.sqrt(after_sq))


def _row_sums(rows: np.ndarray, previous: np.ndarray, n: int, offsets: np.ndarray, work: Workspace,
              out: tuple[np.ndarray, ...]) -> None:
    """Into ``out``, per row and parameter: the sums of g², W², |W|, ΔW² and |ΔW| (``previous``:
    the values before the first row)."""
    r = len(rows)
    # each part of the rows once into an array of its own: numpy's passes over a part of each
    # row (a strided array) would each copy it first, into buffers
    after, grads = work.get("after", (r, n)), work.get("grads", (r, n))
    after[...], grads[...] = rows[:, :n], rows[:, n:2 * n]
    delta = work.get("delta", (r, n))
    np.subtract(after[1:], after[:-1], out=delta[1:])
    np.subtract(after[0], previous, out=delta[0])
    tmp = work.get("tmp", (r, n))
    for (f, x), o in zip(((np.multiply, grads), (np.multiply, after), (np.abs, after),
                          (np.multiply, delta), (np.abs, delta)), out):
        f(x, x, out=tmp) if f.nin == 2 else f(x, out=tmp)
        np.add.reduceat(tmp, offsets, axis=1, out=o)


def activation_stats(arrays: np.ndarray | Sequence[np.ndarray], activation: str,
                     work: Workspace | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """mean, std, dead fraction, saturated fraction of one hidden layer, one value per step
    (``arrays``: its (batch, units) outputs, one per step of one shape, or all of them as one
    (steps, batch, units) array). NaN where a figure does not apply."""
    a = np.asarray(arrays, dtype=float)
    out = np.empty((len(a), 4))
    with np.errstate(all="ignore"):
        layer_figures(a, activation, out, work)
    return out[:, 0], out[:, 1], out[:, 2], out[:, 3]


def layer_figures(a: np.ndarray, activation: str, out: np.ndarray, work: Workspace | None = None) -> None:
    """Fill ``out[i]`` with the mean, std, dead fraction and saturated fraction of ``a[i]``, one
    hidden layer's (batch, units) outputs at each of R steps; NaN where a figure does not apply.
    Each step's figures come out the same however many steps are passed together. (numpy's
    floating-point warnings should be off: a diverging net's activations overflow.)"""
    r, b, u = a.shape
    n = b * u
    flat = a.reshape(r, n)
    mean = np.einsum("ij->i", flat, out=out[:, 0])
    mean /= n
    # E[a²] - mean², clamped at 0: exact enough for activations (their std is not 1e-8 of
    # their mean), and one pass instead of three
    var = np.einsum("ij,ij->i", flat, flat, out=out[:, 1])
    var /= n
    var -= mean * mean
    np.sqrt(np.maximum(var, 0.0, out=var), out=var)
    out[:, 2:] = np.nan
    work = work or Workspace()
    if activation == "relu":
        # ReLU's outputs are >= 0 (or NaN), so a unit is 0 for every sample exactly when its
        # column sums to 0 (no sum of non-negative numbers rounds to 0, and a NaN stays in its
        # column): a product with ones, several times faster than numpy's max over the batch
        column = work.get("column", (r, u))
        column.fill(0.0)  # (BLAS does not read it; one that did would find zeros, not garbage)
        np.matmul(np.ones(b), a, out=column)
        out[:, 2] = np.count_nonzero(column == 0, axis=1) / u
    elif activation in ("tanh", "sigmoid"):
        # each row's flags padded with False to whole 8-byte words, to be counted as words
        padded = -(-n // 8) * 8
        row_flags = work.get("hit", (r, padded), bool)
        row_flags[:, n:] = False
        hit, hit2 = row_flags[:, :n], work.get("hit2", (r, n), bool)
        if activation == "tanh":  # |a| > T as two comparisons: no array of |a| to write
            np.greater(flat, TANH_SATURATED, out=hit)
            hit |= np.less(flat, -TANH_SATURATED, out=hit2)
        else:
            np.less(flat, SIGMOID_SATURATED, out=hit)
            hit |= np.greater(flat, 1 - SIGMOID_SATURATED, out=hit2)
        out[:, 3] = _count_true(row_flags) / n


def _count_true(flags: np.ndarray) -> np.ndarray:
    """The True entries of each row of a C-contiguous bool array whose rows are whole 8-byte
    words: a bool is the byte 0 or 1, so a word's set bits count its Trues (numpy 2's
    bitwise_count; three times faster than count_nonzero along an axis)."""
    count = getattr(np, "bitwise_count", None)
    if count is None:  # (numpy 1)
        return np.count_nonzero(flags, axis=1)
    return count(flags.view(np.uint64)).sum(axis=1)


# ---------------------------------------------------------------------------- the checks
@dataclass(frozen=True)
class HealthState:
    """What the checks carry from step to step (plain arrays: easy to save)."""

    runs: tuple[tuple[str, np.ndarray], ...]  # check -> steps running (per layer) it has held
    quiet: tuple[tuple[str, np.ndarray], ...]  # check -> steps running it has not held
    active: tuple[tuple[str, np.ndarray], ...]  # check -> raised and not cleared since (bool)
    recent_norms: np.ndarray  # (EXPLODING_GROWTH_STEPS, n_layers): the last steps' ‖dW‖
    recent_losses: np.ndarray  # (epoch steps,): the last steps' losses
    # (step, check, layer) where a raised check cleared: with the findings, which checks held at
    # any earlier step (see HealthMonitor.held_at)
    clears: tuple[tuple[int, str, int | None], ...] = ()


_WINDOWED = ("vanishing", "exploding", "update-ratio", "dead-relu", "saturated", "stalled",
             "non-finite", "loss-rising")


def run_lengths(cond: np.ndarray, carried: np.ndarray) -> np.ndarray:
    """How many steps running ``cond`` (rows: steps, columns: layers) has held at each row
    (``carried``: the counts before the first row). Computed column by column in memory order:
    numpy's accumulate along the short axis of a tall array is several times slower."""
    c = np.ascontiguousarray(cond.reshape(len(cond), -1).T)
    idx = np.arange(1, c.shape[1] + 1)
    last_false = np.maximum.accumulate(np.where(c, 0, idx), axis=1)
    runs = np.where(last_false == 0, idx + np.reshape(carried, (-1, 1)), idx - last_false)
    return runs.T.reshape(cond.shape)


def run_events(held: np.ndarray, runs: np.ndarray, quiet: np.ndarray, window: int,
               clear: int) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, bool]]]:
    """A check's columns (layers) over a block of steps: ``held`` (rows: steps) says where it
    held; ``runs`` and ``quiet`` are the steps running each column had held and had not held
    before the block. Returns those counts after the block and the events, in row then column
    order: (row, column, True) where a column has held ``window`` steps running, (row, column,
    False) where it has not held for ``clear``. Most columns of a healthy run hold nowhere or
    everywhere in a block; only the others are counted step by step (see :func:`run_lengths`)."""
    r = len(held)
    everywhere, somewhere = held.all(axis=0), held.any(axis=0)
    runs_after = np.where(everywhere, runs + r, 0)
    quiet_after = np.where(somewhere, 0, quiet + r)
    events: list[tuple[int, int, bool]] = []
    for col in np.flatnonzero(everywhere).tolist():
        i = window - int(runs[col]) - 1
        if 0 <= i < r:
            events.append((i, col, True))
    for col in np.flatnonzero(~somewhere).tolist():
        i = clear - int(quiet[col]) - 1
        if 0 <= i < r:
            events.append((i, col, False))
    mixed = np.flatnonzero(somewhere & ~everywhere)
    if len(mixed):
        h = held[:, mixed]
        on, off = run_lengths(h, runs[mixed]), run_lengths(~h, quiet[mixed])
        runs_after[mixed], quiet_after[mixed] = on[-1], off[-1]
        for kind, counts, n in ((True, on, window), (False, off, clear)):
            rows, cols = np.nonzero(counts == n)
            events += [(i, int(mixed[k]), kind) for i, k in zip(rows.tolist(), cols.tolist())]
    events.sort()
    return runs_after, quiet_after, events


class HealthMonitor:
    """Runs the named checks over the figures of each block of steps and keeps the findings.

    ``weights`` are the columns of the layers' W in the figures; ``epoch_steps`` the steps of an
    epoch (1 without minibatches); the rest of the config shapes the messages' advice.
    """

    def __init__(self, weights: Sequence[int], biases: Sequence[int | None], activation: str,
                 init: str, zero_grad: bool, epoch_steps: int = 1) -> None:
        self.weights = list(weights)
        self.biases = list(biases)
        self.activation = activation
        self.init = init
        self.zero_grad = zero_grad
        self.epoch_steps = max(1, int(epoch_steps))
        self.findings: list[Finding] = []
        self.clears: list[tuple[int, str, int | None]] = []  # (step, check, layer): a raised check cleared
        n = len(self.weights)
        self._width = {"dead-relu": max(n - 1, 0), "saturated": max(n - 1, 0), "loss-rising": 1}
        self._runs = {c: np.zeros(self._width.get(c, n), dtype=np.int64) for c in _WINDOWED}
        self._quiet = {c: r.copy() for c, r in self._runs.items()}
        self._active = {c: np.zeros(len(r), dtype=bool) for c, r in self._runs.items()}
        self._recent_norms = np.full((EXPLODING_GROWTH_STEPS, n), np.inf)
        self._recent_losses = np.full(self.epoch_steps, np.nan)

    # ------------------------------------------------------------------ state
    def state(self) -> HealthState:
        def copies(d: dict[str, np.ndarray]) -> tuple[tuple[str, np.ndarray], ...]:
            return tuple((c, r.copy()) for c, r in d.items())

        return HealthState(copies(self._runs), copies(self._quiet), copies(self._active),
                           self._recent_norms.copy(), self._recent_losses.copy(), tuple(self.clears))

    def set_state(self, state: HealthState | None, findings: Sequence[Finding],
                  step: int | None = None) -> None:
        """Continue from ``state`` (None: the checks start counting afresh) with ``findings``.
        Going back to ``step`` with no state (a resume), the checks that held then still hold
        (they are not raised again): the findings and clears up to ``step`` say which."""
        self.findings = list(findings)
        if state is None:
            for d in (self._runs, self._quiet, self._active):
                for r in d.values():
                    r[:] = 0
            self._recent_norms[:] = np.inf
            self._recent_losses[:] = np.nan
            if step is None:
                self.clears = []
                return
            self.clears = [c for c in self.clears if c[0] <= step]
            for check, layer in self.held_at(step, whole_net=True):
                col = 0 if layer is None else layer - 1
                if check in self._active and col < len(self._active[check]):
                    self._active[check][col] = True
            return
        self.clears = list(state.clears)
        for d, saved in ((self._runs, state.runs), (self._quiet, state.quiet), (self._active, state.active)):
            for c, r in saved:
                if c in d and r.shape == d[c].shape:
                    d[c] = r.copy()
        if state.recent_norms.shape == self._recent_norms.shape:
            self._recent_norms = state.recent_norms.copy()
        if state.recent_losses.shape == self._recent_losses.shape:
            self._recent_losses = state.recent_losses.copy()

    # ------------------------------------------------------------------ judging
    def observe(self, fig: BlockFigures, alpha: float, first_loss: float | None = None) -> list[Finding]:
        """Judge a block of steps; return (and keep) the findings it raised, in step order.
        ``first_loss``: the run's first loss (a net whose loss fell under a hundredth of it has
        converged: its weights stop changing, and that is neither ``stalled`` nor a low
        ``update-ratio``; see :data:`CONVERGED_LOSS`)."""
        if len(fig.steps) == 0:
            return []
        w = self.weights
        g = fig.grad_norm[:, w]
        conds = {"exploding": self._exploding(g)}
        if len(w) > 1:  # (with one layer nothing can vanish, and no layer is hidden)
            conds["vanishing"] = _vanishing(g)
            if self.activation == "relu":
                conds["dead-relu"] = fig.dead > DEAD_FRACTION
            elif self.activation in ("tanh", "sigmoid"):
                conds["saturated"] = fig.saturated > SATURATED_FRACTION
        ratio = fig.update_ratio[:, w]
        with np.errstate(invalid="ignore"):
            too_small, too_big = ratio < UPDATE_RATIO_LOW, ratio > UPDATE_RATIO_HIGH
        stalled = fig.mean_abs_delta[:, w] <= STALLED_ATOL + STALLED_RTOL * fig.mean_abs_before[:, w]
        if first_loss is not None and math.isfinite(first_loss) and first_loss > 0:
            going = ~(fig.loss <= CONVERGED_LOSS * first_loss)[:, None]  # (a NaN loss has not converged)
            too_small &= going
            stalled &= going
        conds["update-ratio"] = too_small | too_big
        conds["stalled"] = stalled
        conds["non-finite"] = self._nonfinite(fig)
        conds["loss-rising"] = self._rising(fig.loss)[:, None]
        new: list[tuple[int, int, str, int | None]] = []  # (step, order, check, layer)
        for check, held in conds.items():
            order = _WINDOWED.index(check)
            self._runs[check], self._quiet[check], events = run_events(
                held, self._runs[check], self._quiet[check], self.window(check), CLEAR_STEPS)
            active = self._active[check]
            last_step = None
            for i, col, starts in events:  # in step order, then column order
                layer = None if check == "loss-rising" else col + 1
                if not starts:
                    if active[col]:
                        self.clears.append((int(fig.steps[i]), check, layer))
                    active[col] = False
                    continue
                if active[col] or (check == "non-finite" and i == last_step):
                    continue  # (a NaN spreads to every layer: name the first only)
                active[col] = True
                last_step = i
                new.append((int(fig.steps[i]), order, check, layer))
        new.sort(key=lambda t: (t[0], t[1], t[3] or 0))
        found = [self._finding(check, layer, step, fig, alpha) for step, _, check, layer in new]
        self.findings += found
        return found

    def held(self) -> tuple[tuple[str, int], ...]:
        """The checks that hold now, per layer: (check, layer) pairs, by layer then check (a
        check holds from the finding it raised until it clears). Whole-net checks (the loss) are
        left out: they flag no layer."""
        out = [(check, col + 1) for check, active in self._active.items() if check != "loss-rising"
               for col in np.flatnonzero(active).tolist()]
        return _by_layer(out)

    def held_at(self, step: int, whole_net: bool = False) -> tuple[tuple[str, int | None], ...]:
        """:meth:`held` as it was after ``step`` (from the findings and the clears up to it);
        ``whole_net``: with the loss's checks too (layer None)."""
        since: dict[tuple[str, int | None], int] = {}
        for f in self.findings:
            if f.step <= step:
                since[(f.check, f.layer)] = f.step
        for at, check, layer in self.clears:
            if at <= step and since.get((check, layer), at) < at:
                del since[(check, layer)]
        return _by_layer([k for k in since if whole_net or k[1] is not None])

    def window(self, check: str) -> int:
        """Steps running a check must hold before it raises a finding."""
        return {"update-ratio": UPDATE_RATIO_STEPS, "dead-relu": DEAD_STEPS,
                "saturated": SATURATED_STEPS, "stalled": STALLED_STEPS,
                "loss-rising": RISING_STEPS if self.zero_grad else RISING_STEPS_NO_ZEROING}.get(check, 1)

    def _exploding(self, g: np.ndarray) -> np.ndarray:
        k = EXPLODING_GROWTH_STEPS
        history = np.vstack((self._recent_norms, g))
        lowest = history[:len(g)].copy()  # row i: the smallest of the k steps before step i
        for j in range(1, k):
            np.fmin(lowest, history[j:j + len(g)], out=lowest)
        self._recent_norms = history[-k:].copy()
        with np.errstate(invalid="ignore"):
            return (g > EXPLODING_NORM) | ((g > EXPLODING_GROWTH_FROM) & (g > EXPLODING_GROWTH * lowest))

    def _nonfinite(self, fig: BlockFigures) -> np.ndarray:
        ok = fig.finite[:, self.weights].copy()
        for col, b in enumerate(self.biases):
            if b is not None:
                ok[:, col] &= fig.finite[:, b]
        return ~ok

    def _rising(self, loss: np.ndarray) -> np.ndarray:
        """loss[i] above loss[i - E]: the mean of the last E losses rose (E: the epoch's steps)."""
        e = self.epoch_steps
        history = np.concatenate((self._recent_losses, loss))
        self._recent_losses = history[-e:].copy()
        with np.errstate(invalid="ignore"):
            return history[e:] > history[:-e]

    def diverged(self, step: int, where: str) -> Finding:
        """The loss became NaN or infinite at ``step``; ``where`` is the diagnosis (which names
        the layer, and the operation where known). Its finding replaces one the figures raised
        at the same step, which could only name a layer."""
        self.findings = [f for f in self.findings if not (f.check == "non-finite" and f.step == step)]
        m = re.search(r"layer (\d+)", where)
        f = _nonfinite_message(step, int(m.group(1)) if m else None, where)
        self.findings.append(f)
        active = self._active["non-finite"]  # the layer flagged is the one the finding names
        active[:] = False
        if f.layer is not None and f.layer <= len(active):
            active[f.layer - 1] = True
        return f

    def _finding(self, check: str, layer: int | None, step: int, fig: BlockFigures,
                 alpha: float) -> Finding:
        i = int(np.searchsorted(fig.steps, step))
        ctx = _Context(self.activation, self.init, self.zero_grad, alpha)
        if check == "vanishing":
            g = fig.grad_norm[i, self.weights]
            top = int(np.nanargmax(np.where(np.isfinite(g), g, -np.inf))) + 1
            return _vanishing_message(step, layer, top, float(g[layer - 1]), float(g[top - 1]), ctx)
        if check == "exploding":
            g = float(fig.grad_norm[i, self.weights[layer - 1]])
            return _exploding_message(step, layer, g, ctx)
        if check == "update-ratio":
            r = float(fig.update_ratio[i, self.weights[layer - 1]])
            return _update_ratio_message(step, layer, r, self.window(check), ctx)
        if check == "dead-relu":
            return _dead_message(step, layer, float(fig.dead[i, layer - 1]), self.window(check))
        if check == "saturated":
            return _saturated_message(step, layer, float(fig.saturated[i, layer - 1]),
                                      self.window(check), ctx)
        if check == "stalled":
            col = self.weights[layer - 1]
            return _stalled_message(step, layer, float(fig.mean_abs_delta[i, col]),
                                    float(fig.mean_abs_before[i, col]), self.window(check), ctx)
        if check == "non-finite":
            return _nonfinite_message(step, layer, Message(_LAYER_WHERE, layer=layer))
        return _rising_message(step, self.window(check), self.epoch_steps, ctx)


def _by_layer(pairs: list[tuple[str, int | None]]) -> tuple[tuple[str, int | None], ...]:
    return tuple(sorted(pairs, key=lambda p: (p[1] or 0, _WINDOWED.index(p[0]))))


def _vanishing(g: np.ndarray) -> np.ndarray:
    finite = np.where(np.isfinite(g), g, 0.0)
    top = np.minimum(finite.max(axis=1, keepdims=True), EXPLODING_NORM)
    with np.errstate(invalid="ignore"):
        return (top > 0) & np.isfinite(g) & ((g == 0) | (g < VANISHING_RATIO * top))


# ---------------------------------------------------------------------------- messages
_LAYER_WHERE = tr("layer {layer} (W{layer}, b{layer} or their gradients)")  # a non-finite finding's where


@dataclass(frozen=True)
class _Context:
    activation: str
    init: str
    zero_grad: bool
    alpha: float


#: key -> English template. Each check's function below picks a key and fills its arguments.
TEMPLATES: dict[str, str] = {
    "vanishing": tr(
        "layer {layer} vanishing since step {step}: its gradients (‖dW{layer}‖ = {norm:.1e}) are "
        "under a thousandth of layer {top}'s ({top_norm:.1e}), so it learns a thousand times "
        "slower. "),
    "vanishing.sigmoid": tr(
        "By the chain rule its gradient is a product of the derivatives of every layer above it, "
        "and a sigmoid's derivative is at most 1/4: sigmoid layers pass on at most a quarter of "
        "the gradient. Try ReLU with He init."),
    "vanishing.small": tr(
        "By the chain rule every layer above it multiplies its gradient by that layer's weights, "
        "here about 0.01 each (init σ = 0.01): the gradient shrinks layer by layer. Try He init."),
    "vanishing.tanh": tr(
        "By the chain rule its gradient is a product of the derivatives of every layer above it; "
        "tanh's is at most 1 and nearly 0 where it saturates. Try Xavier init, or ReLU with He "
        "init."),
    "vanishing.other": tr(
        "By the chain rule its gradient is a product over every layer above it, and small "
        "weights or derivatives there shrink it layer by layer. Try He init or fewer layers."),
    "exploding": tr(
        "layer {layer} exploding at step {step}: ‖dW{layer}‖ = {norm:.1e}. "),
    "exploding.large": tr(
        "By the chain rule every layer above it multiplies its gradient by that layer's weights, "
        "here about 1 each (init σ = 1) over many units: the gradient grows layer by layer. Try "
        "He init or a smaller learning rate."),
    "exploding.accumulating": tr(
        "Gradients are not zeroed, so each backward adds this step's gradient to all the earlier "
        "ones and the sum keeps growing. Turn 'zero gradients after each step' on."),
    "exploding.other": tr(
        "By the chain rule the gradient is multiplied by every layer's weights above it, and "
        "they have grown large; each too-big step makes them larger. Try a learning rate smaller "
        "than {alpha:g}."),
    "update-ratio.high": tr(
        "layer {layer}: each step has changed W{layer} by more than a tenth of its size for "
        "{window} steps running (update ratio ‖ΔW‖/‖W‖ = {ratio:.1e} at step {step}; about 10⁻³ "
        "is healthy). The step α·dW is too large for these weights: try a learning rate smaller "
        "than {alpha:g}."),
    "update-ratio.accumulating": tr(
        "layer {layer}: each step has changed W{layer} by more than a tenth of its size for "
        "{window} steps running (update ratio ‖ΔW‖/‖W‖ = {ratio:.1e} at step {step}; about 10⁻³ "
        "is healthy). Gradients are not zeroed, so each step's dW is the sum of this step's "
        "gradient and all the earlier ones, and the steps keep growing. Turn 'zero gradients "
        "after each step' on."),
    "update-ratio.low": tr(
        "layer {layer}: each step has changed W{layer} by less than a millionth of its size for "
        "{window} steps running (update ratio {ratio:.1e} at step {step}; about 10⁻³ is "
        "healthy). Its gradient, times α, is tiny next to its weights: look for vanishing "
        "gradients, or try a larger learning rate than {alpha:g}."),
    "dead-relu": tr(
        "layer {layer}: {percent:.0f}% of its ReLU units have output 0 for every sample, for "
        "{window} steps running (since step {since}). A dead unit's derivative is 0, so by the "
        "chain rule no gradient reaches its weights and it never comes back. Try a smaller "
        "learning rate, He init, or fewer layers."),
    "saturated": tr(
        "layer {layer}: {percent:.0f}% of its {activation} outputs are saturated, for {window} "
        "steps running (since step {since}). Where {activation} is flat its derivative is nearly "
        "0, so by the chain rule little gradient passes through it. Try smaller initial weights "
        "(Xavier init) or ReLU."),
    "stalled": tr(
        "layer {layer}: W{layer} has stopped changing (mean |ΔW| = {delta:.1e}, at most 10⁻⁸ + "
        "10⁻⁵ · mean |W| = {limit:.1e}) for {window} steps running (since step {since}). Almost "
        "no gradient reaches it: if the loss is still high, look for vanishing gradients or try "
        "a larger learning rate than {alpha:g}."),
    "non-finite": tr(
        "non-finite values at step {step} in {where}: a number overflowed to infinity or became "
        "NaN, and by the chain rule every gradient computed from it is non-finite too. Try a "
        "smaller learning rate or smaller initial weights."),
    "loss-rising": tr(
        "the loss has risen for {window} steps running (since step {since}): the steps overshoot "
        "the minimum. Try a learning rate smaller than {alpha:g}."),
    "loss-rising.minibatch": tr(
        "the loss, averaged over the last epoch ({epoch} steps), has risen for {window} steps "
        "running (since step {since}): the steps overshoot the minimum. Try a learning rate "
        "smaller than {alpha:g}."),
    "loss-rising.accumulating": tr(
        "the loss has risen for {window} steps running (since step {since}). Gradients are not "
        "zeroed, so each backward adds to the sum of all the earlier steps' gradients and the "
        "steps keep pushing in old directions. Turn 'zero gradients after each step' on."),
}


def render(key: str, args: dict[str, object]) -> str:
    """The English text of a finding: its key's template (and its advice's), filled."""
    head, _, cause = key.partition("+")
    text = TEMPLATES[head].format(**args)
    return text + TEMPLATES[cause].format(**args) if cause else text


def _make(step: int, layer: int | None, check: str, key: str, **args: object) -> Finding:
    args = {"step": step, "layer": layer, **args}
    return Finding(step, layer, check, render(key, args), key, args)


def _vanishing_message(step: int, layer: int, top: int, norm: float, top_norm: float,
                       ctx: _Context) -> Finding:
    cause = ("sigmoid" if ctx.activation == "sigmoid" else "small" if ctx.init == "small"
             else "tanh" if ctx.activation == "tanh" else "other")
    return _make(step, layer, "vanishing", f"vanishing+vanishing.{cause}", top=top, norm=norm,
                 top_norm=top_norm)


def _exploding_message(step: int, layer: int, norm: float, ctx: _Context) -> Finding:
    cause = "accumulating" if not ctx.zero_grad else "large" if ctx.init == "large" else "other"
    return _make(step, layer, "exploding", f"exploding+exploding.{cause}", norm=norm, alpha=ctx.alpha)


def _update_ratio_message(step: int, layer: int, ratio: float, window: int, ctx: _Context) -> Finding:
    side = "low" if not ratio > UPDATE_RATIO_HIGH else "high" if ctx.zero_grad else "accumulating"
    return _make(step, layer, "update-ratio", f"update-ratio.{side}", ratio=ratio, window=window,
                 alpha=ctx.alpha)


def _dead_message(step: int, layer: int, fraction: float, window: int) -> Finding:
    return _make(step, layer, "dead-relu", "dead-relu", percent=100 * fraction, window=window,
                 since=step - window + 1)


def _saturated_message(step: int, layer: int, fraction: float, window: int, ctx: _Context) -> Finding:
    return _make(step, layer, "saturated", "saturated", percent=100 * fraction, window=window,
                 since=step - window + 1, activation=ctx.activation)


def _stalled_message(step: int, layer: int, delta: float, before: float, window: int,
                     ctx: _Context) -> Finding:
    return _make(step, layer, "stalled", "stalled", delta=delta,
                 limit=STALLED_ATOL + STALLED_RTOL * before, window=window, since=step - window + 1,
                 alpha=ctx.alpha)


def _nonfinite_message(step: int, layer: int | None, where: str) -> Finding:
    return _make(step, layer, "non-finite", "non-finite", where=where)


def _rising_message(step: int, window: int, epoch: int, ctx: _Context) -> Finding:
    key = ("loss-rising.accumulating" if not ctx.zero_grad
           else "loss-rising.minibatch" if epoch > 1 else "loss-rising")
    return _make(step, None, "loss-rising", key, window=window, since=step - window + 1, epoch=epoch,
                 alpha=ctx.alpha)
