"""Code out: an experiment as a standalone program, on core's tutorial API or in PyTorch.

``core_script(cfg, steps)`` writes a program that builds the same data (a call of
:func:`core.data.make_dataset` with the same seed, or the rows embedded), the same initial
weights, the same batch order and the same optimizer, and prints one loss per step: the losses
of a :class:`~core.session.Session` run, to every digit. ``torch_script`` is the same experiment
in PyTorch (float64), with everything embedded so it needs only numpy and torch. Cells set by hand
during the run (``edits``, :class:`core.edits.Edit`) are set again after the same steps.
"""

from __future__ import annotations

import base64
import errno
import io
import os
import stat
from collections.abc import Callable, Sequence

import numpy as np

from .config import ExperimentConfig
from .data import Dataset, make_dataset
from .edits import Edit
from .init import init_weights
from .messages import tr

__all__ = ["core_script", "torch_script", "write_program", "LITERAL_LIMIT"]

#: Arrays with at most this many numbers are written as literals; larger ones as base64 .npy.
LITERAL_LIMIT = 2000
_LAYERS = {"tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "ReLU"}


def _dataset(cfg: ExperimentConfig) -> Dataset:
    if cfg.data is not None:
        return cfg.data.to_dataset(cfg.test_fraction, cfg.data_seed)
    return make_dataset(cfg.dataset, cfg.effective_samples, cfg.noise, cfg.test_fraction, cfg.data_seed)


def _array(a: np.ndarray, limit: int = LITERAL_LIMIT) -> str:
    """Python code for ``a``, exact: a literal (the shortest digits that round-trip), or a .npy blob."""
    if a.size <= limit:
        return f"np.array({_literal(a)})"
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(a), allow_pickle=False)
    b64 = base64.b64encode(buf.getvalue()).decode("ascii")
    lines = "\n".join(f'    "{b64[i:i + 96]}"' for i in range(0, len(b64), 96))
    return f"np.load(io.BytesIO(base64.b64decode(\n{lines})))"


def _literal(a: np.ndarray) -> str:
    """Nested lists: one line when short, else a row per line."""
    number = repr if a.dtype.kind == "f" else str
    if a.ndim == 1:
        return "[" + ", ".join(number(v) for v in a.tolist()) + "]"
    rows = ["[" + ", ".join(number(v) for v in row) + "]" for row in a.tolist()]
    flat = "[" + ", ".join(rows) + "]"
    return flat if len(flat) <= 72 else "[\n    " + ",\n    ".join(rows) + ",\n]"


def _targets_code(cfg: ExperimentConfig, data: Dataset) -> str | None:
    """The line turning class indices into the loss's targets (None: use them as they are)."""
    if not data.is_classification or cfg.loss == "cross_entropy":
        return None
    if cfg.n_outputs == 1:
        return "y_train = y_train.reshape(-1, 1).astype(float)  # class 0 or 1: the one output's target"
    return f"y_train = np.eye({cfg.n_outputs})[y_train]  # one-hot: one output per class"


def _embedded_data(data: Dataset, limit: int) -> list[str]:
    return [f"x_train = {_array(data.x_train, limit)}", f"y_train = {_array(data.y_train, limit)}"]


def _header(cfg: ExperimentConfig, what: str, run: str) -> list[str]:
    return ['"""' + f"Gradient Playground experiment: {cfg.shape_text()} network, {what}.",
            "",
            f"Run it with: {run} [STEPS]   (default {{steps}} steps; prints each step's loss)",
            '"""']


def _next_batch(wrap: str = "{}") -> list[str]:
    """The loop's first lines: the next batch, drawn exactly as the session draws it (``wrap``
    turns a numpy batch into the framework's tensor)."""
    return ["    if cursor + batch_size > len(order):  # a new epoch: reshuffle",
            "        batch_rng.shuffle(order)",
            "        cursor = 0",
            "    batch = order[cursor:cursor + batch_size]",
            "    cursor += batch_size",
            f"    data, target = {wrap.format('x_train[batch]')}, {wrap.format('y_train[batch]')}"]


def _batch_setup(cfg: ExperimentConfig) -> list[str]:
    return ["",
            f"batch_size = {cfg.batch_size}",
            f"batch_rng = np.random.default_rng(np.random.SeedSequence([{cfg.seed}, 7]))",
            "order = np.arange(len(x_train))",
            "cursor = len(order)"]


def _minibatches(cfg: ExperimentConfig, data: Dataset) -> bool:
    return cfg.batch_size is not None and cfg.batch_size < len(data.x_train)


def _edit_lines(edits: Sequence[Edit], steps: int, setting: Callable[[Edit], str]) -> list[str]:
    """The loop's lines that set the cells set by hand, each before the step after its own
    (``setting(edit)``: the statement that sets it)."""
    lines: list[str] = []
    for step in sorted({e.step for e in edits if e.step < steps}):
        lines.append(f"    if i == {step}:  # what if: set by hand after step {step}")
        lines += [f"        {setting(e)}  # {e.cell}, was {e.before!r}" for e in edits if e.step == step]
    return lines


