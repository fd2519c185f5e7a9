"""Gradient Playground's engine: autograd, layers, optimizers and the training session.

numpy only: nothing here imports Qt or ``playground``.
"""

from .gradcheck import GradCheckResult, check_gradients, numerical_grad
from .nn import (
    CrossEntropyLoss,
    Embedding,
    Layer,
    Linear,
    MSELoss,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
)
from .optim import SGD, Adam
from .tensor import Tensor, is_grad_enabled, no_grad, sum_to

__all__ = [
    "Tensor", "no_grad", "is_grad_enabled", "sum_to",
    "Layer", "Linear", "Sequential", "Tanh", "Sigmoid", "ReLU", "Embedding",
    "MSELoss", "CrossEntropyLoss", "SGD", "Adam",
    "check_gradients", "numerical_grad", "GradCheckResult",
]
