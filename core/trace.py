"""A recorded training step: the graph, the backward pass in the engine's own order, the update.

These frozen records are what :meth:`core.session.Session.trace_step` returns and what the
window's Backprop panel walks through. Every array is a private copy, so a trace may cross
threads. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .messages import tr

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
    # the Linear layer (1-based) whose forward made it, where there is one; an activation counts with
    # the Linear before it (hidden layer i is Linear i and its activation); the loss's nodes: None
    layer: int | None = None
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
    """The first operation of the step whose output was not finite.

    forward: ``node`` is the operation's node, its value is not finite (a leaf: a parameter that
    was not finite before the step). backward: ``node`` is the node receiving the gradient,
    ``source`` the node whose backward sent it, ``op`` and ``layer`` are the source's (the
    operation whose backward produced it) and ``event`` its index in ``StepTrace.events``; with
    ``source`` None, the contributions were finite but their sum in ``node`` (a parameter) was
    not. update: the optimizer's step made parameter ``node`` non-finite.
    """

    node: int  # id of the node whose value (forward) or gradient (backward) was not finite
    op: str | None
    phase: str  # "forward", "backward" or "update"
    layer: int | None  # the layer it belongs to, where known
    kind: str  # "NaN" or "infinite"
    source: int | None = None  # backward: the node whose backward sent the gradient
    event: int | None = None  # backward: the index of that contribution in StepTrace.events
    name: str = ""  # the node's name where it has one ("W1", "loss", ...)

    def describe(self) -> str:
        """Where, in words (a :func:`~core.messages.tr` message, op and parameter names kept):
        "layer 2, backward of mm", "the loss, forward of sum_0", ..."""
        if self.op is not None:
            where = tr("the loss") if self.layer is None else tr("layer {layer}", layer=self.layer)
            if self.phase == "forward":
                return tr("{where}, forward of {op}", where=where, op=self.op)
            if self.phase == "backward":
                return tr("{where}, backward of {op}", where=where, op=self.op)
            return tr("{where}, {phase} of {op}", where=where, phase=self.phase, op=self.op)
        if self.phase == "forward":
            what = (tr("{name} (already NaN before this step)", name=self.name or tr("an input"))
                    if self.kind == "NaN" else
                    tr("{name} (already infinite before this step)", name=self.name or tr("an input")))
        elif self.phase == "backward":
            what = tr("the sum of d{name}'s gradients", name=self.name)
        else:
            what = tr("the update of {name}", name=self.name)
        return what if self.layer is None else tr("layer {layer}, {what}", layer=self.layer, what=what)


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

