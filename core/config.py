"""The experiment configuration: a frozen dataclass with validation and a JSON round trip."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data import DATASETS
from .init import SCHEMES
from .messages import tr

__all__ = ["ConfigError", "ExperimentConfig", "ACTIVATIONS", "LOSSES", "OPTIMIZERS",
           "LIMITS", "parse_sizes"]


class ConfigError(ValueError):
    """An invalid setting. ``field`` names the setting; the message names the allowed range."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# Labels for the app (tr: it translates them; code names stay as they are).
ACTIVATIONS = {"none": tr("None (linear)"), "relu": "ReLU", "tanh": "tanh",
               "sigmoid": "Sigmoid"}
LOSSES = {"sse": tr("Squared error (sum)"), "mse": tr("Mean squared error"),
          "cross_entropy": tr("Cross-entropy")}
OPTIMIZERS = {"sgd": "SGD", "momentum": tr("SGD + momentum 0.9"), "adam": "Adam"}

#: (lowest, highest) allowed values, shared by validation and the app's widgets.
LIMITS: dict[str, tuple[float, float]] = {
    "layer_size": (1, 4096),
    "n_hidden_layers": (0, 16),
    "n_samples": (4, 100_000),
    "noise": (0.0, 1.0),
    "test_fraction": (0.0, 0.9),
    "seed": (0, 2**32 - 1),
    "alpha": (0.0, 100.0),
    "batch_size": (1, 100_000),
    "max_steps": (1, 10**9),
    "parameters": (1, 5_000_000),  # 40 MB of float64 weights; with grads and optimizer state ~200 MB
    "activations": (1, 20_000_000),  # samples x widest layer: 160 MB per activation matrix
}


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"16, 16"`` or ``"16 16"`` -> (16, 16); ``""`` -> () (no hidden layer)."""
    text = text.replace("→", ",")
    if "," in text:
        parts = [p.strip() for p in text.split(",")]
        if not parts[0]:
            raise ConfigError("hidden", tr("a size is missing before the first comma; "
                                           "write sizes like 16, 16"))
        if any(not p for p in parts[1:-1]):
            raise ConfigError("hidden", tr("a size is missing between two commas; write sizes like 16, 16"))
        if not parts[-1]:
            raise ConfigError("hidden", tr("a size is missing after the last comma; write sizes like 16, 16"))
        parts = [q for p in parts for q in p.split()]
    else:
        parts = text.split()
    sizes = []
    for p in parts:
        try:
            sizes.append(int(p))
        except ValueError:
            raise ConfigError("hidden", tr("{text!r} is not a whole number; write sizes like 16, 16",
                                            text=p)) from None
    return tuple(sizes)


@dataclass(frozen=True)
class ExperimentConfig:
    dataset: str = "tutorial"
    noise: float = 0.0
    n_samples: int = 200
    test_fraction: float = 0.0
    data_seed: int = 0
    hidden: tuple[int, ...] = (3,)
    activation: str = "none"
    bias: bool = True
    init: str = "he"
    seed: int = 1
    loss: str = "sse"
    optimizer: str = "sgd"
    alpha: float = 0.05
    batch_size: int | None = None  # None: the whole training set every step
    zero_grad: bool = True
    max_steps: int | None = None  # None: no limit

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(self.hidden))
        self.validate()

    # ------------------------------------------------------------------ validation
    def validate(self) -> None:
        _choice("dataset", self.dataset, DATASETS)
        _choice("activation", self.activation, ACTIVATIONS)
        _choice("init", self.init, SCHEMES)
        _choice("loss", self.loss, LOSSES)
        _choice("optimizer", self.optimizer, OPTIMIZERS)
        for name in ("bias", "zero_grad"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(name, tr("must be true or false, got {value!r}", value=getattr(self, name)))
        lo, hi = LIMITS["n_hidden_layers"]
        if len(self.hidden) > hi:
            raise ConfigError("hidden", tr("at most {most} hidden layers, got {got}", most=hi,
                                           got=len(self.hidden)))
        lo, hi = LIMITS["layer_size"]
        for s in self.hidden:
            if not _is_int(s) or not lo <= s <= hi:
                raise ConfigError("hidden", tr("each layer size must be a whole number from {lo} to {hi}, "
                                                 "got {got!r}", lo=lo, hi=hi, got=s))
        _number("noise", self.noise)
        _number("test_fraction", self.test_fraction)
        _integer("n_samples", self.n_samples)
        _integer("seed", self.seed)
        _integer("data_seed", self.data_seed, "seed")
        _number("alpha", self.alpha, strict_low=True)
        if self.batch_size is not None:
            _integer("batch_size", self.batch_size)
        if self.max_steps is not None:
            _integer("max_steps", self.max_steps)
        if self.loss == "cross_entropy" and self.dataset in ("tutorial", "sine"):
            raise ConfigError("loss", tr("cross-entropy needs a classification data set; {dataset!r} "
                                         "has real-valued targets (use squared error)", dataset=self.dataset))
        n_params = self.parameter_count()
        lo, hi = LIMITS["parameters"]
        if n_params > hi:
            raise ConfigError("hidden", tr("this network has {n:,} parameters; the limit is {hi:,} "
                                           "(it would not fit in memory with its gradients)",
                                           n=n_params, hi=hi))
        n_act = self.effective_samples * max(self.sizes)
        lo, hi = LIMITS["activations"]
        if n_act > hi:
            raise ConfigError("n_samples", tr("{samples:,} samples through a layer of {units:,} units needs "
                                              "{n:,} activations; the limit is {hi:,}",
                                              samples=self.effective_samples, units=max(self.sizes),
                                              n=n_act, hi=hi))

    # ------------------------------------------------------------------ derived
    @property
    def n_inputs(self) -> int:
        return 1 if self.dataset == "sine" else 2

    @property
    def n_outputs(self) -> int:
        if self.dataset == "clusters":
            return 3
        if self.loss == "cross_entropy":
            return 2
        return 1

    @property
    def effective_samples(self) -> int:
        """How many samples the data set really has (the tutorial's is always 4)."""
        return 4 if self.dataset == "tutorial" else self.n_samples

    @property
    def sizes(self) -> tuple[int, ...]:
        """Every layer's width, inputs to outputs: (2, 3, 1) for the tutorial."""
        return (self.n_inputs, *self.hidden, self.n_outputs)

    def shape_text(self) -> str:
        return " → ".join(str(s) for s in self.sizes)

    def parameter_count(self) -> int:
        s = self.sizes
        return sum(a * b + (b if self.bias else 0) for a, b in zip(s[:-1], s[1:]))

    def replace(self, **changes: Any) -> ExperimentConfig:
        """A copy with ``changes`` applied (validated)."""
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["hidden"] = list(self.hidden)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, d: Any) -> ExperimentConfig:
        if not isinstance(d, dict):
            raise ConfigError("config", tr("must be a JSON object of settings"))
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(d) - names)
        if unknown:
            raise ConfigError(unknown[0], tr("unknown setting; known settings are {known}",
                                             known=", ".join(sorted(names))))
        d = dict(d)
        if "hidden" in d:
            if isinstance(d["hidden"], str):
                d["hidden"] = parse_sizes(d["hidden"])
            elif not isinstance(d["hidden"], (list, tuple)):
                raise ConfigError("hidden", tr("must be a list of layer sizes, e.g. [16, 16]"))
        try:
            return cls(**d)
        except TypeError as e:  # pragma: no cover - all fields have defaults
            raise ConfigError("config", str(e)) from None

    @classmethod
    def from_json(cls, text: str) -> ExperimentConfig:
        if not text.strip():
            raise ConfigError("config", tr("the file is empty"))
        try:
            d = json.loads(text)
        except json.JSONDecodeError as e:
            raise ConfigError("config", tr("it is not a saved experiment: not valid JSON ({why} at line "
                                           "{line}, column {column})", why=e.msg, line=e.lineno,
                                           column=e.colno)) from None
        return cls.from_dict(d)

    @classmethod
    def load(cls, path: str | Path) -> ExperimentConfig:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError("config", tr("cannot read {path}: {why}", path=str(path), why=str(e))) from None
        return cls.from_json(text)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def _choice(name: str, value: Any, allowed: dict[str, Any]) -> None:
    if value not in allowed:
        raise ConfigError(name, tr("unknown value {value!r}; choose one of {allowed}", value=value,
                                   allowed=", ".join(allowed)))


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _integer(name: str, v: Any, limit: str | None = None) -> None:
    lo, hi = LIMITS[limit or name]
    if not _is_int(v) or not lo <= v <= hi:
        raise ConfigError(name, tr("must be a whole number from {lo:,} to {hi:,}, got {got!r}",
                                   lo=int(lo), hi=int(hi), got=v))


def _number(name: str, v: Any, strict_low: bool = False) -> None:
    lo, hi = LIMITS[name]
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    ok = ok and (lo < v if strict_low else lo <= v) and v <= hi
    if not ok:
        if strict_low:
            raise ConfigError(name, tr("must be a number greater than {lo:g} up to {hi:g}, got {got!r}",
                                       lo=lo, hi=hi, got=v))
        raise ConfigError(name, tr("must be a number from {lo:g} up to {hi:g}, got {got!r}",
                                   lo=lo, hi=hi, got=v))


