"""The Backprop panel: one training step's graph, walked one operation at a time.

A traced step (:class:`core.trace.StepTrace`) is drawn left to right in forward order: the
inputs and parameters as leaves, one box per operation with its op, shape and (for the
tutorial) the code that made it. Each box shows its value and, once its gradient has arrived,
its gradient: small matrices as numbers, larger ones as heatmaps on the matrix panel's colour
map (CET-D1), values on one shared scale and gradients on another.

:class:`StepWalk` is the walk's state machine (no drawing): the forward operations one by one,
then the backward events in the engine's own order, then each parameter's update. While a walk
is under way the step is not finished in the window: the walk holds back the step's update (and
any that follow it) and releases them, in order, when the walk ends, is finished early (Step,
Start) or is ended by a Reset. The window only forwards updates and button presses to it.

A deep net folds each layer's operations into one block (click to expand it, click its frame
to fold it again); walking a folded block walks the events inside it. The panel draws only a
trace a walk or a single Step made, so a fast run costs it nothing. Looking back on the timeline
(the run model's ``shownChanged``) it draws that recorded step whole, rebuilt by the training
thread (:func:`core.runner.recorded_trace`), asked for only while the panel is on screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from core.runner import Update
from core.session import Snapshot
from core.trace import StepTrace, TraceEvent, TraceNode

from .. import i18n
from ..run_model import RunModel
from .loss_plot import TEST_COLOR, TEXT_COLOR, TRAIN_COLOR, nice_ceil
from .matrices import _DARK_FROM, _LUT_ARGB32, fmt_cell

__all__ = ["BackpropView", "StepWalk", "WalkEvent", "walk_events", "fold_groups"]

ACTIVATIONS = ("sigmoid", "tanh", "relu")
FOLD_FROM_LAYERS = 3  # nets with at least this many layers start with every layer folded
NUMBER_MAX = (6, 4)  # a matrix with at most this many rows and columns prints its numbers
HEAT_PX = 56.0  # a heatmap's longer side (logical pixels)
BLOCK_HEAT_PX = 36.0  # the same in a folded layer's block
HEAT_CELL_MAX = 10.0  # nor a heatmap cell bigger than this
HEAT_SAMPLE = 256  # heatmaps of bigger matrices show every k-th row / column
MAX_SCALE = 1.7  # the drawing grows at most this much beyond its natural size
READABLE_SCALE = 0.8  # nor shrinks below this: the panel scrolls instead
TEXT_MIN_SHARE = 0.7  # the line under the graph shrinks its type at most to this share
SCROLLBAR_PX = 18
CODE_CHARS = 22  # the code under a box's title is cut to this many characters (or the box's width)
ERROR_COLOR = "#c62828"
_PROCESS = QColor(TEST_COLOR)  # the box being processed, the lit edge
_RECEIVE = QColor(TRAIN_COLOR)  # the box receiving a gradient
_ERROR = QColor(ERROR_COLOR)
_INK = QColor(TEXT_COLOR)
_FAINT = QColor("#9a9a9a")
_BORDER = QColor("#7a7a7a")
_PENDING_FILL = QColor("#f1f1f1")
_GROUP_FILL = QColor("#f6f8fc")
_COL_GAP, _ROW_GAP, _PAD = 24.0, 10.0, 5.0


# ---------------------------------------------------------------------------- the walk (no drawing)
@dataclass(frozen=True)
class WalkEvent:
    """One press of Walk: a forward op (``index`` = node id), a backward contribution (index into
    ``trace.events``) or a parameter update (index into ``trace.updates``)."""

    kind: str  # "forward", "backward" or "update"
    index: int


def _finite(a: np.ndarray | None) -> bool:
    return a is None or bool(np.isfinite(a).all())


def walk_events(trace: StepTrace) -> tuple[WalkEvent, ...]:
    """The walk through ``trace``: every op's forward, every backward event, every update; a
    diverging step stops at its first non-finite event."""
    out = [WalkEvent("forward", n.id) for n in trace.nodes if n.op is not None]
    out += [WalkEvent("backward", i) for i in range(len(trace.events))]
    out += [WalkEvent("update", i) for i in range(len(trace.updates))]
    for k, e in enumerate(out):
        if not _finite(_event_array(trace, e)):
            return tuple(out[:k + 1])
    return tuple(out)


def _event_array(trace: StepTrace, e: WalkEvent) -> np.ndarray:
    if e.kind == "forward":
        return trace.node(e.index).value
    if e.kind == "backward":
        return trace.events[e.index].grad
    return trace.updates[e.index].after


@dataclass
class WalkState:
    """What is shown once the events up to ``pos`` (inclusive) have happened."""

    computed: set[int] = field(default_factory=set)  # ops whose forward value is shown
    received: dict[int, list[int]] = field(default_factory=dict)  # node id -> backward event indices
    updated: set[int] = field(default_factory=set)  # node ids of parameters already updated
    current: WalkEvent | None = None


def state_at(trace: StepTrace, events: tuple[WalkEvent, ...], pos: int) -> WalkState:
    s = WalkState()
    for e in events[:pos + 1]:
        if e.kind == "forward":
            s.computed.add(e.index)
        elif e.kind == "backward":
            s.received.setdefault(trace.events[e.index].target, []).append(e.index)
        else:
            s.updated.add(trace.updates[e.index].node)
    s.current = events[pos] if 0 <= pos < len(events) else None
    return s


def grad_so_far(trace: StepTrace, node: TraceNode, state: WalkState) -> np.ndarray | None:
    """The gradient ``node`` holds at this point of the walk: what it held before this step's
    backward plus the contributions received so far (None before anything arrived)."""
    got = state.received.get(node.id, [])
    before = node.grad_before if not trace.zero_grad else None
    if not got:
        return None if before is None else before
    total = np.array(before, dtype=float) if before is not None else 0.0
    for i in got:
        total = total + trace.events[i].grad
    return np.asarray(total)


def _layer_of_name(name: str) -> int | None:
    m = re.fullmatch(r"[Wb](\d+)", name)
    return int(m.group(1)) if m else None


def fold_groups(trace: StepTrace) -> dict[int, int]:
    """Node id -> the layer whose block it folds into (nodes outside every layer are absent):
    a layer's own nodes, its parameters, and the activation applied to its output."""
    groups: dict[int, int] = {}
    for n in trace.nodes:
        layer = n.layer if n.layer is not None else _layer_of_name(n.name)
        if layer is None and n.op in ACTIVATIONS and len(n.creators) == 1:
            layer = groups.get(n.creators[0])
        if layer is not None:
            groups[n.id] = layer
    return groups


