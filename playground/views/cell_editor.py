"""What if: double-click a cell of W or b in the matrix panel to type a new value.

As TensorFlow Playground lets a class change a link's weight: while training is paused, a
double-click on a weight or bias cell (or Enter / F2 on the cell under the pointer) opens a line
edit over the cell with its value selected. Enter applies (the training thread sets the cell
between two steps; the next Step starts from it), Esc cancels. A value no edit takes (text,
"nan", "1e300", nothing) is refused in place: the editor stays open, red, with the reason under
it, and nothing is applied. Looking back at an earlier step, the edit means "resume from there
with this change" (the later steps become a ghost in the loss plot).

A cell that cannot be edited (a gradient, while training runs, during a walk through a step, a
diverged run) says why in the panel's read-out instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetricsF, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from core.edits import EditError, cell_name, parse_value

from .. import i18n
from .loss_plot import LABEL_PT, projector_font

if TYPE_CHECKING:
    from ..run_model import RunModel
    from .matrices import MatrixPanel

__all__ = ["CellEditor"]

REFUSED_COLOR = "#c62828"
_EDITOR_STYLE = "QLineEdit { border: 2px solid #0072b2; background: white; padding: 1px 4px; }"
_REFUSED_STYLE = (f"QLineEdit {{ border: 2px solid {REFUSED_COLOR}; background: #ffebee; "
                  f"color: {REFUSED_COLOR}; padding: 1px 4px; }}")
_REASON_STYLE = (f"QLabel {{ background: #ffebee; color: {REFUSED_COLOR}; border: 1px solid {REFUSED_COLOR}; "
                 "border-radius: 3px; padding: 2px 6px; }")
_CAPTION_STYLE = ("QLabel { background: white; color: #1a1a1a; border: 1px solid #0072b2; "
                  "border-radius: 3px; padding: 2px 6px; }")
_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
_CLOSE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class _LineEdit(QLineEdit):
    """The editor's line edit: Enter applies, Esc cancels (before any window shortcut sees
    them), leaving it applies too (unless the window merely lost focus)."""

    applied = Signal()
    cancelled = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() in _CLOSE_KEYS:
            event.accept()  # ours, not the window's (Esc leaves presentation mode there)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.applied.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.applied.emit()


class CellEditor(QObject):
    """The in-place editor of one :class:`~playground.views.matrices.MatrixPanel`, steering the
    run through its :class:`~playground.run_model.RunModel` (GUI thread only)."""

    def __init__(self, panel: MatrixPanel, model: RunModel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.model = model
        self.line = _LineEdit(panel)
        self.line.setObjectName("cellEditor")
        self.line.hide()
        self.reason = QLabel(panel)
        self.reason.setObjectName("cellEditReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(_REASON_STYLE)
        self.reason.hide()
        self.cell: tuple[str, tuple[int, ...]] | None = None  # (parameter, index) being edited
        self._key: tuple[str, int, int] | None = None  # (heatmap, row, column) under the editor
        self._step: int | None = None  # the step whose value is edited
        self._initial = ""
        self._problem: str | None = None  # the refusal shown (a core message or a text)
        self._small = False  # the cell is much smaller than the editor over it (a big net's heatmap)
        self.line.applied.connect(self.apply)
        self.line.cancelled.connect(self.close)
        self.line.textEdited.connect(self._on_typed)
        panel.graphics.installEventFilter(self)  # keys (the panel passes on the viewport's double-clicks)
        panel.view.sigResized.connect(self._place)  # (after the panel's own relayout)
        panel.scroll.verticalScrollBar().valueChanged.connect(self._place)
        panel.scroll.horizontalScrollBar().valueChanged.connect(self._place)
        model.runningChanged.connect(lambda running: running and self.close())
        model.snapshotChanged.connect(self._on_step)
        model.shownChanged.connect(self._on_step)
        model.cleared.connect(self.close)
        model.truncated.connect(lambda _k: self.close())

    # ------------------------------------------------------------------ state
    @property
    def is_open(self) -> bool:
        return self.cell is not None

    def refusal(self, key: str) -> str | None:
        """Why the heatmap ``key``'s cells cannot be edited now (None: they can)."""
        panel, model = self.panel, self.model
        heat = panel._heats.get(key)
        if heat is None:
            return None
        if heat.grad:
            return self.tr("{grad} is the gradient backprop computed, not a setting: double-click a "
                           "cell of {param} to change that instead").format(grad=key, param=heat.param)
        if not model.can_edit:
            return self.tr("Weights can be changed only in the main window")
        if model.running:
            return self.tr("Pause first (Space): a weight or bias can be changed only between steps")
        shown = model.shown_snapshot
        if (shown is None or (model.live and model.holding) or (not model.live and model.looked_back is None)
                or shown.step != panel._step):
            if model.live:
                return self.tr("Finish the walk through this step first (Step): a weight or bias can be "
                               "changed only between steps")
            return self.tr("The step shown is still on its way: try again in a moment")
        if shown.diverged:
            return self.tr("The run has diverged: press Reset, or go back to an earlier step on the "
                           "timeline and change it there")
        return None

    # ------------------------------------------------------------------ opening
    def open_at(self, x: float, y: float) -> bool:
        """Open the editor on the cell at view coordinates (x, y); if that cell cannot be
        edited, say why in the read-out. True if the editor opened."""
        found = self.panel._cell_at(x, y)
        if found is None:
            return False
        heat, row, col = found
        problem = self.refusal(heat.key)
        if problem is not None:
            self.close()
            self.panel.show_note(problem)
            return False
        return self.open(heat.key, row, col)

    def open(self, key: str, row: int, col: int) -> bool:
        """Open the editor on cell (row, col) of the value heatmap ``key`` ("W1", "b1")."""
        panel = self.panel
        heat = panel._heats.get(key)
        param = panel._params.get(key)
        if heat is None or heat.grad or param is None or not (0 <= row < heat.rows and 0 <= col < heat.cols):
            return False
        if self.refusal(key) is not None:
            return False
        index = (col,) if param.data.ndim == 1 else (row, col)
        value = float(param.data.reshape(heat.rows, heat.cols)[row, col])
        self.cell = (param.name, index)
        self._key = (key, row, col)
        self._step = panel._step
        self._initial = f"{value:.6g}"
        self._problem = None
        self.line.setFont(self._font())
        self.line.setStyleSheet(_EDITOR_STYLE)
        self.line.setText(self._initial)
        self.line.setToolTip(self._tip())
        self.reason.hide()
        self.line.show()
        self.line.raise_()
        self._place()
        self._show_caption()
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)
        self.line.selectAll()
        app = QApplication.instance()
        if app is not None:  # a click elsewhere (Step, Start, another cell) applies it first
            app.installEventFilter(self)
        return True

    def _font(self) -> QFont:
        """The cells' numbers' size (when the cells print them), else the read-out's."""
        font = projector_font(LABEL_PT)
        px = self.panel.cell_text_px()
        if px > QFontMetricsF(font).height() * 0.8:
            font.setPixelSize(int(px))
        return font

    def _tip(self) -> str:
        assert self.cell is not None
        name = cell_name(*self.cell)
        if self.model.live:
            return self.tr("New value of {cell}: Enter applies it (the next step starts from it), Esc "
                           "cancels").format(cell=name)
        return self.tr("New value of {cell} at step {step:,}: Enter goes back to that step with it (the "
                       "later steps stay as a ghost), Esc cancels").format(cell=name, step=self._step)

    # ------------------------------------------------------------------ applying
    def apply(self) -> bool:
        """Apply what is typed (True), or refuse it in place, saying why (False)."""
        if self.cell is None:
            return False
        text = self.line.text()
        try:
            value = parse_value(text)
        except EditError as e:
            self._refuse(e.message)
            return False
        if text.strip() == self._initial:  # nothing changed: nothing to apply
            self.close()
            return True
        assert self._key is not None
        problem = self.refusal(self._key[0])
        if problem is not None:
            self._refuse(problem)
            return False
        name, index = self.cell
        self.close()
        self.model.set_entry(name, index, value)
        return True

    def _refuse(self, problem: str) -> None:
        self._problem = problem
        self.line.setStyleSheet(_REFUSED_STYLE)
        self._show_caption()

    def _show_caption(self) -> None:
        """Under the editor: why the value was refused (red); or, when the cell is too small to
        see which one is edited, its name and the keys; else nothing."""
        if self.cell is None:
            return
        if self._problem is not None:
            text = self.tr("Not applied: {reason}").format(reason=i18n.text(self._problem))
            style = _REASON_STYLE
        elif self._small:
            text = (self.tr("{cell}: Enter applies, Esc cancels") if self.model.live else
                    self.tr("{cell} at step {step:,}: Enter goes back there with it, Esc cancels")).format(
                cell=cell_name(*self.cell), step=self._step)
            style = _CAPTION_STYLE
        else:
            self.reason.hide()
            return
        self.reason.setFont(projector_font(LABEL_PT))
        self.reason.setStyleSheet(style)
        self.reason.setText(text)
        self.reason.show()
        self.reason.raise_()
        self._place()

    def _on_typed(self, _text: str) -> None:
        if self._problem is not None:  # typing again: no longer red until Enter says otherwise
            self._problem = None
            self.line.setStyleSheet(_EDITOR_STYLE)
            self._show_caption()

    def close(self) -> None:
        """Close the editor, applying nothing."""
        if self.cell is None:
            return
        self.cell = self._key = self._step = None
        self._problem = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        had_focus = self.line.hasFocus()
        self.line.hide()
        self.reason.hide()
        if had_focus:
            self.panel.graphics.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_step(self, _snapshot: object) -> None:
        """A new step, or another step shown: the value edited is no longer the one shown."""
        if self.cell is not None and self.panel._step != self._step:
            self.close()

    def retranslate(self) -> None:
        if self.cell is not None:
            self.line.setToolTip(self._tip())
            self._show_caption()

    # ------------------------------------------------------------------ placing
    def _cell_rect(self) -> QRectF | None:
        """The edited cell's rectangle in the panel's pixels."""
        if self._key is None:
            return None
        key, row, col = self._key
        panel = self.panel
        heat = panel._heats.get(key)
        if heat is None:
            return None
        scene = panel.view.mapViewToScene(QRectF(heat.x + col, heat.y + row, 1, 1)).boundingRect()
        view = panel.graphics.mapFromScene(scene).boundingRect()
        top_left = panel.graphics.mapTo(panel, view.topLeft())
        return QRectF(QPointF(top_left), QPointF(top_left + QPoint(view.width(), view.height())))

    def _place(self) -> None:
        rect = self._cell_rect()
        if rect is None:
            return
        panel, line = self.panel, self.line
        fm = line.fontMetrics()
        w = max(rect.width(), fm.horizontalAdvance("−0.0000000") + 16)
        h = max(rect.height(), fm.height() + 10)
        x = min(max(0.0, rect.center().x() - w / 2), max(0.0, panel.width() - w))
        y = min(max(0.0, rect.center().y() - h / 2), max(0.0, panel.height() - h))
        line.setGeometry(int(x), int(y), int(w), int(h))
        self._small = rect.width() < 0.5 * w or rect.height() < 0.5 * h
        if self.reason.isVisible():
            width = min(max(int(w), 360), panel.width() - 8)
            height = self.reason.heightForWidth(width)
            if height <= 0:
                height = self.reason.sizeHint().height()
            rx = min(max(4, int(x + w / 2 - width / 2)), max(4, panel.width() - width - 4))
            below = int(y + h + 2)
            ry = below if below + height <= panel.height() else max(0, int(y) - height - 2)
            self.reason.setGeometry(rx, ry, width, height)

    # ------------------------------------------------------------------ events
    def double_clicked(self, event: QMouseEvent) -> bool:
        """A double-click on the matrices' viewport: open the editor on the cell under it."""
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        panel = self.panel
        p = panel.view.mapSceneToView(panel.graphics.mapToScene(event.position().toPoint()))
        return self.open_at(p.x(), p.y())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Enter or F2 on the matrices (focused): edit the cell under the pointer. While the
        editor is open (it watches the whole application then), a press elsewhere applies what
        is typed before the press does anything (a button clicked, such as Step, comes after)."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress and obj is self.panel.graphics and event.key() in _OPEN_KEYS:
            hover = self.panel._hover
            return hover is not None and self.open_at(*hover)
        if kind == QEvent.Type.MouseButtonPress and self.cell is not None and isinstance(obj, QWidget):
            if not self.line.isVisible():  # its window was closed or hidden meanwhile
                self.close()
            elif (obj is not self.line and not self.line.isAncestorOf(obj)
                  and QApplication.activePopupWidget() is None):
                self.apply()
        return False
