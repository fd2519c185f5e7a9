"""Layers in the style of the tutorial and *Grokking Deep Learning* ch. 13."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .tensor import Tensor

__all__ = ["Layer", "Linear", "Sequential", "Tanh", "Sigmoid", "ReLU", "Embedding",
           "MSELoss", "CrossEntropyLoss"]


class Layer:
    """Base class: a layer owns a list of parameters."""

    def __init__(self) -> None:
        self.parameters: list[Tensor] = []

    def get_parameters(self) -> list[Tensor]:
        return self.parameters

    def forward(self, input: Tensor) -> Tensor:  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(self, *args: Tensor) -> Tensor:
        return self.forward(*args)


class Linear(Layer):
    """``y = x W + b``. He initialisation, zero bias.

    Without ``weight`` the weights are drawn as the tutorial draws them,
    ``randn(n_inputs, n_outputs) * sqrt(2 / n_inputs)`` from numpy's global
    generator (so ``np.random.seed`` makes a tutorial program repeatable). The
    session always passes weights it drew from an explicit seed instead.

    ``expand=True`` builds the tutorial's graph, ``input.mm(self.weight) +
    self.bias.expand(0, len(input.data))`` (ops mm, expand_0, add); the default adds the
    bias by broadcasting (mm, add), which is faster. Both give the same numbers, bit for bit.
    """

    def __init__(self, n_inputs: int, n_outputs: int, bias: bool = True,
                 weight: np.ndarray | None = None, expand: bool = False) -> None:
        super().__init__()
        self.expand = expand
        if weight is None:
            weight = np.random.randn(n_inputs, n_outputs) * np.sqrt(2.0 / n_inputs)
        elif weight.shape != (n_inputs, n_outputs):
            raise ValueError(f"weight has shape {weight.shape}, expected {(n_inputs, n_outputs)}")
        self.weight = Tensor(weight, autograd=True)
        self.parameters.append(self.weight)
        self.bias: Tensor | None = None
        if bias:
            self.bias = Tensor(np.zeros(n_outputs), autograd=True)
            self.parameters.append(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        if self.bias is None:
            return input.mm(self.weight)
        if self.expand:
            return input.mm(self.weight) + self.bias.expand(0, len(input.data))
        return input.mm(self.weight) + self.bias  # broadcast over the batch


class Sequential(Layer):
    """Layers applied one after another."""

    def __init__(self, layers: Iterable[Layer] | None = None) -> None:
        super().__init__()
        self.layers: list[Layer] = list(layers) if layers is not None else []

    def add(self, layer: Layer) -> None:
        self.layers.append(layer)

    def forward(self, input: Tensor) -> Tensor:
        for layer in self.layers:
            input = layer.forward(input)
        return input

    def get_parameters(self) -> list[Tensor]:
        params: list[Tensor] = []
        for layer in self.layers:
            params += layer.get_parameters()
        return params


# (an activation's ``out``: an array of its input's shape to hold its output; see Tensor.tanh)
class Tanh(Layer):
    def forward(self, input: Tensor, out: np.ndarray | None = None) -> Tensor:
        return input.tanh(out)


class Sigmoid(Layer):
    def forward(self, input: Tensor, out: np.ndarray | None = None) -> Tensor:
        return input.sigmoid(out)


class ReLU(Layer):
    def forward(self, input: Tensor, out: np.ndarray | None = None) -> Tensor:
        return input.relu(out)


class Embedding(Layer):
    """A lookup table of ``vocab_size`` vectors, initialised as in the book."""

    def __init__(self, vocab_size: int, dim: int) -> None:
        super().__init__()
        self.vocab_size = vocab_size
        self.dim = dim
        self.weight = Tensor((np.random.rand(vocab_size, dim) - 0.5) / dim, autograd=True)
        self.parameters.append(self.weight)

    def forward(self, input: Tensor) -> Tensor:
        return self.weight.index_select(input)


class MSELoss(Layer):
    """The tutorial's loss: ``((pred - target) * (pred - target)).sum(0)``."""

    def forward(self, pred: Tensor, target: Tensor) -> Tensor:
        return ((pred - target) * (pred - target)).sum(0)


class CrossEntropyLoss(Layer):
    """The book's: :meth:`Tensor.cross_entropy`, the mean loss, backpropagated as
    ``softmax - target`` (N times the mean's gradient, as the book does)."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        return input.cross_entropy(target)
