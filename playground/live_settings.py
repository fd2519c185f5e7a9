"""Settings that change a run under way: the learning rate and the step limit apply between two
steps (once typing pauses); every other setting applies on Reset, and the fields that differ
from the running experiment are marked as pending, the Reset button saying so."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from core.config import ExperimentConfig

from .controls import HINT_COLOR

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["LiveSettings", "LIVE_SETTINGS"]

LIVE_SETTINGS = ("alpha", "max_steps")  # apply between two steps; the rest on Reset


class LiveSettings(QObject):
    """The live settings of ``window``'s fields, sent to its training controller."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._controls, self._controller, self._model = window.controls, window.controller, window.run_model
        # alpha and the step limit apply live once typing pauses (typing "1e-3" passes "1"), the
        # step limit after a longer pause (typing 5000 slowly must not stop a run at 5), or at
        # once on Enter, on leaving the field, and before Start or Step.
        self.live_timer = QTimer(self, singleShot=True, interval=300)
        self.live_timer.timeout.connect(self.apply)
        self.limit_timer = QTimer(self, singleShot=True, interval=1200)
        self.limit_timer.timeout.connect(self._apply_typed_limit)
        for edit in (self._controls.alpha_edit, self._controls.max_steps_edit):
            edit.editingFinished.connect(self.apply)  # Enter, or leaving the field
        self._controls.edited.connect(self._on_edited)
        self._model.configChanged.connect(self._on_config)

    def _on_edited(self) -> None:
        self.schedule()
        self.refresh_pending()

    def _on_config(self, _config: ExperimentConfig) -> None:
        """A reset or a live change reached the session."""
        self.refresh_pending()
        self.schedule()  # the fields may have changed again meanwhile

    def schedule(self) -> None:
        """(Re)start the timers that send a changed learning rate or step limit."""
        changes = self.changes()
        for key, timer in (("alpha", self.live_timer), ("max_steps", self.limit_timer)):
            if key in changes:
                timer.start()  # restarts while typing
            else:
                timer.stop()

    def stop(self) -> None:
        """A reset or an opened file takes the fields as they are: nothing more to send."""
        self.live_timer.stop()
        self.limit_timer.stop()

    def changes(self) -> dict[str, object]:
        """The live settings whose fields are valid and differ from the running experiment."""
        running = self._model.running_config
        if running is None:
            return {}
        changes: dict[str, object] = {}
        alpha = self._controls.alpha_value()
        if alpha is not None and alpha != running.alpha:
            changes["alpha"] = alpha
        ok, limit = self._controls.max_steps_value()
        if ok and limit != running.max_steps:
            changes["max_steps"] = limit
        return changes

    def refresh_pending(self) -> None:
        """Every other setting applies on Reset: say which ones differ from the running experiment."""
        controls, running = self._controls, self._model.running_config
        pending: list[str] = []
        if controls.is_valid() and running is not None:
            mine = controls.config()
            # Field by field, not via to_dict(): that would turn imported rows into lists each time.
            pending = [f.name for f in dataclasses.fields(mine) if f.name not in LIVE_SETTINGS
                       and getattr(mine, f.name) != getattr(running, f.name)]
        controls.set_pending(pending)
        reset_button = self._window.toolbar.reset_button
        reset_button.setStyleSheet(
            f"QPushButton {{ background: {HINT_COLOR}; color: white; }}" if pending else "")
        reset_button.setToolTip(self.tr("Apply the changed settings and go back to step 0 (Ctrl+R)")
                                if pending else
                                self.tr("Back to step 0: same seed, same initial weights (Ctrl+R)"))

    def _apply_typed_limit(self) -> None:
        """The typing pause: a limit the run has already passed waits for Enter, Start or Step
        (the first digits of a bigger number must not stop a run)."""
        ok, limit = self._controls.max_steps_value()
        latest = self._model.latest_snapshot
        step = latest.step if latest is not None else 0
        if ok and limit is not None and limit <= step and self._controller.running:
            return
        self.apply()

    def apply(self) -> None:
        """Send the changed learning rate and step limit now."""
        self.stop()
        changes = self.changes()
        if "alpha" in changes:
            self._controller.set_alpha(changes["alpha"])  # type: ignore[arg-type]
        if "max_steps" in changes:
            self._controller.set_max_steps(changes["max_steps"])  # type: ignore[arg-type]
