"""The window fitted to its screen at every type zoom (75 % to 250 %) and in every language.

Zoomed for the back row, the window's parts need more room than a 1280 x 720 projector or a
1600 x 1000 laptop has. Rather than hang off the screen, they *fold*, one step at a time and only as
far as the room asks, and unfold again when there is room:

- the toolbar (:class:`ToolbarFit`): Presentation and Settings become icons the size of the type
  (their tooltips keep the words; always so while presenting), then the "Speed" and "Preset"
  captions go (the slider's and the combo's tooltips name them), then the big buttons' type steps
  down from 1.3 x to 1.0 x the zoomed type, then the slider and the preset box get shorter, and
  last the big buttons show their icons alone (:class:`BigButton`; their words lead the tooltip);
- the window (:func:`fit_window`, zoomed in only: at 100 % it fits 1024 x 768 as it is): the
  settings panel puts every caption above its field and its data fields one under another
  (narrower) where the window would be wider than its screen, the big buttons get shorter where
  it would be taller; the matrices get back their share of the height (:func:`give_centre_room`);
  a window that grew past its screen while re-laying itself out comes back (:class:`KeepOnScreen`).

Each fold is absolute (it sets what it changes from the zoom, not from the widget's last state),
so folding and unfolding in any order ends in the same place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QProxyStyle,
    QPushButton,
    QSlider,
    QStyle,
    QStyleOption,
    QToolBar,
    QToolButton,
    QWidget,
)

from .views.loss_plot import Look

__all__ = ["BIG_TYPE", "BigButton", "ElidingLabel", "KeepOnScreen", "MenuItemRoom", "ToolbarFit",
           "available_size", "fit_window", "give_centre_room", "screen_room", "size_big_button",
           "toolbar_need"]

BIG_TYPE = 1.3  # the big buttons' type, times the zoomed type
FOLDED_BIG_TYPE = 1.0  # ... where the toolbar would not fit otherwise
TALL = 2.0  # the big buttons' height, in lines of their type
SHORT = 1.5  # ... where the window would not fit the screen's height otherwise
SLIDER_WIDTH = 150  # the speed slider at 100 %
PRESET_CHARACTERS = 14  # the preset box shrinks down to this many characters ...
FOLDED_PRESET_CHARACTERS = 8  # ... or to this many where the toolbar would not fit otherwise


def size_big_button(button: QPushButton, scale: float = BIG_TYPE, tall: float = TALL) -> None:
    """Start, Step, Walk and Reset: bold type ``scale`` times the zoomed type, ``tall`` lines high,
    an icon the height of a line. A minimum width set for the widest of its texts follows the type."""
    old = button.font().pointSizeF()
    f = Look.font()
    f.setPointSizeF(f.pointSizeF() * scale)
    f.setBold(True)
    button.setFont(f)
    if button.minimumWidth() > 0 and old > 0:
        button.setMinimumWidth(round(button.minimumWidth() * f.pointSizeF() / old))
    line = button.fontMetrics().height()
    button.setMinimumHeight(int(line * tall))
    button.setIconSize(QSize(line, line))


class BigButton(QPushButton):
    """Start, Step, Walk or Reset: a push button that, where even the folded toolbar would not
    fit (250 % on a 1280-wide screen), shows its icon alone, its words then leading its tooltip.
    ``text()`` is always its words."""

    def __init__(self, icon: QIcon, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(icon, text, parent)
        self._words, self._tip, self._icon_only, self._least = text, "", False, 0.0

    def text(self) -> str:
        return self._words

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._words = text
        super().setText("" if self._icon_only else text)
        self._show_tip()

    def setToolTip(self, tip: str) -> None:  # noqa: N802 (Qt's name)
        self._tip = tip
        self._show_tip()

    def _show_tip(self) -> None:
        tip = f"{self._words} — {self._tip}" if self._icon_only and self._tip else (
            self._words if self._icon_only else self._tip)
        super().setToolTip(tip)

    def is_icon_only(self) -> bool:
        return self._icon_only

    def set_icon_only(self, on: bool) -> None:
        if on == self._icon_only:
            return
        self._icon_only = on
        if on:  # (its least width fits the widest of its words: not wanted without them; per
            # point of type, as the type may change meanwhile)
            self._least = self.minimumWidth() / max(self.font().pointSizeF(), 1.0)
            self.setMinimumWidth(0)
        else:
            self.setMinimumWidth(round(self._least * max(self.font().pointSizeF(), 1.0)))
        super().setText("" if on else self._words)
        self._show_tip()


def toolbar_need(toolbar: QToolBar) -> int:
    """The width ``toolbar`` needs to show every visible action on the bar itself (none in its
    » overflow menu): each widget at its size hint (a combo box at its least), with the spacing."""
    layout = toolbar.layout()
    margins = layout.contentsMargins()
    widths = []
    for action in toolbar.actions():
        widget = toolbar.widgetForAction(action)
        if not action.isVisible() or widget is None:
            continue
        hint = widget.minimumSizeHint() if isinstance(widget, QComboBox) else widget.sizeHint()
        widths.append(max(hint.width(), widget.minimumWidth()))
    frame = 2 * toolbar.style().pixelMetric(toolbar.style().PixelMetric.PM_ToolBarFrameWidth, None, toolbar)
    return sum(widths) + layout.spacing() * max(len(widths) - 1, 0) + margins.left() + margins.right() + frame


class ToolbarFit(QObject):
    """Folds the main toolbar until it fits its width (see the module's notes); unfolds it again
    when the window gets wider. ``refit()`` after a zoom, theme or language change."""

    def __init__(self, toolbar: QToolBar, big: Sequence[QPushButton], captions: Sequence[QLabel],
                 icons: Sequence[QAction], slider: QSlider, combo: QComboBox) -> None:
        super().__init__(toolbar)
        self.toolbar = toolbar
        self._big, self._captions, self._icons = list(big), list(captions), list(icons)
        self._slider, self._combo = slider, combo
        self._presenting = False
        self.short = False  # the big buttons shorter (the window would not fit its screen's height)
        self._needs: list[int] = []  # the width each level of folding needs
        self._level: int | None = None  # how many folds are applied
        self._folds: list[Callable[[bool], None]] = [self._as_icons, self._without_captions,
                                                      self._smaller_type, self._shorter_fields,
                                                      self._big_icons]
        toolbar.fit_hooks.append(self._toolbar_event)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ the folds
    def _as_icons(self, on: bool) -> None:
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if on else Qt.ToolButtonStyle.ToolButtonTextOnly
        side = QFontMetrics(Look.font()).height() * 3 // 2
        for action in self._icons:
            button = self.toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(style)
                button.setIconSize(QSize(side, side))
                button.updateGeometry()

    def _without_captions(self, on: bool) -> None:
        for action in self.toolbar.actions():
            if self.toolbar.widgetForAction(action) in self._captions:
                action.setVisible(not on)

    def _smaller_type(self, on: bool) -> None:
        for button in self._big:
            size_big_button(button, FOLDED_BIG_TYPE if on else BIG_TYPE, SHORT if self.short else TALL)

    def _big_icons(self, on: bool) -> None:
        for button in self._big:
            if isinstance(button, BigButton):
                button.set_icon_only(on)

    def _shorter_fields(self, on: bool) -> None:
        self._slider.setFixedWidth(round(SLIDER_WIDTH * (0.6 if on else 1.0) * max(Look.zoom, 1.0)))
        self._combo.setMinimumContentsLength(FOLDED_PRESET_CHARACTERS if on else PRESET_CHARACTERS)

    # ------------------------------------------------------------------ fitting
    def folds(self) -> int:
        """How many folds are applied now (0: none)."""
        return self._level or 0

    def _apply(self, level: int) -> None:
        for k, fold in enumerate(self._folds):
            fold(k < level)
        self.toolbar.layout().invalidate()  # (it keeps the widgets' old sizes otherwise)
        self._level = level

    def refit(self, presenting: bool | None = None) -> None:
        """Measure what each level of folding needs (after a zoom, theme or language change),
        then fold as far as the toolbar's width asks."""
        if presenting is not None:
            self._presenting = presenting
        self._needs = []
        for level in range(len(self._folds) + 1):
            self._apply(level)
            self._needs.append(toolbar_need(self.toolbar))
        self._level = None
        self._fit_width()

    def _fit_width(self, room: int | None = None) -> None:
        """Fold as far as ``room`` (default: the bar's width; before it is shown, its window's) asks."""
        if not self._needs:
            return
        if room is None:
            room = self.toolbar.width() if self.toolbar.isVisible() else self.toolbar.window().width()
        level = next((k for k, need in enumerate(self._needs) if need <= room), len(self._needs) - 1)
        if self._presenting:
            level = max(level, 1)  # icons while presenting: the bar fits a projector at any zoom
        if level != self._level:
            self._apply(level)

    def _toolbar_event(self, event: QEvent) -> None:
        """The bar was resized, shown or given a new language (see TrainingToolbar.fit_hooks)."""
        if event.type() == QEvent.Type.Resize:
            self._fit_width(event.size().width())  # type: ignore[attr-defined]
        elif event.type() in (QEvent.Type.LanguageChange, QEvent.Type.Show):
            QTimer.singleShot(0, self, self.refit)  # after the window has put its (new) texts in


def available_size(window: QWidget) -> QSize:
    """The size of the window's screen less the desktop's panels."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1 << 20, 1 << 20)


def screen_room(window: QWidget) -> QSize:
    """The room the window has: its screen's available size less the window manager's frame."""
    frame, inner = window.frameGeometry(), window.geometry()
    margins = QSize(max(frame.width() - inner.width(), 0), max(frame.height() - inner.height(), 0))
    return available_size(window) - margins


def fit_window(window: QMainWindow, controls: QWidget, toolbar: ToolbarFit, presenting: bool,
               fit_controls: Callable[[], None] = lambda: None, again: bool = True) -> None:
    """Fold the window's parts as far as its screen asks (see the module's notes): the settings
    panel compact (captions above their fields) where the window would be wider than the screen,
    shorter big buttons where it would be taller; and the toolbar as far as its width asks.
    ``fit_controls`` sizes the settings panel's dock to the panel again. (``again``: once more
    when the panels have re-laid themselves out in the new type, which they do in a later pass.)"""
    room = screen_room(window)
    zoomed = Look.zoom > 1.0  # (at 100 % and less the window fits 1024 x 768 unfolded)
    set_compact = getattr(controls, "set_compact", None)
    if set_compact is not None:
        set_compact(False)
        fit_controls()
        if zoomed and window.minimumSizeHint().width() > room.width():
            set_compact(True)
            fit_controls()
    toolbar.short = False
    toolbar.refit(presenting)
    if zoomed and window.minimumSizeHint().height() > room.height():
        toolbar.short = True
        toolbar.refit()
    if again:
        QTimer.singleShot(0, window, lambda: fit_window(window, controls, toolbar, presenting, fit_controls,
                                                        again=False))
    else:
        give_centre_room(window)


CENTRE_SHARE = 0.55  # after a zoom, the matrices get at least this much of their column's height


def give_centre_room(window: QMainWindow, tries: int = 4) -> None:
    """The central panel (the matrices) at least CENTRE_SHARE of the height it shares with the
    panels under it: zoomed, the type and the toolbar grow and the docks keep their pixels, so the
    matrices alone gave up the height. (Tried again a little later while the panels below still
    need more for a moment, e.g. a text wrapped for their old width.)"""
    centre = window.centralWidget()
    below = [d for d in window.findChildren(QDockWidget)
             if d.isVisible() and not d.isFloating() and d.y() >= 0
             and window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
    if centre is None or not below:
        return
    dock = max(below, key=lambda d: d.height())
    column = centre.height() + dock.height()
    if centre.height() < CENTRE_SHARE * column:
        window.resizeDocks([dock], [round((1 - CENTRE_SHARE) * column)], Qt.Orientation.Vertical)
        if tries > 1:
            QTimer.singleShot(100, window, lambda: give_centre_room(window, tries - 1))


PANEL_LINES = 18  # a bottom panel brought to the front gets at least this many lines of its type


def give_panel_room(window: QMainWindow, dock: QDockWidget, lines: int = PANEL_LINES) -> bool:
    """``dock``, docked at the bottom and in front of its tabs, at least ``lines`` lines of its
    type tall where the matrices can spare them (they keep CENTRE_SHARE of the column): the
    Health panel's two plots, its tabs and its findings in a 1280 x 720 window's bottom quarter
    left each plot about 60 pixels tall. False if the dock is not there to be given room (behind
    another tab, floating, elsewhere)."""
    centre = window.centralWidget()
    if centre is None or not _in_front(window, dock):
        return False
    column = centre.height() + dock.height()
    target = min(lines * dock.fontMetrics().lineSpacing(), round((1 - CENTRE_SHARE) * column))
    if dock.height() < target:
        window.resizeDocks([dock], [target], Qt.Orientation.Vertical)

        def again() -> None:  # the size given is the area's: with tabbed panels, their tab bar's too
            bar = target - dock.height()
            if _in_front(window, dock) and 4 < bar <= 3 * dock.fontMetrics().lineSpacing():
                window.resizeDocks([dock], [target + bar], Qt.Orientation.Vertical)

        QTimer.singleShot(0, window, again)
    return True


def _in_front(window: QMainWindow, dock: QDockWidget) -> bool:
    """Shown at the bottom, not behind another tab (Qt moves those off the window, visible)."""
    return (dock.isVisible() and not dock.isFloating() and dock.y() >= 0
            and not dock.visibleRegion().isEmpty()
            and window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea)


class KeepOnScreen(QObject):
    """Brings ``window`` back within its screen after it grew past it because its least size did
    for a moment (Qt grows a window to its least size but never shrinks it back): while it re-lays
    itself out, a text wraps for the old width or the status line is sized for it. Only what grew
    that way is undone; a window the user made larger than the screen stays so."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._grown = (False, False)  # (wider, taller) than the screen because of its least size
        # (the window's own resize handler calls us; the window's layout requests are watched
        # only while it has grown: a Python filter on every event of the window would take the
        # GIL from training at each of its repaints)
        window.resize_hooks.append(self._resized)  # type: ignore[attr-defined]
        self._watching = False

    def _resized(self, size: QSize) -> None:
        self._judge(size)
        # and again at the size Qt settles on: a resize below the least size is undone without
        # a second resize event (seen at 250 % in Chinese without a Chinese font: resized to the
        # screen, the window stayed 30 px taller, and nothing shrank it once its least size fell)
        QTimer.singleShot(0, self, lambda: self._judge(self._window.size()))

    def _judge(self, size: QSize) -> None:
        room, least = screen_room(self._window), self._window.minimumSize()
        wide, tall = self._grown
        self._grown = (size.width() > room.width() and (wide or size.width() <= least.width()),
                       size.height() > room.height() and (tall or size.height() <= least.height()))
        self._watch(any(self._grown))
        if any(self._grown):
            QTimer.singleShot(0, self, self._shrink)  # once the layout has settled

    def _watch(self, on: bool) -> None:
        if on != self._watching:
            self._watching = on
            if on:
                self._window.installEventFilter(self)
            else:
                self._window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._window and event.type() == QEvent.Type.LayoutRequest and any(self._grown):
            QTimer.singleShot(0, self, self._shrink)
        return False

    def _shrink(self) -> None:
        window = self._window
        if window.isFullScreen() or window.isMaximized():
            self._grown = (False, False)
            self._watch(False)
            return
        room, size = screen_room(window), window.size()
        wide, tall = self._grown
        target = QSize(min(size.width(), room.width()) if wide else size.width(),
                       min(size.height(), room.height()) if tall else size.height())
        if target != size:
            window.resize(target)


