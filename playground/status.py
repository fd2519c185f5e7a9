"""The status line under the window: the shown step's numbers (step, loss, accuracy) and the
training speed in large type (read from the back of a room), and above them one message.

The message is, in this order: a problem with the fields (nothing can train), a recent notice
from the window (a file saved, a file unreadable, a preset unknown...; it fades after
``NOTICE_MS``), or the training thread's last message (a divergence stays; information fades).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from core.runner import Update
from core.session import Snapshot

from . import i18n
from .controls import ERROR_COLOR, ControlPanel
from .run_model import RunModel
from .steady import SteadyLabel
from .views.loss_plot import Look
from .worker import TrainingController

__all__ = ["StatusPanel", "NOTICE_MS"]

log = logging.getLogger(__name__)

NOTICE_MS = 10_000  # how long a notice (file saved, file unreadable...) shows over the run's message
STATUS_SCALE = 1.35  # the status bar's type, relative to the app font
PRESENTING_STATUS_SCALE = 1.6  # ... in presentation mode (read from the back of the room)

#: A notice: its text, or a callable giving it in the current language (it follows a switch).
Notice = str | Callable[[], str]


class _MessageLabel(QLabel):
    """The status message; calls ``on_resize`` when its width changes (to refit its type)."""

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self._on_resize = on_resize

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._on_resize()


class StatusPanel(i18n.Retranslating, QWidget):
    """The status bar's one panel: the message across the whole width, the numbers below it."""

    def __init__(self, model: RunModel, controls: ControlPanel, controller: TrainingController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusPanel")
        self._model, self._controls, self._controller = model, controls, controller
        self.presenting = False  # larger type (presentation mode); call refit() after changing it
        self.collapse_empty = False  # no message, no message row (short of room); show_message() after
        self._rate: float | None = None  # steps per second last measured while running
        self._run_message: tuple[str, bool] | None = None  # from the training thread
        self._run_message_step = 0  # the step an informational run message describes
        self._notice_covers_reset = False  # the notice says what the reset it asked for did
        self.notice: tuple[Notice, bool] | None = None  # from the window (files, presets, errors)
        self.notice_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self.notice_timer.timeout.connect(self.expire_notice)
        # A message from the training thread that is only information fades after a while.
        self.run_message_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self.run_message_timer.timeout.connect(self._expire_run_message)

        # (of fixed size: a new step or loss must not lay the whole window out again)
        self.step_label = SteadyLabel()
        self.step_label.setObjectName("stepLabel")
        self.loss_label = SteadyLabel()
        self.loss_label.setObjectName("lossLabel")
        self.accuracy_label = SteadyLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.accuracy_label.hide()
        self.rate_label = SteadyLabel()
        self.rate_label.setObjectName("rateLabel")
        self._message_bold = False  # errors are bold
        self._message_font = QFont(self.font())  # the message's full size (see refit)
        self._message_line = QFontMetrics(self._message_font).lineSpacing()  # (bold, see refit)
        self.message_label = _MessageLabel(self.fit_message)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setContentsMargins(6, 2, 6, 2)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.message_label, 0, 0, 1, 5)
        for i, label in enumerate((self.step_label, self.loss_label, self.accuracy_label, self.rate_label)):
            label.setContentsMargins(6, 2, 18, 2)
            label.gap = 24  # (the window's style sheet sets the margins to 0: "Step: 120 of 300Loss")
            grid.addWidget(label, 1, i)
        grid.setColumnStretch(4, 1)

        model.follow_shown(self.show_numbers)
        model.snapshotChanged.connect(self._on_latest)
        model.updateShown.connect(self._on_update)
        controller.runningChanged.connect(self._on_running)
        self._follow_language()

    def retranslate(self) -> None:
        self.loss_label.setToolTip(self.tr("Training loss of the last step (on its batch)"))
        self.rate_label.setToolTip(self.tr("Training steps per second"))
        self.refit()
        self.show_numbers(self._model.shown_snapshot)
        self._show_rate()
        self.show_message()

    # ------------------------------------------------------------------ the numbers
    def show_numbers(self, snapshot: Snapshot | None) -> None:
        """Step, loss and accuracy of ``snapshot`` (while looking back: "Step: k of N", the
        newest step N, whatever the message row says meanwhile)."""
        step = 0 if snapshot is None else snapshot.step
        self._show_step(step)
        loss = None if snapshot is None else snapshot.loss
        self.loss_label.setText(self.tr("Loss: {loss}").format(loss="—" if loss is None else f"{loss:.10g}"))
        train_acc = None if snapshot is None else snapshot.train_accuracy
        test_acc = None if snapshot is None else snapshot.test_accuracy
        self.accuracy_label.setVisible(train_acc is not None)
        if train_acc is not None:
            text = (self.tr("Accuracy {train}") if test_acc is None
                    else self.tr("Accuracy {train} · test {test}"))
            self.accuracy_label.setText(text.format(train=f"{train_acc:.0%}",
                                                    test="" if test_acc is None else f"{test_acc:.0%}"))

    def _show_step(self, step: int) -> None:
        m = self._model
        if m.live or m.looked_back is None:
            self.step_label.setText(self.tr("Step: {step}").format(step=f"{step:,}"))
        else:
            self.step_label.setText(self.tr("Step: {step} of {latest}").format(
                step=f"{step:,}", latest=f"{m.latest_step:,}"))

    def _on_latest(self, snapshot: Snapshot) -> None:
        """A new step while looking back: its number in "Step: k of N"."""
        if not self._model.live and self._model.looked_back is not None:
            self._show_step(self._model.looked_back.step)

    def _show_rate(self) -> None:
        """Steps per second while running (the last measured), else paused or nothing."""
        if self._controller.running:
            rate = self._rate
            self.rate_label.setText(self.tr("running") if rate is None
                                    else self.tr("{rate} steps/s").format(rate=f"{rate:,.0f}"))
        else:
            latest = self._model.latest_snapshot
            self.rate_label.setText(self.tr("paused") if latest and latest.step else "")

    def _on_running(self, running: bool) -> None:
        self._rate = None
        self._show_rate()

    # ------------------------------------------------------------------ the message
    def _on_update(self, update: Update) -> None:
        """The training thread's message, if the update has one (the newest message wins)."""
        snapshot = update.snapshot
        if update.cleared:
            self._run_message = None
        if update.running and update.steps_per_second > 0:
            self._rate = update.steps_per_second
            self._show_rate()
        if update.cleared and self._notice_covers_reset and not update.error:
            self._notice_covers_reset = False  # the window's notice already says what this reset did
            self.show_message()
        elif update.message:
            self._run_message = (update.message, update.error)
            self._run_message_step = snapshot.step
            self.notice = None  # the newest message wins
            self.notice_timer.stop()
            if update.error or update.halted:
                self.run_message_timer.stop()  # stays until something else is said
            else:
                self.run_message_timer.start()
            self.show_message()
        elif update.cleared:
            self.show_message()
        elif (self._run_message is not None and not self._run_message[1] and not update.halted
              and snapshot.step != self._run_message_step):
            self._run_message = None  # "Reset: step 0" is past once training has moved on
            self.show_message()

    def forget_run_message(self) -> None:
        """A reset or a file opened: the training thread's last message is about the run before."""
        self._run_message = None

    def set_notice(self, text: Notice, error: bool = False, covers_reset: bool = False) -> None:
        """A message from the window itself; it shows over the run's message for a while. A
        callable gives the text in the current language (it follows a language switch).
        ``covers_reset``: the notice says what the reset just asked for did (an import, an
        opened file), so that reset's own "Reset: step 0" message does not replace it."""
        (log.warning if error else log.info)("%s", text() if callable(text) else text)
        self.notice = (text, error)
        self._notice_covers_reset = covers_reset
        self.notice_timer.start()
        self.show_message()

    def _expire_run_message(self) -> None:
        if self._run_message is not None and not self._run_message[1]:
            self._run_message = None
            self.show_message()

    def expire_notice(self) -> None:
        self.notice = None
        self._notice_covers_reset = False
        self.show_message()

    def show_message(self) -> None:
        """Validation problems first, then a recent notice, then the run's message (divergence stays)."""
        if not self._controls.is_valid():
            problem = self._controls.error_message()
            template = (self.tr("{problem} (training goes on with the settings it had)")
                        if self._controller.running else self.tr("Cannot train: {problem}"))
            text = template.format(problem=problem)
            error = True
        elif self.notice is not None:
            notice, error = self.notice
            text = notice() if callable(notice) else i18n.text(notice)
        elif self._run_message is not None:
            message, error = self._run_message
            text = i18n.text(message)
        else:
            text, error = "", False
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text) or not self.collapse_empty)
        self.message_label.setToolTip(text)
        self.message_label.setStyleSheet(f"QLabel {{ color: {ERROR_COLOR}; }}" if error else "")
        self._message_bold = error
        self._fit_message_rows()
        self.fit_message()

    def _fit_message_rows(self) -> None:
        """The message row two lines high, always: a message coming, wrapping or fading must not
        make every panel above jump (and the matrices re-lay themselves out). While the empty row
        collapses (presentation short of room), one line for a message that fits one."""
        rows = 2
        text = self.message_label.text()
        if self.collapse_empty and text:
            font = QFont(self._message_font)
            font.setBold(self._message_bold)
            if QFontMetrics(font).horizontalAdvance(text) + 24 <= self.width():
                rows = 1
        self.message_label.setFixedHeight(rows * self._message_line + 8)

    # ------------------------------------------------------------------ type sizes
    def refit(self) -> None:
        """The type: large, larger in presentation mode, both zoomed; smaller again where the
        step, loss, accuracy and speed would not fit side by side in the window."""
        big = Look.font()
        big.setPointSizeF(big.pointSizeF() * (PRESENTING_STATUS_SCALE if self.presenting else STATUS_SCALE))
        bold = QFont(big)
        bold.setBold(True)
        samples = ((self.step_label, self.tr("Step: {step}").format(step="000,000"), True),
                   (self.loss_label, self.tr("Loss: {loss}").format(loss="0.0000000000"), True),
                   (self.accuracy_label, self.tr("Accuracy {train} · test {test}").format(
                       train="100%", test="100%"), True),
                   (self.rate_label, self.tr("{rate} steps/s").format(rate="00,000"), False))
        # looking back, the step is longer and the speed says "paused": both must fit as well
        back = ((None, self.tr("Step: {step} of {latest}").format(step="00,000", latest="00,000"), True),
                *samples[1:3], (None, self.tr("paused"), False))

        def widths(texts: Sequence[tuple[object, str, bool]] = samples) -> list[int]:
            return [QFontMetrics(bold if b else big).horizontalAdvance(text) + 24 for _, text, b in texts]

        need = max(sum(widths()), sum(widths(back))) + 4 * 24  # and the labels' margins
        room = self.window().width() - 8
        if need > room > 0:
            for f in (big, bold):
                f.setPointSizeF(max(8.0, f.pointSizeF() * room / need))
        for (label, _, _), width in zip(samples, widths()):
            label.hold_width(width)
        self._message_font = QFont(big)  # the message's full size (smaller for a long one)
        self.message_label.setFont(big)
        # Two lines, always: a message coming, wrapping or fading must not make every panel above
        # jump (and the matrices re-lay themselves out). A longer one gets a smaller type.
        self._message_line = QFontMetrics(bold).lineSpacing()
        self._fit_message_rows()
        for label in (self.step_label, self.loss_label, self.accuracy_label):
            label.setFont(bold)
        self.rate_label.setFont(big)
        self.fit_message()

    def fit_message(self) -> None:
        """The message's type: full size, or smaller (down to 9 pt) until it fits its two lines."""
        label = self.message_label
        font = QFont(self._message_font)
        font.setBold(self._message_bold)
        width = label.width()
        if label.text() and width > 50:
            pt = font.pointSizeF()
            while pt > 9.0:
                label.setFont(font)
                if label.heightForWidth(width) <= label.height():
                    break
                pt -= 0.5
                font.setPointSizeF(pt)
        label.setFont(font)
