"""A training session: config in, steps run, frozen snapshots out. No Qt, no threads."""

from __future__ import annotations

import dataclasses
import math
from array import array
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .config import GRID_SIZE, ExperimentConfig, _number
from .data import Dataset, make_dataset
from .edits import Edit, EditError, cell_name, check_value
from .gradcheck import GradCheckResult, check_gradients
from .health import (
    Finding,
    HealthMonitor,
    LayerHistory,
    LayerStats,
    Workspace,
    block_figures,
    layer_figures,
)
from .init import init_weights
from .messages import tr
from .nn import Layer, Linear, ReLU, Sequential, Sigmoid, Tanh
from .optim import SGD, Adam
from .recorder import (
    BatchState,
    Recorder,
    Recording,
    RowLayout,
    SessionState,
    fresh_rows,
    rng_state,
    set_rng_state,
)
from .tensor import Tensor, no_grad
from .trace import NonFinite, ParamUpdate, StepTrace, TraceEvent, TraceNode

__all__ = ["ParamSnapshot", "Snapshot", "Session", "TrainingDiverged", "GRID_SIZE", "TRACE_LIMIT",
           "trace_size", "can_trace"]

TRACE_LIMIT = 12_000_000  # numbers a trace_step may copy (about 100 MB)
_ACTIVATION_LAYERS: dict[str, type[Layer]] = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}

# A run has diverged when its loss is not finite, or when it stays finite but explodes: past
# EXPLOSION times its first value (or times 1, if that was smaller) or past EXPLODED_LOSS.
EXPLOSION = 1e6
EXPLODED_LOSS = 1e30
# In a diverged step, a layer's weights, output or gradient have exploded when their largest
# entry is LAYER_EXPLOSION times what it was at the first step (or than 1, if it was smaller),
# or past EXPLODED_VALUE.
LAYER_EXPLOSION = 1e3
EXPLODED_VALUE = 1e15
_Sizes = list[tuple[tuple[int, str], float]]  # ((layer, "W1" / "output" / "dW1" ...), largest |entry|)

EVALUATION_POINTS = 2000  # (true, predicted) pairs sent for regression on many features


class TrainingDiverged(ArithmeticError):
    """The loss became NaN or infinite, or exploded. ``step`` and ``where`` say when and where;
    ``trace`` is the diverging step, recorded (its ``nonfinite`` names the first non-finite
    operation; None if the step was too large to copy)."""

    trace: StepTrace | None = None

    def __init__(self, step: int, where: str, message: str) -> None:
        super().__init__(message)
        self.step = step
        self.where = where
        self.message = message  # a core.messages.Message: the window translates it


@dataclass(frozen=True)
class ParamSnapshot:
    """One parameter tensor after a step: its values and the gradient that step used."""

    name: str  # "W1", "b1", ...
    layer: int  # 1-based: W1 maps the inputs to the first hidden layer
    kind: str  # "weight" or "bias"
    data: np.ndarray
    grad: np.ndarray
    grad_norm: float  # L2 norm of grad
    # ‖value after the step - value before‖ / ‖value before‖: the update the step applied, whatever
    # the optimizer; None before the first step and when the value before was all zeros
    update_ratio: float | None = None

    @property
    def norm(self) -> float:
        return float(np.linalg.norm(self.data))


@dataclass(frozen=True)
class Snapshot:
    """Everything about the session after ``step`` steps; arrays are private copies."""

    step: int
    loss: float | None  # training loss of the last step (on its batch); None before step 1
    test_loss: float | None
    train_accuracy: float | None  # classification only
    test_accuracy: float | None
    params: tuple[ParamSnapshot, ...]
    alpha: float
    config: ExperimentConfig
    # The network's output over the input plane (2-D data: GRID_SIZE x GRID_SIZE, the score of
    # class 1 or the regression output) or along the input axis (1-D data: GRID_SIZE values).
    prediction: np.ndarray | None = None
    extent: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0)  # x0, x1, y0, y1
    # Data with more than two features has no map: instead, on the test part (else the training
    # set), the confusion matrix (classification; rows: true class, columns: predicted) or
    # (true, predicted) pairs of up to EVALUATION_POINTS samples (regression).
    confusion: np.ndarray | None = None
    fitted: np.ndarray | None = None
    diverged: str | None = None  # the divergence message, if the run diverged
    layers: tuple[LayerStats, ...] = ()  # each hidden layer's activations in this step (none at step 0)
    edits: tuple[Edit, ...] = ()  # the cells set by hand up to this step ("what if"), in step order
    # the health checks that hold after this step, per layer: (check, layer) pairs such as
    # (("vanishing", 1),), by layer (a check holds from its finding until it clears)
    flags: tuple[tuple[str, int], ...] = ()

    def layer_grad_norms(self) -> list[tuple[str, float]]:
        return [(p.name, p.grad_norm) for p in self.params]


def _trace_size(config: ExperimentConfig, n_train: int) -> int:
    n = min(config.batch_size or n_train, n_train)
    sizes = config.sizes
    return 3 * (n * (sizes[0] + 4 * sum(sizes[1:]) + 3 * sizes[-1]) + config.parameter_count())


def trace_size(config: ExperimentConfig) -> int:
    """About how many numbers a traced step of ``config`` copies: each node's value and gradient
    and each contribution (a layer makes up to four nodes: mm, expand, add, activation). The same
    estimate as :meth:`Session.trace_size`, without building a session."""
    return _trace_size(config, config.split[0])


def can_trace(config: ExperimentConfig) -> bool:
    """False if ``config``'s steps are too large to trace (more than :data:`TRACE_LIMIT` values)."""
    return trace_size(config) <= TRACE_LIMIT


