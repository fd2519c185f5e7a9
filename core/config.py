"""The experiment configuration: a frozen dataclass with validation and a JSON round trip."""

from __future__ import annotations

import dataclasses
import errno
import json
import math
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from . import problems
from .data import DATASETS
from .init import SCHEMES
from .messages import tr
from .problems import quote
from .tabular import DataError, TabularData

__all__ = ["ConfigError", "ExperimentConfig", "ACTIVATIONS", "LOSSES", "OPTIMIZERS",
           "LIMITS", "parse_sizes", "read_config_file", "open_regular_file", "MAX_CONFIG_BYTES",
           "memory_budget", "GRID_SIZE", "FILE_DATASET"]

#: The ``dataset`` of an experiment on imported data (the rows are in ``ExperimentConfig.data``).
FILE_DATASET = "file"

GRID_SIZE = 64  # resolution of the prediction map sent with each snapshot
MAX_CONFIG_BYTES = 64 * 2**20  # a few hundred bytes; with imported rows up to ~3 million numbers
MEMORY_BUDGET = 1.5e9  # bytes one step may need at most (or a quarter of the machine's memory)


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
            raise ConfigError("hidden", tr("{text} is not a whole number; write sizes like 16, 16",
                                           text=quote(p))) from None
    return tuple(sizes)


IMPORT_TEST_FRACTION = 0.2  # the test part an import sets when the experiment had none


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
        if not isinstance(self.hidden, (list, tuple)):
            raise ConfigError("hidden", tr("must be a list of layer sizes, e.g. [16, 16], got {got}",
                                           got=quote(self.hidden)))
        object.__setattr__(self, "hidden", tuple(self.hidden))
        for name in ("noise", "test_fraction", "alpha"):
            if getattr(self, name) == 0 and isinstance(getattr(self, name), float):
                object.__setattr__(self, name, 0.0)  # -0.0 is 0 (numpy refuses a scale of -0.0)
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
                raise ConfigError(name, tr("must be true or false, got {got}",
                                           got=quote(getattr(self, name))))
        lo, hi = LIMITS["n_hidden_layers"]
        if len(self.hidden) > hi:
            raise ConfigError("hidden", tr("at most {most} hidden layers, got {got}", most=hi,
                                           got=len(self.hidden)))
        lo, hi = LIMITS["layer_size"]
        for s in self.hidden:
            if not _is_int(s) or not lo <= s <= hi:
                raise ConfigError("hidden", tr("each layer size must be a whole number from {lo} to {hi}, "
                                               "got {got}", lo=lo, hi=hi, got=quote(s)))
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
        if self.loss == "cross_entropy" and self.data is not None and not self.data.is_classification:
            raise ConfigError("loss", tr("cross-entropy needs a classification data set; the target "
                                         "{target!r} holds real numbers (use squared error)",
                                         target=self.data.target_name))
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
        need, budget = self.step_memory(), memory_budget()
        if need > budget:
            raise ConfigError(self._biggest_memory_user(),
                              problems.step_too_large(need, budget, self.what_to_lower()))

    # ------------------------------------------------------------------ memory
    @property
    def split(self) -> tuple[int, int]:
        """(training samples, test samples), as :func:`core.data.make_dataset` splits them."""
        n = self.effective_samples
        n_test = int(round(n * self.test_fraction)) if n > 4 else 0
        return n - n_test, n_test

    def _memory_parts(self) -> dict[str, float]:
        """Bytes a step needs at its peak, by what they grow with (measured with tracemalloc:
        per sample and hidden unit a step keeps 2.5 float64 arrays alive without an activation,
        3.6-3.8 with one; a forward pass without gradients ~3 arrays of its widest layer)."""
        n_train, n_test = self.split
        batch = n_train if self.batch_size is None else min(self.batch_size, n_train)
        widest = max(self.sizes)
        per_unit = 3 if self.activation == "none" else 4
        ends = self.n_inputs + self.n_outputs
        train = batch * (per_unit * sum(self.hidden) + 4 * ends + 64)  # (+ the loss, targets, indices)
        test = (3.5 * widest + 16) * n_test  # measured during the step, while its graph is alive
        evaluation = (3.5 * widest + 16) * max(n_train, n_test, GRID_SIZE**2)  # accuracy, prediction map
        state = {"sgd": 0, "momentum": 1, "adam": 2}.get(self.optimizer, 2)
        params = self.parameter_count() * (2 + state + 4)  # values, grads, state, snapshot copies
        data = self.effective_samples * (self.n_inputs + 2 * self.n_outputs) * 2
        return {"batch": 8.0 * max(train + test, evaluation), "params": 8.0 * params, "data": 8.0 * data}

    def step_memory(self) -> float:
        """About how many bytes a training step (with its test loss and a snapshot) needs."""
        return sum(self._memory_parts().values())

    def _biggest_memory_user(self) -> str:
        parts = self._memory_parts()
        if parts["params"] > parts["batch"]:
            return "hidden"
        return "n_samples" if self.batch_size is None else "batch_size"

    def what_to_lower(self) -> str:
        return problems.what_to_lower(self.effective_samples, self.hidden, self.batch_size)

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

    def with_data(self, data: TabularData, **changes: Any) -> ExperimentConfig:
        """This experiment on imported ``data``: the loss suited to its task (cross-entropy for
        classes, mean squared error for a regression) and a 20 % test part if there was none.
        The window's Import and the CLI's --data both adapt a config through this one function."""
        loss = "cross_entropy" if data.is_classification else "mse"
        return self.replace(dataset=FILE_DATASET, data=data, loss=loss,
                            test_fraction=self.test_fraction or IMPORT_TEST_FRACTION, **changes)

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
            raise ConfigError("config", tr("must be a JSON object of settings"))
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = [key for key in d if key not in names]  # the first in the file's order
        if unknown:
            raise ConfigError("config", problems.unknown_setting(unknown[0], sorted(names)))
        d = dict(d)
        if "hidden" in d:
            if isinstance(d["hidden"], str):
                d["hidden"] = parse_sizes(d["hidden"])
            elif not isinstance(d["hidden"], (list, tuple)):
                raise ConfigError("hidden", tr("must be a list of layer sizes, e.g. [16, 16]"))
        if d.get("data") is not None:
            try:
                d["data"] = TabularData.from_dict(d["data"])
            except DataError as e:
                raise ConfigError("data", tr("the imported data set is damaged: {problem}",
                                             problem=str(e))) from None
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
            raise ConfigError("config", problems.json_problem(e)) from None
        except RecursionError:
            raise ConfigError("config", problems.json_too_deep()) from None
        except ValueError:  # an integer over sys.get_int_max_str_digits() digits
            raise ConfigError("config", problems.json_number_too_long()) from None
        return cls.from_dict(d)

    @classmethod
    def load(cls, path: str | Path) -> ExperimentConfig:
        """The experiment saved in ``path`` (see :func:`read_config_file`)."""
        return read_config_file(path)

    def save(self, path: str | Path) -> None:
        """Write the JSON to ``path`` (an OSError if it cannot; never blocks on a FIFO)."""
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            mode = None  # a new file (or the write below says what is wrong)
        if mode is not None and not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, tr("it is {kind}, not a file", kind=_file_kind(mode)), str(path))
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def read_config_file(path: str | os.PathLike[str]) -> ExperimentConfig:
    """The experiment saved in ``path``; any problem is a :class:`ConfigError` saying what it is.

    Only a regular file is opened (a FIFO would block, ``/dev/zero`` never ends), and at most
    :data:`MAX_CONFIG_BYTES` of it is read.
    """
    return ExperimentConfig.from_json(_read_text(path))


