"""The window's side of a walk (the Backprop panel's Walk, one event of a step per press):
whether Walk can run now (enabled, its tooltip, the panel's hint), and the layout a walk needs
(the panel in front and big enough to read) given back when the walk ends.

The walk itself (its events, the updates it holds back) is :class:`~playground.views.backprop.StepWalk`;
the run model asks it before the views take an update (``RunModel.holds``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from core.runner import Update, diverged_message
from core.session import can_trace, trace_size

from .settings_store import STATE_VERSION

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["WalkController", "WALK_SHARE"]

WALK_SHARE = 0.55  # a walk makes the Backprop panel at least this share of the window's height


class WalkController(QObject):
    """Walk's enabling and layout in ``window`` (its ``backprop_view.walk`` is the walk)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.walk = walk = window.backprop_view.walk
        model = window.run_model
        model.holds = walk.holds  # a walk's step is not finished...
        walk.released.connect(model.finish)  # ...until the walk lets it go
        walk.changed.connect(self._after_change)
        window.controller.failed.connect(walk.abandon)
        model.updateShown.connect(self._on_update)
        # the dock layout before a walk made the Backprop panel big (put back when the walk ends),
        # and whether a walk brought the panel out from behind another tab (it goes back on a reset)
        self.before_walk: tuple[object, Qt.DockWidgetArea, bool] | None = None
        self.raised_panel = False
        self._key: tuple | None = None  # what Walk's enabling was last worked out from

    def _on_update(self, update: Update) -> None:
        if update.cleared:
            self._after_reset()
        self.refresh()

    def impossible(self) -> str:
        """Why Walk cannot trace the session's next step ("" if it can)."""
        config = self._window.run_model.running_config
        if config is None or can_trace(config):
            return ""
        return self.tr("Walk is off: this network is too large to trace (about {n:,} numbers per step). "
                       "Step and Start still train it.").format(n=trace_size(config))

    def refresh(self, force: bool = False) -> None:
        """Walk enabled when the fields are valid and the session's net can be traced; the
        panel's hints say what Walk can do now (redone only when one of those changed)."""
        w = self._window
        valid = w.controls.is_valid()
        snap = w.latest_snapshot
        diverged = snap is not None and snap.diverged is not None and not w.controller.reset_pending
        key = (id(w.run_model.running_config), valid, w.controls.error_message(), diverged,
               None if snap is None else snap.step if diverged else 0)
        if key == self._key and not force:
            return
        self._key = key
        why = self.impossible()
        button = w.toolbar.op_step_button
        button.setEnabled(valid and not why)
        w.menus.walk_action.setEnabled(valid and not why)
        tip = self.tr("Walk one operation of the step (O or Shift+→)")
        if why:
            tip += "\n\n" + why
        elif not valid:
            tip += "\n\n" + self.tr("Disabled: {problem}").format(problem=w.controls.error_message())
        button.setToolTip(tip)
        if diverged:
            why = diverged_message(snap.step)
        w.backprop_view.set_blocked(why or None)

    def show_panel(self) -> None:
        """The Backprop panel in front, and big enough to read: from the left edge, and
        WALK_SHARE of the height, when it is docked at the bottom. The layout before is kept,
        and put back when the walk ends (:meth:`_after_change`)."""
        w = self._window
        dock = w.backprop_dock
        if self.before_walk is None:
            self.before_walk = (w.saveState(STATE_VERSION), w.corner(Qt.Corner.BottomLeftCorner),
                                w.presentation.presenting)
            self.raised_panel |= not w.backprop_view.isVisible()
        dock.show()
        dock.raise_()
        if dock.isFloating() or w.dockWidgetArea(dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return
        w.set_corners(wide_bottom=True)
        if dock.height() < WALK_SHARE * w.height():
            w.resizeDocks([dock], [int(WALK_SHARE * w.height())], Qt.Orientation.Vertical)

    def forget_layout(self) -> None:
        """The default layout was restored: nothing to give back, nothing to put behind."""
        self.before_walk, self.raised_panel = None, False

    def _after_change(self) -> None:
        """A walk that has ended gives the docks back their sizes from before it (the panel stays
        in front, showing the step walked, until the next reset or preset)."""
        if self.walk.active or self.before_walk is None:
            return
        w = self._window
        (state, corner, presenting), self.before_walk = self.before_walk, None
        if presenting != w.presentation.presenting:  # (presenting switched meanwhile: its layout stays)
            return
        w.setCorner(Qt.Corner.BottomLeftCorner, corner)
        w.restoreState(state, STATE_VERSION)
        w.backprop_dock.raise_()

    def _after_reset(self) -> None:
        """A reset after a walk: the panel the walk brought to the front goes back behind its tab."""
        if self.walk.active or not self.raised_panel:
            return
        self.raised_panel = False
        w = self._window
        if w.backprop_view.isVisible():
            for dock in w.tabifiedDockWidgets(w.backprop_dock):
                dock.raise_()
                break
