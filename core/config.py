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
from .tabular import DataError, TabularData

__all__ = ["ConfigError", "ExperimentConfig", "ACTIVATIONS", "LOSSES", "OPTIMIZERS",
           "LIMITS", "parse_sizes", "FILE_DATASET"]

#: The ``dataset`` of an experiment on imported data (the rows are in ``ExperimentConfig.data``).
FILE_DATASET = "file"


class ConfigError(ValueError):
    """An invalid setting. ``field`` names the setting; the message names the allowed range."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


ACTIVATIONS = {"none": "None (linear)", "relu": "ReLU", "tanh": "tanh",
               "sigmoid": "Sigmoid"}
LOSSES = {"sse": "Squared error (sum)", "mse": "Mean squared error",
          "cross_entropy": "Cross-entropy"}
OPTIMIZERS = {"sgd": "SGD", "momentum": "SGD + momentum 0.9", "adam": "Adam"}

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
            raise ConfigError("hidden", "a size is missing before the first comma; write sizes like 16, 16")
        if any(not p for p in parts[1:-1]):
            raise ConfigError("hidden", "a size is missing between two commas; write sizes like 16, 16")
        if not parts[-1]:
            raise ConfigError("hidden", "a size is missing after the last comma; write sizes like 16, 16")
        parts = [q for p in parts for q in p.split()]
    else:
        parts = text.split()
    sizes = []
    for p in parts:
        try:
            sizes.append(int(p))
        except ValueError:
            raise ConfigError("hidden", f"{p!r} is not a whole number; write sizes like 16, 16") from None
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
    data: TabularData | None = None  # the imported rows when dataset is "file"

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(self.hidden))
        self.validate()

    # ------------------------------------------------------------------ validation
    def validate(self) -> None:
        if self.dataset == FILE_DATASET:
            if not isinstance(self.data, TabularData):
                raise ConfigError("dataset", "'file' needs the imported data (File ▸ Import data)")
        else:
            _choice("dataset", self.dataset, DATASETS)
            if self.data is not None:
                raise ConfigError("data", f"imported data goes with dataset 'file', not {self.dataset!r}")
        _choice("activation", self.activation, ACTIVATIONS)
        _choice("init", self.init, SCHEMES)
        _choice("loss", self.loss, LOSSES)
        _choice("optimizer", self.optimizer, OPTIMIZERS)
        for name in ("bias", "zero_grad"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(name, f"must be true or false, got {getattr(self, name)!r}")
        lo, hi = LIMITS["n_hidden_layers"]
        if len(self.hidden) > hi:
            raise ConfigError("hidden", f"at most {hi} hidden layers, got {len(self.hidden)}")
        lo, hi = LIMITS["layer_size"]
        for s in self.hidden:
            if not _is_int(s) or not lo <= s <= hi:
                raise ConfigError("hidden", f"each layer size must be a whole number from {lo} to {hi}, "
                                  f"got {s!r}")
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
            raise ConfigError("loss", f"cross-entropy needs a classification data set; {self.dataset!r} "
                              "has real-valued targets (use squared error)")
        if self.loss == "cross_entropy" and self.data is not None and not self.data.is_classification:
            raise ConfigError("loss", f"cross-entropy needs a classification data set; the target "
                              f"{self.data.target_name!r} holds real numbers (use squared error)")
        n_params = self.parameter_count()
        lo, hi = LIMITS["parameters"]
        if n_params > hi:
            raise ConfigError("hidden", f"this network has {n_params:,} parameters; the limit is {hi:,} "
                              "(it would not fit in memory with its gradients)")
        n_act = self.effective_samples * max(self.sizes)
        lo, hi = LIMITS["activations"]
        if n_act > hi:
            raise ConfigError("n_samples", f"{self.effective_samples:,} samples through a layer of "
                              f"{max(self.sizes):,} units needs {n_act:,} activations; the limit is {hi:,}")

    # ------------------------------------------------------------------ derived
    @property
    def n_inputs(self) -> int:
        if self.data is not None:
            return self.data.n_features
        return 1 if self.dataset == "sine" else 2

    @property
    def n_outputs(self) -> int:
        classes = self.data.n_classes if self.data is not None else 3 if self.dataset == "clusters" else 2
        if classes > 2:
            return classes
        if self.loss == "cross_entropy":
            return 2
        return 1

    @property
    def effective_samples(self) -> int:
        """How many samples the data set really has (the tutorial's is always 4)."""
        if self.data is not None:
            return self.data.n_rows
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
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["hidden"] = list(self.hidden)
        d["data"] = None if self.data is None else self.data.to_dict()
        return d

    def to_json(self) -> str:
        d = self.to_dict()
        data = d.pop("data")
        text = json.dumps(d, indent=2)
        # Imported rows go on one line at the end (indented, each number would take a line).
        return text[:-2] + ',\n  "data": ' + json.dumps(data, separators=(",", ":")) + "\n}"

    @classmethod
    def from_dict(cls, d: Any) -> ExperimentConfig:
        if not isinstance(d, dict):
            raise ConfigError("config", "must be a JSON object of settings")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(d) - names)
        if unknown:
            raise ConfigError(unknown[0], f"unknown setting; known settings are {', '.join(sorted(names))}")
        d = dict(d)
        if "hidden" in d:
            if isinstance(d["hidden"], str):
                d["hidden"] = parse_sizes(d["hidden"])
            elif not isinstance(d["hidden"], (list, tuple)):
                raise ConfigError("hidden", "must be a list of layer sizes, e.g. [16, 16]")
        if d.get("data") is not None:
            try:
                d["data"] = TabularData.from_dict(d["data"])
            except DataError as e:
                raise ConfigError("data", f"the imported data set is damaged: {e}") from None
        try:
            return cls(**d)
        except TypeError as e:  # pragma: no cover - all fields have defaults
            raise ConfigError("config", str(e)) from None

    @classmethod
    def from_json(cls, text: str) -> ExperimentConfig:
        if not text.strip():
            raise ConfigError("config", "the file is empty")
        try:
            d = json.loads(text)
        except json.JSONDecodeError as e:
            raise ConfigError("config", f"it is not a saved experiment: not valid JSON ({e.msg} at line "
                                        f"{e.lineno}, column {e.colno})") \
                from None
        return cls.from_dict(d)

    @classmethod
    def load(cls, path: str | Path) -> ExperimentConfig:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise ConfigError("config", f"cannot read {path}: {e}") from None
        return cls.from_json(text)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def _choice(name: str, value: Any, allowed: dict[str, Any]) -> None:
    if value not in allowed:
        raise ConfigError(name, f"unknown value {value!r}; choose one of {', '.join(allowed)}")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _integer(name: str, v: Any, limit: str | None = None) -> None:
    lo, hi = LIMITS[limit or name]
    if not _is_int(v) or not lo <= v <= hi:
        raise ConfigError(name, f"must be a whole number from {int(lo):,} to {int(hi):,}, got {v!r}")


def _number(name: str, v: Any, strict_low: bool = False) -> None:
    lo, hi = LIMITS[name]
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    ok = ok and (lo < v if strict_low else lo <= v) and v <= hi
    if not ok:
        low = f"greater than {lo:g}" if strict_low else f"from {lo:g}"
        raise ConfigError(name, f"must be a number {low} up to {hi:g}, got {v!r}")