class Session:
    """Trains one network on one data set, step by step."""

    def __init__(self, config: ExperimentConfig, keep_history: bool = True,
                 recorder: Recorder | None = None, health: bool = True) -> None:
        # ``losses``/``test_losses`` keep every step's values; a long-running GUI session hands
        # them on as it goes and turns this off (16 bytes a step add up over hours).
        self.keep_history = keep_history
        # keeps earlier steps (to go back and resume from them); None: nothing is recorded
        self.recorder = recorder if health else None
        # health figures and checks every step (off: no findings, update ratios or layer stats,
        # nothing recorded; bench/health.py measures what they cost)
        self.health = health
        self.collect_history = False  # keep each step's layer figures for take_history()
        self.reset(config)

    # ------------------------------------------------------------------ set-up
    def reset(self, config: ExperimentConfig | None = None) -> None:
        """Back to step 0: same seed (or the new config's), same initial weights, no history."""
        if config is not None:
            self.config = config
        cfg = self.config
        if cfg.data is not None:
            self.data: Dataset = cfg.data.to_dataset(cfg.test_fraction, cfg.data_seed)
        else:
            self.data = make_dataset(cfg.dataset, cfg.effective_samples, cfg.noise, cfg.test_fraction,
                                     cfg.data_seed)
        weights = init_weights(cfg.init, cfg.sizes, cfg.seed, cfg.bias)
        layers: list[Layer] = []
        self.linears: list[Linear] = []
        for i, w in enumerate(weights):
            lin = Linear(w.shape[0], w.shape[1], bias=cfg.bias, weight=w,
                         expand=self.graph_form == "tutorial")
            self._built_form = self.graph_form  # (the form the model builds now: see _use_form)
            self.linears.append(lin)
            layers.append(lin)
            if i < len(weights) - 1 and cfg.activation in _ACTIVATION_LAYERS:
                layers.append(_ACTIVATION_LAYERS[cfg.activation]())
        self.model = Sequential(layers)
        params = self.model.get_parameters()
        if cfg.optimizer == "adam":
            self.optimizer: SGD | Adam = Adam(params, alpha=cfg.alpha)
        else:
            momentum = 0.9 if cfg.optimizer == "momentum" else 0.0
            self.optimizer = SGD(params, alpha=cfg.alpha, momentum=momentum)
        self._x_train = Tensor(self.data.x_train)
        self._y_train = Tensor(self._targets(self.data.y_train))
        self._x_test = Tensor(self.data.x_test)
        self._y_test = Tensor(self._targets(self.data.y_test))
        self._batch_rng = np.random.default_rng(np.random.SeedSequence([cfg.seed, 7]))
        self._order = np.arange(len(self.data.x_train))
        self._cursor = len(self._order)
        self.step_count = 0
        self.losses = array("d")
        self.test_losses = array("d")
        self.last_loss: float | None = None
        self.last_test_loss: float | None = None
        self.diverged: TrainingDiverged | None = None
        self._first_loss = math.nan
        # (layer, "W1" / "output" / "dW1" ...) -> largest |value| at the first step (step
        # _first_step): what an explosion is measured against
        self._first_sizes: dict[tuple[int, str], float] | None = None
        self._first_step = 1
        self._loss_limit = EXPLODED_LOSS
        self._last_evaluation: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
        self._last_prediction: tuple[np.ndarray, tuple[float, float, float, float]] | None = None
        self.edits: tuple[Edit, ...] = ()  # the cells set by hand so far (see set_entry)
        self._start_health()

    def _targets(self, y: np.ndarray) -> np.ndarray:
        cfg = self.config
        if not self.data.is_classification or cfg.loss == "cross_entropy":
            return y
        if cfg.n_outputs == 1:
            return y.reshape(-1, 1).astype(float)
        return np.eye(cfg.n_outputs)[y]

    @property
    def graph_form(self) -> str:
        """"tutorial": the graph is the tutorial's, op for op (each Linear is mm, expand_0, add; the
        squared error is ``((pred - target) * (pred - target)).sum(0)``, two sub nodes): for the
        programs whose draws the ``tutorial`` and ``book`` init schemes replay. "broadcast"
        otherwise: the bias added by broadcasting, one sub. Same numbers either way."""
        return "tutorial" if self.config.init in ("tutorial", "book") else "broadcast"

    def _use_form(self, form: str) -> None:
        """Build the graph in ``form`` from now on ("tutorial" or "broadcast": the same numbers).
        A step is built in the tutorial's form only when it is traced (a walk, the Backprop
        panel, a diverging step): its expand and second sub nodes cost a tenth of a tutorial
        step."""
        for lin in self.linears:
            lin.expand = form == "tutorial"
        self._built_form = form

    @property
    def alpha(self) -> float:
        return self.optimizer.alpha

    def set_alpha(self, alpha: float) -> None:
        """Change the learning rate between steps (raises ConfigError if invalid)."""
        _number("alpha", alpha, strict_low=True)
        self._flush_health()  # (a block's steps share one learning rate)
        self.optimizer.alpha = float(alpha)
        self.config = self.config.replace(alpha=float(alpha))

    def set_max_steps(self, limit: int | None) -> None:
        """Change the step limit (None: no limit; raises ConfigError if invalid)."""
        self.config = self.config.replace(max_steps=limit)

    def set_entry(self, name: str, index: tuple[int, ...], value: float) -> Edit:
        """What if: set one entry of a parameter's value (not its gradient) between two steps,
        ``set_entry("W2", (0, 1), 0.5)`` or ``set_entry("b1", (2,), 0)`` (a bias's unit also as
        ``(0, 2)``, its row as the window draws it). The next step starts from it. The edit is
        kept in :attr:`edits` (and in :meth:`state`, so saving and resuming keep it), and the
        recorded current step is recorded again with it. Raises :class:`~core.edits.EditError`
        saying why (an unknown parameter or cell, a value that is not finite or larger than
        :data:`~core.edits.EDIT_LIMIT`, a diverged run) and then changes nothing."""
        tensor, index, value = self.check_entry(name, index, value)
        if self.diverged is not None:
            raise EditError(tr("the run has diverged: press Reset to train again"))
        self._flush_health()  # the steps so far are judged and recorded as they were
        edit = Edit(self.step_count, name, index, float(tensor.data[index]), value)
        tensor.data[index] = value  # in place: the training arrays stay where they are
        self.edits += (edit,)
        self._before = np.concatenate([p.data.ravel() for *_, p in self.params()])  # the next update's base
        self._last_prediction = None
        if self.recorder is not None:  # this step, as it now is
            self.recorder.truncate_after(self.step_count - 1)
            self._record_current()
        return edit

    def check_entry(self, name: str, index: tuple[int, ...],
                    value: float) -> tuple[Tensor, tuple[int, ...], float]:
        """The parameter, the cell's index (as numpy takes it) and the value of an edit that
        :meth:`set_entry` would make; :class:`~core.edits.EditError` if it would refuse it."""
        tensor = next((p for n, _, _, p in self.params() if n == name), None)
        if tensor is None:
            raise EditError(tr("this network has no parameter {name}", name=str(name)))
        shape = tensor.data.shape
        try:
            index = tuple(int(i) for i in index)
        except (TypeError, ValueError):
            index = ()
        if len(shape) == 1 and len(index) == 2 and index[0] == 0:
            index = index[1:]  # a bias's row, as drawn
        if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape)):
            raise EditError(tr("{name} has no cell {cell}: it is {shape}", name=name,
                               cell=cell_name(name, index), shape="×".join(map(str, shape))))
        return tensor, index, check_value(value)

    # ------------------------------------------------------------------ training
    def _loss(self, pred: Tensor, target: Tensor) -> Tensor:
        if self.config.loss == "cross_entropy":
            return pred.mean_cross_entropy(target)  # the exact gradient (not the book's N times it)
        if self._built_form == "tutorial":
            loss = ((pred - target) * (pred - target)).sum(0)
        else:
            diff = pred - target
            loss = (diff * diff).sum(0)
        if self.config.loss == "mse":
            loss = loss * (1.0 / len(pred.data))
        return loss

    def _next_batch(self) -> tuple[Tensor, Tensor]:
        n = len(self._order)
        bs = self.config.batch_size
        if bs is None or bs >= n:
            return self._x_train, self._y_train
        if self._cursor + bs > n:
            self._batch_rng.shuffle(self._order)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + bs]
        self._cursor += bs
        return Tensor._wrap(self.data.x_train[idx]), Tensor._wrap(self._y_train.data[idx])

    def step(self) -> float:
        """One step: forward, backward, update. Returns the loss (before the update); the test
        loss (:attr:`last_test_loss`) is measured on the same weights, so that step N's train and
        test losses compare like with like.

        Gradients are zeroed just before the next backward (when ``zero_grad``), which is
        the tutorial's ``step(zero=True)`` but keeps them visible between steps.
        """
        return self._step(record=False)[0]

    def trace_step(self) -> StepTrace:
        """One step exactly as :meth:`step` (the same loss, the same new weights, bit for bit),
        recorded: the graph, every gradient contribution in the order backward sent it, the
        update. A diverging step raises :class:`TrainingDiverged` as :meth:`step` does, with the
        trace as its ``trace``. A step whose trace would hold more than :data:`TRACE_LIMIT` values
        raises ValueError (saying so) before it runs: see :attr:`can_trace`."""
        size = self.trace_size()
        if size > TRACE_LIMIT:
            raise ValueError(f"This step is too large to record: its trace would hold about {size:,} "
                             f"values (the limit is {TRACE_LIMIT:,}); trace a smaller network or batch.")
        trace = self._step(record=True)[1]
        assert trace is not None
        return trace

    @property
    def can_trace(self) -> bool:
        """False if this session's steps are too large for :meth:`trace_step` to record."""
        return self.trace_size() <= TRACE_LIMIT

    def trace_size(self) -> int:
        """About how many numbers :meth:`trace_step` copies (see :func:`trace_size`)."""
        return _trace_size(self.config, len(self._order))

    def _step(self, record: bool) -> tuple[float, StepTrace | None]:
        if self.diverged is not None:
            raise self.diverged
        with np.errstate(all="ignore"):
            if self.config.zero_grad:
                self.optimizer.zero()
            x, y = self._next_batch()
            form = self.graph_form if record else "broadcast"
            if self._built_form != form:
                self._use_form(form)
            pred = self._forward(x) if self.health else self.model.forward(x)
            loss = self._loss(pred, y)
            value = float(loss.data.sum())
            seed = Tensor._wrap(np.ones_like(loss.data, dtype=float))
            recording = None
            if record or not (math.isfinite(value) and abs(value) <= self._loss_limit):
                if self._built_form != self.graph_form:  # traced in the session's own form
                    self._use_form(self.graph_form)
                    pred = self._forward(x) if self.health else self.model.forward(x)
                    loss = self._loss(pred, y)
                # A diverging step is recorded from here on, to name its first non-finite operation
                # (keeping copies only when asked to, or when they are small).
                recording = _Recording(self, x, y, pred, loss, keep=record or self.can_trace)
                loss.backward(seed, retain_grad=recording.keep, observe=recording.observe)
                recording.backward_done()
            else:
                loss.backward(seed, retain_grad=False)
            test = self.evaluate_test()  # on the same weights as the training loss
            nonfinite = None if recording is None else recording.nonfinite
            diverged = self._check_divergence(value, x.data, nonfinite)  # before the update
            self.optimizer.step(zero=False)
            if self._live is None:  # (the first step, or after a restore: see _gather_live)
                self._live = self._gather_live()
                self._live_row = self._live[:self._row_width]
            self.step_count += 1
            trace = None if recording is None else recording.finish(self.step_count, value)
        if self.keep_history:
            self.losses.append(value)
            self.test_losses.append(math.nan if test is None else test)
        self.last_loss, self.last_test_loss = value, test
        if self.health:
            self._note_step(value, test)
        if diverged is not None:
            diverged.trace = trace
            self.diverged = diverged
            self._note_divergence()
            raise diverged
        return value, trace

    def run(self, steps: int) -> list[float]:
        return [self.step() for _ in range(steps)]

    def evaluate_test(self) -> float | None:
        if len(self._x_test.data) == 0:
            return None
        with no_grad(), np.errstate(all="ignore"):
            return float(self._loss(self.model.forward(self._x_test), self._y_test).data.sum())

    def _check_divergence(self, value: float, x: np.ndarray,
                          nonfinite: NonFinite | None = None) -> TrainingDiverged | None:
        """After a step's backward, before its update: the divergence, if the loss ``value`` of
        the batch ``x`` has diverged (the first step's sizes are kept to compare with);
        ``nonfinite``: the step's first non-finite operation, if it was recorded."""
        if self._first_sizes is None:
            self._first_loss, self._first_sizes = value, dict(self._sizes(x))
            self._first_step = self.step_count + 1
            self._loss_limit = min(EXPLODED_LOSS, EXPLOSION * max(abs(value), 1.0))
        if math.isfinite(value) and abs(value) <= self._loss_limit:
            return None
        return self._diagnose(value, x, self.step_count + 1, nonfinite)

    def _diagnose(self, value: float, x: np.ndarray, step: int,
                  nonfinite: NonFinite | None = None) -> TrainingDiverged:
        """Where step ``step`` diverged: the first layer, in the order the step computed them,
        whose weights, output or gradients are not finite or have exploded."""
        key, size = _first_exploded(self._sizes(x), self._first_sizes or {})
        where = _layer_problem(key, size, (self._first_sizes or {}).get(key), self._first_step)
        how = tr("non-finite") if not math.isfinite(size) else tr("exploded")
        if nonfinite is not None:
            where = tr("{where}; first non-finite operation: {operation}", where=where,
                       operation=nonfinite.describe())
        return TrainingDiverged(step, where, _divergence_message(step, value, self._first_loss, how, where,
                                                                 self._divergence_advice()))

    def _sizes(self, x: np.ndarray) -> _Sizes:
        """The largest |entry| of each layer's weights and output on the batch ``x`` (forward,
        from the first layer), then of its gradients (backward, from the last layer)."""
        sizes: _Sizes = []
        i = 0
        with no_grad(), np.errstate(all="ignore"):
            for module in self.model.layers:
                x = module.forward(Tensor._wrap(x)).data
                if isinstance(module, Linear):
                    i += 1
                    sizes += [((i, name), _largest(p.data)) for p, name in _named(module, i)]
                    sizes.append(((i, "output"), _largest(x)))
            for i in range(len(self.linears), 0, -1):
                sizes += [((i, f"d{name}"), _largest(p.grad.data))
                          for p, name in _named(self.linears[i - 1], i) if p.grad is not None]
        return sizes

    def _divergence_advice(self) -> str:
        cfg = self.config
        if not cfg.zero_grad:
            return tr("Gradients were never zeroed, so every step added to all the earlier ones: "
                      "turn 'zero gradients after each step' on (or lower the learning rate).")
        if cfg.init == "large":
            return tr("Weights initialised with σ = 1 make signals and gradients grow layer by layer: "
                      "try He init (or a smaller learning rate).")
        return tr("Try a learning rate smaller than {alpha:g}.", alpha=self.alpha)

    # ------------------------------------------------------------------ inspection
    def params(self) -> list[tuple[str, int, str, Tensor]]:
        out = []
        for i, lin in enumerate(self.linears, start=1):
            out.append((f"W{i}", i, "weight", lin.weight))
            if lin.bias is not None:
                out.append((f"b{i}", i, "bias", lin.bias))
        return out

    def snapshot(self, with_prediction: bool = True) -> Snapshot:
        """A frozen copy of the current state (safe to hand to another thread).

        ``with_prediction=False`` reuses the last prediction map (computing one costs about as
        much as eight small training steps), so a fast run can refresh it less often.
        """
        self._flush_health()
        params = []
        for (name, layer, kind, p), ratio in zip(self.params(), self._last_ratios):
            grad = np.zeros_like(p.data) if p.grad is None else p.grad.data.copy()
            with np.errstate(all="ignore"):
                gnorm = float(np.sqrt(np.sum(grad * grad)))
            params.append(ParamSnapshot(name, layer, kind, p.data.copy(), grad, gnorm, ratio))
        if with_prediction or self._last_prediction is None:
            with np.errstate(all="ignore"):  # a diverged net's scores overflow
                self._last_prediction = self._prediction_map()
                self._last_evaluation = self._evaluation()
        pred, extent = self._last_prediction
        confusion, fitted = self._last_evaluation
        return Snapshot(
            step=self.step_count, loss=self.last_loss, test_loss=self.last_test_loss,
            train_accuracy=self.accuracy(self._x_train, self.data.y_train),
            test_accuracy=self.accuracy(self._x_test, self.data.y_test),
            params=tuple(params), alpha=self.alpha, config=self.config,
            prediction=pred, extent=extent, confusion=confusion, fitted=fitted,
            diverged=None if self.diverged is None else str(self.diverged),
            layers=self._last_layers, edits=self.edits, flags=self._monitor.held(),
        )

    def _scores(self, x: np.ndarray) -> np.ndarray:
        with no_grad(), np.errstate(all="ignore"):
            return self.model.forward(Tensor._wrap(x)).data

    def accuracy(self, x: Tensor, y: np.ndarray) -> float | None:
        if not self.data.is_classification or len(y) == 0:
            return None
        return float(np.mean(self._classify(self._scores(x.data)) == y))

    def accuracies(self) -> tuple[float | None, float | None]:
        """(training, test) accuracy on the current weights; None where it does not apply."""
        return (self.accuracy(self._x_train, self.data.y_train),
                self.accuracy(self._x_test, self.data.y_test))

    def _classify(self, scores: np.ndarray) -> np.ndarray:
        if scores.shape[1] == 1:
            return (scores[:, 0] > 0.5).astype(np.intp)
        return scores.argmax(axis=1)

    def _evaluation(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(confusion matrix, (true, predicted) pairs) for data with more than two features."""
        if self.data.n_inputs <= 2:
            return None, None
        test = len(self.data.x_test) > 0
        x = self.data.x_test if test else self.data.x_train
        y = self.data.y_test if test else self.data.y_train
        scores = self._scores(x)
        if self.data.is_classification:
            k = self.data.n_classes
            with np.errstate(invalid="ignore"):
                predicted = self._classify(np.nan_to_num(scores, nan=0.0))
            return np.bincount(y * k + np.clip(predicted, 0, k - 1), minlength=k * k).reshape(k, k), None
        step = max(1, len(x) // EVALUATION_POINTS)
        return None, np.stack([y[::step, 0], scores[::step, 0]], axis=1)

    def _prediction_map(self) -> tuple[np.ndarray | None, tuple[float, float, float, float]]:
        x = self.data.x_train
        if x.shape[1] > 2:  # no plane to draw on: see _evaluation
            return None, (-1.0, 1.0, -1.0, 1.0)
        lo = np.minimum(x.min(axis=0), -1.0) if self.config.dataset != "tutorial" else x.min(axis=0) - 0.25
        hi = np.maximum(x.max(axis=0), 1.0) if self.config.dataset != "tutorial" else x.max(axis=0) + 0.25
        if self.config.data is not None:  # a file's columns: every row (test ones too), a margin round
            every = self.config.data.x
            lo, hi = every.min(axis=0), every.max(axis=0)
            margin = 0.05 * np.maximum(hi - lo, 1e-6)
            lo, hi = lo - margin, hi + margin
        if x.shape[1] == 1:
            g = np.linspace(lo[0], hi[0], GRID_SIZE).reshape(-1, 1)
            s = self._scores(g)[:, 0]
            y = self.data.y_train
            return s, (float(lo[0]), float(hi[0]), float(min(y.min(), -1.0)), float(max(y.max(), 1.0)))
        gx = np.linspace(lo[0], hi[0], GRID_SIZE)
        gy = np.linspace(lo[1], hi[1], GRID_SIZE)
        xx, yy = np.meshgrid(gx, gy)
        s = self._scores(np.stack([xx.ravel(), yy.ravel()], axis=1))
        if self.config.loss == "cross_entropy":
            e = np.exp(s - s.max(axis=1, keepdims=True))
            s = e / e.sum(axis=1, keepdims=True)
            s = s[:, 1] if s.shape[1] == 2 else s.argmax(axis=1) / (s.shape[1] - 1)
        elif s.shape[1] > 1:
            s = s.argmax(axis=1) / (s.shape[1] - 1)
        else:
            s = s[:, 0]
        return s.reshape(GRID_SIZE, GRID_SIZE), (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))

    def check_gradients(self, samples_per_tensor: int = 8, eps: float = 1e-6) -> GradCheckResult:
        """Compare backprop's gradients with finite differences on the whole training set,
        at up to ``samples_per_tensor`` entries of every parameter. Leaves the state unchanged."""
        params = [p for _, _, _, p in self.params()]
        with np.errstate(all="ignore"):
            return check_gradients(lambda: self._loss(self.model.forward(self._x_train), self._y_train),
                                   params, eps=eps, tolerance=1e-4, samples=samples_per_tensor)
    # ------------------------------------------------------------------ health and history
    # Each step copies its parameters, gradients (and, when recording, the optimizer's buffers)
    # into a row of a block, and keeps a reference to its hidden activations. A chunk of steps'
    # activations is summarised (mean, spread, dead and saturated shares) with one numpy pass
    # per figure while they are still in the CPU's cache; the block's other figures, the checks
    # and the recording are done together, with numpy, when the block is full or something reads
    # them (findings, snapshot, state), so a tiny net pays a few per cent. Holding a whole
    # block's activations streamed megabytes through the cache every block.
    # steps judged together at most: a block's checks and recording cost ~700 numpy calls
    # (~2 ms) however few its rows, which 1,024 steps of the tutorial (70 µs each) amortised to
    # 3 % of its steps; a reader (findings, snapshot, state) has the block judged at once anyway
    BLOCK_STEPS = 8192
    COMPACT_STEPS = 1024  # at most, in a block of Adam rows whose moments the recorder rebuilds
    # rows a block may hold before it is judged: each block costs a fixed ~1 ms (the checks, the
    # recording), which 370 steps of spiral (4 MB) did not amortise; 12 MB measured 1-2 % faster
    BLOCK_BYTES = 12 * 2**20
    CHUNK_BYTES = 512 * 2**10  # hidden activations a chunk may hold before they are summarised

    def _start_health(self) -> None:
        cfg = self.config
        params = self.params()
        self._param_sizes = [p.data.size for *_, p in params]
        weights = [i for i, (_, _, kind, _) in enumerate(params) if kind == "weight"]
        biases = [next((i for i, (_, layer, kind, _) in enumerate(params) if layer == lay and kind == "bias"),
                       None) for lay in range(1, len(weights) + 1)]
        n = len(self.data.x_train)
        bs = cfg.batch_size
        self._minibatch = bs if bs is not None and bs < n else None
        self._monitor = HealthMonitor(weights, biases, cfg.activation, cfg.init, cfg.zero_grad,
                                      n // bs if self._minibatch else 1)
        # the outputs of the activation layers (or, in a linear net, of the hidden Linear layers)
        kinds = tuple(_ACTIVATION_LAYERS.values())
        if cfg.activation not in _ACTIVATION_LAYERS:
            kinds = (Linear,)
        outs = [i for i, layer in enumerate(self.model.layers) if isinstance(layer, kinds)]
        hidden_at = outs[:len(self.linears) - 1]
        buffer_sets = 2 if isinstance(self.optimizer, Adam) else 1 if self.optimizer.momentum else 0
        self._layout = RowLayout(tuple(p.data.shape for *_, p in params),
                                 "adam" if buffer_sets == 2 else "sgd", buffer_sets)
        # the live buffer: values and gradients (and, when recording, the optimizer's buffers);
        # a recorded Adam row holds only the values and gradients, and the block the moments
        # after its first step (the recorder rebuilds the rest: see recorder._Segment.moments)
        self._live_width = self._layout.width
        self._compact = self.recorder is not None and buffer_sets == 2
        self._row_width = self._layout.width if self.recorder is not None and not self._compact \
            else 2 * self._layout.size
        # (a compact Adam block's moments are rebuilt from its first step to reach a step in it:
        # 8,192 steps of that took 60 ms to show one step)
        steps = self.COMPACT_STEPS if self._compact else self.BLOCK_STEPS
        self._block_rows = max(1, min(steps, self.BLOCK_BYTES // (8 * self._row_width)))
        # a chunk: each hidden layer's outputs (a batch by its units) at consecutive steps, by the
        # model's layer index; then (block, hidden layer, 4) figures: mean, std, dead, saturated
        batch = self._minibatch or n
        units = [lin.weight.data.shape[1] for lin in self.linears[:-1]]
        self._chunk_rows = max(1, self.CHUNK_BYTES // max(8 * batch * sum(units), 1))
        # each hidden layer's outputs, copied here by the forward pass (by the model's layer index)
        shapes = zip(hidden_at, units)
        self._chunk_acts: dict[int, np.ndarray] = (
            {i: np.empty((self._chunk_rows, batch, u)) for i, u in shapes} if self.health else {})
        # each buffer's rows as views made once: ``view[...] = a`` costs a third of ``buf[k] = a``
        self._chunk_slots = {i: list(buf) for i, buf in self._chunk_acts.items()}
        # the forward pass, layer by layer: (its forward, its index if its output is kept in the
        # chunk, whether it writes its output there itself: an activation layer; a linear net's
        # hidden Linear layers are copied)
        self._plan = [(layer.forward, i if i in self._chunk_acts else None, not isinstance(layer, Linear))
                      for i, layer in enumerate(self.model.layers)]
        self._chunk_n = 0
        self._layer_figures = np.empty((self._block_rows, len(units), 4))
        self._last_ratios: tuple[float | None, ...] = (None,) * len(params)
        self._last_layers: tuple[LayerStats, ...] = ()
        self._work = Workspace()
        self._history: list[LayerHistory] = []
        self._epoch = 0
        self._epochs_pending: dict[int, tuple[np.ndarray, tuple[int, int, int, int]]] = {}
        self._restart_rows()
        if self.recorder is not None and self.health:
            self.recorder.clear(self._layout)
            self._record_current()

    def _restart_rows(self) -> None:
        """A new block, after the current parameters (after a reset or a restore)."""
        self._live: np.ndarray | None = None
        self._before = np.concatenate([p.data.ravel() for *_, p in self.params()])
        self._new_block()

    def _new_block(self, rest: np.ndarray | None = None) -> None:
        """Rows for the next block: ``rest`` if it is a good part of a block, else new ones.
        The recorder keeps (views of) the rows it is handed, so with one every block is new
        memory (:func:`fresh_rows`), and a block judged early (for a snapshot) leaves the rest
        of its rows to the next; without one, the same rows serve every block."""
        k = self._block_rows
        if rest is not None and 4 * len(rest) >= k:
            self._block = rest
        else:
            self._block = (fresh_rows(k, self._row_width) if self.recorder is not None
                           else np.empty((k, self._row_width)))
        self._block_n = 0
        self._chunk_n = 0
        self._clear_pending()

    def _clear_pending(self) -> None:
        # per step of the block (its step numbers, Adam's counts and the learning rate follow:
        # steps are consecutive, and a new learning rate starts a new block)
        self._pending_loss: list[float] = []
        self._pending_test: list[float] = []
        self._pending_cursor: list[int] = []
        self._pending_epoch: list[int] = []

    def _record_current(self) -> None:
        """Record the current state as a step of its own (step 0, or the step restored)."""
        assert self.recorder is not None
        ps = [p for *_, p in self.params()]
        parts = [p.data.ravel() for p in ps] + [
            np.zeros(p.data.size) if p.grad is None else p.grad.data.ravel() for p in ps]
        parts += [np.zeros(p.data.size) if b is None else b.ravel()
                  for b, p in zip(self.optimizer.buffers(), ps * self._layout.buffer_sets)]
        row = np.concatenate(parts)[None]
        self._epoch += 1
        self._epochs_pending[self._epoch] = (self._order.copy(), rng_state(self._batch_rng))
        scalars = np.array([[_nan_if_none(self.last_loss), _nan_if_none(self.last_test_loss), self.alpha,
                             self._cursor, self._epoch, getattr(self.optimizer, "t", 0)]], dtype=float)
        ratios = np.array([[_nan_if_none(r) for r in self._last_ratios]], dtype=float)
        layers = np.full((1, len(self.linears) - 1, 4), np.nan)
        for s in self._last_layers:
            layers[0, s.layer - 1] = (s.mean, s.std, _nan_if_none(s.dead_fraction),
                                      _nan_if_none(s.saturated_fraction))
        self.recorder.add([self.step_count], row, scalars, ratios, layers, self._epochs_pending)
        self._epochs_pending = {}

    def _forward(self, x: Tensor) -> Tensor:
        """The model's forward pass, keeping the hidden layers' activations for the health figures:
        an activation layer writes its output straight into the chunk (a copy and a fresh array
        fewer, 1 % of a spiral step); a linear net's hidden outputs are copied there."""
        slots, k = self._chunk_slots, self._chunk_n
        for forward, i, writes in self._plan:
            if i is None:
                x = forward(x)
                continue
            slot = slots[i][k]
            if writes and x.data.dtype == slot.dtype:
                if x.data.shape != slot.shape:
                    rows, k = self._new_chunk(i, x.data.shape)
                    slot = rows[k]
                x = forward(x, out=slot)  # type: ignore[call-arg]
            else:
                x = forward(x)
                a = x.data
                if a.shape != slot.shape:
                    rows, k = self._new_chunk(i, a.shape)
                    slot = rows[k]
                slot[...] = a
        return x

    def _new_chunk(self, i: int, shape: tuple[int, ...]) -> tuple[list[np.ndarray], int]:
        """A batch of another size: the chunk so far is summarised, and layer ``i`` gets rows
        of the new shape (every layer's next output starts the chunk again)."""
        self._summarise_chunk()
        rows = self._chunk_slots[i]
        buf = self._chunk_acts[i] = np.empty((len(rows), *shape))
        rows = self._chunk_slots[i] = list(buf)
        return rows, 0

    def _summarise_chunk(self) -> None:
        """The activations' figures of the chunk's steps (the block's last ones)."""
        c, self._chunk_n = self._chunk_n, 0
        if not c:
            return
        out = self._layer_figures[self._block_n - c:self._block_n]
        with np.errstate(all="ignore"):
            for h, buf in enumerate(self._chunk_acts.values()):
                layer_figures(buf[:c], self.config.activation, out[:, h], self._work)

    def _gather_live(self) -> np.ndarray:
        """Move the parameters' values, their gradients and the optimizer's buffers into one
        flat array, in a row's order, and make each tensor's array a view of it: the optimizer
        keeps updating them in place, so a step's row is one copy of it, and steps on the flat
        pieces at once (a few numpy operations a step instead of a few per parameter: a sixth
        of a spiral step). (Code that replaces one of these arrays must set ``_live = None``;
        restore() does. The optimizer notices by itself and steps parameter by parameter.)"""
        ps = [p for *_, p in self.params()]
        live = np.empty(self._live_width)
        at = 0

        def adopt(a: np.ndarray) -> np.ndarray:
            nonlocal at
            view = live[at:at + a.size].reshape(a.shape)
            view[...] = a
            at += a.size
            return view

        for p in ps:
            p.data = adopt(p.data)
        for p in ps:
            g = p.grad
            assert g is not None
            g.data = adopt(g.data)
        buffers = self.optimizer.buffers()
        if all(b is not None for b in buffers):  # (momentum's velocity: after every parameter's first step)
            self.optimizer.use_buffers([adopt(b) for b in buffers])  # type: ignore[arg-type]
            n = self._layout.size
            self.optimizer.use_flat(live[:n], live[n:2 * n],
                                    [live[k * n:(k + 1) * n] for k in range(2, 2 + self._layout.buffer_sets)])
        assert at == self._live_width or self.recorder is None
        return live

    def _note_step(self, loss: float, test: float | None) -> None:
        i = self._block_n
        live = self._live
        assert live is not None  # (gathered after the step's update)
        self._block[i] = self._live_row
        if self.recorder is not None and self._cursor == self._minibatch:  # the order was shuffled
            self._epoch += 1
            self._epochs_pending[self._epoch] = (self._order.copy(), rng_state(self._batch_rng))
        self._pending_loss.append(loss)
        self._pending_test.append(math.nan if test is None else test)
        self._pending_cursor.append(self._cursor)
        self._pending_epoch.append(self._epoch)
        self._block_n = i + 1
        self._chunk_n += 1
        if i == 0:
            self._block_first = self.step_count, getattr(self.optimizer, "t", 0)
            if self._compact:
                self._block_moments = live[self._row_width:].copy()
        if self._block_n == len(self._block):
            self._flush_health()
        elif self._chunk_n == self._chunk_rows:
            self._summarise_chunk()

    def _flush_health(self) -> None:
        """Judge (and record) the steps of the current block."""
        r = self._block_n
        if r == 0:
            return
        self._summarise_chunk()
        rows = self._block[:r]
        layers = self._layer_figures[:r].copy()
        step, t = self._block_first
        steps = np.arange(step, step + r)
        fig = block_figures(steps, self._pending_loss, rows, self._before, self._param_sizes, layers,
                            self._work)
        self._monitor.observe(fig, self.alpha, self._first_loss)
        if self.collect_history:
            w = self._monitor.weights
            acts = np.moveaxis(layers, -1, 0).copy()  # (the recorder keeps ``layers``: the GUI its own copy)
            self._history.append(LayerHistory(fig.steps, fig.grad_norm[:, w], fig.update_ratio[:, w],
                                              fig.norm[:, w], *acts))
        self._last_ratios = tuple(None if math.isnan(x) else float(x) for x in fig.update_ratio[-1])
        self._last_layers = fig.layers(r - 1)
        self._before = rows[-1, :self._layout.size].copy()
        if self.recorder is not None:
            scalars = np.empty((r, 6))
            scalars[:, 0], scalars[:, 1] = self._pending_loss, self._pending_test
            scalars[:, 2] = self.alpha
            scalars[:, 3], scalars[:, 4] = self._pending_cursor, self._pending_epoch
            scalars[:, 5] = np.arange(t, t + r) if isinstance(self.optimizer, Adam) else 0
            moments = None
            if self._compact:
                opt = self.optimizer
                assert isinstance(opt, Adam)
                moments = (self._block_moments, opt.beta1, opt.beta2)
            self.recorder.add(steps, rows, scalars, fig.update_ratio, layers, self._epochs_pending, moments)
            self._epochs_pending = {}
        self._new_block(rest=self._block[r:] if self.recorder is not None else self._block)

    def _note_divergence(self) -> None:
        self._flush_health()
        d = self.diverged
        assert d is not None
        self._monitor.diverged(d.step, d.where)
        if self.recorder is not None:
            self.recorder.diverged = (d.step, d.where, str(d))

    def take_history(self) -> LayerHistory:
        """What the Health panel draws (each layer's ‖dW‖, update ratio, ‖W‖ and activations) at
        every step since the last call (with
        ``collect_history`` on; the training thread hands them to the Health panel)."""
        self._flush_health()
        parts, self._history = self._history, []
        return LayerHistory.join(parts, len(self.linears))

    @property
    def findings(self) -> list[Finding]:
        """Every finding the health checks raised so far, in step order (a copy)."""
        self._flush_health()
        return list(self._monitor.findings)

    def flags_at(self, step: int) -> tuple[tuple[str, int], ...]:
        """The checks that held after ``step`` (see :attr:`Snapshot.flags`)."""
        self._flush_health()
        return self._monitor.held_at(step)  # type: ignore[return-value]

    def state(self) -> SessionState:
        """Everything needed to continue exactly from here (copies; see :meth:`restore`)."""
        self._flush_health()
        params = [p for *_, p in self.params()]
        d = self.diverged
        return SessionState(
            step=self.step_count, params=tuple(p.data.copy() for p in params),
            grads=tuple(None if p.grad is None else p.grad.data.copy() for p in params),
            optimizer=self.optimizer.get_state(),
            batch=BatchState(self._order.copy(), self._cursor, rng_state(self._batch_rng)),
            alpha=self.alpha, loss=self.last_loss, test_loss=self.last_test_loss,
            diverged=None if d is None else (d.step, d.where, str(d)),
            update_ratios=self._last_ratios, layers=self._last_layers,
            findings=tuple(self._monitor.findings), health=self._monitor.state(),
            divergence_reference=(self._first_loss, self._first_step, self._loss_limit,
                                  None if self._first_sizes is None else tuple(self._first_sizes.items())),
            edits=self.edits)

    def restore(self, state: SessionState) -> None:
        """Continue from ``state`` (from :meth:`state` or the recorder) of a run with this config:
        training on then gives exactly the losses the run gave after it. Raises ValueError if the
        state belongs to another network."""
        params = [p for *_, p in self.params()]
        if len(state.params) != len(params) or any(
                a.shape != p.data.shape for a, p in zip(state.params, params)):
            raise ValueError("this state was saved from a network of another shape")
        self._flush_health()
        self.optimizer.set_state(state.optimizer)
        for p, value, grad in zip(params, state.params, state.grads):
            p.data[...] = value
            if grad is None:
                p.grad = None
            elif p.grad is None:
                p.grad = Tensor._wrap(np.array(grad, dtype=float))
            else:
                p.grad.data[...] = grad
        self.optimizer.alpha = float(state.alpha)
        self.config = self.config.replace(alpha=float(state.alpha))
        if len(state.batch.order) == len(self._order):
            self._order = np.array(state.batch.order, dtype=self._order.dtype)
            set_rng_state(self._batch_rng, state.batch.rng)
        self._cursor = int(state.batch.cursor)
        self.step_count = int(state.step)
        self.last_loss, self.last_test_loss = state.loss, state.test_loss
        self.diverged = None if state.diverged is None else TrainingDiverged(*state.diverged)
        if state.divergence_reference is not None:
            self._first_loss, self._first_step, self._loss_limit, sizes = state.divergence_reference
            self._first_sizes = None if sizes is None else dict(sizes)
        if self.keep_history:
            for history in (self.losses, self.test_losses):
                del history[self.step_count:]
                history.extend([math.nan] * (self.step_count - len(history)))
        self._monitor.set_state(state.health, state.findings, int(state.step))
        self.edits = tuple(state.edits)
        self._history = []
        self._last_ratios = state.update_ratios or (None,) * len(params)
        self._last_layers = state.layers
        self._last_prediction = None
        self._restart_rows()
        if self.recorder is not None:
            if self.recorder.last_step is not None and self.recorder.last_step >= self.step_count:
                self.recorder.truncate_after(self.step_count - 1)
            self.recorder.diverged = state.diverged
            self._record_current()

    def load_recording(self, recording: Recording) -> None:
        """Take the recorded steps of a saved run (then :meth:`restore` its last state). Raises
        ValueError if they were recorded from a network of another shape or optimizer."""
        if self.recorder is None:
            return
        if recording.layout != self._layout:
            raise ValueError("the recorded steps were saved from a network of another shape")
        self._flush_health()
        self.recorder.load(recording)
        self._epoch = max([self._epoch, *recording.epoch_ids.tolist()])

    def resume_from(self, step: int) -> int:
        """Go back to the recorded step nearest ``step`` and continue from there (the later
        history is forgotten). Returns the step resumed from."""
        if self.recorder is None or self.recorder.steps == 0:
            raise ValueError("nothing is recorded")
        self._flush_health()
        k = self.recorder.nearest(step)
        assert k is not None
        findings = tuple(f for f in self._monitor.findings if f.step <= k)
        edits = tuple(e for e in self.edits if e.step <= k)  # (step k's row holds its own edits)
        self.restore(dataclasses.replace(self.recorder.state_at(k), findings=findings, edits=edits))
        return k


def _nan_if_none(x: float | None) -> float:
    return math.nan if x is None else x


def _named(lin: Linear, i: int) -> list[tuple[Tensor, str]]:
    return [(lin.weight, f"W{i}")] + ([] if lin.bias is None else [(lin.bias, f"b{i}")])


def _largest(a: np.ndarray) -> float:
    return float(np.max(np.abs(a))) if a.size else 0.0  # NaN if any entry is NaN


def _first_exploded(sizes: _Sizes, first: dict[tuple[int, str], float]) -> tuple[tuple[int, str], float]:
    """The first of ``sizes`` (in the order the step computed them) that is not finite or has
    exploded against ``first``, else the one that grew the most: a diverged step always names a layer."""
    growth = []
    for key, size in sizes:
        before = first.get(key)
        grew = size / max(1.0, before if before is not None and math.isfinite(before) else size)
        if not math.isfinite(size) or size > EXPLODED_VALUE or grew > LAYER_EXPLOSION:
            return key, size
        growth.append((grew, size, key))
    _, size, key = max(growth)
    return key, size


def _layer_problem(key: tuple[int, str], size: float, before: float | None, first_step: int) -> str:
    """"layer 2 (its output became infinite)", "layer 1 (W1 reached 4.6e+03, from 2.7 at step 1)"."""
    layer, what = key
    thing = (tr("its output") if what == "output" else tr("gradient {name}", name=what) if what[0] == "d"
             else what)
    if math.isnan(size):
        return tr("layer {layer} ({thing} became NaN)", layer=layer, thing=thing)
    if math.isinf(size):
        return tr("layer {layer} ({thing} became infinite)", layer=layer, thing=thing)
    if before is None:
        return tr("layer {layer} ({thing} reached {size:.3g})", layer=layer, thing=thing, size=size)
    return tr("layer {layer} ({thing} reached {size:.3g}, from {before:.3g} at step {first})", layer=layer,
              thing=thing, size=size, before=before, first=first_step)


def _divergence_message(step: int, value: float, first: float, how: str, where: str, advice: str) -> str:
    """``how``: "non-finite" or "exploded", what the values in ``where`` did."""
    if math.isnan(value):
        grew = tr("the loss became NaN")
    elif math.isinf(value):
        grew = tr("the loss became infinite")
    elif abs(value) > EXPLODED_LOSS:
        grew = tr("the loss reached {value:.3g}, past {limit:.0e}", value=value, limit=EXPLODED_LOSS)
    else:
        grew = tr("the loss grew to {value:.3g}, over {times:,.0f} times its first value ({first:.3g})",
                  value=value, times=EXPLOSION, first=first)
    return tr("Diverged at step {step}: {grew}; first {how} values in {where}. {advice}", step=step,
              grew=grew, how=how, where=where, advice=advice)


def _nonfinite_kind(a: np.ndarray) -> str | None:
    """None if every entry of ``a`` is finite, else "NaN" or "infinite"."""
    if np.isfinite(a).all():
        return None
    return "NaN" if np.isnan(a).any() else "infinite"


# The tutorial's code for each node of the step's graph (blog_engine.py, blog_run.py).
_LINEAR_CODE = {"mm": "input.mm(self.weight)", "expand_0": "self.bias.expand(0, len(input.data))"}
_ADD_CODE = {"tutorial": "input.mm(self.weight) + self.bias.expand(0, len(input.data))",
             "broadcast": "input.mm(self.weight) + self.bias"}
_SSE_CODE = {"tutorial": ("pred - target", "pred - target", "(pred - target) * (pred - target)",
                          "((pred - target) * (pred - target)).sum(0)"),
             "broadcast": ("pred - target", "diff * diff", "(diff * diff).sum(0)")}
_MEAN_CODE = ("1.0 / len(pred.data)", "loss * (1.0 / len(pred.data))")
_LEAF_CODE = {"x": "data", "target": "target", "W": "self.weight", "b": "self.bias"}


def _grad_of(t: Tensor) -> np.ndarray | None:
    g = t._grad
    return None if g is None else g.data if type(g) is Tensor else g


def _value_of(t: Tensor) -> np.ndarray:
    return t.data


def _copy(a: np.ndarray | None) -> np.ndarray | None:
    return None if a is None else np.array(a, dtype=float)


class _Recording:
    """One step being recorded: made after the forward, fed by backward's observer. It finds the
    first non-finite output as the step goes; with ``keep`` it also copies everything for a trace."""

    def __init__(self, session: Session, x: Tensor, y: Tensor, pred: Tensor, loss: Tensor,
                 keep: bool) -> None:
        self.session = session
        self.keep = keep
        self.tensors = _graph(loss)
        self.grads_before = [_copy(_grad_of(t)) for t in self.tensors] if keep else []
        self.names = {id(x): "x", id(y): "target", id(loss): "loss"}
        param_layer = {}
        for name, layer, _, p in session.params():
            self.names[id(p)] = name
            param_layer[id(p)] = layer
        layers, self.code = _layers_and_code(session, self.tensors, param_layer, self.names, pred)
        self.layer = {id(t): layer for t, layer in zip(self.tensors, layers)}
        self.events: list[TraceEvent] = []
        self.n_events = 0
        self.nonfinite: NonFinite | None = None
        for t in self.tensors:  # the forward pass, in the order it ran
            kind = _nonfinite_kind(t.data)
            if kind:
                self.nonfinite = NonFinite(t.id, t.creation_op, "forward", self.layer[id(t)], kind,
                                           name=self.names.get(id(t), ""))
                break

    def observe(self, target: Tensor, source: Tensor | None, grad: np.ndarray) -> None:
        if self.keep:
            self.events.append(TraceEvent(target.id, None if source is None else source.id, np.array(grad)))
        if self.nonfinite is None:
            kind = _nonfinite_kind(grad)
            if kind:
                self.nonfinite = NonFinite(
                    target.id, None if source is None else source.creation_op, "backward",
                    None if source is None else self.layer[id(source)], kind,
                    source=None if source is None else source.id, event=self.n_events,
                    name=self.names.get(id(target), ""))
        self.n_events += 1

    def backward_done(self) -> None:
        """Copy what the update is about to change: the values and the gradients it uses."""
        params = self.session.params()
        self._check_params(params, "backward", _grad_of)
        if self.keep:
            self.values = [np.array(t.data) for t in self.tensors]
            self.grads = [_copy(_grad_of(t)) for t in self.tensors]
            self.before = [p.data.copy() for _, _, _, p in params]

    def _check_params(self, params: list, phase: str, of: Callable[[Tensor], np.ndarray | None]) -> None:
        """The first parameter whose ``of(p)`` (its gradient, or its value) is not finite."""
        for name, layer, _, p in params:
            a = of(p)
            kind = None if self.nonfinite is not None or a is None else _nonfinite_kind(a)
            if kind:
                self.nonfinite = NonFinite(p.id, None, phase, layer, kind, name=name)

    def finish(self, step: int, loss: float) -> StepTrace | None:
        s = self.session
        params = s.params()
        self._check_params(params, "update", _value_of)
        if not self.keep:
            return None
        nodes = tuple(
            TraceNode(t.id, t.creation_op, tuple(c.id for c in t.creators or ()), self.names.get(id(t), ""),
                      v, g, gb, self.layer[id(t)], expr)
            for t, v, g, gb, expr in zip(self.tensors, self.values, self.grads, self.grads_before, self.code))
        updates = []
        for (name, _, _, p), before in zip(params, self.before):
            after = p.data.copy()
            g = _grad_of(p)
            if s.config.optimizer == "sgd":  # what SGD subtracted, exactly: after = before + delta
                delta = np.zeros_like(before) if g is None else -(g * s.alpha)
            else:
                delta = after - before
            updates.append(ParamUpdate(name, p.id, before, delta, after))
        return StepTrace(step, loss, s.alpha, nodes, tuple(self.events), tuple(updates), s.config.zero_grad,
                         s.config.optimizer, self.nonfinite)


def _layers_and_code(session: Session, tensors: list[Tensor], param_layer: dict[int, int],
                     names: dict[int, str], pred: Tensor) -> tuple[list[int | None], list[str]]:
    """Each node's layer and the tutorial's code that made it, in creation order."""
    form = session._built_form
    if session.config.loss == "cross_entropy":
        loss_code: tuple[str, ...] = ("pred.mean_cross_entropy(target)",)
    else:
        loss_code = _SSE_CODE[form] + (_MEAN_CODE if session.config.loss == "mse" else ())
    weights = {id(lin.weight): i for i, lin in enumerate(session.linears, start=1)}
    loss_nodes = iter(loss_code)
    layers: list[int | None] = []
    code: list[str] = []
    layer = None
    for t in tensors:
        if t._seq > pred._seq:  # the loss's
            layers.append(None)
            code.append(next(loss_nodes, ""))
        elif t.creators is None:
            layers.append(param_layer.get(id(t)))
            code.append(_LEAF_CODE.get(names.get(id(t), "").rstrip("0123456789"), ""))
        else:
            op = t.creation_op
            if op == "mm" and id(t.creators[1]) in weights:
                layer = weights[id(t.creators[1])]
            layers.append(layer)
            code.append(_ADD_CODE[form] if op == "add" else _LINEAR_CODE.get(op, f"input.{op}()"))
    return layers, code


def _graph(loss: Tensor) -> list[Tensor]:
    """Every tensor ``loss`` was made from (itself included), in creation order."""
    seen: dict[int, Tensor] = {}
    todo = [loss]
    while todo:
        t = todo.pop()
        if t._seq not in seen:
            seen[t._seq] = t
            todo.extend(t.creators or ())
    return [seen[k] for k in sorted(seen)]
