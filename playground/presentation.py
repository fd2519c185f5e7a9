"""View ▸ Zoom (all type larger or smaller, remembered) and presentation mode (full screen, the
settings hidden, the lesson over the matrices, high contrast, a larger status line), and the
restyling both need: every font and line again, the run untouched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from . import fit
from .room import RoomLayout
from .settings_store import STATE_VERSION, settings
from .views.loss_plot import Look

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["Presentation", "ZOOM_STEPS", "ZOOM_KEY"]

#: View ▸ Zoom's steps for all type (Ctrl+= / Ctrl+- / Ctrl+0), remembered per machine.
ZOOM_STEPS = (0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5)
ZOOM_KEY = "ui/zoom"


class Presentation(QObject):
    """The zoom and presentation mode of ``window``; ``lesson_banner`` is the lesson shown over
    the matrices while the settings panel is hidden."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.presenting = False
        # the dock layout, maximized or not, and the geometry before presentation mode
        self.before_presenting: tuple[object, bool, object] | None = None
        # The lesson over the matrices when the settings panel (where it usually is) is hidden,
        # as in presentation mode.
        self.lesson_banner = fit.ElidingLabel()  # (elided, with a tooltip, on a short screen)
        self.lesson_banner.setObjectName("lessonBanner")
        self.lesson_banner.setStyleSheet("QLabel { background: #fff8d6; color: #1a1a1a; "
                                         "border-left: 6px solid #0072b2; padding: 6px 10px; }")
        self.lesson_banner.hide()
        self.toolbar_fit: fit.ToolbarFit | None = None  # (the toolbar is built after this object)
        self.room = RoomLayout(window)  # the panels in tabs while presenting short of room

    # ------------------------------------------------------------------ zoom
    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > Look.zoom + 1e-9), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < Look.zoom - 1e-9), ZOOM_STEPS[0]))

    def set_zoom(self, zoom: float, remember: bool = True) -> None:
        """All type at ``zoom`` (0.75 to 2.5) times its size: labels, buttons, plots, matrix numbers."""
        Look.set(zoom=zoom)
        if remember:
            settings().setValue(ZOOM_KEY, Look.zoom)
        self.restyle()
        self._window.status.set_notice(self._type_size_notice)

    def _type_size_notice(self) -> str:
        return self.tr("Type size {percent}% (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 "
                       "actual size)").format(percent=round(Look.zoom * 100))

    # ------------------------------------------------------------------ presentation mode
    def set_presentation(self, on: bool) -> None:
        """Presentation mode: full screen, the settings panel hidden (F9 or the Settings button
        brings it back), the lesson on top, a high-contrast theme, a larger status line. Esc leaves."""
        if on == self.presenting:
            return
        w = self._window
        self.presenting = w.status.presenting = on
        Look.set(contrast=on)
        menus = w.menus
        menus.leave_presentation_action.setEnabled(on)
        menus.presentation_action.blockSignals(True)
        menus.presentation_action.setChecked(on)
        menus.presentation_action.blockSignals(False)
        if on:
            self.before_presenting = (w.saveState(STATE_VERSION), w.isMaximized(), w.saveGeometry())
            w.controls_dock.hide()
            w.showFullScreen()
        else:
            self.room.fit(False)
            state, maximized, _ = self.before_presenting or (w.default_state, False, None)
            w.showMaximized() if maximized else w.showNormal()
            w.restoreState(state, STATE_VERSION)
        self.restyle()
        self.show_lesson_banner()
        notice = w.status.notice
        if notice is not None and notice[0] == self._type_size_notice:
            w.status.expire_notice()  # the type size was news before the mode changed, not now

    def show_lesson_banner(self) -> None:
        """The lesson over the matrices while the settings panel is hidden (presentation mode)."""
        w = self._window
        text = w.controls.description_label.text() if w.preset_name is not None else ""
        self.lesson_banner.setText(text)
        self.lesson_banner.setVisible(bool(text) and (self.presenting or w.controls_dock.isHidden()))

    def fit_toolbar(self) -> None:
        """The toolbar and the window folded as far as the screen asks (see playground/fit.py);
        first called once the toolbar and the menus are built."""
        w = self._window
        if self.toolbar_fit is None:
            bar, menus = w.toolbar, w.menus
            self.toolbar_fit = fit.ToolbarFit(
                bar, bar.big_buttons(), (bar.speed_caption, bar.preset_caption),
                (menus.presentation_action, menus.settings_panel_action), bar.speed_slider, bar.preset_combo)
            fit.KeepOnScreen(w)
        fit.fit_window(w, w.controls, self.toolbar_fit, self.presenting, w.fit_controls_width)

    def restyle(self) -> None:
        """Every font and line again, after a zoom or a theme change; the run is untouched."""
        w = self._window
        w.setFont(Look.font())  # every widget that sets no font of its own follows
        w.toolbar.restyle()
        banner = Look.font()
        banner.setPointSizeF(banner.pointSizeF() * 1.15)
        self.lesson_banner.setFont(banner)
        w.controls.restyle()
        w.fit_controls_width()
        for view in (w.loss_plot, w.grad_norm_panel, w.prediction_view, w.matrix_panel):
            view.restyle()
        shown = w.shown_snapshot
        if shown is not None:
            for view in (w.matrix_panel, w.grad_norm_panel, w.prediction_view):
                view.show_snapshot(shown)
        w.retranslate()  # widths measured in the new type
        w.status.retranslate()  # (the status line too: its type, numbers and message)
        self.room.fit(self.presenting)  # (zoomed while presenting: the panels in tabs, or back)
        self.fit_toolbar()
