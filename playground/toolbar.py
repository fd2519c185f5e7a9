"""The training toolbar: big Start / Step / Walk / Reset buttons, the speed slider and the Preset
box. The buttons call the window's commands; the toolbar holds no run state."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSizePolicy, QSlider, QStyle, QToolBar

from core.presets import presets

from . import fit, i18n

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["TrainingToolbar", "SPEEDS", "speed_text"]

#: The speed slider's positions, in steps per second; None: as fast as the engine goes.
SPEEDS: tuple[float | None, ...] = (1, 2, 5, 10, 30, None)


def speed_text(speed: float | None) -> str:
    if speed is None:
        return QCoreApplication.translate("MainWindow", "max")
    if speed == 1:
        return QCoreApplication.translate("MainWindow", "{speed} step/s").format(speed=f"{speed:g}")
    return QCoreApplication.translate("MainWindow", "{speed} steps/s").format(speed=f"{speed:g}")


class TrainingToolbar(i18n.Retranslating, QToolBar):
    """``mainToolbar``: ``start_button``, ``step_button``, ``op_step_button`` (Walk),
    ``reset_button``, ``speed_slider`` and ``preset_combo``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        # fit.ToolbarFit's handler of the bar's resizes, shows and language changes, called from the
        # bar's own handlers: a Python event filter on the bar ran for each of its events (while
        # training, a dozen a second from the window's layout), each taking the GIL from training
        self.fit_hooks: list[Callable[[QEvent], None]] = []
        self._controller = window.controller
        sp = QStyle.StandardPixmap
        self.start_button = self._big_button("startButton", sp.SP_MediaPlay)
        self.step_button = self._big_button("stepButton", sp.SP_MediaSkipForward)
        self.reset_button = self._big_button("resetButton", sp.SP_BrowserReload)
        self.start_button.clicked.connect(window.toggle_running)
        self.op_step_button = self._big_button("opStepButton", sp.SP_MediaSeekForward)
        self.step_button.clicked.connect(window.step)
        self.op_step_button.clicked.connect(window.walk_one_op)
        self.reset_button.clicked.connect(window.reset)
        for b in self.big_buttons():
            self.addWidget(b)
        self.addSeparator()

        self.speed_caption = QLabel()
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setFixedWidth(150)
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedValueLabel")
        self.speed_slider.valueChanged.connect(self._on_speed)
        self.addWidget(self.speed_caption)
        self.addWidget(self.speed_slider)
        self.addWidget(self.speed_label)
        self.addSeparator()

        self.preset_caption = QLabel()
        self.addWidget(self.preset_caption)
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        # Shrinks on a small screen (down to 14 characters) rather than fall off the toolbar.
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(14)
        self.preset_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for p in presets().values():
            self.preset_combo.addItem(p.title, p.name)
        self.preset_combo.currentIndexChanged.connect(
            lambda i: (name := self.preset_combo.itemData(i)) and window.load_preset(name))
        self.addWidget(self.preset_combo)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self._on_speed(self.speed_slider.value())
        self._follow_language()

    def big_buttons(self) -> tuple[QPushButton, ...]:
        return self.start_button, self.step_button, self.op_step_button, self.reset_button

    def _big_button(self, name: str, icon: QStyle.StandardPixmap) -> QPushButton:
        button = fit.BigButton(self.style().standardIcon(icon), "")  # (icon alone where nothing else fits)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is Start/Pause, never "press this button"
        self._size_big_button(button)
        return button

    @staticmethod
    def _size_big_button(button: QPushButton) -> None:
        fit.size_big_button(button)

    def restyle(self) -> None:
        """The buttons' type after a zoom or a theme change, and every width measured in it."""
        for button in self.big_buttons():
            self._size_big_button(button)
        self.retranslate()

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._tell_fit(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._tell_fit(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._tell_fit(event)

    def _tell_fit(self, event: QEvent) -> None:
        for hook in self.fit_hooks:
            hook(event)

    def set_running(self, running: bool) -> None:
        sp = QStyle.StandardPixmap
        self.start_button.setText(self.tr("Pause") if running else self.tr("Start"))
        self.start_button.setIcon(self.style().standardIcon(sp.SP_MediaPause if running else sp.SP_MediaPlay))

    # ------------------------------------------------------------------ speed and presets
    def set_speed(self, steps_per_second: float | None) -> None:
        """Move the speed slider to the position nearest ``steps_per_second`` (None: max)."""
        if steps_per_second is None:
            position = len(SPEEDS) - 1
        else:
            position = min((i for i, v in enumerate(SPEEDS) if v is not None),
                           key=lambda i: abs(math.log(SPEEDS[i] / steps_per_second)))  # type: ignore[operator]
        self.speed_slider.setValue(position)

    def _on_speed(self, position: int) -> None:
        speed = SPEEDS[max(0, min(position, len(SPEEDS) - 1))]
        self.speed_label.setText(speed_text(speed))
        self._controller.set_speed(speed)

    def select_preset(self, name: str | None) -> None:
        """The Preset box names preset ``name`` (None: "Custom experiment"), loading nothing."""
        i = -1 if name is None else self.preset_combo.findData(name)
        if name is None or i >= 0:
            self.preset_combo.blockSignals(True)
            self.preset_combo.setCurrentIndex(i)
            self.preset_combo.blockSignals(False)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Training"))
        self.step_button.setText(self.tr("Step"))
        self.reset_button.setText(self.tr("Reset"))
        self.op_step_button.setText(self.tr("Walk"))
        self.start_button.setText(self.tr("Pause") if self._controller.running else self.tr("Start"))
        advance = self.start_button.fontMetrics().horizontalAdvance
        widest = max(self.tr("Pause"), self.tr("Start"), key=advance)
        self.start_button.setMinimumWidth(advance(f"  {widest}  ") + 40)
        self.speed_caption.setText(self.tr(" Speed "))
        self.speed_slider.setToolTip(self.tr("From slow motion (1 step a second, every step shown) "
                                             "to as fast as the engine goes"))
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance(
            speed_text(30) + "  "))
        self._on_speed(self.speed_slider.value())
        self.preset_caption.setText(self.tr(" Preset "))
        lang = i18n.language()
        for i in range(self.preset_combo.count()):
            title, description = presets()[self.preset_combo.itemData(i)].text(lang)
            self.preset_combo.setItemText(i, title)
            self.preset_combo.setItemData(i, description, Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.setToolTip(self.tr("Load a ready-made experiment (replaces every setting, the "
                                             "speed included, and resets)"))
        self.preset_combo.setPlaceholderText(self.tr("Custom experiment"))  # shown after File ▸ Open
        longest = max((self.preset_combo.itemText(i) for i in range(self.preset_combo.count())),
                      key=self.preset_combo.fontMetrics().horizontalAdvance)
        self.preset_combo.setMaximumWidth(self.preset_combo.fontMetrics().horizontalAdvance(longest) + 60)
