""""What if": one cell of a weight or bias set by hand between two steps. No Qt.

As TensorFlow Playground lets a class change a link's weight, a paused run can take a new value
for one entry of ``W`` or ``b`` (:meth:`core.session.Session.set_entry`); the next step starts
from it. Every edit is kept in the run's history as an :class:`Edit` (at which step, which cell,
from what to what), so a saved experiment and a resumed run remember it.

A value must be a finite number of size at most :data:`EDIT_LIMIT`: a weight of 10³⁰⁰ would only
overflow at the next step. :func:`parse_value` reads what a user typed and says what is wrong
with it (a :class:`core.messages.Message`, so the window can translate it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .messages import tr
from .problems import quote

__all__ = ["EDIT_LIMIT", "Edit", "EditError", "parse_value", "check_value", "cell_name"]

EDIT_LIMIT = 1e6  # the largest |value| an edit may give a weight or bias


class EditError(ValueError):
    """An edit refused; ``message`` says why (a :class:`core.messages.Message`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cell_name(name: str, index: tuple[int, ...]) -> str:
    """"W1[0,1]" for a weight's (row, column), "b1[2]" for a bias's unit."""
    return f"{name}[{','.join(str(i) for i in index)}]"


@dataclass(frozen=True)
class Edit:
    """After step ``step``, ``name[index]`` was set by hand from ``before`` to ``after``."""

    step: int
    name: str  # "W1", "b2", ...
    index: tuple[int, ...]  # (row, column) of a weight, (unit,) of a bias
    before: float
    after: float

    @property
    def cell(self) -> str:
        return cell_name(self.name, self.index)

    def __str__(self) -> str:
        """"W1[0,1] = 0.5"."""
        return f"{self.cell} = {self.after:.6g}"


_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: " ", 0x3002: "."}


def typed(v: float) -> str:
    """``v`` as short as it reads back exactly: 1000000.4, 1e+300, -2000000 (not 1e+06)."""
    text = repr(v)
    return text[:-2] if text.endswith(".0") else text


def check_value(value: Any) -> float:
    """``value`` as a float, if an edit may set it; else :class:`EditError` saying why."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EditError(tr("{text} is not a number", text=quote(value)))
    v = float(value)
    if math.isnan(v):
        raise EditError(tr("NaN is not a number: type a finite number"))
    if math.isinf(v):
        raise EditError(tr("an infinite value would break the next step: type a finite number"))
    if abs(v) > EDIT_LIMIT:
        raise EditError(tr("{value} is too large: a weight or bias can be at most {limit:,.0f} in size",
                           value=typed(v), limit=EDIT_LIMIT))
    return v


def parse_value(text: str) -> float:
    """The number typed in ``text`` ("0.5", "-1e-3", "−2" with a true minus), if an edit may set
    it; else :class:`EditError` saying what is wrong (empty, not a number, NaN, too large)."""
    # (full-width forms, as a Chinese input method types them: "－０．５" and "0。5" are -0.5 and
    # 0.5; only those: NFKC would also read the superscript in "2²" as a digit, 22)
    s = text.translate(_FULL_WIDTH).strip().replace("−", "-")
    if not s:
        raise EditError(tr("type a number"))
    try:
        v = float(s)
    except ValueError:
        raise EditError(tr("{text} is not a number", text=quote(text.strip()))) from None
    return check_value(v)
