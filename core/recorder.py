"""The recorder: earlier steps of a run, kept under a memory budget so the window can go back and
training can resume from any recorded step exactly. No Qt.

A recorded step is one row of float64: every parameter's value after the step, its gradient,
and the optimizer's buffers (momentum's velocity, Adam's moments), plus a few numbers (loss,
learning rate, the batch order's cursor, Adam's step count) and its health figures. The batch
order and its shuffle generator change once an epoch and are kept once per epoch.

Every step is kept while the budget allows. Past it, the history is thinned by age: every step
of the last ``B`` steps, every 2nd of the ``2B`` before, every 4th of the ``4B`` before those,
and so on (a step ``s`` of age ``a`` is kept while ``s`` is a multiple of
``2^floor(log2(1 + a/B))``), so about ``B · (1 + log2(N / B))`` steps of ``N`` remain; ``B``
halves whenever that is still too much. Step 0 (a multiple of everything) is always kept.
"""

from __future__ import annotations

import mmap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .edits import Edit
from .health import Finding, HealthState, LayerStats
from .optim import OptimizerState, adam_moments

__all__ = ["Recorder", "RowLayout", "SessionState", "BatchState", "DEFAULT_BUDGET", "rng_state",
           "set_rng_state", "fresh_rows", "Recording"]

DEFAULT_BUDGET = 256 * 2**20  # bytes
LOW_WATER = 0.75  # thinning goes down to this fraction of the budget, so it runs rarely
MERGE_ROWS = 4096  # thinned pieces are merged into segments of about this many rows
_SEGMENT_OVERHEAD = 600  # bytes of Python objects around a segment's arrays
_EPOCH_OVERHEAD = 200
# the per-step numbers kept beside each row
_LOSS, _TEST, _ALPHA, _CURSOR, _EPOCH, _T = range(6)
N_SCALARS = 6


@dataclass(frozen=True)
class BatchState:
    """Where the minibatch order stands: the order, the next batch's start, and the shuffle
    generator's (PCG64) state as four integers."""

    order: np.ndarray
    cursor: int
    rng: tuple[int, int, int, int]  # state, inc, has_uint32, uinteger


def fresh_rows(n_rows: int, width: int) -> np.ndarray:
    """An uninitialised (n_rows, width) float64 array for rows the recorder will keep.

    The recorder keeps what it is given, so every block of rows is new memory, and the first
    write to each page of it is a page fault: measured on a 2-core VM, 39 µs for each 12 KB
    row of ``spiral``, a tenth of its step. On Linux the pages are mapped in one go instead
    (``MAP_POPULATE``): a third of that.
    """
    nbytes = n_rows * width * 8
    flags = getattr(mmap, "MAP_POPULATE", 0)
    if nbytes < 1 << 16 or not flags:
        return np.empty((n_rows, width))
    try:
        buf = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | flags)
    except (OSError, ValueError):
        return np.empty((n_rows, width))
    return np.frombuffer(buf, dtype=np.float64).reshape(n_rows, width)


def rng_state(gen: np.random.Generator) -> tuple[int, int, int, int]:
    """A PCG64 generator's state as four integers (state, inc, has_uint32, uinteger)."""
    st = gen.bit_generator.state
    return (int(st["state"]["state"]), int(st["state"]["inc"]), int(st["has_uint32"]), int(st["uinteger"]))


def set_rng_state(gen: np.random.Generator, state: tuple[int, int, int, int]) -> None:
    gen.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": state[0], "inc": state[1]},
                               "has_uint32": state[2], "uinteger": state[3]}


_SizeItems = tuple[tuple[tuple[int, str], float], ...]


@dataclass(frozen=True)
class SessionState:
    """Everything a session needs to continue from ``step`` exactly as it would have (plain
    arrays, numbers and frozen records: easy to save without pickle)."""

    step: int
    params: tuple[np.ndarray, ...]  # values, in W1, b1, W2, ... order
    grads: tuple[np.ndarray | None, ...]  # the gradients they hold (None before the first step)
    optimizer: OptimizerState
    batch: BatchState
    alpha: float
    loss: float | None
    test_loss: float | None
    diverged: tuple[int, str, str] | None = None  # (step, where, message) of the divergence
    update_ratios: tuple[float | None, ...] = ()
    layers: tuple[LayerStats, ...] = ()
    findings: tuple[Finding, ...] = ()
    health: HealthState | None = None  # the checks' counters; None: they start afresh
    # what an exploding loss is measured against (first loss, its step, the loss limit, and the
    # first step's largest value per (layer, name)); None: the session's own
    divergence_reference: tuple[float, int, float, _SizeItems | None] | None = None
    edits: tuple[Edit, ...] = ()  # the cells set by hand so far ("what if"), in step order


