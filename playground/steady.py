"""Labels for numbers that change at every frame (the step, the loss, the steps recorded).

A ``QLabel`` given a new text asks its layout to lay itself out again, and every layout above it
does the same, up to the main window's: measured while training, each frame re-laid out the
window and repainted most of it (3 million pixels a frame at 1600 x 1000), for a changed step
number. Qt stops that climb at a widget whose size is fixed, so:

* :class:`SteadyLabel` is a ``QLabel`` whose size is fixed: it keeps its size while new texts
  fit in it and grows (once) when one does not; :meth:`~SteadyLabel.hold_width` sets the width
  it keeps, and a new font fits it to its text again.
* :class:`LiveText` draws its text itself, wrapped to its width (it sits where a fixed width
  would widen the panel): a new text repaints it alone, and asks for a new layout only when the
  text needs another number of lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["SteadyLabel", "LiveText"]

_REFIT_EVENTS = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class SteadyLabel(QLabel):
    """A one-line ``QLabel`` of fixed size that grows when its text needs more room."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._width = 0  # the width asked for (hold_width)
        self.gap = 0  # room kept after the text (a style sheet overrides contents margins)
        self._held = QSize(-1, -1)
        self._hold()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text != self.text():
            super().setText(text)
            self._hold(grow_only=True)

    def hold_width(self, width: int) -> None:
        """Keep at least ``width`` pixels (more if the text needs them)."""
        self._width = int(width)
        self._hold()

    def _need(self) -> QSize:
        """The text's size (QLabel's size hint is never under its minimum size, the size held)."""
        m = self.contentsMargins()
        fm = QFontMetrics(self.font())
        rect = fm.boundingRect(QRect(0, 0, 1 << 20, 1 << 20), int(self.alignment()), self.text())
        extra = 2 * self.margin()
        return QSize(max(rect.width(), fm.horizontalAdvance(self.text())) + m.left() + m.right() + extra
                     + self.gap,
                     max(rect.height(), fm.height()) + m.top() + m.bottom() + extra)

    def _hold(self, grow_only: bool = False) -> None:
        need = self._need()
        width = max(self._width, need.width())
        if grow_only:
            width = max(width, self._held.width())
        size = QSize(width, need.height())
        if size != self._held:
            self._held = size
            self.setFixedSize(size)

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() in _REFIT_EVENTS:
            self._hold()
        return done


class LiveText(QWidget):
    """Text drawn by the widget itself, wrapped to its width, left-aligned: ``setText`` repaints
    it, and lays it out again only when the new text needs another number of lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._lines = 1
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if text != self._text:
            self._text = text
            self._check_lines()
            self.update()

    def _lines_at(self, width: int) -> int:
        m = self.contentsMargins()
        inner = max(1, width - m.left() - m.right())
        fm = QFontMetrics(self.font())
        rect = fm.boundingRect(QRect(0, 0, inner, 1 << 20), Qt.TextFlag.TextWordWrap, self._text)
        return max(1, -(-rect.height() // max(1, fm.lineSpacing())))

    def _check_lines(self) -> None:
        lines = self._lines_at(self.width())
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()

    def _margins(self) -> tuple[int, int]:
        m = self.contentsMargins()
        return m.left() + m.right(), m.top() + m.bottom()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._lines_at(width) * QFontMetrics(self.font()).lineSpacing() + self._margins()[1]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        fm = QFontMetrics(self.font())
        dx, dy = self._margins()
        return QSize(fm.horizontalAdvance(self._text) + dx, fm.lineSpacing() + dy)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(1, QFontMetrics(self.font()).lineSpacing() + self._margins()[1])

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._check_lines()

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() in _REFIT_EVENTS:
            self._lines = self._lines_at(self.width())
            self.updateGeometry()
        return done

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            painter.setFont(self.font())
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                                      | Qt.TextFlag.TextWordWrap), self._text)
        finally:
            painter.end()
