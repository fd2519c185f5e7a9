"""A training session: config in, steps run, frozen snapshots out. No Qt, no threads."""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

import numpy as np

from .config import ExperimentConfig, _number
from .data import Dataset, make_dataset
from .gradcheck import GradCheckResult, check_gradients
from .init import init_weights
from .nn import Layer, Linear, ReLU, Sequential, Sigmoid, Tanh
from .optim import SGD, Adam
from .tensor import Tensor, no_grad

__all__ = ["ParamSnapshot", "Snapshot", "Session", "TrainingDiverged", "GRID_SIZE"]

GRID_SIZE = 64  # resolution of the prediction map sent with each snapshot
_ACTIVATION_LAYERS: dict[str, type[Layer]] = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}

EVALUATION_POINTS = 2000  # (true, predicted) pairs sent for regression on many features


class TrainingDiverged(ArithmeticError):
    """The loss became NaN or infinite. ``step`` and ``where`` say when and where."""

    def __init__(self, step: int, where: str, message: str) -> None:
        super().__init__(message)
        self.step = step
        self.where = where


@dataclass(frozen=True)
class ParamSnapshot:
    """One parameter tensor after a step: its values and the gradient that step used."""

    name: str  # "W1", "b1", ...
    layer: int  # 1-based: W1 maps the inputs to the first hidden layer
    kind: str  # "weight" or "bias"
    data: np.ndarray
    grad: np.ndarray
    grad_norm: float  # L2 norm of grad

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

    def layer_grad_norms(self) -> list[tuple[str, float]]:
        return [(p.name, p.grad_norm) for p in self.params]


class Session:
    """Trains one network on one data set, step by step."""

    def __init__(self, config: ExperimentConfig, keep_history: bool = True) -> None:
        # ``losses``/``test_losses`` keep every step's values; a long-running GUI session hands
        # them on as it goes and turns this off (16 bytes a step add up over hours).
        self.keep_history = keep_history
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
            lin = Linear(w.shape[0], w.shape[1], bias=cfg.bias, weight=w)
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
        self._last_evaluation: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
        self._last_prediction: tuple[np.ndarray, tuple[float, float, float, float]] | None = None

    def _targets(self, y: np.ndarray) -> np.ndarray:
        cfg = self.config
        if not self.data.is_classification or cfg.loss == "cross_entropy":
            return y
        if cfg.n_outputs == 1:
            return y.reshape(-1, 1).astype(float)
        return np.eye(cfg.n_outputs)[y]

    @property
    def alpha(self) -> float:
        return self.optimizer.alpha

    def set_alpha(self, alpha: float) -> None:
        """Change the learning rate between steps (raises ConfigError if invalid)."""
        _number("alpha", alpha, strict_low=True)
        self.optimizer.alpha = float(alpha)
        self.config = self.config.replace(alpha=float(alpha))

    def set_max_steps(self, limit: int | None) -> None:
        """Change the step limit (None: no limit; raises ConfigError if invalid)."""
        self.config = self.config.replace(max_steps=limit)

    # ------------------------------------------------------------------ training
    def _loss(self, pred: Tensor, target: Tensor) -> Tensor:
        if self.config.loss == "cross_entropy":
            return pred.cross_entropy(target)
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
        if self.diverged is not None:
            raise self.diverged
        with np.errstate(all="ignore"):
            if self.config.zero_grad:
                self.optimizer.zero()
            x, y = self._next_batch()
            loss = self._loss(self.model.forward(x), y)
            loss.backward(Tensor._wrap(np.ones_like(loss.data, dtype=float)), retain_grad=False)
            test = self.evaluate_test()  # on the same weights as the training loss
            self.optimizer.step(zero=False)
            self.step_count += 1
            value = float(loss.data.sum())
        if self.keep_history:
            self.losses.append(value)
            self.test_losses.append(math.nan if test is None else test)
        self.last_loss, self.last_test_loss = value, test
        if not math.isfinite(value):
            self.diverged = self._diagnose(value)
            raise self.diverged
        return value

    def run(self, steps: int) -> list[float]:
        return [self.step() for _ in range(steps)]

    def evaluate_test(self) -> float | None:
        if len(self._x_test.data) == 0:
            return None
        with no_grad(), np.errstate(all="ignore"):
            return float(self._loss(self.model.forward(self._x_test), self._y_test).data.sum())

    def _diagnose(self, value: float) -> TrainingDiverged:
        step = self.step_count
        where = "the loss"
        x = self._x_train.data
        with no_grad(), np.errstate(all="ignore"):
            for i, lin in enumerate(self.linears, start=1):
                found = None
                for p, name in ((lin.weight, f"W{i}"), (lin.bias, f"b{i}")):
                    if p is None:
                        continue
                    if not np.isfinite(p.data).all():
                        found = f"layer {i} ({name} became {_kind(p.data)})"
                    elif p.grad is not None and not np.isfinite(p.grad.data).all():
                        found = f"layer {i} (gradient d{name} became {_kind(p.grad.data)})"
                    if found:
                        break
                if found:
                    where = found
                    break
                x = lin.forward(Tensor._wrap(x)).data
                if not np.isfinite(x).all():
                    where = f"layer {i} (its output overflowed to {_kind(x)})"
                    break
        what = "NaN" if math.isnan(value) else "infinite"
        msg = (f"Diverged at step {step}: the loss became {what}; first non-finite values in {where}. "
               f"{self._divergence_advice()}")
        return TrainingDiverged(step, where, msg)

    def _divergence_advice(self) -> str:
        cfg = self.config
        if not cfg.zero_grad:
            return ("Gradients were never zeroed, so every step added to all the earlier ones: "
                    "turn 'zero gradients after each step' on (or lower the learning rate).")
        if cfg.init == "large":
            return ("Weights initialised with σ = 1 make signals and gradients grow layer by layer: "
                    "try He init (or a smaller learning rate).")
        return f"Try a learning rate smaller than {self.alpha:g}."

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
        params = []
        for name, layer, kind, p in self.params():
            grad = np.zeros_like(p.data) if p.grad is None else p.grad.data.copy()
            with np.errstate(all="ignore"):
                gnorm = float(np.sqrt(np.sum(grad * grad)))
            params.append(ParamSnapshot(name, layer, kind, p.data.copy(), grad, gnorm))
        if with_prediction or self._last_prediction is None:
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


def _kind(a: np.ndarray) -> str:
    return "NaN" if np.isnan(a).any() else "infinite"


