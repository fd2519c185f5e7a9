"""Weight initialisation schemes. Every scheme draws from an explicit seed.

``tutorial`` and ``book`` replay numpy's legacy generator in the exact order the
tutorial's program (and the book's) consumes it: each ``Tensor`` it creates draws
an id with ``np.random.randint(0, 100000)``, so the data/target tensors made before
the model (four in the tutorial, two in the book) and each layer's weight and bias
tensors shift the stream the weights are drawn from.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .messages import tr

__all__ = ["SCHEMES", "init_weights"]

#: name -> (label, short explanation shown in the app); Messages, so the app can translate them
SCHEMES: dict[str, tuple[str, str]] = {
    "he": (tr("He (√(2/n_in))"), tr("randn · √(2/n_in): keeps activations' scale through ReLU layers")),
    "xavier": (tr("Xavier/Glorot"), tr("randn · √(2/(n_in+n_out)): keeps scale through tanh/sigmoid")),
    "small": (tr("Small (σ = 0.01)"), tr("randn · 0.01: signals and gradients shrink layer by layer")),
    "large": (tr("Large (σ = 1)"), tr("randn · 1: signals and gradients grow layer by layer")),
    "zeros": (tr("All zeros"), tr("every unit identical: symmetry is never broken")),
    "tutorial": (tr("He, tutorial's draws"), tr("He init drawn exactly as the tutorial's program draws it")),
    "book": (tr("He, book's draws"), tr("He init drawn exactly as the book's ch. 13 program draws it")),
}

# Tensors each program creates (each drawing an id) before it builds the model.
_LEGACY_DRAWS_BEFORE_MODEL = {"tutorial": 4, "book": 2}


def init_weights(scheme: str, sizes: Sequence[int], seed: int, bias: bool = True) -> list[np.ndarray]:
    """Weight matrices for layers ``sizes[0] -> sizes[1] -> ...`` from ``seed``."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown init scheme {scheme!r}")
    pairs = list(zip(sizes[:-1], sizes[1:]))
    if scheme in _LEGACY_DRAWS_BEFORE_MODEL:
        rs = np.random.RandomState(seed)
        for _ in range(_LEGACY_DRAWS_BEFORE_MODEL[scheme]):
            rs.randint(0, 100000)
        weights = []
        for n_in, n_out in pairs:
            weights.append(rs.randn(n_in, n_out) * np.sqrt(2.0 / n_in))
            rs.randint(0, 100000)  # the weight tensor's id
            if bias:
                rs.randint(0, 100000)  # the bias tensor's id
        return weights
    rng = np.random.default_rng(seed)
    out = []
    for n_in, n_out in pairs:
        z = rng.standard_normal((n_in, n_out))
        if scheme == "he":
            out.append(z * np.sqrt(2.0 / n_in))
        elif scheme == "xavier":
            out.append(z * np.sqrt(2.0 / (n_in + n_out)))
        elif scheme == "small":
            out.append(z * 0.01)
        elif scheme == "large":
            out.append(z)
        else:
            out.append(np.zeros((n_in, n_out)))
    return out