class StepWalk(QObject):
    """The walk's state machine. ``changed``: the position (or trace) changed; ``released``: an
    update held back during the walk, handed back in order for the window to show."""

    changed = Signal()
    released = Signal(object)
    started = Signal()  # Walk asked for a traced step (expect_trace)
    IDLE, WAITING, WALKING = "idle", "waiting", "walking"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = self.IDLE
        self.trace: StepTrace | None = None
        self.events: tuple[WalkEvent, ...] = ()
        self.pos = -1  # the last event shown (the whole trace when not walking)
        self.latest_step = 0  # the step the window shows (a trace may be older during a run)
        self._held: list[Update] = []
        self._finish_on_arrival = False

    @property
    def active(self) -> bool:
        """A walk is under way (or its traced step was asked for): the step is not finished."""
        return self.state != self.IDLE

    def expect_trace(self) -> None:
        """A traced step was asked for: its update starts the walk."""
        self.state = self.WAITING
        self._finish_on_arrival = False
        self.started.emit()

    def advance(self) -> bool:
        """One more event; False when no walk is under way (the caller asks for a traced step).
        Reaching the last event finishes the step."""
        if self.state == self.WAITING:
            return True  # the traced step is on its way
        if self.state != self.WALKING:
            return False
        self.pos += 1
        if self.pos >= len(self.events) - 1:
            self.pos = len(self.events) - 1
            self._release()
        self.changed.emit()
        return True

    def finish(self) -> bool:
        """Step, Start or Reset during a walk: finish the current step (release what is held,
        the trace shown whole). False when no walk was under way."""
        if self.state == self.WAITING:
            self._finish_on_arrival = True
            return True
        if self.state != self.WALKING:
            return False
        self.pos = len(self.events) - 1
        self._release()
        self.changed.emit()
        return True

    def holds(self, update: Update) -> bool:
        """Called with every update before the window shows it: True if the walk keeps it back."""
        if self.state == self.WALKING:
            self._held.append(update)
            return True
        if self.state == self.WAITING:
            if update.trace is not None:
                self._begin(update)
                return self.state == self.WALKING
            if self._no_trace_coming(update):
                self.state = self.IDLE
                self._note(update)
                self.changed.emit()  # (no walk after all: the panel shows what it showed before)
                return False
        self._note(update)
        return False

    def _no_trace_coming(self, update: Update) -> bool:
        """While waiting: this update says the traced step will not come (a step limit, a
        divergence, an error, a reset; Start pressed since; a step that ran without its trace,
        saying why). A run's frames still on their way, or a live change's answer, do not."""
        if update.halted or update.cleared:
            return True
        if update.running:
            return self._finish_on_arrival
        return bool(len(update.steps)) and update.message is not None

    def abandon(self) -> None:
        """The training thread failed: a traced step asked for will not come."""
        if self.state == self.WAITING:
            self.state = self.IDLE
            self.changed.emit()

    def _note(self, update: Update) -> None:
        """An update the window shows: a new trace is shown whole; a reset forgets the old one.
        Other updates (a run's frames) cost nothing here beyond telling, once, that training has
        gone past the trace shown."""
        step = update.snapshot.step
        was_stale = self.stale
        self.latest_step = step
        if update.cleared:
            self.trace, self.events, self.pos = None, (), -1
        elif update.trace is not None and update.trace is not self.trace:
            self.trace = update.trace
            self.events = walk_events(update.trace)
            self.pos = len(self.events) - 1
        elif self.stale == was_stale:
            return
        self.changed.emit()

    @property
    def stale(self) -> bool:
        """Training has gone on past the trace shown."""
        return self.trace is not None and self.latest_step > self.trace.step

    def _begin(self, update: Update) -> None:
        self.trace = update.trace
        self.events = walk_events(update.trace)
        self.pos = -1  # the leaves only: the first press shows the first op
        self._held = [update]
        self.state = self.WALKING
        if self._finish_on_arrival or not self.events:
            self.pos = len(self.events) - 1
            self._release()
        else:
            self.pos = 0  # this press (the one that asked for the step) shows the first op
        self.changed.emit()

    def _release(self) -> None:
        self.state = self.IDLE
        held, self._held = self._held, []
        for u in held:
            self.latest_step = u.snapshot.step
            self.released.emit(u)

    def walk_state(self) -> WalkState:
        if self.trace is None:
            return WalkState()
        return state_at(self.trace, self.events, self.pos)

    @classmethod
    def whole(cls, trace: StepTrace | None) -> StepWalk:
        """A walk that is over: ``trace`` shown whole (a step looked back at), not walked."""
        w = cls()
        if trace is not None:
            w.trace, w.events = trace, walk_events(trace)
            w.pos = len(w.events) - 1
            w.latest_step = trace.step
        return w


# ---------------------------------------------------------------------------- drawing
def _as_matrix(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(1, -1)
    return a.reshape(a.shape[0], -1)


def shape_text(a: np.ndarray) -> str:
    if not a.ndim:
        return QCoreApplication.translate("BackpropView", "scalar")
    return "×".join(str(n) for n in a.shape)


def _nums(a: np.ndarray, limit: int = 6) -> str:
    """A few numbers written out, or the matrix's shape and largest entry."""
    a = np.asarray(a, dtype=float)
    if a.size <= limit:
        flat = [fmt_cell(float(v)) for v in a.ravel()]
        return flat[0] if a.size == 1 else "[" + ", ".join(flat) + "]"
    largest = fmt_cell(float(np.nanmax(np.abs(a))) if a.size else 0.0)
    return QCoreApplication.translate("BackpropView", "{shape} values, largest |·| {largest}").format(
        shape=shape_text(a), largest=largest)


@dataclass
class _Row:
    """One matrix in a box: its caption, its scale ("value" or "grad") and where it is drawn."""

    caption: str
    kind: str
    size_of: np.ndarray  # the array that fixes its size (the complete state's)
    get: Callable[[WalkState], tuple[np.ndarray | None, str]]  # (array or None, caption)
    rect: QRectF = field(default_factory=QRectF)


@dataclass
class _Box:
    key: tuple  # ("node", id) or ("layer", n)
    nodes: list[int]  # node ids inside, creation order
    title: str
    subtitle: str
    code: str
    rows: list[_Row]
    ncols: int = 1
    rect: QRectF = field(default_factory=QRectF)
    col: int = 0
    order: int = 0


def _heat_image(m: np.ndarray, scale: float) -> QImage:
    sr = max(1, math.ceil(m.shape[0] / HEAT_SAMPLE))
    sc = max(1, math.ceil(m.shape[1] / HEAT_SAMPLE))
    m = m[::sr, ::sc]
    n = len(_LUT_ARGB32)
    with np.errstate(invalid="ignore", over="ignore"):
        t = np.clip((m + scale) * (n / (2 * scale)), 0, n - 1)
    nan = np.isnan(t)
    pixels = np.ascontiguousarray(_LUT_ARGB32[np.where(nan, 0, t).astype(np.intp)])
    pixels[nan] = 0
    img = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1] * 4,
                 QImage.Format.Format_ARGB32_Premultiplied)
    return img.copy()  # own its pixels