def _read_text(path: str | os.PathLike[str]) -> str:
    with open_regular_file(path, MAX_CONFIG_BYTES) as f:
        try:
            data = _read_at_most(f.fileno(), MAX_CONFIG_BYTES + 1)
        except OSError as e:
            raise ConfigError("config", problems.cannot_read(path, e)) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError("config", problems.file_too_large(path, None, MAX_CONFIG_BYTES))
    try:
        return data.decode("utf-8-sig")  # (a byte-order mark, as some Windows editors write, is fine)
    except UnicodeDecodeError as e:
        raise ConfigError("config", problems.not_text(path, e.start)) from None


def open_regular_file(path: str | os.PathLike[str], limit: int) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file of at most ``limit`` bytes;
    else a :class:`ConfigError` saying what it is. Never blocks on a FIFO or reads a device."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as e:  # ValueError: a NUL in the path
        raise ConfigError("config", problems.cannot_read(path, e)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError("config", problems.not_a_file(path, _file_kind(info.st_mode)))
    if info.st_size > limit:
        raise ConfigError("config", problems.file_too_large(path, info.st_size, limit))
    try:
        # O_NONBLOCK: were it swapped for a FIFO since the stat, opening it must not block either
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise ConfigError("config", problems.cannot_read(path, e)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ConfigError("config", problems.not_a_file(path, _file_kind(mode)))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_at_most(fd: int, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 2**20))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return tr("a folder")
    if stat.S_ISFIFO(mode):
        return tr("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return tr("a device")
    if stat.S_ISSOCK(mode):
        return tr("a socket")
    return tr("a special file")


@lru_cache(maxsize=1)
def memory_budget() -> float:
    """Bytes one step may need: :data:`MEMORY_BUDGET`, or a quarter of this machine's memory."""
    total = _physical_memory()
    return MEMORY_BUDGET if total is None else min(MEMORY_BUDGET, total / 4)


def _physical_memory() -> float | None:
    """This machine's memory in bytes (or a container's limit, if lower); None if unknown."""
    found = []
    try:
        found.append(float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")))
    except (AttributeError, ValueError, OSError):
        try:
            with open("/proc/meminfo", encoding="ascii") as f:
                for line in f:
                    if line.startswith("MemTotal:"):
                        found.append(float(line.split()[1]) * 1024)
        except (OSError, ValueError, IndexError):
            pass
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(limit, encoding="ascii") as f:
                found.append(float(f.read().strip()))  # "max" (no limit) is a ValueError
        except (OSError, ValueError):
            pass
    found = [x for x in found if x > 0]
    return min(found) if found else None


def _choice(name: str, value: Any, allowed: dict[str, Any]) -> None:
    if not isinstance(value, str) or value not in allowed:  # (a list or dict cannot be looked up)
        raise ConfigError(name, problems.unknown_value(value, list(allowed)))


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _integer(name: str, v: Any, limit: str | None = None) -> None:
    lo, hi = LIMITS[limit or name]
    if not _is_int(v) or not lo <= v <= hi:
        raise ConfigError(name, tr("must be a whole number from {lo:,} to {hi:,}, got {got}",
                                   lo=int(lo), hi=int(hi), got=quote(v)))


def _number(name: str, v: Any, strict_low: bool = False) -> None:
    lo, hi = LIMITS[name]
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    ok = ok and (lo < v if strict_low else lo <= v) and v <= hi
    if not ok:
        if strict_low:
            raise ConfigError(name, tr("must be a number greater than {lo:g} up to {hi:g}, got {got}",
                                       lo=lo, hi=hi, got=quote(v)))
        raise ConfigError(name, tr("must be a number from {lo:g} up to {hi:g}, got {got}",
                                   lo=lo, hi=hi, got=quote(v)))


