"""Data sets, generated in code from a seed, with a train/test split."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .messages import tr

__all__ = ["Dataset", "DATASETS", "make_dataset", "split_dataset"]


@dataclass(frozen=True)
class Dataset:
    """Inputs ``x`` (n, d) and targets; classification targets are class indices (n,)."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int  # 0 for regression

    @property
    def is_classification(self) -> bool:
        return self.n_classes > 0

    @property
    def n_inputs(self) -> int:
        return self.x_train.shape[1]


def _tutorial(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([[0], [1], [0], [1]], dtype=float)
    return x, y, 0


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    x = rng.uniform(-1, 1, (n, 2))
    x += np.sign(x) * 0.05  # keep a small margin around the axes
    y = (x[:, 0] * x[:, 1] > 0).astype(np.intp)
    return x + rng.normal(0, noise * 0.5, x.shape), y, 2


def _circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    half = n // 2
    r = np.concatenate([rng.uniform(0, 0.45, half), rng.uniform(0.65, 1.0, n - half)])
    a = rng.uniform(0, 2 * np.pi, n)
    x = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
    y = np.concatenate([np.zeros(half), np.ones(n - half)]).astype(np.intp)
    return x + rng.normal(0, noise * 0.5, x.shape), y, 2


def _spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    half = n // 2
    xs, ys = [], []
    for k, m in enumerate((half, n - half)):
        t = np.sqrt(rng.uniform(0, 1, m)) * 1.75 * 2 * np.pi
        r = t / (1.75 * 2 * np.pi)
        phase = k * np.pi
        xs.append(np.stack([r * np.cos(t + phase), r * np.sin(t + phase)], axis=1))
        ys.append(np.full(m, k, dtype=np.intp))
    x = np.concatenate(xs)
    return x + rng.normal(0, noise * 0.2, x.shape), np.concatenate(ys), 2


def _clusters(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    centres = np.array([[-0.5, -0.4], [0.5, -0.4], [0.0, 0.55]])
    y = np.arange(n) % 3
    x = centres[y] + rng.normal(0, 0.15 + noise * 0.5, (n, 2))
    return x, y.astype(np.intp), 3


def _moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    half = n // 2
    a = rng.uniform(0, np.pi, half)
    b = rng.uniform(0, np.pi, n - half)
    upper = np.stack([np.cos(a), np.sin(a)], axis=1)
    lower = np.stack([1 - np.cos(b), 0.5 - np.sin(b)], axis=1)
    x = (np.concatenate([upper, lower]) - [0.5, 0.25]) / 1.25
    y = np.concatenate([np.zeros(half), np.ones(n - half)]).astype(np.intp)
    return x + rng.normal(0, noise * 0.3, x.shape), y, 2


def _sine(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, int]:
    x = rng.uniform(-1, 1, (n, 1))
    y = np.sin(np.pi * x) + rng.normal(0, noise * 0.3, x.shape)
    return x, y, 0


#: name -> (label, generator)
DATASETS: dict[str, tuple[str, Callable[..., tuple[np.ndarray, np.ndarray, int]]]] = {
    "tutorial": (tr("Tutorial (4 samples)"), _tutorial),
    "xor": ("XOR", _xor),
    "circle": (tr("Circle"), _circle),
    "spiral": (tr("Two spirals"), _spiral),
    "clusters": (tr("Gaussian clusters (3 classes)"), _clusters),
    "moons": (tr("Moons"), _moons),
    "sine": (tr("Sine (1-D regression)"), _sine),
}


def make_dataset(name: str, n_samples: int, noise: float, test_fraction: float, seed: int) -> Dataset:
    """Generate ``name`` from ``seed``; ``test_fraction`` of it (shuffled) is held out."""
    label, gen = DATASETS[name]
    rng = np.random.default_rng(seed)
    x, y, n_classes = gen(n_samples, noise, rng)
    return split_dataset(name, x, y, n_classes, test_fraction, rng)


def split_dataset(name: str, x: np.ndarray, y: np.ndarray, n_classes: int, test_fraction: float,
                  rng: np.random.Generator | int) -> Dataset:
    """``x``, ``y`` with ``test_fraction`` of the rows (a permutation drawn from ``rng``, or a
    generator seeded with it) held out as the test part."""
    n = len(x)
    n_test = int(round(n * test_fraction)) if n > 4 else 0
    if n_test == 0:
        return Dataset(name, x, y, x[:0], y[:0], n_classes)
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, x[train], y[train], x[test], y[test], n_classes)
