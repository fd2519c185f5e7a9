"""Flags: a layer's heatmap titles and gradient bar marked while a health check holds for it.

A snapshot's ``flags`` (:attr:`core.session.Snapshot.flags`) say which checks hold after its
step, per layer: a check holds from the finding it raised until it clears, so looking back at a
step shows that step's flags. Whole-net checks (the loss) flag no layer. These helpers word and
colour a layer's flag the same way in the matrix panel and the gradient bars.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from core.health import CHECK_RULES

from .. import i18n
from .loss_plot import Look

__all__ = ["FLAG_SIGN", "flag_color", "checks_of", "flag_label", "flag_tooltip"]

FLAG_SIGN = "⚠"
_COLOR = "#c00000"  # a strong red, bold: readable from the back of a room
_CONTRAST_COLOR = "#a00000"  # the projector theme: darker still on a washed-out screen

Flags = Sequence[tuple[str, int]]


def check_name(check: str) -> str:
    """The check's name as the Health panel words it (imported late: that module imports the
    gradient bars, which import this one)."""
    from .health import check_name as name

    return name(check)


def flag_color() -> str:
    return _CONTRAST_COLOR if Look.contrast else _COLOR


def checks_of(flags: Flags, layer: int) -> list[str]:
    """The checks that hold for ``layer`` (in the order the flags list them)."""
    return [check for check, at in flags if at == layer]


def flag_label(checks: Sequence[str], short: bool = False) -> str:
    """"⚠ vanishing", "⚠ vanishing +2" (two more checks hold), or just "⚠" (``short``); "" if
    none holds."""
    if not checks:
        return ""
    if short:
        return FLAG_SIGN
    more = f" +{len(checks) - 1}" if len(checks) > 1 else ""
    return f"{FLAG_SIGN} {check_name(checks[0])}{more}"


def check_rule(check: str) -> str:
    """What ``check`` means, in the current language (core.health's words, translated)."""
    template, args = CHECK_RULES.get(check, (check, {}))
    return QCoreApplication.translate(i18n.CORE_CONTEXT, template).format(**args)


def flag_tooltip(checks: Sequence[str], layer: int) -> str:
    """One line per check that holds for ``layer``: its name and what it means."""
    if not checks:
        return ""
    head = QCoreApplication.translate("Flags", "Layer {layer}: these health checks hold at this step "
                                               "(see the Health panel's findings)").format(layer=layer)
    lines = [QCoreApplication.translate("Flags", "{sign} {check}: {rule}").format(
        sign=FLAG_SIGN, check=check_name(c), rule=check_rule(c)) for c in checks]
    return "\n".join([head, *lines])
