"""A recorded training step: the graph, the backward pass in the engine's own order, the update.

These frozen records are what :meth:`core.session.Session.trace_step` returns and what the
window's Backprop panel walks through. Every array is a private copy, so a trace may cross
threads. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TraceNode", "TraceEvent", "ParamUpdate", "NonFinite", "StepTrace"]


@dataclass(frozen=True)
class TraceNode:
    """One tensor of the step's graph."""

    id: int
    op: str | None  # its creation_op ("mm", "expand_0", "add", "sub", "mul", "sum_0", ...); None: a leaf
    creators: tuple[int, ...]  # ids of the tensors it was made from
    name: str  # "W1", "b1", ..., "x", "target", "loss"; "" otherwise
    value: np.ndarray  # its forward value
    grad: np.ndarray | None  # what it holds after this step's backward; None if it needs none
    grad_before: np.ndarray | None  # what it held before this step's backward (None or zeros when zeroed)
    layer: int | None = None  # the Linear layer (1-based) whose forward made it, where there is one
    expression: str = ""  # the tutorial's code that made it, e.g. "input.mm(self.weight)", where known


@dataclass(frozen=True)
class TraceEvent:
    """One gradient contribution, in the order the engine's backward sent it."""

    target: int  # id of the node receiving the gradient
    source: int | None  # id of the node whose backward sent it; None: the seed gradient of the loss
    grad: np.ndarray  # the contribution


@dataclass(frozen=True)
class ParamUpdate:
    """What the optimizer did to one parameter in this step."""

    name: str  # "W1", "b1", ...
    node: int  # id of the parameter's TraceNode
    before: np.ndarray
    delta: np.ndarray  # the step actually applied: after = before + delta (SGD: delta = -alpha * grad)
    after: np.ndarray


@dataclass(frozen=True)
class NonFinite:
    """The first operation of the step whose output was not finite."""

    node: int  # id of the node whose value (forward) or gradient (backward) was not finite
    op: str | None
    phase: str  # "forward" or "backward"
    layer: int | None  # the layer it belongs to, where known
    kind: str  # "NaN" or "infinite"


@dataclass(frozen=True)
class StepTrace:
    """One training step, recorded."""

    step: int  # the step's number (1 for the first step)
    loss: float  # what Session.step() returns for it
    alpha: float
    nodes: tuple[TraceNode, ...]  # in creation order
    events: tuple[TraceEvent, ...]  # the backward pass, in the engine's order
    updates: tuple[ParamUpdate, ...]  # one per parameter, in W1, b1, W2, ... order
    zero_grad: bool  # gradients were zeroed before this step's backward
    optimizer: str  # "sgd", "momentum" or "adam"
    nonfinite: NonFinite | None = None

    def node(self, node_id: int) -> TraceNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)