class ElidingLabel(QLabel):
    """A word-wrapped label that, given less height than its text needs (a short screen, zoomed),
    shows the lines that fit, the last one ending in "…", and then has the whole text as its
    tooltip; given the height, it is a plain word-wrapped label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def is_elided(self) -> bool:
        return bool(self.text()) and self.heightForWidth(self.width()) > self.height() + 1

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.setToolTip(self.text() if self.is_elided() else "")

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setToolTip(text if self.is_elided() else "")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.is_elided():
            super().paintEvent(event)
            return
        QFrame.paintEvent(self, event)  # the frame and border of its style sheet, not the text
        rect = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
        metrics = QFontMetrics(self.font())
        text = self.text()
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        lines = []
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            if lines and y + 2 * metrics.lineSpacing() > rect.height():  # the last line that fits
                lines.append((line.textStart(), None))
                break
            lines.append((line.textStart(), line.textLength()))
            y += metrics.lineSpacing()
        layout.endLayout()
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for k, (start, length) in enumerate(lines):
            if length is None:  # the rest of the text, cut at the line's end with "…"
                piece = metrics.elidedText(text[start:].replace("\n", " "), Qt.TextElideMode.ElideRight,
                                           rect.width())
            else:
                piece = text[start:start + length].rstrip()
            painter.drawText(rect.left(), rect.top() + k * metrics.lineSpacing() + metrics.ascent(), piece)
        painter.end()


class MenuItemRoom(QProxyStyle):
    """The application's style, with an em more room in a menu item that has a shortcut.

    Qt 6's Fusion menus (seen with PySide6 6.x at 11 pt and larger) cut the middle out of such an
    item's text when it holds Chinese, although its menu is wide enough: "指南：操作…程(G)  F1".
    An em more makes room at every size tried (11 to 28 pt); items without a shortcut were never
    cut, and stay as they are.
    """

    def sizeFromContents(self, kind: QStyle.ContentsType, option: QStyleOption | None,  # noqa: N802
                         size: QSize, widget: QWidget | None = None) -> QSize:
        out = super().sizeFromContents(kind, option, size, widget)
        shortcut = option is not None and "\t" in getattr(option, "text", "")
        if kind == QStyle.ContentsType.CT_MenuItem and shortcut:
            out = QSize(out.width() + QFontMetrics(option.font).height(), out.height())
        return out