def _param_position(cfg: ExperimentConfig, e: Edit) -> int:
    """Where ``e``'s parameter is in ``model.get_parameters()`` (W1, b1, W2, ...)."""
    layer = int(e.name[1:])
    return (layer - 1) * (2 if cfg.bias else 1) + (e.name[0] == "b")


# ---------------------------------------------------------------------- core
def core_script(cfg: ExperimentConfig, steps: int, literal_limit: int = LITERAL_LIMIT,
                edits: Sequence[Edit] = ()) -> str:
    """A program on core's tutorial API that reproduces ``cfg`` from step 0 for ``steps`` steps
    (with the cells set by hand in ``edits`` set again after the same steps)."""
    data = _dataset(cfg)
    weights = init_weights(cfg.init, cfg.sizes, cfg.seed, cfg.bias)
    layers = ["Linear"] + ([_LAYERS[cfg.activation]] if cfg.activation in _LAYERS else [])
    optimizer = "Adam" if cfg.optimizer == "adam" else "SGD"
    imports = ["Tensor", optimizer, "Sequential", *layers]
    lines = _header(cfg, f"{cfg.optimizer} alpha {cfg.alpha:g}, seed {cfg.seed}",
                    "python THIS_FILE.py")
    embedded = cfg.dataset == "tutorial" or cfg.data is not None
    small_weights = sum(w.size for w in weights) <= 64
    blobs = embedded and max(data.x_train.size, data.y_train.size) > literal_limit
    lines += ["", *(["import base64", "import io"] if blobs else []), "import sys", "",
              "import numpy as np", "", f"from core import {', '.join(imports)}"]
    if not embedded:
        lines.append("from core.data import make_dataset")
    if not small_weights:
        lines.append("from core.init import init_weights")
    lines += ["", "# The data"]
    if cfg.data is not None:
        lines.append(f"# {cfg.data.summary()}; the training rows"
                     + (f" ({1 - cfg.test_fraction:.0%}, split with seed {cfg.data_seed})"
                        if len(data.x_test) else ""))
        lines += _embedded_data(data, literal_limit)
    elif cfg.dataset == "tutorial":
        lines += _embedded_data(data, literal_limit)
    else:
        lines += [f"dataset = make_dataset({cfg.dataset!r}, n_samples={cfg.effective_samples}, "
                  f"noise={cfg.noise!r}, test_fraction={cfg.test_fraction!r}, seed={cfg.data_seed})",
                  "x_train, y_train = dataset.x_train, dataset.y_train"]
    targets = _targets_code(cfg, data)
    if targets:
        lines.append(targets)
    minibatch = _minibatches(cfg, data)
    if not minibatch:
        lines += ["data = Tensor(x_train)", "target = Tensor(y_train)"]

    lines += ["", "# The network and its initial weights"]
    names = [f"weights_{i}_{i + 1}" for i in range(len(weights))]
    if small_weights:
        lines += [f"{n} = {_array(w)}" for n, w in zip(names, weights)]
    else:
        lines.append(f"weights = init_weights({cfg.init!r}, {cfg.sizes}, seed={cfg.seed}, bias={cfg.bias})")
        names = [f"weights[{i}]" for i in range(len(weights))]
    bias = "" if cfg.bias else ", bias=False"
    parts = []
    for i, (w, name) in enumerate(zip(weights, names)):
        parts.append(f"Linear({w.shape[0]}, {w.shape[1]}{bias}, weight={name})")
        if i < len(weights) - 1 and len(layers) > 1:
            parts.append(f"{layers[1]}()")
    one_line = f"model = Sequential([{', '.join(parts)}])"
    lines.append(one_line if len(one_line) <= 100
                 else "model = Sequential([\n    " + ",\n    ".join(parts) + ",\n])")
    if cfg.optimizer == "adam":
        lines.append(f"optim = Adam(model.get_parameters(), alpha={cfg.alpha!r})")
    else:
        momentum = ", momentum=0.9" if cfg.optimizer == "momentum" else ""
        lines.append(f"optim = SGD(parameters=model.get_parameters(), alpha={cfg.alpha!r}{momentum})")
    if minibatch:
        lines += _batch_setup(cfg)
    if edits:
        lines.append("params = model.get_parameters()  # W1, b1, W2, ...")

    lines += ["", f"steps = int(sys.argv[1]) if len(sys.argv) > 1 else {steps}", "for i in range(steps):"]
    lines += _edit_lines(edits, steps, lambda e: f"params[{_param_position(cfg, e)}].data"
                         f"[{', '.join(map(str, e.index))}] = {e.after!r}")
    if minibatch:
        lines += _next_batch("Tensor({})")
    lines.append("    pred = model.forward(data)")
    if cfg.loss == "cross_entropy":
        lines.append("    loss = pred.mean_cross_entropy(target)  # the book's cross_entropy sends N x this")
    else:
        lines.append("    loss = ((pred - target) * (pred - target)).sum(0)")
        if cfg.loss == "mse":
            lines.append("    loss = loss * (1.0 / len(pred.data))  # the mean over the batch")
    lines += ["    loss.backward(Tensor(np.ones_like(loss.data, dtype=float)))",
              "    optim.step()" if cfg.zero_grad
              else "    optim.step(zero=False)  # gradients are never zeroed: they pile up",
              "    print(float(loss.data.sum()))"]
    return "\n".join(lines).replace("{steps}", str(steps)) + "\n"