class _GraphCanvas(QWidget):
    """Paints the boxes and edges of a trace at the state the walk is in."""

    def __init__(self, view: BackpropView) -> None:
        super().__init__(view)
        self.setObjectName("backpropCanvas")
        self._view = view
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.boxes: list[_Box] = []
        self.edges: list[tuple[int, int, int, int]] = []  # (from box, to box, creator id, node id)
        self.frames: dict[int, QRectF] = {}  # expanded layer -> its frame (click to fold)
        self.size_logical = (0.0, 0.0)
        self._box_of: dict[int, int] = {}  # node id -> index of the box it is drawn in
        self.built_for: StepTrace | None = None  # the trace the boxes were laid out for (its node ids)
        self._full_code: list[str] = []
        self._natural: dict[bool, tuple[float, float]] = {}
        self._side: bool | None = None  # matrices side by side in the boxes (else stacked)
        self._scale, self._origin = 1.0, QPointF()
        self._heat_cache: dict[tuple, QImage] = {}
        self._fonts: tuple | None = None  # (the widget font's key, the fonts, their metrics)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(900, 380)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(200, 120)

    # ------------------------------------------------------------------ fonts
    def fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        """Title, caption, code and number fonts, all derived from the widget's font (zoom)."""
        key = self.font().key()
        if self._fonts is None or self._fonts[0] != key:
            made = self._make_fonts()
            self._fonts = (key, made, tuple(QFontMetricsF(f) for f in made))
        return self._fonts[1]

    def metrics(self) -> tuple[QFontMetricsF, QFontMetricsF, QFontMetricsF, QFontMetricsF]:
        """The metrics of :meth:`fonts`, in the same order."""
        self.fonts()
        return self._fonts[2]

    def _make_fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        base = self.font()
        pt = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        title = QFont(base)
        title.setPointSizeF(pt * 1.15)
        title.setBold(True)
        caption = QFont(base)
        caption.setPointSizeF(pt * 0.9)
        code = QFont(base)
        code.setFamily("monospace")
        code.setStyleHint(QFont.StyleHint.Monospace)
        code.setPointSizeF(pt * 0.9)
        number = QFont(base)
        number.setWeight(QFont.Weight.DemiBold)
        number.setPointSizeF(pt)
        return title, caption, code, number

    # ------------------------------------------------------------------ layout
    def rebuild(self) -> None:
        """New trace or new folding: boxes, their sizes, columns and places (logical pixels)."""
        self._heat_cache.clear()
        self.boxes, self.edges, self.frames, self._box_of = [], [], {}, {}
        trace = self._view.shown_walk.trace
        self.built_for = trace
        if trace is None:
            self.fit_to(self._viewport_size())  # (no drawing: no scrolling either)
            self.update()
            return
        groups = fold_groups(trace)
        folded = self._view.folded
        box_of: dict[int, int] = {}
        for n in trace.nodes:
            g = groups.get(n.id)
            if g is not None and g in folded:
                key = ("layer", g)
                existing = next((i for i, b in enumerate(self.boxes) if b.key == key), None)
                if existing is not None:
                    self.boxes[existing].nodes.append(n.id)
                    box_of[n.id] = existing
                    continue
                box_of[n.id] = len(self.boxes)
                self.boxes.append(_Box(key, [n.id], "", "", "", []))
            else:
                box_of[n.id] = len(self.boxes)
                self.boxes.append(_Box(("node", n.id), [n.id], "", "", "", []))
        for b in self.boxes:
            self._view.fill_box(b)
        self._full_code = [b.code for b in self.boxes]
        seen = set()
        for n in trace.nodes:
            for c in n.creators:
                if c in box_of and box_of[c] != box_of[n.id] and (box_of[c], box_of[n.id]) not in seen:
                    seen.add((box_of[c], box_of[n.id]))
                    self.edges.append((box_of[c], box_of[n.id], c, n.id))
        self._box_of = box_of
        self._natural = {side: self._lay_out(side) for side in (False, True)}
        self._side = None
        self.fit_to(self._viewport_size())
        self.update()

    def _lay_out(self, side: bool) -> tuple[float, float]:
        """Size and place every box: its matrices stacked, or side by side (a wider, lower
        drawing); returns the drawing's natural size."""
        for b, code in zip(self.boxes, self._full_code):
            b.ncols = (4 if side else 2) if b.key[0] == "layer" else (len(b.rows) if side else 1)
            b.code = code
        self._size_boxes()
        self._place()
        return self.size_logical

    def _viewport_size(self) -> QSize:
        parent = self.parentWidget()
        return parent.size() if parent is not None else self.size()

    def fit_to(self, room: QSize) -> None:
        """Choose the arrangement and scale for a viewport of ``room``: the biggest drawing that
        fits; if none fits at READABLE_SCALE, one that fits the height at it (the panel then
        scrolls sideways, following the walk), else READABLE_SCALE with both scroll bars."""
        if not self.boxes:
            self.setMinimumSize(0, 0)
            return
        w, h = max(room.width() - 8, 1), max(room.height() - 8, 1)

        def fit(side: bool) -> float:
            nw, nh = self._natural[side]
            return min(w / nw, h / nh)

        side = fit(True) > 1.05 * fit(False)
        scale = min(fit(side), MAX_SCALE)
        if scale < READABLE_SCALE:
            h = max(h - SCROLLBAR_PX, 1)  # the horizontal scroll bar takes some of the height
            tall = [sd for sd in (False, True) if h / self._natural[sd][1] >= READABLE_SCALE]
            # Of those that fit the height, the narrower: less to scroll.
            side = min(tall, key=lambda sd: self._natural[sd][0] * min(h / self._natural[sd][1], 1.0)) \
                if tall else True
            scale = max(READABLE_SCALE, min(h / self._natural[side][1], 1.0))
        if side != self._side:
            self._side = side
            self._lay_out(side)
        self._scale = scale
        nw, nh = self.size_logical
        need = QSize(math.ceil(nw * scale) + 8, math.ceil(nh * scale) + 8)
        self.setMinimumSize(need if need.width() > room.width() or need.height() > room.height()
                            else QSize(0, 0))
        self.update()

    def box_rect_px(self, b: _Box) -> QRectF:
        """Where box ``b`` is drawn, in the canvas's pixels."""
        self._fit()
        r = b.rect
        return QRectF(self._origin + r.topLeft() * self._scale, r.size() * self._scale)

    def _matrix_size(self, a: np.ndarray, heat_px: float = HEAT_PX) -> tuple[float, float]:
        m = _as_matrix(a)
        r, c = m.shape
        if r <= NUMBER_MAX[0] and c <= NUMBER_MAX[1]:
            fm = self.metrics()[3]
            return c * (fm.horizontalAdvance("−0.0339") + 8), r * (fm.height() + 5)
        cell = min(HEAT_CELL_MAX, heat_px / max(r, c))
        return max(c * cell, 10.0), max(r * cell, 10.0)

    def _size_boxes(self) -> None:
        ft, fc, fk, _ = self.metrics()
        for b in self.boxes:
            head = ft.height() + (fk.height() if b.code else 0)
            block = b.key[0] == "layer"
            sizes = [self._matrix_size(r.size_of, BLOCK_HEAT_PX if block else HEAT_PX) for r in b.rows]
            # The code line may be long ("input.mm(self.weight) + self.bias.expand(...)"): it is
            # cut to the box's width (and shown whole in the tooltip); a block's, to its matrices'.
            widths = [w for w, _ in sizes[:b.ncols]]
            room = max(sum(widths) + _PAD * (len(widths) - 1), ft.horizontalAdvance(b.title)) if block \
                else max([fk.horizontalAdvance("x" * CODE_CHARS)] + widths)
            b.code = fk.elidedText(b.code, Qt.TextElideMode.ElideRight, room)
            width = max(ft.horizontalAdvance(b.title + " ") + fc.horizontalAdvance(b.subtitle),
                        fk.horizontalAdvance(b.code))
            cols = [sizes[i::b.ncols] for i in range(b.ncols)]
            # (a caption gets a little more than its width: scaled text may come out wider)
            col_w = [max((max(w, fc.horizontalAdvance(r.caption) * 1.04 + 2) for (w, _), r in
                          zip(cs, b.rows[i::b.ncols])), default=0.0) for i, cs in enumerate(cols)]
            line_h = [max(h for _, h in sizes[k:k + b.ncols]) + fc.height() + 2
                      for k in range(0, len(sizes), b.ncols)]
            width = max(width, sum(col_w) + _PAD * (b.ncols - 1))
            y = _PAD + head + 3
            for k, r in enumerate(b.rows):
                line, i = divmod(k, b.ncols)
                x = _PAD + sum(col_w[:i]) + _PAD * i
                ry = y + sum(line_h[:line]) + fc.height() + 2
                w, h = sizes[k]
                r.rect = QRectF(x, ry, w, h)
            b.rect = QRectF(0, 0, width + 2 * _PAD, y + sum(line_h) + _PAD - 2)

    def _place(self) -> None:
        """Columns: as late as possible before the first box that uses a box; rows: in the order
        of the boxes they come from (fewer crossings)."""
        n = len(self.boxes)
        preds = [[] for _ in range(n)]
        succs = [[] for _ in range(n)]
        for a, b, _, _ in self.edges:
            preds[b].append(a)
            succs[a].append(b)
        order = sorted(range(n), key=lambda i: min(self.boxes[i].nodes))
        asap = [0] * n
        for i in order:
            asap[i] = 1 + max((asap[p] for p in preds[i]), default=-1)
        col = asap[:]
        for i in reversed(order):
            if succs[i]:
                col[i] = min(col[s] for s in succs[i]) - 1
        for i, b in enumerate(self.boxes):
            b.col = col[i]
        columns: dict[int, list[int]] = {}
        for i in order:
            columns.setdefault(col[i], []).append(i)
        rank: dict[int, float] = {}
        x = 0.0
        heights = []
        for c in sorted(columns):
            members = columns[c]
            members.sort(key=lambda i: (np.mean([rank[p] for p in preds[i] if p in rank])
                                        if any(p in rank for p in preds[i]) else -1.0,
                                        min(self.boxes[i].nodes)))
            for k, i in enumerate(members):
                rank[i] = k
            width = max(self.boxes[i].rect.width() for i in members)
            heights.append(sum(self.boxes[i].rect.height() for i in members) + _ROW_GAP * (len(members) - 1))
            y = 0.0
            for i in members:
                r = self.boxes[i].rect
                self.boxes[i].rect = QRectF(x + (width - r.width()) / 2, y, r.width(), r.height())
                y += r.height() + _ROW_GAP
            x += width + _COL_GAP
        total_h = max(heights, default=0.0)
        for c, h in zip(sorted(columns), heights):  # centre each column
            for i in columns[c]:
                self.boxes[i].rect.translate(0, (total_h - h) / 2)
        fm = self.metrics()[1]
        top = 0.0
        for layer in self._view.expanded_layers():
            members = [b.rect for b in self.boxes if b.key[0] == "node"
                       and fold_groups(self._view.shown_walk.trace).get(b.key[1]) == layer]
            if members:
                frame = members[0]
                for r in members[1:]:
                    frame = frame.united(r)
                frame = frame.adjusted(-6, -fm.height() - 6, 6, 6)
                self.frames[layer] = frame
                top = min(top, frame.top())
        if top < 0:
            for b in self.boxes:
                b.rect.translate(0, -top)
            for layer in self.frames:
                self.frames[layer].translate(0, -top)
        self.size_logical = (max(x - _COL_GAP, 1.0), total_h - top)

    # ------------------------------------------------------------------ painting
    def _fit(self) -> None:
        w, h = self.size_logical
        self._origin = QPointF(max(4.0, (self.width() - w * self._scale) / 2),
                               max(4.0, (self.height() - h * self._scale) / 2))

    def seen_rect(self) -> QRect:
        """The part of the canvas on screen (not scrolled away), in its pixels."""
        scroll = self._view.scroll
        seen = QRect(self.mapFrom(scroll.viewport(), QPoint(0, 0)), scroll.viewport().size())
        seen = seen.intersected(self.rect())
        return seen if not seen.isEmpty() else self.rect()

    def to_logical(self, p: QPointF) -> QPointF:
        return (p - self._origin) / self._scale

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        try:
            self._paint(p)
        finally:  # (a painter left active when an exception escapes aborts the app)
            if p.isActive():
                p.end()

    def _paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(self.rect(), QColor("white"))
        self.bubble_rect: QRectF | None = None
        self._view.want_look_trace()
        walk = self._view.shown_walk
        if walk.trace is not self.built_for:
            # The step shown changed since the boxes were laid out (their node ids are another
            # trace's): lay them out again first, then paint.
            p.end()
            QTimer.singleShot(0, self, self._view.refresh)
            return
        if walk.trace is None or not self.boxes:
            p.setPen(_FAINT)
            p.setFont(self.fonts()[0])
            p.drawText(QRectF(self.seen_rect()).adjusted(20, 0, -20, 0), Qt.AlignmentFlag.AlignCenter
                       | Qt.TextFlag.TextWordWrap, self._view.empty_text())
            return
        self._fit()
        p.translate(self._origin)
        p.scale(self._scale, self._scale)
        state = walk.walk_state()
        self._paint_frames(p)
        lit = {(self._box_of.get(c), self._box_of.get(n)): role
               for (c, n), role in self._view.lit(state).items()}
        for a, b, _, _ in self.edges:
            self._paint_edge(p, a, b, lit.get((a, b)))
        for b in self.boxes:
            self._paint_box(p, b, state, self._view.box_role(b, state))
        bubble = self._view.bubble(state)
        if bubble is not None:
            self._paint_bubble(p, *bubble)

    def _paint_frames(self, p: QPainter) -> None:
        _, caption, _, _ = self.fonts()
        p.setFont(caption)
        for layer, r in self.frames.items():
            p.setPen(QPen(_BORDER, 1, Qt.PenStyle.DashLine))
            p.setBrush(_GROUP_FILL)
            p.drawRoundedRect(r, 8, 8)
            p.setPen(_INK)
            fold = QCoreApplication.translate("BackpropView", "layer {n} ▾ (click here to fold)")
            p.drawText(r.adjusted(8, 3, -8, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                       fold.format(n=layer))

    def _paint_edge(self, p: QPainter, a: int, b: int, role: str | None) -> None:
        ra, rb = self.boxes[a].rect, self.boxes[b].rect
        start, end = QPointF(ra.right(), ra.center().y()), QPointF(rb.left(), rb.center().y())
        path = QPainterPath(start)
        dx = max(20.0, (end.x() - start.x()) / 2)
        path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end)
        color = {"forward": _INK, "backward": _PROCESS, "error": _ERROR}.get(role or "", _FAINT)
        p.setPen(QPen(color, 4.0 if role else 1.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        tip, back = (start, 1.0) if role == "backward" else (end, -1.0)  # gradients flow backwards
        if role == "backward" or role is None or role == "forward":
            size = 9.0 if role else 6.0
            p.setBrush(color)
            p.setPen(Qt.PenStyle.NoPen)
            head = QPainterPath(tip)
            head.lineTo(tip + QPointF(back * size, -size / 2))
            head.lineTo(tip + QPointF(back * size, size / 2))
            head.closeSubpath()
            p.drawPath(head)

    def _paint_box(self, p: QPainter, b: _Box, state: WalkState, role: str) -> None:
        title, caption, code, number = self.fonts()
        ft, fc, fk, _ = self.metrics()
        r = b.rect
        done = self._view.box_computed(b, state)
        pen = {"process": QPen(_PROCESS, 4), "receive": QPen(_RECEIVE, 4),
               "error": QPen(_ERROR, 4)}.get(role, QPen(_BORDER, 1.2))
        p.setPen(pen)
        p.setBrush(QColor("white") if done else _PENDING_FILL)
        p.drawRoundedRect(r, 6, 6)
        y = r.top() + _PAD
        p.setPen(_INK if done else _FAINT)
        p.setFont(title)
        p.drawText(QPointF(r.left() + _PAD, y + ft.ascent()), b.title)
        if b.subtitle:
            p.setFont(caption)
            p.drawText(QPointF(r.left() + _PAD + ft.horizontalAdvance(b.title + " "), y + ft.ascent()),
                       b.subtitle)
        y += ft.height()
        if b.code:
            p.setFont(code)
            p.drawText(QPointF(r.left() + _PAD, y + fk.ascent()), b.code)
        scales = self._view.scales()
        for row in b.rows:
            a, cap = row.get(state)
            rr = row.rect.translated(r.topLeft())
            p.setFont(caption)
            p.setPen(_RECEIVE if row.kind == "grad" else _INK)
            p.drawText(QPointF(rr.left(), rr.top() - 2 - fc.descent()), cap)
            if a is None:
                p.setPen(QPen(_FAINT, 1, Qt.PenStyle.DotLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rr)
                continue
            self._paint_matrix(p, rr, _as_matrix(a), scales[row.kind], number, (id(b), row.caption, id(a)))

    def _paint_matrix(self, p: QPainter, rect: QRectF, m: np.ndarray, scale: float, font: QFont,
                      cache_key: tuple) -> None:
        rows, cols = m.shape
        if m.size == 0:
            return
        if rows <= NUMBER_MAX[0] and cols <= NUMBER_MAX[1]:
            cw, ch = rect.width() / cols, rect.height() / rows
            p.setFont(font)
            with np.errstate(invalid="ignore"):
                dark = np.abs(m) > _DARK_FROM * scale
            img = _heat_image(m, scale)
            p.drawImage(rect, img)
            p.setPen(QPen(QColor(225, 225, 225), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
            for i in range(rows):
                for j in range(cols):
                    cell = QRectF(rect.left() + j * cw, rect.top() + i * ch, cw, ch)
                    p.setPen(QColor("white") if dark[i, j] else _INK)
                    p.drawText(cell, Qt.AlignmentFlag.AlignCenter, fmt_cell(float(m[i, j])))
            return
        img = self._heat_cache.get(cache_key)
        if img is None:
            img = self._heat_cache[cache_key] = _heat_image(m, scale)
        p.drawImage(rect, img)
        p.setPen(QPen(_BORDER, 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)

    def _paint_bubble(self, p: QPainter, a: int, b: int, grad: np.ndarray, text: str) -> None:
        """The contribution carried by the lit edge, in a callout on the edge (or, where that
        would hide a box, next to the receiving box, with a leader line to the edge)."""
        ra, rb = self.boxes[a].rect, self.boxes[b].rect
        mid = QPointF((ra.right() + rb.left()) / 2, (ra.center().y() + rb.center().y()) / 2)
        _, caption, _, number = self.fonts()
        fc = self.metrics()[1]
        mw, mh = self._matrix_size(grad)
        w, h = max(mw, fc.horizontalAdvance(text)) + 10, mh + fc.height() + 10
        box = self._free_spot(mid, w, h, (ra, rb))
        self.bubble_rect = box  # (logical pixels; for tests)
        if not box.contains(mid):
            p.setPen(QPen(_PROCESS, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(mid, box.center())
        p.setPen(QPen(_PROCESS, 2))
        p.setBrush(QColor("white"))
        p.drawRoundedRect(box, 5, 5)
        p.setFont(caption)
        p.setPen(_PROCESS)
        p.drawText(QPointF(box.left() + 5, box.top() + 4 + fc.ascent()), text)
        rect = QRectF(box.center().x() - mw / 2, box.top() + 5 + fc.height(), mw, mh)
        self._paint_matrix(p, rect, _as_matrix(grad), self._view.scales()["grad"], number,
                           ("bubble", id(grad)))

    def _free_spot(self, mid: QPointF, w: float, h: float, near: tuple[QRectF, QRectF]) -> QRectF:
        """A w × h rectangle near ``mid``: on it, higher or lower in the gap between the columns,
        or above or below one of the ``near`` boxes; the one that hides the least of the boxes
        (then the nearest), inside the part of the canvas on screen."""
        seen = self.seen_rect()
        left_top = self.to_logical(QPointF(seen.topLeft()))
        right_bottom = self.to_logical(QPointF(seen.bottomRight()))
        centres = [mid + QPointF(0, k * h / 3) for k in range(-9, 10)]
        for r in near:
            for dx in (0.0, -w / 2, w / 2):
                centres += [QPointF(r.center().x() + dx, r.top() - h / 2 - 6),
                            QPointF(r.center().x() + dx, r.bottom() + h / 2 + 6)]
            for dy in (0.0, -h, h):
                centres += [QPointF(r.left() - w / 2 - 6, r.center().y() + dy),
                            QPointF(r.right() + w / 2 + 6, r.center().y() + dy)]

        def placed(c: QPointF) -> QRectF:
            x = min(max(c.x() - w / 2, left_top.x()), max(right_bottom.x() - w, left_top.x()))
            y = min(max(c.y() - h / 2, left_top.y()), max(right_bottom.y() - h, left_top.y()))
            return QRectF(x, y, w, h)

        receiving, sending = near

        def cost(r: QRectF) -> tuple[float, float]:
            area = 0.0  # hiding the boxes at either end of the edge is worst
            for b in self.boxes:
                i = r.intersected(b.rect)
                weight = 10.0 if b.rect in (receiving, sending) else 3.0
                area += weight * i.width() * i.height()
            d = r.center() - mid
            return round(area / 50), d.x() ** 2 + d.y() ** 2

        return min((placed(c) for c in centres), key=cost)

    def box_index(self, node_id: int) -> int | None:
        return self._box_of.get(node_id)

    # ------------------------------------------------------------------ mouse
    def box_at(self, pos: QPointF) -> _Box | None:
        q = self.to_logical(pos)
        return next((b for b in self.boxes if b.rect.contains(q)), None)

    def frame_at(self, pos: QPointF) -> int | None:
        q = self.to_logical(pos)
        return next((layer for layer, r in self.frames.items() if r.contains(q)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        pos = event.position()
        box = self.box_at(pos)
        if box is not None and box.key[0] == "layer":
            self._view.set_folded(box.key[1], False)
        elif box is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self._view.details(box), self)
        else:
            layer = self.frame_at(pos)
            if layer is not None:
                self._view.set_folded(layer, True)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            box = self.box_at(QPointF(event.pos()))
            if box is not None:
                QToolTip.showText(event.globalPos(), self._view.details(box), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.update()


class BackpropView(QWidget):
    """The Backprop panel (objectName ``backpropView``): the traced step's graph, and the walk.

    ``walk`` is its :class:`StepWalk`; the window passes it every update (``walk.holds``) and
    the Walk button's presses (``walk.advance``). With a ``run_model`` it follows the timeline:
    looking back at recorded step k it shows step k's backprop whole (rebuilt exactly by the
    training thread), or says why it cannot; live again, the walk's step. A walk under way stays
    in view until it ends; Walk pressed while looking back goes live first."""

    def __init__(self, run_model: RunModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backpropView")
        self.walk = StepWalk(self)
        self._run_model = run_model
        self.look: StepWalk | None = None  # the step looked back at (None: live)
        self.look_step: int | None = None
        self.look_note: str | None = None  # why the step looked back at has no trace
        self._asked_for: int | None = None  # the step looked back at whose trace was asked for again
        self.folded: set[int] = set()
        self._folded_for: StepTrace | None = None
        self._scales = {"value": 1.0, "act": 1.0, "grad": 1.0}
        self._blocked: str | None = None  # why Walk cannot go on now (a divergence, a net too large)
        self.header = QLabel()
        self.header.setObjectName("backpropHeader")
        self.header.setWordWrap(True)  # (zoomed, one line of it would widen the bottom panels)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("backpropScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setMinimumSize(1, 1)  # (it scrolls: a zoomed window must fit a 720-high screen)
        self.canvas = _GraphCanvas(self)
        self.scroll.setWidget(self.canvas)
        self.scroll.viewport().installEventFilter(self)
        self.text = QLabel()
        self.text.setObjectName("backpropText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setContentsMargins(8, 4, 8, 6)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.header.setContentsMargins(8, 4, 8, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.text)
        self._apply_fonts()
        self.walk.changed.connect(self._on_changed)
        if run_model is not None:
            run_model.trace_wanted = self.on_screen
            run_model.shownChanged.connect(self._on_shown)
            self.walk.started.connect(run_model.go_live)  # (a walk is of the next step: live)
        self.retranslate()

    @property
    def shown_walk(self) -> StepWalk:
        """What the panel draws: the walk (and the step it traced last), or, looking back (and
        no walk under way), the step looked back at."""
        return self.look if self.look is not None and not self.walk.active else self.walk

    def on_screen(self) -> bool:
        """The panel can be seen (a dock tab behind another is "visible" but off screen)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _on_shown(self, snapshot: Snapshot | None) -> None:
        """The timeline went to a recorded step (None: live again)."""
        model = self._run_model
        if snapshot is None or model is None:
            self.look = self.look_step = self.look_note = None
        else:
            self.look = StepWalk.whole(model.looked_back_trace)
            self.look_step = snapshot.step
            self.look_note = model.looked_back_note
        self._on_changed()

    def want_look_trace(self) -> None:
        """The panel is being drawn: a step looked back at while it was hidden (so without its
        trace) is asked for again, with it (once per step)."""
        model = self._run_model
        if (model is None or self.look is None or self.look.trace is not None or self.look_note is not None
                or self._asked_for == model.wanted_step):
            return
        self._asked_for = model.wanted_step
        model.ask_trace()

    # ------------------------------------------------------------------ Qt plumbing
    def _apply_fonts(self) -> None:
        base = self.font()
        pt = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        big = QFont(base)
        big.setPointSizeF(pt * 1.3)
        self.text.setFont(big)
        bold = QFont(base)
        bold.setPointSizeF(pt * 1.1)
        bold.setBold(True)
        self.header.setFont(bold)
        self._text_pt = pt * 1.3
        lines = QFontMetricsF(big).lineSpacing() * 2 + 12
        self.text.setFixedHeight(int(lines))  # two lines, always: the graph does not jump
        self._fit_text()

    def _fit_text(self) -> None:
        """The line under the graph in the biggest type (down to TEXT_MIN_SHARE of it) in which
        it fits its two lines at the panel's width; a text longer still gets the lines it needs
        (never clipped)."""
        label, text = self.text, self.text.text()
        m = label.contentsMargins()
        width = max(self.width(), 200) - m.left() - m.right()
        font = QFont(label.font())
        pt = self._text_pt
        room = label.height() - m.top() - m.bottom()
        flags = int(Qt.TextFlag.TextWordWrap)
        while True:
            font.setPointSizeF(pt)
            need = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()
            if need <= room or pt <= self._text_pt * TEXT_MIN_SHARE:
                break
            pt = max(pt * 0.92, self._text_pt * TEXT_MIN_SHARE)
        if font.pointSizeF() != label.font().pointSizeF():
            label.setFont(font)
        if need > room:  # (the smallest type still needs more lines: the graph gives up the room)
            label.setFixedHeight(math.ceil(need) + m.top() + m.bottom() + 2)
        elif label.height() > self._two_lines():
            label.setFixedHeight(self._two_lines())

    def _two_lines(self) -> int:
        big = QFont(self.text.font())
        big.setPointSizeF(self._text_pt)
        return int(QFontMetricsF(big).lineSpacing() * 2 + 12)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_text()

    def set_blocked(self, why: str | None) -> None:
        """Walk cannot go on (``why``: a divergence, a net too large to trace), or can (None):
        the panel's hints say so instead of "Walk (O) walks the next step"."""
        if why != self._blocked:
            self._blocked = why
            self._on_changed()

    @property
    def blocked(self) -> str | None:
        """Why Walk cannot go on now, in the current language (a core message is translated)."""
        return i18n.text(self._blocked) if self._blocked else self._blocked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and watched is self.scroll.viewport():
            self.canvas.fit_to(self.scroll.viewport().size())
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
            self.canvas.setFont(self.font())
            self.canvas.rebuild()

    def retranslate(self) -> None:
        """Every text of the panel, in the current language."""
        self.canvas.rebuild()  # the boxes' captions
        self._on_changed()

    # ------------------------------------------------------------------ state → texts and drawing
    def refresh(self) -> None:
        """The texts and the drawing again, for the step shown now."""
        self._on_changed()

    def _on_changed(self) -> None:
        trace = self.shown_walk.trace
        if trace is not self._folded_for:
            self._folded_for = trace
            if trace is not None:
                layers = set(fold_groups(trace).values())
                self.folded = layers if len(layers) >= FOLD_FROM_LAYERS else set()
                self._scales = _trace_scales(trace)
        if trace is not self.canvas.built_for:
            self.canvas.rebuild()
        self.header.setText(self._header_text())
        self.text.setText(self.narrate())
        self._fit_text()
        self.canvas.update()
        self._follow()

    def _follow(self) -> None:
        """Scroll the box the walk is at into view (when the drawing is bigger than the panel)."""
        e = self.shown_walk.walk_state().current if self.shown_walk.state == StepWalk.WALKING else None
        if e is None:
            return
        boxes = [self.canvas.box_index(i) for i in self._event_nodes(e) if i is not None]
        rects = [self.canvas.box_rect_px(self.canvas.boxes[i]) for i in boxes if i is not None]
        if not rects:
            return
        r = rects[0].united(rects[-1])  # the box at work and the one receiving, if they fit
        if r.width() > self.scroll.viewport().width():
            r = rects[-1]  # else the one receiving (or the box at work, forward)
        self.scroll.ensureVisible(int(r.center().x()), int(r.center().y()),
                                  int(r.width() / 2) + 30, int(r.height() / 2) + 10)

    def set_folded(self, layer: int, folded: bool) -> None:
        (self.folded.add if folded else self.folded.discard)(layer)
        self.canvas.rebuild()

    def expanded_layers(self) -> list[int]:
        trace = self.shown_walk.trace
        if trace is None:
            return []
        layers = sorted(set(fold_groups(trace).values()))
        return [n for n in layers if n not in self.folded] if len(layers) >= FOLD_FROM_LAYERS else []

    def scales(self) -> dict[str, float]:
        """The colour scales' half-widths by kind of row: "value" (parameters), "act" (other
        values), "grad" (see :func:`_trace_scales`)."""
        return self._scales

    def empty_text(self) -> str:
        if self.look is not None and self.shown_walk is self.look:
            return self.look_note or self.tr("Rebuilding step {step}'s backprop…").format(
                step=f"{self.look_step:,}")
        if self.blocked:
            return self.blocked
        return self.tr("Walk (O) runs the next training step one operation at a time: the forward "
                       "pass, the loss, every gradient the backward pass sends, every update. "
                       "Step shows a step here whole.")

    def _header_text(self) -> str:
        w = self.shown_walk
        t = w.trace
        if w is self.look:
            if t is None:
                return self.tr("Step {step}, looking back: no backprop to show").format(
                    step=f"{self.look_step:,}")
            return self.tr("Step {step}, looking back: loss {loss}, the step as it ran · Live shows the "
                           "newest · Walk (O) goes live and walks the next step").format(
                step=f"{t.step:,}", loss=fmt_cell(t.loss, 6))
        if t is None:
            return self.tr("Backprop: no step traced yet")
        n_fwd = sum(e.kind == "forward" for e in w.events)
        n_bwd = sum(e.kind == "backward" for e in w.events)
        e = w.events[w.pos] if 0 <= w.pos < len(w.events) else None
        if w.state == StepWalk.WALKING and e is not None:
            if e.kind == "forward":
                k = sum(x.kind == "forward" for x in w.events[:w.pos + 1])
                where = self.tr("forward {k} of {n}").format(k=k, n=n_fwd)
            elif e.kind == "backward":
                k = sum(x.kind == "backward" for x in w.events[:w.pos + 1])
                where = self.tr("backward {k} of {n}").format(k=k, n=n_bwd)
            else:
                k = sum(x.kind == "update" for x in w.events[:w.pos + 1])
                where = self.tr("update {k} of {n}").format(k=k, n=len(t.updates))
            return self.tr("Step {step}, walking: {where} · Walk (O) for the next · Step finishes "
                           "it").format(step=f"{t.step:,}", where=where)
        if self.blocked:
            return self.tr("Step {step}, traced: loss {loss}").format(step=f"{t.step:,}",
                                                                     loss=fmt_cell(t.loss, 6))
        if w.stale:
            return self.tr("Step {step}, traced (training has gone on since: Walk, or Step while "
                           "this panel shows, traces the next step)").format(step=f"{t.step:,}")
        return self.tr("Step {step}, traced: loss {loss} · Walk (O) walks the next step").format(
            step=f"{t.step:,}", loss=fmt_cell(t.loss, 6))

    # ------------------------------------------------------------------ boxes
    def noun(self, node: TraceNode) -> str:
        """How the text names a node: its name, else "pred" (the net's output, as the tutorial
        calls it), else "the first sub", "mm of layer 2", "mul"."""
        if node.name:
            return node.name
        trace = self.shown_walk.trace
        if node.id == _pred_id(trace):
            return "pred"
        same = [n for n in trace.nodes if n.op == node.op and n.layer == node.layer and not n.name]
        if len(same) > 1:
            k = same.index(node)
            ordinal = (self.tr("first"), self.tr("second"), self.tr("third"))
            nth = ordinal[k] if k < len(ordinal) else self.tr("#{k}").format(k=k + 1)
            if node.layer is not None:
                return self.tr("the {nth} {op} of layer {n}").format(nth=nth, op=node.op, n=node.layer)
            return self.tr("the {nth} {op}").format(nth=nth, op=node.op)
        if node.layer is not None:
            return self.tr("{op} of layer {n}").format(op=node.op, n=node.layer)
        return str(node.op)

    def fill_box(self, b: _Box) -> None:
        trace = self.shown_walk.trace
        if b.key[0] == "layer":
            self._fill_layer(b, trace)
            return
        n = trace.node(b.key[1])
        if n.op is None:  # a leaf: "W1 2×3 · self.weight" on one line
            b.title = n.name
            code = n.expression if n.expression.startswith("self.") else ""  # not "data", "target"
            b.subtitle = shape_text(n.value) + (f" · {code}" if code else "")
        else:
            name = n.name or ("pred" if n.id == _pred_id(trace) else "")
            b.title = name or n.op
            parts = ([n.op] if name else []) + ([shape_text(n.value)] if n.value.ndim else [])
            parts += [self.tr("layer {n}").format(n=n.layer)] if n.layer else []
            b.subtitle = " · ".join(parts)
            b.code = n.expression.replace("-", "−")
        b.rows = self._node_rows(trace, n)

    def _node_rows(self, trace: StepTrace, n: TraceNode, prefix: str = "") -> list[_Row]:
        rows = [_Row(prefix + self.tr("value"), "value" if _is_param(n) else "act", n.value,
                     lambda s, n=n: (n.value if n.op is None or n.id in s.computed else None,
                                     prefix + self.tr("value")))]
        if not trace.zero_grad and n.grad_before is not None and n.op is None:
            cap = prefix + self.tr("grad before this step")
            rows.append(_Row(cap, "grad", n.grad_before, lambda s, n=n, cap=cap: (n.grad_before, cap)))
        if n.grad is not None:
            total = sum(1 for e in trace.events if e.target == n.id)
            widest = self.tr("grad so far ({k} of {n})").format(k=total, n=total) if total > 1 \
                else self.tr("grad (sum)")  # (sized for the longest caption it will show)
            rows.append(_Row(prefix + widest, "grad", n.grad,
                             lambda s, n=n: self._grad_row(trace, n, s, prefix)))
        upd = next((u for u in trace.updates if u.node == n.id), None)
        if upd is not None:
            if trace.optimizer == "sgd":
                cap = prefix + self.tr("new = {name} − α·d{name}").format(name=n.name)
            else:
                cap = prefix + self.tr("new {name} ({opt})").format(name=n.name, opt=trace.optimizer)
            rows.append(_Row(cap, "value", upd.after,
                             lambda s, u=upd, cap=cap: (u.after if u.node in s.updated else None, cap)))
        return rows

    def _grad_row(self, trace: StepTrace, n: TraceNode, s: WalkState, prefix: str) -> tuple:
        g = grad_so_far(trace, n, s)
        got = len(s.received.get(n.id, []))
        total = sum(1 for e in trace.events if e.target == n.id)
        if got >= total and got:
            cap = self.tr("grad") if trace.zero_grad or n.op is not None else self.tr("grad (sum)")
        elif got:
            cap = self.tr("grad so far ({k} of {n})").format(k=got, n=total)
        else:
            cap = self.tr("grad")
            g = None if trace.zero_grad or n.op is not None else g
        return g if got or not trace.zero_grad else None, prefix + cap

    def _fill_layer(self, b: _Box, trace: StepTrace) -> None:
        layer = b.key[1]
        nodes = [trace.node(i) for i in b.nodes]
        ops = [n for n in nodes if n.op is not None]
        out = ops[-1] if ops else nodes[-1]
        b.title = self.tr("layer {n}").format(n=layer)
        b.code = shape_text(out.value)  # (its ops are in the tooltip and the walk's text)
        weight = next((n for n in nodes if n.name.startswith("W")), None)
        rows = [_Row(self.tr("out"), "act", out.value,
                     lambda s, n=out: (n.value if n.id in s.computed else None, self.tr("out"))),
                _Row(self.tr("d out"), "grad", out.grad if out.grad is not None else out.value,
                     lambda s, n=out: (grad_so_far(trace, n, s), self.tr("d out")))]
        if weight is not None:
            name = weight.name
            upd = next((u for u in trace.updates if u.node == weight.id), None)
            new_cap = self.tr("{name} ✓").format(name=name)  # updated (short: the blocks are narrow)

            def weight_row(s: WalkState, n: TraceNode = weight, u=upd) -> tuple:
                if u is not None and u.node in s.updated:
                    return u.after, new_cap
                return n.value, n.name

            rows.append(_Row(new_cap, "value", weight.value, weight_row))  # (sized for the longer caption)
            rows.append(_Row("d" + name, "grad", weight.grad if weight.grad is not None else weight.value,
                             lambda s, n=weight: (grad_so_far(trace, n, s), "d" + n.name)))
        b.rows = rows

    def box_computed(self, b: _Box, state: WalkState) -> bool:
        trace = self.shown_walk.trace
        return any(trace.node(i).op is None or i in state.computed for i in b.nodes[-1:]) or \
            all(trace.node(i).op is None for i in b.nodes)

    def _event_nodes(self, e: WalkEvent) -> tuple[int | None, int | None]:
        """(the node processed, the node receiving) for an event."""
        trace = self.shown_walk.trace
        if e.kind == "forward":
            return e.index, None
        if e.kind == "backward":
            ev = trace.events[e.index]
            return (ev.source if ev.source is not None else ev.target), ev.target
        return trace.updates[e.index].node, None

    def box_role(self, b: _Box, state: WalkState) -> str:
        e = state.current
        if e is None or self.shown_walk.state != StepWalk.WALKING and self._stopped() is None:
            return ""
        done, receiving = self._event_nodes(e)
        if self._stopped() is not None and e == self.shown_walk.events[-1] and (done in b.nodes):
            return "error"
        if receiving is not None and receiving in b.nodes and done not in b.nodes:
            return "receive"
        if done in b.nodes:
            return "process"
        return ""

    def lit(self, state: WalkState) -> dict[tuple[int, int], str]:
        """Edges (creator id, node id) lit by the current event."""
        e = state.current
        if e is None or (self.shown_walk.state != StepWalk.WALKING and self._stopped() is None):
            return {}
        trace = self.shown_walk.trace
        role = "error" if self._stopped() is not None and e == self.shown_walk.events[-1] else None
        if e.kind == "forward":
            n = trace.node(e.index)
            return {(c, n.id): role or "forward" for c in n.creators}
        if e.kind == "backward":
            ev = trace.events[e.index]
            if ev.source is not None:
                return {(ev.target, ev.source): role or "backward"}
        return {}

    def bubble(self, state: WalkState) -> tuple[int, int, np.ndarray, str] | None:
        """The contribution on the lit edge: (from box, to box, gradient, caption)."""
        e = state.current
        if e is None or e.kind != "backward" or self.shown_walk.state != StepWalk.WALKING:
            return None
        ev = self.shown_walk.trace.events[e.index]
        if ev.source is None:
            return None
        a, b = self.canvas.box_index(ev.target), self.canvas.box_index(ev.source)
        if a is None or b is None or a == b:
            return None
        target = self.shown_walk.trace.node(ev.target)
        return a, b, ev.grad, self.tr("← grad to {t}").format(t=self.noun(target))

    def _stopped(self) -> WalkEvent | None:
        """The non-finite event a diverging step stopped at (None for a finite step)."""
        w = self.shown_walk
        if w.trace is None or not w.events:
            return None
        last = w.events[-1]
        return None if _finite(_event_array(w.trace, last)) else last

    def details(self, b: _Box) -> str:
        """A box's value and gradient in full (its tooltip)."""
        trace = self.shown_walk.trace
        state = self.shown_walk.walk_state()
        parts = []
        for i in b.nodes:
            n = trace.node(i)
            title = n.name or self.noun(n)
            op = n.op or self.tr("leaf")
            parts.append(f"<b>{_html(title)}</b> ({_html(op)}, {shape_text(n.value)})")
            if n.expression:
                parts.append(f"<tt>{_html(n.expression)}</tt>")
            shown = n.op is None or n.id in state.computed
            parts.append(self.tr("value:") + f"<pre>{_html(_full(n.value)) if shown else '—'}</pre>")
            g = grad_so_far(trace, n, state)
            if g is not None:
                parts.append(self.tr("gradient:") + f"<pre>{_html(_full(g))}</pre>")
        return "".join(parts)

    # ------------------------------------------------------------------ narration
    def narrate(self) -> str:
        """What the current event does, in words and numbers."""
        w = self.shown_walk
        trace = w.trace
        if trace is None:
            return self.blocked or self.tr("Press Walk (O) to follow the next step one operation at a time.")
        e = w.events[w.pos] if 0 <= w.pos < len(w.events) else None
        if e is None:
            return self.blocked or ""
        if self.blocked and w.state != StepWalk.WALKING and self._stopped() is None:
            return self.blocked
        stopped = self._stopped()
        if stopped is not None and e == w.events[-1]:
            return self._narrate_stop(trace, e)
        if w.state != StepWalk.WALKING and e == w.events[-1]:
            lead = self.tr("Step {step} done: loss {loss}. ").format(step=f"{trace.step:,}",
                                                                      loss=fmt_cell(trace.loss, 6))
            return lead + self._narrate(trace, e)
        return self._narrate(trace, e)

    def _narrate(self, trace: StepTrace, e: WalkEvent) -> str:
        if e.kind == "forward":
            return self._narrate_forward(trace, trace.node(e.index))
        if e.kind == "backward":
            return self._narrate_backward(trace, trace.events[e.index])
        return self._narrate_update(trace, e.index)

    def _narrate_forward(self, trace: StepTrace, n: TraceNode) -> str:
        args = [self.noun(trace.node(c)) for c in n.creators]
        a = args[0] if args else ""
        b = args[1] if len(args) > 1 else ""
        op = n.op or ""
        what = {
            "mm": self.tr("multiplies {a} by {b} (matrix product)"),
            "add": self.tr("adds {a} and {b}"),
            "sub": self.tr("subtracts {b} from {a}"),
            "mul": self.tr("multiplies {a} and {b} entry by entry"),
            "div": self.tr("divides {a} by {b}"),
            "neg": self.tr("negates {a}"),
            "transpose": self.tr("transposes {a}"),
            "sigmoid": self.tr("squashes {a} with the sigmoid 1 / (1 + e⁻ˣ)"),
            "tanh": self.tr("squashes {a} with tanh"),
            "relu": self.tr("keeps the positive entries of {a} (ReLU)"),
            "softmax": self.tr("turns {a} into probabilities (softmax)"),
            "cross_entropy": self.tr("measures the cross-entropy of {a} against the targets"),
            "mean_cross_entropy": self.tr("measures the mean cross-entropy of {a} against the targets"),
        }.get(op)
        if what is None and op.startswith("expand_"):
            what = self.tr("repeats {a} {k} times along axis {axis} (one copy per sample)")
        if what is None and op.startswith("sum_"):
            what = self.tr("adds {a} up along axis {axis}")
        if what is None:
            what = self.tr("computes {op} of {args}")
        axis = op.split("_")[-1] if "_" in op else ""
        k = n.value.shape[int(axis)] if axis.isdigit() and int(axis) < n.value.ndim else ""
        what = what.format(a=a, b=b, op=op, args=", ".join(args), axis=axis, k=k)
        code = f" ({n.expression.replace('-', '−')})" if n.expression else ""
        if n.name == "loss":
            return self.tr("The loss: {op}{code} {what}: loss = {v}.").format(
                op=op, code=code, what=what, v=_nums(n.value))
        return self.tr("Forward: {op}{code} {what}: {noun} = {v}.").format(
            op=op, code=code, what=what, noun=self.noun(n), v=_nums(n.value))

    def _rule(self, src: TraceNode, target: TraceNode) -> str:
        """The chain rule of ``src``'s op for the creator ``target``, in words."""
        trace = self.shown_walk.trace
        op = src.op or ""
        idx = src.creators.index(target.id) if target.id in src.creators else 0
        others = [trace.node(c) for c in src.creators if c != target.id]
        other = others[0] if others else target
        paren = f"({other.expression.replace('-', '−')})" if other.expression else self.noun(other)
        broadcast = target.value.shape != src.value.shape and op in ("add", "sub", "mul")
        summed = self.tr(", summed over the batch,") if broadcast else ""  # (it was broadcast)
        if op == "add" or (op == "sub" and idx == 0):
            return (self.tr("sends its gradient") + summed) if broadcast \
                else self.tr("passes its gradient on unchanged")
        if op == "sub":
            return self.tr("sends −grad") + summed
        if op == "mul":
            return self.tr("sends grad × {other}").format(other=paren) + summed
        if op == "mm":
            return (self.tr("sends grad · {other}ᵀ").format(other=self.noun(other)) if idx == 0
                    else self.tr("sends inputᵀ · grad (input = {other})").format(other=self.noun(other)))
        if op.startswith("expand_"):
            return self.tr("sums its gradient over axis {axis} (the batch)").format(axis=op.split("_")[-1])
        if op.startswith("sum_"):
            return self.tr("copies its gradient along axis {axis}").format(axis=op.split("_")[-1])
        rules = {
            "sigmoid": self.tr("sends grad × s·(1 − s)"),
            "tanh": self.tr("sends grad × (1 − t²)"),
            "relu": self.tr("sends grad where its input was positive, 0 elsewhere"),
            "neg": self.tr("sends −grad"),
            "transpose": self.tr("sends gradᵀ"),
            "cross_entropy": self.tr("sends softmax − target"),
            "mean_cross_entropy": self.tr("sends (softmax − target) / N"),
        }
        return rules.get(op, self.tr("sends its share of the gradient"))

    def _narrate_backward(self, trace: StepTrace, ev: TraceEvent) -> str:
        target = trace.node(ev.target)
        if ev.source is None:
            return self.tr("Backward starts at the loss: d loss / d loss = {g}.").format(g=_nums(ev.grad))
        src = trace.node(ev.source)
        state = self.shown_walk.walk_state()
        got = len(state.received.get(target.id, []))
        total = sum(1 for e in trace.events if e.target == target.id)
        text = self.tr("{src} {rule} to {target}: {g}.").format(
            src=self.noun(src), rule=self._rule(src, target), target=self.noun(target), g=_nums(ev.grad))
        g = grad_so_far(trace, target, state)
        if total > 1:
            text += " " + self.tr("{target} has now received {k} of {n} gradients; their sum: {s}.").format(
                target=self.noun(target), k=got, n=total, s=_nums(g))
        elif not trace.zero_grad and target.grad_before is not None and target.op is None:
            said = self.tr("Gradients were not zeroed: d{name} is the old d{name} plus this: {s}.")
            text += " " + said.format(name=target.name, s=_nums(g))
        return text

    def _narrate_update(self, trace: StepTrace, k: int) -> str:
        u = trace.updates[k]
        idx = (0,) * u.before.ndim
        b, d, a = float(u.before[idx]), float(u.delta[idx]), float(u.after[idx])
        where = u.name + ("[" + ", ".join("0" for _ in idx) + "]" if idx else "")
        if trace.optimizer == "sgd":
            g = -d / trace.alpha if trace.alpha else 0.0
            return self.tr("Update {name} ← {name} − α·d{name} (α = {alpha}): {where} = {b} − {alpha} × {g} "
                           "= {a}.").format(name=u.name, alpha=f"{trace.alpha:g}", where=where, b=fmt_cell(b),
                                            g=fmt_cell(g), a=fmt_cell(a))
        return self.tr("Update {name} with {opt}: {where} = {b} + ({d}) = {a}.").format(
            name=u.name, opt=trace.optimizer, where=where, b=fmt_cell(b), d=fmt_cell(d), a=fmt_cell(a))

    def _narrate_stop(self, trace: StepTrace, e: WalkEvent) -> str:
        done, _ = self._event_nodes(e)
        node = trace.node(done) if done is not None else None
        a = _event_array(trace, e)
        kind = self.tr("NaN") if np.isnan(a).any() else self.tr("infinite")
        phase = {"forward": self.tr("the forward of"), "backward": self.tr("the backward of"),
                 "update": self.tr("the update of")}[e.kind]
        what = node.op or node.name if node is not None else "?"
        layer = self.tr(" in layer {n}").format(n=node.layer) if node is not None and node.layer else ""
        return self.tr("Stopped: {phase} {what}{layer} gave {kind} values, so the step diverged. "
                       "Press Reset (and try a smaller learning rate).").format(
            phase=phase, what=what, layer=layer, kind=kind)


def _pred_id(trace: StepTrace) -> int | None:
    """The net's output: the node of a layer that the loss's nodes (no layer) are made from."""
    layered = {n.id for n in trace.nodes if n.layer is not None and n.op is not None}
    for n in trace.nodes:
        if n.layer is None and n.op is not None:
            for c in n.creators:
                if c in layered:
                    return c
    return None


def _is_param(n: TraceNode) -> bool:
    return n.op is None and n.grad is not None


def _absmax(arrays: list[np.ndarray]) -> float:
    """A nice colour-scale half-width for ``arrays``: their largest finite |entry|, rounded up
    as the matrix panel rounds (1.0 when there is none)."""
    m = max((float(np.abs(a[np.isfinite(a)]).max(initial=0.0)) for a in arrays), default=0.0)
    return nice_ceil(m) if m > 0 else 1.0


def _trace_scales(trace: StepTrace) -> dict[str, float]:
    """The colour scales: every parameter value on one (as the matrix panel's weights), every
    other value (inputs, activations, the loss) on another, every gradient on a third (as the
    matrix panel's gradients: the parameters' gradients set it)."""
    params = [n for n in trace.nodes if _is_param(n)]
    return {"value": _absmax([n.value for n in params] + [u.after for u in trace.updates]),
            "act": _absmax([n.value for n in trace.nodes if not _is_param(n)]),
            "grad": _absmax([n.grad for n in params])}


def _full(a: np.ndarray) -> str:
    with np.printoptions(precision=6, threshold=400, linewidth=100, suppress=False):
        return np.array2string(np.asarray(a))


def _html(s: str) -> str:
    from html import escape

    return escape(s)