@dataclass(frozen=True)
class RowLayout:
    """How a row is cut into arrays: parameter shapes, then gradients, then optimizer buffers."""

    shapes: tuple[tuple[int, ...], ...]
    optimizer: str  # "sgd" or "adam"
    buffer_sets: int  # 0 (plain SGD), 1 (momentum: velocity) or 2 (Adam: m, v)

    @property
    def size(self) -> int:
        return int(sum(int(np.prod(s)) for s in self.shapes))

    @property
    def width(self) -> int:
        return self.size * (2 + self.buffer_sets)

    def split(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        """One part of a row (``size`` values) as arrays of the parameters' shapes (copies)."""
        out, at = [], 0
        for s in self.shapes:
            n = int(np.prod(s))
            out.append(flat[at:at + n].reshape(s).copy())
            at += n
        return tuple(out)


@dataclass(frozen=True)
class Recording:
    """Everything a :class:`Recorder` holds, as plain arrays (a copy: to save it, or to load it
    into another recorder). Row ``i`` of ``rows``, ``scalars``, ``ratios`` and ``layers`` is
    step ``steps[i]``; ``epoch_orders[j]`` and ``epoch_rngs[j]`` are the batch order and shuffle
    state of epoch ``epoch_ids[j]``."""

    layout: RowLayout
    steps: np.ndarray  # (R,) int64, increasing
    rows: np.ndarray  # (R, layout.width)
    scalars: np.ndarray  # (R, N_SCALARS): loss, test loss, alpha, cursor, epoch, Adam's t
    ratios: np.ndarray  # (R, n_params)
    layers: np.ndarray  # (R, n_hidden, 4)
    epoch_ids: np.ndarray  # (E,) int64
    epoch_orders: np.ndarray  # (E, n_train) int64
    epoch_rngs: tuple[tuple[int, int, int, int], ...]
    base: int | None = None
    diverged: tuple[int, str, str] | None = None


@dataclass
class _Segment:
    steps: np.ndarray  # (R,) int64, increasing
    rows: np.ndarray  # (R, width), or (R, 2 * size) with ``moments``
    scalars: np.ndarray  # (R, N_SCALARS)
    ratios: np.ndarray  # (R, n_params)
    layers: np.ndarray  # (R, n_hidden, 4): mean, std, dead, saturated
    # Adam's m and v after the first row's step (flat, m then v) and its two betas: the rows
    # then hold only values and gradients, and each later row's moments are rebuilt from its
    # gradient exactly as Adam made them (half of every recorded Adam row: fewer fresh pages)
    moments: tuple[np.ndarray, float, float] | None = None

    @property
    def nbytes(self) -> int:
        return (self.steps.nbytes + self.rows.nbytes + self.scalars.nbytes + self.ratios.nbytes
                + self.layers.nbytes + (0 if self.moments is None else self.moments[0].nbytes)
                + _SEGMENT_OVERHEAD)

    def take(self, keep: np.ndarray) -> _Segment:
        if self.moments is not None:
            r = int(np.count_nonzero(keep))
            if r and keep[:r].all():  # a first part (copied, as a mask copies): still compact
                return _Segment(self.steps[:r].copy(), self.rows[:r].copy(), self.scalars[:r].copy(),
                                self.ratios[:r].copy(), self.layers[:r].copy(), self.moments)
        return _Segment(self.steps[keep], self.full_rows(keep), self.scalars[keep], self.ratios[keep],
                        self.layers[keep])

    def full_rows(self, keep: np.ndarray | None = None, out: np.ndarray | None = None) -> np.ndarray:
        """The rows marked in ``keep`` (a mask; all by default) with their optimizer buffers, in
        a new array or ``out``. (Without moments and with neither: the rows themselves.)"""
        if self.moments is None:
            rows = self.rows if keep is None else self.rows[keep]
            if out is None:
                return rows
            out[...] = rows
            return out
        wanted = np.arange(len(self.rows)) if keep is None else np.flatnonzero(keep)
        m0, beta1, beta2 = self.moments
        n = self.rows.shape[1] // 2
        out = np.empty((len(wanted), 4 * n)) if out is None else out
        m, v = m0[:n].copy(), m0[n:].copy()
        at = 0
        for i in range(int(wanted[-1]) + 1 if len(wanted) else 0):
            if i:  # the moments after row i's step, from those before it and its gradient
                adam_moments(m, v, self.rows[i, n:2 * n], beta1, beta2)
            if wanted[at] == i:
                out[at, :2 * n], out[at, 2 * n:3 * n], out[at, 3 * n:] = self.rows[i], m, v
                at += 1
        return out


def _whole(a: np.ndarray) -> bool:
    """``a`` is all of the memory it lives in (it owns it, or it is a view of all of a buffer,
    as a block from :func:`fresh_rows` handed over whole): keeping it holds nothing more."""
    base = a
    while isinstance(base.base, np.ndarray):
        base = base.base
    return base is a or (base.nbytes == a.nbytes and a.flags.c_contiguous)


def _merge(parts: list[_Segment]) -> _Segment:
    if len(parts) == 1:
        return parts[0]
    return _Segment(*(_joined_rows(parts) if f == "rows" else np.concatenate([getattr(p, f) for p in parts])
                      for f in ("steps", "rows", "scalars", "ratios", "layers")))


def _joined_rows(segments: Sequence[_Segment]) -> np.ndarray:
    """The segments' rows, whole (compact ones rebuilt), one after another in one new array."""
    widths = [s.rows.shape[1] * (2 if s.moments is not None else 1) for s in segments]
    out = np.empty((sum(len(s.rows) for s in segments), max(widths)))
    at = 0
    for s in segments:
        s.full_rows(out=out[at:at + len(s.rows)])
        at += len(s.rows)
    return out


class Recorder:
    """Recorded steps of one run, within ``budget`` bytes (see the module's docstring)."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        if budget <= 0:
            raise ValueError("the recorder's budget must be positive")
        self.budget = int(budget)
        self.clear()

    def clear(self, layout: RowLayout | None = None) -> None:
        """Forget everything (a new run, laid out as ``layout``)."""
        self.layout = layout
        self._segments: list[_Segment] = []
        self._epochs: dict[int, tuple[np.ndarray, tuple[int, int, int, int]]] = {}
        self._nbytes = 0
        self.base: int | None = None  # thinning's recent window B; None: every step is kept
        self.diverged: tuple[int, str, str] | None = None

    # ------------------------------------------------------------------ size
    @property
    def steps(self) -> int:
        """How many steps are recorded."""
        return sum(len(s.steps) for s in self._segments)

    @property
    def nbytes(self) -> int:
        """Memory the recorded steps take (arrays and their bookkeeping)."""
        return self._nbytes

    def recorded_steps(self) -> np.ndarray:
        """The recorded step numbers, in order."""
        if not self._segments:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([s.steps for s in self._segments])

    @property
    def last_step(self) -> int | None:
        return int(self._segments[-1].steps[-1]) if self._segments else None

    def nearest(self, step: int) -> int | None:
        """The recorded step closest to ``step`` (the earlier one on a tie)."""
        steps = self.recorded_steps()
        if len(steps) == 0:
            return None
        i = int(np.searchsorted(steps, step))
        if i == len(steps):
            return int(steps[-1])
        if steps[i] == step or i == 0:
            return int(steps[i])
        return int(steps[i - 1]) if step - steps[i - 1] <= steps[i] - step else int(steps[i])

    # ------------------------------------------------------------------ recording
    def add(self, steps: Sequence[int], rows: np.ndarray, scalars: np.ndarray, ratios: np.ndarray,
            layers: np.ndarray, epochs: dict[int, tuple[np.ndarray, tuple[int, int, int, int]]],
            moments: tuple[np.ndarray, float, float] | None = None) -> None:
        """Record consecutive steps (the arrays are kept, not copied: hand over fresh ones).
        With ``moments`` (Adam's m and v after the first step, flat, and its betas) the rows
        hold only the values and gradients: see :attr:`_Segment.moments`."""
        lay = self.layout
        if moments is not None and (lay is None or lay.optimizer != "adam"
                                    or moments[0].shape != (2 * lay.size,)):
            raise ValueError("moments are for an Adam layout's rows: m and v, flat")
        width = None if lay is None else 2 * lay.size if moments is not None else lay.width
        if lay is None or rows.shape[1] != width:
            raise ValueError("rows do not fit the recorder's layout: clear(layout) first")
        steps = np.asarray(steps, dtype=np.int64)
        if len(steps) == 0:
            return
        last = self.last_step
        if last is not None and steps[0] <= last:
            self.truncate_after(int(steps[0]) - 1)
        seg = _Segment(steps, rows, scalars, ratios, layers, moments)
        self._segments.append(seg)
        self._nbytes += seg.nbytes
        for e, rec in epochs.items():
            if e not in self._epochs:
                self._epochs[e] = rec
                self._nbytes += rec[0].nbytes + _EPOCH_OVERHEAD
        if self._nbytes > self.budget:
            self._thin()

    def truncate_after(self, step: int) -> None:
        """Forget the steps after ``step`` (resuming from it makes a new future)."""
        while self._segments and self._segments[-1].steps[0] > step:
            self._nbytes -= self._segments.pop().nbytes
        if self._segments and self._segments[-1].steps[-1] > step:
            seg = self._segments.pop()
            self._nbytes -= seg.nbytes
            kept = seg.take(seg.steps <= step)
            self._segments.append(kept)
            self._nbytes += kept.nbytes
        if self.diverged is not None and self.diverged[0] > step:
            self.diverged = None
        self._drop_unused_epochs()

    # ------------------------------------------------------------------ thinning
    def _thin(self) -> None:
        steps = self.recorded_steps()
        newest = int(steps[-1])
        if self.base is None:
            self.base = 1 << max(0, int(len(steps)).bit_length() - 1)
        while True:
            self._apply(_kept(steps, newest, self.base))
            if self._nbytes <= LOW_WATER * self.budget or self.base == 1:
                break
            self.base //= 2
            steps = self.recorded_steps()
        if self._nbytes > self.budget and self.steps > 2:  # rows too big even for B = 1:
            per_step = self._nbytes / self.steps  # drop the oldest after step 0
            excess = int(np.ceil((self._nbytes - LOW_WATER * self.budget) / per_step))
            keep = np.ones(self.steps, dtype=bool)
            keep[1:1 + min(excess, self.steps - 2)] = False
            self._apply(keep)

    def _apply(self, keep: np.ndarray) -> None:
        """Keep the rows marked in ``keep`` (over all segments), merging small pieces. A segment
        whose rows are part of a larger buffer (the session hands over blocks cut from one) is
        copied even when all of it stays: a few kept rows must not hold a whole buffer's memory.
        (A row of a big net is a buffer of its own: copying it at every step cost more than the
        step.)"""
        old, self._segments = self._segments, []
        self._nbytes = sum(rec[0].nbytes + _EPOCH_OVERHEAD for rec in self._epochs.values())
        at, parts, rows = 0, [], 0
        for seg in old:
            n = len(seg.steps)
            k = keep[at:at + n]
            at += n
            if k.all() and _whole(seg.rows):  # untouched: kept as it is
                self._flush_parts(parts)
                self._flush_parts([seg])
                parts, rows = [], 0
                continue
            piece = seg.take(k)
            if len(piece.steps):
                parts.append(piece)
                rows += len(piece.steps)
            if rows >= MERGE_ROWS:
                self._flush_parts(parts)
                parts, rows = [], 0
        self._flush_parts(parts)
        self._drop_unused_epochs()

    def _flush_parts(self, parts: list[_Segment]) -> None:
        if parts:
            seg = _merge(parts)
            self._segments.append(seg)
            self._nbytes += seg.nbytes

    def _drop_unused_epochs(self) -> None:
        if len(self._epochs) <= 1 and self._segments:
            return  # (a full-batch run has one order throughout)
        ids = [seg.scalars[:, _EPOCH] for seg in self._segments]
        used = set(np.unique(np.concatenate(ids)).astype(np.int64).tolist()) if ids else set()
        for e in [e for e in self._epochs if e not in used]:
            self._nbytes -= self._epochs.pop(e)[0].nbytes + _EPOCH_OVERHEAD

    # ------------------------------------------------------------------ saving and loading
    def recording(self) -> Recording:
        """A copy of everything recorded (see :class:`Recording`)."""
        assert self.layout is not None
        segs = self._segments

        def joined(field: str, empty: np.ndarray) -> np.ndarray:
            if field == "rows" and segs:
                return _joined_rows(segs)
            return np.concatenate([getattr(s, field) for s in segs]) if segs else empty

        n_params = len(self.layout.shapes)
        hidden = segs[0].layers.shape[1] if segs else 0
        ids = sorted(self._epochs)
        n_train = len(self._epochs[ids[0]][0]) if ids else 0
        return Recording(
            self.layout, joined("steps", np.zeros(0, np.int64)),
            joined("rows", np.zeros((0, self.layout.width))), joined("scalars", np.zeros((0, N_SCALARS))),
            joined("ratios", np.zeros((0, n_params))), joined("layers", np.zeros((0, hidden, 4))),
            np.array(ids, dtype=np.int64),
            np.array([self._epochs[e][0] for e in ids], dtype=np.int64).reshape(len(ids), n_train),
            tuple(self._epochs[e][1] for e in ids), self.base, self.diverged)

    def load(self, rec: Recording) -> None:
        """Hold exactly the steps of ``rec`` (its arrays are kept, not copied), thinned if they
        exceed this recorder's budget."""
        self.clear(rec.layout)
        if len(rec.steps):
            seg = _Segment(np.asarray(rec.steps, dtype=np.int64), rec.rows, rec.scalars, rec.ratios,
                           rec.layers)
            self._segments.append(seg)
            self._nbytes += seg.nbytes
        for e, order, rng in zip(rec.epoch_ids.tolist(), rec.epoch_orders, rec.epoch_rngs):
            self._epochs[int(e)] = (order, tuple(int(v) for v in rng))  # type: ignore[assignment]
            self._nbytes += order.nbytes + _EPOCH_OVERHEAD
        self.base, self.diverged = rec.base, rec.diverged
        if self._nbytes > self.budget:
            self._thin()

    # ------------------------------------------------------------------ reading
    def _locate(self, step: int) -> tuple[_Segment, int]:
        for seg in self._segments:
            if seg.steps[0] <= step <= seg.steps[-1]:
                i = int(np.searchsorted(seg.steps, step))
                if seg.steps[i] == step:
                    return seg, i
        raise KeyError(f"step {step} is not recorded")

    def state_at(self, step: int) -> SessionState:
        """The session's state after ``step`` (which must be recorded), ready for
        :meth:`core.session.Session.restore`. Findings, edits and the checks' counters are not
        part of it: the session keeps its findings and edits up to ``step`` (a step's row holds
        its values after the edits made at it), and the checks count afresh."""
        assert self.layout is not None
        seg, i = self._locate(step)
        lay = self.layout
        row = seg.rows[i] if seg.moments is None else seg.full_rows(np.arange(len(seg.rows)) == i)[0]
        sc = seg.scalars[i]
        n = lay.size
        params = lay.split(row[:n])
        grads: tuple[np.ndarray | None, ...] = lay.split(row[n:2 * n])
        if step == 0:
            grads = (None,) * len(params)
        sets = tuple(lay.split(row[(2 + k) * n:(3 + k) * n]) for k in range(lay.buffer_sets))
        if lay.optimizer == "sgd" and step == 0:
            sets = tuple((None,) * len(params) for _ in sets)
        epoch = int(sc[_EPOCH])
        if epoch in self._epochs:
            order, rng = self._epochs[epoch]
            batch = BatchState(order.copy(), int(sc[_CURSOR]), rng)
        else:
            batch = BatchState(np.zeros(0, dtype=np.int64), int(sc[_CURSOR]), (0, 0, 0, 0))
        diverged = self.diverged if self.diverged is not None and self.diverged[0] <= step else None
        lay_stats = tuple(LayerStats(h + 1, float(m), float(s), _opt(d), _opt(x))
                          for h, (m, s, d, x) in enumerate(seg.layers[i]))
        return SessionState(
            step=step, params=params, grads=grads,
            optimizer=OptimizerState(lay.optimizer, int(sc[_T]), sets), batch=batch,
            alpha=float(sc[_ALPHA]), loss=None if step == 0 else float(sc[_LOSS]),
            test_loss=_opt(sc[_TEST]),
            diverged=diverged, update_ratios=tuple(_opt(r) for r in seg.ratios[i]), layers=lay_stats)


def _opt(x: float) -> float | None:
    """NaN (nothing recorded) as None."""
    return None if np.isnan(x) else float(x)


def _kept(steps: np.ndarray, newest: int, base: int) -> np.ndarray:
    """Which of ``steps`` the thinning rule keeps, ``newest`` being the latest step."""
    age = newest - steps
    tier = np.floor(np.log2(1.0 + age / base)).astype(np.int64)
    return (steps & ((np.int64(1) << tier) - 1)) == 0
