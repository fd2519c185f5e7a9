"""Presentation mode on a screen short of room for its zoom (a 1280 x 720 projector at 200 %).

Side by side, every panel would sit at its least size there: a loss curve with no plot area,
flattened gradient bars, matrices that scroll. So the panels take turns instead: the loss curve,
the gradient norms, the prediction, the Backprop panel and the health over time share one tabbed
area right of the matrices (the loss curve in front), each at the whole height; a click on a tab or
Ctrl+Tab / Ctrl+Shift+Tab brings another to the front. The status line's message row takes no
height while there is no message. Leaving presentation mode gives back the user's own layout
(:meth:`Presentation.set_presentation` restores it); with room enough, nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QDockWidget, QTabBar

from . import fit
from .settings_store import STATE_VERSION
from .views.loss_plot import Look

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["RoomLayout", "short_of_room", "ROOM_PER_ZOOM", "TABBED_SHARE"]

# The screen (pixels per unit of zoom) the side-by-side layout needs to be legible: 1920 x 1080
# at 150 % has it, 1280 x 720 at 100 % too; 1280 x 720 at 150 % or more does not.
ROOM_PER_ZOOM = QSize(1024, 720)
TABBED_SHARE = 0.5  # the tabbed panels' share of the window's width (the matrices get the rest)
LEAST_TABBED_SHARE = 0.33  # ... or less, where the matrices need it (and this much at least)
TAB_TYPE_LEAST = 0.6  # the tabs' type at least this share of the window's (then the tab bar scrolls)
BANNER_LINES = 2  # the lesson's lines over the matrices while tabbed
WIDGET_SIZE_MAX = (1 << 24) - 1  # (Qt's QWIDGETSIZE_MAX: no maximum)


def short_of_room(room: QSize, zoom: float) -> bool:
    """Whether a screen of ``room`` pixels is too small for the panels side by side at ``zoom``."""
    return room.width() < ROOM_PER_ZOOM.width() * zoom or room.height() < ROOM_PER_ZOOM.height() * zoom


class RoomLayout(QObject):
    """The tabbed presentation layout of ``window`` while presenting short of room."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.tabbed = False
        self._before: object = None  # the presentation layout before the panels were tabbed
        self._bars_before: dict[QTabBar, tuple[Qt.TextElideMode, bool]] = {}  # the tab bars changed
        self.next_panel_action = QAction(window)
        self.next_panel_action.setObjectName("nextPanel")
        self.next_panel_action.setShortcuts([QKeySequence("Ctrl+Tab"), QKeySequence("Ctrl+PgDown")])
        self.next_panel_action.triggered.connect(lambda: self.turn(1))
        self.previous_panel_action = QAction(window)
        self.previous_panel_action.setObjectName("previousPanel")
        self.previous_panel_action.setShortcuts([QKeySequence(k) for k in (
            "Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp")])
        self.previous_panel_action.triggered.connect(lambda: self.turn(-1))
        for action in (self.next_panel_action, self.previous_panel_action):
            action.setEnabled(False)
            window.addAction(action)  # (the keys work with the menu bar hidden)
        # the window's LanguageChange (a QObject gets none of its own) and resizes, from the
        # window's own handlers (a Python event filter on it ran at each of its repaints)
        window.language_hooks.append(self._language_changed)
        window.resize_hooks.append(self._resized)
        self.retranslate()

    def _language_changed(self) -> None:
        self.retranslate()
        if self.tabbed:  # (the tabs' titles in the new language)
            QTimer.singleShot(0, self, self._whole_tab_titles)

    def _resized(self, size: object) -> None:
        if self._window.presentation.presenting:  # (full screen now, or the screen changed)
            QTimer.singleShot(0, self, self._refit)

    def retranslate(self) -> None:
        self.next_panel_action.setText(self.tr("Next panel"))
        self.previous_panel_action.setText(self.tr("Previous panel"))

    def panels(self) -> list[QDockWidget]:
        """The panels that take turns, in their tabs' order (the loss curve first); those the user
        closed stay closed, those floating stay where they are."""
        w = self._window
        order = (w.loss_dock, w.grad_norm_dock, w.prediction_dock, w.backprop_dock, w.health_dock)
        return [d for d in order if not d.isHidden() and not d.isFloating()]

    def _refit(self) -> None:
        presentation = self._window.presentation
        if presentation.presenting:
            self.fit(True)
            if self.tabbed:
                self._whole_tab_titles()

    def fit(self, presenting: bool) -> None:
        """Tab the panels (presenting, short of room) or give them back their places (room again);
        not presenting, the presentation mode has given back the user's layout already. The room
        is the window's (full screen: the screen's), the screen's before it is shown."""
        w = self._window
        room = w.size() if w.isVisible() else fit.available_size(w)
        want = presenting and short_of_room(room, Look.zoom)
        if want and not self.tabbed:
            panels = self.panels()
            if panels:
                self._before = w.saveState(STATE_VERSION)
                first = panels[0]
                w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first)
                for dock in panels[1:]:
                    w.tabifyDockWidget(first, dock)
                first.raise_()
                w.resizeDocks([first], [round(TABBED_SHARE * room.width())],
                              Qt.Orientation.Horizontal)
                self.tabbed = True
                QTimer.singleShot(0, self, self._matrices_first)  # (once they have laid themselves out)
        elif not want and self.tabbed:
            self.tabbed = False
            if presenting and self._before is not None:  # (the zoom went down: room again)
                settings_shown = w.controls_dock.isVisible()
                w.restoreState(self._before, STATE_VERSION)
                w.controls_dock.setVisible(settings_shown)
            self._before = None
        for action in (self.next_panel_action, self.previous_panel_action):
            action.setEnabled(self.tabbed)
        # the health over time's plot over its findings in the tall tab (beside them in the low area)
        w.health_panel.splitter.setOrientation(Qt.Orientation.Vertical if self.tabbed
                                               else Qt.Orientation.Horizontal)
        w.status.collapse_empty = self.tabbed
        w.status.show_message()
        self.fit_banner()
        QTimer.singleShot(0, self, self._whole_tab_titles)  # (the tab bar is made in the next layout pass)

    def _matrices_first(self) -> None:
        """The matrices as wide as their numbers need (no scrolling sideways) where the tabs keep
        LEAST_TABBED_SHARE of the width: the tabbed panels give up width first."""
        w = self._window
        panels = self.panels()
        matrices = w.matrix_panel
        need = matrices.graphics.minimumWidth()
        if not self.tabbed or not panels or need <= matrices.scroll.viewport().width():
            return
        frame = matrices.width() - matrices.scroll.viewport().width()
        bar = matrices.scroll.verticalScrollBar().sizeHint().width()
        tabs = max(round(LEAST_TABBED_SHARE * w.width()), w.width() - need - frame - bar - 8)
        front = max(panels, key=lambda d: d.width())
        if tabs < front.width():
            w.resizeDocks([front], [tabs], Qt.Orientation.Horizontal)

    def fit_banner(self) -> None:
        """The lesson over the matrices at most BANNER_LINES lines while tabbed (the rest elided,
        whole in its tooltip): the matrices keep their height."""
        banner = self._window.presentation.lesson_banner
        if self.tabbed:
            margins = banner.contentsMargins()
            banner.setMaximumHeight(BANNER_LINES * banner.fontMetrics().lineSpacing() + 12
                                    + margins.top() + margins.bottom())
        else:
            banner.setMaximumHeight(WIDGET_SIZE_MAX)

    def _whole_tab_titles(self) -> None:
        """Tabbed: every panel's title whole on its tab, in smaller type (down to TAB_TYPE_LEAST of
        the window's) where the tabs would not fit side by side, else the bar scrolls (never a cut
        "梯…"); not tabbed, the docks' tab bars as they were."""
        w = self._window
        found = self._tab_bar() if self.tabbed else None
        if found is None:
            for bar, (elide, scrolls) in self._bars_before.items():
                if not shiboken6.isValid(bar):  # (the window made its tab bars again)
                    continue
                bar.setElideMode(elide)
                bar.setUsesScrollButtons(scrolls)
                bar.setFont(QFont())  # (the window's type)
            self._bars_before = {}
            return
        bar, _ = found
        if bar not in self._bars_before:
            self._bars_before[bar] = (bar.elideMode(), bar.usesScrollButtons())
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setUsesScrollButtons(True)
        bar.setFont(QFont())
        need = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        room = max(d.width() for d in self.panels())
        if need > room > 0:
            font = QFont(w.font())
            font.setPointSizeF(font.pointSizeF() * max(TAB_TYPE_LEAST, 0.97 * room / need))
            bar.setFont(font)

    def _tab_bar(self) -> tuple[QTabBar, list[str]] | None:
        """The tab bar of the tabbed panels, and its tabs' titles."""
        titles = {d.windowTitle() for d in self.panels()}
        for bar in self._window.findChildren(QTabBar):
            names = [bar.tabText(i) for i in range(bar.count())]
            if bar.isVisible() and len(names) > 1 and set(names) <= titles:
                return bar, names
        return None

    def turn(self, by: int) -> None:
        """The next (``by`` = 1) or previous (-1) tabbed panel to the front."""
        found = self._tab_bar() if self.tabbed else None
        if found is not None:
            bar, names = found
            bar.setCurrentIndex((bar.currentIndex() + by) % len(names))

    def front(self) -> QDockWidget | None:
        """The panel in front of the tabbed area (None: not tabbed)."""
        found = self._tab_bar() if self.tabbed else None
        if found is None:
            return None
        bar, _ = found
        title = bar.tabText(bar.currentIndex())
        return next((d for d in self.panels() if d.windowTitle() == title), None)