# ---------------------------------------------------------------------- PyTorch
def torch_script(cfg: ExperimentConfig, steps: int, literal_limit: int = LITERAL_LIMIT,
                 edits: Sequence[Edit] = ()) -> str:
    """The same experiment in PyTorch: torch.nn.Sequential, torch.optim, float64, the same initial
    weights and batch order (and ``edits``). Needs only numpy and torch."""
    data = _dataset(cfg)
    weights = init_weights(cfg.init, cfg.sizes, cfg.seed, cfg.bias)
    lines = _header(cfg, f"{cfg.optimizer} lr {cfg.alpha:g}, in PyTorch (float64)", "python THIS_FILE.py")
    big = max(data.x_train.size, data.y_train.size, *(w.size for w in weights)) > literal_limit
    lines += ["", *(["import base64", "import io"] if big else []), "import sys", "", "import numpy as np",
              "import torch", "", "torch.set_default_dtype(torch.float64)", "",
              "# The data: the training rows Gradient Playground trained on"]
    lines += _embedded_data(data, literal_limit)
    targets = _targets_code(cfg, data)
    if targets:
        lines.append(targets)
    lines += ["x_train = torch.from_numpy(x_train)", "y_train = torch.from_numpy(y_train)"]

    lines += ["", "# The network; weights as Gradient Playground drew them (inputs x units, so transposed)"]
    act = {"tanh": "torch.nn.Tanh()", "sigmoid": "torch.nn.Sigmoid()", "relu": "torch.nn.ReLU()"}
    parts = []
    for i, w in enumerate(weights):
        parts.append(f"torch.nn.Linear({w.shape[0]}, {w.shape[1]}, bias={cfg.bias})")
        if i < len(weights) - 1 and cfg.activation in act:
            parts.append(act[cfg.activation])
    lines.append("model = torch.nn.Sequential(\n    " + ",\n    ".join(parts) + ",\n)")
    lines.append("weights = [")
    lines += [f"    {_array(w, literal_limit)}," for w in weights]
    lines += ["]",
              "linears = [m for m in model if isinstance(m, torch.nn.Linear)]",
              "with torch.no_grad():",
              "    for layer, w in zip(linears, weights):",
              "        layer.weight.copy_(torch.from_numpy(w.T))"]
    if cfg.bias:
        lines.append("        layer.bias.zero_()")
    if cfg.optimizer == "adam":
        lines.append(f"optimizer = torch.optim.Adam(model.parameters(), lr={cfg.alpha!r}, "
                     "betas=(0.9, 0.999), eps=1e-8)")
    else:
        momentum = ", momentum=0.9" if cfg.optimizer == "momentum" else ""
        lines.append(f"optimizer = torch.optim.SGD(model.parameters(), lr={cfg.alpha!r}{momentum})")
    minibatch = _minibatches(cfg, data)
    if minibatch:
        lines += _batch_setup(cfg)
    lines += ["", f"steps = int(sys.argv[1]) if len(sys.argv) > 1 else {steps}", "for i in range(steps):"]
    edited = _edit_lines(edits, steps, _torch_setting)
    if edited:
        lines += ["    with torch.no_grad():", *("    " + line for line in edited)]
    if minibatch:
        lines += _next_batch()
    else:
        lines += ["    data, target = x_train, y_train"]
    if cfg.zero_grad:
        lines.append("    optimizer.zero_grad()")
    lines.append("    pred = model(data)")
    if cfg.loss == "cross_entropy":
        lines.append("    loss = torch.nn.functional.cross_entropy(pred, target)")
    elif cfg.loss == "mse":
        lines.append("    loss = ((pred - target) ** 2).sum() / len(data)")
    else:
        lines.append("    loss = ((pred - target) ** 2).sum()")
    lines += ["    loss.backward()", "    optimizer.step()", "    print(loss.item())"]
    return "\n".join(lines).replace("{steps}", str(steps)) + "\n"


def _torch_setting(e: Edit) -> str:
    """``e`` in PyTorch, whose weights are (units, inputs): the transpose of ours."""
    layer = int(e.name[1:]) - 1
    if e.name[0] == "W":
        return f"linears[{layer}].weight[{e.index[1]}, {e.index[0]}] = {e.after!r}"
    return f"linears[{layer}].bias[{e.index[0]}] = {e.after!r}"


def write_program(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path``; an OSError if it cannot. Never blocks: a FIFO (with or without
    a reader) or a device is refused, not written to."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o644)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, tr("it is not a regular file"), os.fspath(path))
        os.ftruncate(fd, 0)
        with os.fdopen(fd, "w", encoding="utf-8", closefd=False) as f:
            f.write(text)
    finally:
        os.close(fd)
