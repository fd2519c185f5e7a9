"""The main window: controls on the left, the weight and gradient matrices in the centre, the loss
curve, the prediction and the gradient norms on the right, and big Start / Step / Reset buttons.

The window owns a :class:`~playground.worker.TrainingController`; every update the training thread
sends reaches :meth:`MainWindow._on_update` (one GUI-thread slot), which hands it to the views.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core import health
from core.config import LOSSES, ConfigError, ExperimentConfig
from core.edits import EDIT_LIMIT
from core.experiment_file import Experiment
from core.presets import presets
from core.problems import os_reason
from core.runner import Update, diverged_message
from core.session import Snapshot, can_trace, trace_size
from core.tabular import TabularData

from . import fit, i18n
from .controls import ERROR_COLOR, HINT_COLOR, ControlPanel, field_label, field_problem
from .experiment_files import ExperimentFiles
from .run_model import RunModel
from .views import BackpropView, GradNormPanel, LossPlot, MatrixPanel, PredictionView
from .views.health import HealthPanel
from .views.loss_plot import Look, TimelineBar
from .worker import TrainingController

__all__ = ["MainWindow", "SPEEDS", "settings", "saved_value", "SETTINGS_ENV"]

T = TypeVar("T")

log = logging.getLogger(__name__)

SETTINGS_ENV = "GRADIENT_PLAYGROUND_SETTINGS_DIR"
STATE_VERSION = 5  # bump when the dock layout changes, so an old saved layout is not restored
#: The speed slider's positions, in steps per second; None: as fast as the engine goes.
SPEEDS: tuple[float | None, ...] = (1, 2, 5, 10, 30, None)
NOTICE_MS = 10_000  # how long a notice (file saved, file unreadable...) shows over the run's message
DEFAULT_PRESET = "tutorial"
LIVE_SETTINGS = ("alpha", "max_steps")  # apply between two steps; the rest on Reset
DEFAULT_SIZE = (1600, 1000)
STATUS_SCALE = 1.35  # the status bar's type, relative to the app font
PRESENTING_STATUS_SCALE = 1.6  # ... in presentation mode (read from the back of the room)
#: View ▸ Zoom's steps for all type (Ctrl+= / Ctrl+- / Ctrl+0), remembered per machine.
ZOOM_STEPS = (0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5)
ZOOM_KEY = "ui/zoom"
WALK_SHARE = 0.55  # a walk makes the Backprop panel at least this share of the window's height


class _MessageLabel(QLabel):
    """The status message; calls ``on_resize`` when its width changes (to refit its type)."""

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self._on_resize = on_resize

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._on_resize()


def settings() -> QSettings:
    """The app's settings; inside ``$GRADIENT_PLAYGROUND_SETTINGS_DIR`` when that is set (tests).

    Never raises: a store that cannot be read or written shows in ``status()`` and ``isWritable()``.
    """
    folder = os.environ.get(SETTINGS_ENV)
    if folder:
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
        except OSError:  # e.g. a file of that name: QSettings then cannot write, and says so
            pass
        return QSettings(str(Path(folder) / "gradient-playground.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     "GradientPlayground", "GradientPlayground")


def saved_value(store: QSettings, key: str, kind: type[T]) -> T | None:
    """The setting ``key`` if it holds a ``kind``, else None: absent, or left unreadable by a damaged
    or hand-edited file (``geometry=hello`` reads as a str, ``folder=a, b`` as a list)."""
    try:
        value = store.value(key)
    except Exception:  # whatever the file holds, the window starts
        return None
    return value if isinstance(value, kind) else None


def settings_problem(store: QSettings, ignored: Sequence[str] = (),
                     set_aside: str | None = None) -> str | None:
    """One line on what is wrong with the settings ``store``: unreadable, read-only, the ``ignored``
    keys, or damaged (and kept as ``set_aside``); None when nothing is."""
    where = store.fileName()
    problems = []
    if set_aside is not None:
        problems.append(QCoreApplication.translate(
            "MainWindow", "{file} was damaged; it is kept as {name}, the defaults are used").format(
            file=where, name=Path(set_aside).name))
    elif store.status() == QSettings.Status.FormatError:
        problems.append(QCoreApplication.translate("MainWindow", "{file} is damaged and was ignored").format(
            file=where))
    elif store.status() == QSettings.Status.AccessError and store.isWritable():
        problems.append(QCoreApplication.translate("MainWindow", "could not read {file}").format(file=where))
    if ignored:
        text = QCoreApplication.translate("MainWindow", "ignored unreadable {keys} in {file}")
        problems.append(text.format(keys=", ".join(ignored), file=where))
    if not store.isWritable():
        problems.append(QCoreApplication.translate("MainWindow", "cannot save them: {file} is not writable")
                        .format(file=where))
    if not problems:
        return None
    return QCoreApplication.translate("MainWindow", "Settings: {problems}.").format(
        problems=QCoreApplication.translate("MainWindow", "; ").join(problems))


def set_aside_damaged(store: QSettings) -> str | None:
    """Rename a settings file QSettings cannot parse to ``NAME.damaged`` (so the next start is
    clean and nothing is lost); its new name, or None."""
    if store.status() != QSettings.Status.FormatError:
        return None
    damaged = store.fileName() + ".damaged"
    try:
        os.replace(store.fileName(), damaged)
    except OSError:
        return None
    return damaged


def speed_text(speed: float | None) -> str:
    if speed is None:
        return QCoreApplication.translate("MainWindow", "max")
    if speed == 1:
        return QCoreApplication.translate("MainWindow", "{speed} step/s").format(speed=f"{speed:g}")
    return QCoreApplication.translate("MainWindow", "{speed} steps/s").format(speed=f"{speed:g}")


class MainWindow(i18n.Retranslating, QMainWindow):
    """Gradient Playground's window. ``latest_snapshot`` is the snapshot last drawn."""

    def __init__(self, preset: str = DEFAULT_PRESET, language: str | None = None) -> None:
        """``language``: "zh_CN" or "en" (``--lang``); None: the one remembered, else the system's."""
        super().__init__()
        self.setObjectName("mainWindow")
        # The language first, so that every widget is built in it. (The settings are read here
        # for the first time: a damaged file is set aside now, and said so in _restore_settings.)
        store = settings()
        self._set_aside_settings = set_aside_damaged(store)
        if self._set_aside_settings is not None:
            store = settings()
        lang = i18n.choose_language(language, saved_value(store, i18n.SETTINGS_KEY, str))
        language_loaded = i18n.set_language(lang)
        self.latest_snapshot: Snapshot | None = None
        self._preset_name: str | None = None  # the preset in the fields (None: a file or edits)
        self._loaded_preset: str | None = None  # the preset last loaded (None: a file or an import)
        self._rate: float | None = None  # steps per second last measured while running
        self._presenting = False
        # the dock layout, maximized or not, and the geometry before presentation mode
        self._before_presenting: tuple[object, bool, object] | None = None
        self._running_config: ExperimentConfig | None = None
        # the dock layout before a walk made the Backprop panel big (put back when the walk ends),
        # and whether a walk brought the panel out from behind another tab (it goes back on a reset)
        self._before_walk: tuple[object, Qt.DockWidgetArea, bool] | None = None
        self._walk_raised_panel = False
        self._walk_key: tuple | None = None  # what Walk's enabling was last worked out from
        self._run_message: tuple[str, bool] | None = None  # from the training thread
        self._run_message_step = 0  # the step an informational run message describes
        self._notice_covers_reset = False  # the notice says what the reset it asked for did
        # from the window (files, presets, errors); a callable gives the text in the current language
        self._notice: tuple[str | Callable[[], str], bool] | None = None
        self._layout_pending = True  # the default dock sizes are applied when first shown
        self._geometry_restored = False
        self._unreadable_settings: list[str] = []  # keys removed on the next save
        self._notice_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._notice_timer.timeout.connect(self._expire_notice)
        # alpha and the step limit apply live once typing pauses (typing "1e-3" passes "1"), the
        # step limit after a longer pause (typing 5000 slowly must not stop a run at 5), or at
        # once on Enter, on leaving the field, and before Start or Step.
        self._live_timer = QTimer(self, singleShot=True, interval=300)
        self._live_timer.timeout.connect(self._apply_live)
        self._limit_timer = QTimer(self, singleShot=True, interval=1200)
        self._limit_timer.timeout.connect(self._apply_typed_limit)
        # A message from the training thread that is only information fades after a while.
        self._run_message_timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._run_message_timer.timeout.connect(self._expire_run_message)

        all_presets = presets()
        name = preset if preset in all_presets else DEFAULT_PRESET
        config = all_presets[name].config
        self.controller = TrainingController(config, self)  # its first update arrives via the event loop
        self.run_model = RunModel.of(self.controller, self)  # views subscribe
        self.start_config = config  # what this window started with (quitting unchanged keeps no session)
        self.files = ExperimentFiles(self)  # save, open, recent files, the last session

        self._build_views()
        self._build_toolbar()
        self._build_status_bar()
        self._build_menus()
        self._follow_language()

        self.controls.set_config(config)
        self._show_preset_description(name)
        self._select_preset(name)
        self._loaded_preset = name
        self.controls.validityChanged.connect(self._on_validity)
        self.controls.edited.connect(self._on_edited)
        self.controls.refused.connect(lambda text: self._set_notice(text, error=True))
        for edit in (self.controls.alpha_edit, self.controls.max_steps_edit):
            edit.editingFinished.connect(self._apply_live)  # Enter, or leaving the field

        self.controller.updated.connect(self._on_update)
        self.controller.runningChanged.connect(self._on_running)
        self.controller.runningChanged.connect(self.timeline.set_running)
        self.controller.failed.connect(self.show_error)
        self.controller.failed.connect(self.backprop_view.walk.abandon)
        self.backprop_view.walk.changed.connect(self._after_walk_change)
        self._on_running(False)
        self._on_validity(self.controls.is_valid(), self.controls.error_message())

        self.resize(*DEFAULT_SIZE)
        self._apply_default_layout()
        self._default_state = self.saveState(STATE_VERSION)
        self._restore_settings()
        if not language_loaded:
            self._set_notice(f"The {i18n.LANGUAGES[lang]} translation could not be loaded; staying in "
                             "English.", error=True)
        self.set_speed(all_presets[name].speed)
        if preset not in all_presets:
            def what() -> str:
                return (self.tr("--preset was given no name") if not preset.strip()
                        else self.tr("Unknown preset {name!r}").format(name=preset))
            self._set_notice(lambda: self.tr("{what}; opened {title!r} instead. Presets: {names}.").format(
                what=what(), title=all_presets[name].text(i18n.language())[0], names=", ".join(all_presets)),
                error=True)
        self.files.offer_continue()  # the last session, kept on quit

    # ------------------------------------------------------------------ building
    def _dock(self, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        return dock

    def _build_views(self) -> None:
        self.controls = ControlPanel()
        scroll = QScrollArea()
        scroll.setObjectName("controlsScroll")
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._controls_scroll = scroll
        self._fit_controls_width()
        self.controls_dock = self._dock("controlsDock", scroll)

        self.matrix_panel = MatrixPanel(self.run_model)
        # The lesson over the matrices when the settings panel (where it usually is) is hidden,
        # as in presentation mode.
        self.lesson_banner = fit.ElidingLabel()  # (elided, with a tooltip, on a short screen)
        self.lesson_banner.setObjectName("lessonBanner")
        self.lesson_banner.setStyleSheet("QLabel { background: #fff8d6; color: #1a1a1a; "
                                         "border-left: 6px solid #0072b2; padding: 6px 10px; }")
        self.lesson_banner.hide()
        centre = QWidget()
        centre.setObjectName("centre")
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.files.continue_bar)  # "Continue where you left off", at start
        column.addWidget(self.lesson_banner)
        column.addWidget(self.matrix_panel, 1)
        self.setCentralWidget(centre)
        self.loss_plot = LossPlot()
        self.grad_norm_panel = GradNormPanel()
        self.prediction_view = PredictionView()
        self.timeline = TimelineBar(self.run_model, self.loss_plot)  # under the loss curve
        self.loss_plot.layout().addWidget(self.timeline)
        self.timeline.resumeRequested.connect(self.controller.resume_from)
        self.run_model.shownChanged.connect(self._on_shown)
        self.loss_dock = self._dock("lossDock", self.loss_plot)
        self.prediction_dock = self._dock("predictionDock", self.prediction_view)
        self.grad_norm_dock = self._dock("gradNormDock", self.grad_norm_panel)
        self.backprop_view = BackpropView(self.run_model)  # (it follows the timeline)
        self.backprop_view.walk.released.connect(self._on_update)  # updates held during a walk
        self.backprop_dock = self._dock("backpropDock", self.backprop_view)
        self.health_panel = HealthPanel(self.run_model)
        self.health_dock = self._dock("healthDock", self.health_panel)
        self.docks = [self.controls_dock, self.loss_dock, self.prediction_dock, self.grad_norm_dock,
                      self.backprop_dock, self.health_dock]
        self._set_corners(wide_bottom=False)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

    def _set_corners(self, wide_bottom: bool) -> None:
        """The side panels reach the window's bottom, or (during a walk) the bottom panels reach
        the left edge too, under the settings (the Backprop panel needs the width)."""
        corners = Qt.Corner
        area = Qt.DockWidgetArea
        self.setCorner(corners.TopLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(corners.TopRightCorner, area.RightDockWidgetArea)
        self.setCorner(corners.BottomLeftCorner,
                       area.BottomDockWidgetArea if wide_bottom else area.LeftDockWidgetArea)
        self.setCorner(corners.BottomRightCorner, area.RightDockWidgetArea)

    def _fit_controls_width(self) -> None:
        """The settings panel as wide as its fields need (they never scroll sideways)."""
        scroll = self._controls_scroll
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())

    def _big_button(self, name: str, icon: QStyle.StandardPixmap) -> QPushButton:
        button = fit.BigButton(self.style().standardIcon(icon), "")  # (icon alone where nothing else fits)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is Start/Pause, never "press this button"
        self._size_big_button(button)
        return button

    @staticmethod
    def _size_big_button(button: QPushButton) -> None:
        fit.size_big_button(button)

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        sp = QStyle.StandardPixmap
        self.start_button = self._big_button("startButton", sp.SP_MediaPlay)
        self.step_button = self._big_button("stepButton", sp.SP_MediaSkipForward)
        self.reset_button = self._big_button("resetButton", sp.SP_BrowserReload)
        self.start_button.clicked.connect(self.toggle_running)
        self.op_step_button = self._big_button("opStepButton", sp.SP_MediaSeekForward)
        self.step_button.clicked.connect(self.step)
        self.op_step_button.clicked.connect(self.walk_one_op)
        self.reset_button.clicked.connect(self.reset)
        for b in (self.start_button, self.step_button, self.op_step_button, self.reset_button):
            bar.addWidget(b)
        bar.addSeparator()

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
        bar.addWidget(self.speed_caption)
        bar.addWidget(self.speed_slider)
        bar.addWidget(self.speed_label)
        bar.addSeparator()

        self.preset_caption = QLabel()
        bar.addWidget(self.preset_caption)
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        # Shrinks on a small screen (down to 14 characters) rather than fall off the toolbar.
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(14)
        self.preset_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for p in presets().values():
            self.preset_combo.addItem(p.title, p.name)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_chosen)
        bar.addWidget(self.preset_combo)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self._on_speed(self.speed_slider.value())

    def _build_status_bar(self) -> None:
        """Step, loss, accuracy and speed in large type (read from the back of a room), then messages."""
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        bar.setSizeGripEnabled(False)
        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        self.loss_label = QLabel()
        self.loss_label.setObjectName("lossLabel")
        self.accuracy_label = QLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.accuracy_label.hide()
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rateLabel")
        self._message_bold = False  # errors are bold
        self.message_label = _MessageLabel(self._fit_message)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setContentsMargins(6, 2, 6, 2)
        self._size_status()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # One panel: the message (when there is one) across the whole width, the numbers below it.
        panel = QWidget()
        panel.setObjectName("statusPanel")
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.message_label, 0, 0, 1, 5)
        for i, label in enumerate((self.step_label, self.loss_label, self.accuracy_label, self.rate_label)):
            label.setContentsMargins(6, 2, 18, 2)
            grid.addWidget(label, 1, i)
        grid.setColumnStretch(4, 1)
        bar.addWidget(panel, 1)

    def _size_status(self) -> None:
        """The status line's type: large, larger in presentation mode, both zoomed; smaller again
        where the step, loss, accuracy and speed would not fit side by side in the window."""
        big = Look.font()
        big.setPointSizeF(big.pointSizeF() * (PRESENTING_STATUS_SCALE if self._presenting else STATUS_SCALE))
        bold = QFont(big)
        bold.setBold(True)
        samples = ((self.step_label, self.tr("Step: {step}").format(step="000000"), True),
                   (self.loss_label, self.tr("Loss: {loss}").format(loss="0.0000000000"), True),
                   (self.accuracy_label, self.tr("Accuracy {train} · test {test}").format(
                       train="100%", test="100%"), True),
                   (self.rate_label, self.tr("{rate} steps/s").format(rate="00,000"), False))

        def widths() -> list[int]:
            return [QFontMetrics(bold if b else big).horizontalAdvance(text) + 24 for _, text, b in samples]

        need = sum(widths()) + 4 * 24  # and the labels' margins
        room = self.width() - 8
        if need > room > 0:
            for f in (big, bold):
                f.setPointSizeF(max(8.0, f.pointSizeF() * room / need))
        for (label, _, _), width in zip(samples, widths()):
            label.setMinimumWidth(width)
        self._status_fonts = (big, bold)
        self._message_font = QFont(big)  # the message's full size (smaller for a long one)
        self.message_label.setFont(big)
        # Two lines, always: a message coming, wrapping or fading must not make every panel above
        # jump (and the matrices re-lay themselves out). A longer one gets a smaller type.
        self.message_label.setFixedHeight(2 * QFontMetrics(bold).lineSpacing() + 8)
        for label in (self.step_label, self.loss_label, self.accuracy_label):
            label.setFont(bold)
        self.rate_label.setFont(big)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = file_menu = menu.addMenu("")
        self.open_action = file_menu.addAction("", self._open_dialog)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        file_menu.addMenu(self.files.recent_menu)
        self.save_action = file_menu.addAction("", self._save_dialog)
        self.save_action.setShortcuts([QKeySequence.StandardKey.SaveAs, QKeySequence.StandardKey.Save])
        file_menu.addSeparator()
        self.import_action = file_menu.addAction("", self._import_dialog)
        self.import_action.setObjectName("importDataAction")
        self.export_menu = export_menu = file_menu.addMenu("")
        export_menu.setObjectName("exportMenu")
        self.export_core_action = export_menu.addAction("", lambda: self._export_dialog("core"))
        self.export_torch_action = export_menu.addAction("", lambda: self._export_dialog("torch"))
        self.export_pictures_action = export_menu.addAction("", self._export_pictures_dialog)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("", self.close)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.train_menu = train_menu = menu.addMenu("")
        # Space is handled in keyPressEvent, not as a shortcut: a shortcut would steal Space from
        # the focused check box, button or list, which need it. "\t" shows the key in the menu.
        self.start_action = QAction(self)
        self.start_action.triggered.connect(self.toggle_running)
        self.step_action = QAction(self)
        self.step_action.setShortcuts([QKeySequence(Qt.Key.Key_S), QKeySequence(Qt.Key.Key_Right)])
        self.step_action.triggered.connect(self.step)
        self.walk_action = QAction(self)
        self.walk_action.setShortcuts([QKeySequence(Qt.Key.Key_O), QKeySequence("Shift+Right")])
        self.walk_action.triggered.connect(self.walk_one_op)
        self.reset_action = QAction(self)
        self.reset_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reset_action.triggered.connect(self.reset)
        for a in (self.start_action, self.step_action, self.walk_action, self.reset_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            train_menu.addAction(a)
            self.addAction(a)
        train_menu.addSeparator()
        self.gradcheck_action = train_menu.addAction("", self.controller.check_gradients)
        self.gradcheck_action.setObjectName("gradCheckAction")

        self.view_menu = view_menu = menu.addMenu("")
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(self.toolbar.toggleViewAction())
        view_menu.addSeparator()
        self.layout_action = view_menu.addAction("", self.restore_default_layout)
        view_menu.addSeparator()
        self.zoom_in_action = view_menu.addAction("", self.zoom_in)
        self.zoom_in_action.setObjectName("zoomInAction")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++"),
                                          QKeySequence(QKeySequence.StandardKey.ZoomIn)])
        self.zoom_out_action = view_menu.addAction("", self.zoom_out)
        self.zoom_out_action.setObjectName("zoomOutAction")
        self.zoom_out_action.setShortcuts([QKeySequence("Ctrl+-"),
                                           QKeySequence(QKeySequence.StandardKey.ZoomOut)])
        self.zoom_reset_action = view_menu.addAction("", lambda: self.set_zoom(1.0))
        self.zoom_reset_action.setObjectName("zoomResetAction")
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        view_menu.addSeparator()
        self.presentation_action = view_menu.addAction("")
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcut(QKeySequence("F11"))
        self.presentation_action.toggled.connect(self.set_presentation)
        self.settings_panel_action = self.controls_dock.toggleViewAction()
        self.settings_panel_action.setObjectName("settingsPanelAction")
        self.settings_panel_action.setShortcut(QKeySequence("F9"))
        self.controls_dock.visibilityChanged.connect(lambda _=False: self._show_lesson_banner())
        self.leave_presentation_action = QAction(self)
        self.leave_presentation_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_presentation_action.triggered.connect(lambda: self.set_presentation(False))
        self.leave_presentation_action.setEnabled(False)
        for a in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action, self.presentation_action,
                  self.settings_panel_action, self.leave_presentation_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(a)  # the keys work with the menu bar hidden too
        self.toolbar.addSeparator()
        sp = QStyle.StandardPixmap
        self.presentation_action.setIcon(self.style().standardIcon(sp.SP_TitleBarMaxButton))
        self.settings_panel_action.setIcon(self.style().standardIcon(sp.SP_FileDialogDetailedView))
        self.toolbar.addAction(self.presentation_action)
        self.toolbar.addAction(self.settings_panel_action)
        self._toolbar_fit = fit.ToolbarFit(
            self.toolbar, (self.start_button, self.step_button, self.op_step_button, self.reset_button),
            (self.speed_caption, self.preset_caption), (self.presentation_action, self.settings_panel_action),
            self.speed_slider, self.preset_combo)
        fit.KeepOnScreen(self)
        self._fit_toolbar()
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():  # each language named in itself: never translated
            action = self.language_menu.addAction(name)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == i18n.language())
            action.triggered.connect(lambda _=False, code=code: self.set_language(code))
            self.language_group.addAction(action)
            self.language_actions[code] = action

        self.preset_menu = preset_menu = menu.addMenu("")
        self.preset_actions: dict[str, QAction] = {}
        for p in presets().values():
            action = preset_menu.addAction(p.title)
            action.triggered.connect(lambda _=False, name=p.name: self.load_preset(name))
            self.preset_actions[p.name] = action
        preset_menu.setToolTipsVisible(True)

        self.help_menu = help_menu = menu.addMenu("")
        self.guide_action = help_menu.addAction("", self.show_guide)
        self.guide_action.setShortcut("F1")
        self.about_action = help_menu.addAction("", self._about)

    # ------------------------------------------------------------------ languages
    def retranslate(self) -> None:
        """Every text of the window itself in the current language (the panels do their own)."""
        title = self.tr("Gradient Playground")
        self.setWindowTitle(title)
        app = QCoreApplication.instance()
        if app is not None:
            app.setApplicationDisplayName(title)  # type: ignore[attr-defined]
        self.controls_dock.setWindowTitle(self.tr("Network && training"))  # && shows "&"
        self.loss_dock.setWindowTitle(self.tr("Loss"))
        self.prediction_dock.setWindowTitle(self.tr("Prediction"))
        self.grad_norm_dock.setWindowTitle(self.tr("Gradient norms"))
        self.backprop_dock.setWindowTitle(self.tr("Backprop"))
        self.health_dock.setWindowTitle(self.tr("Health over time"))
        self.toolbar.setWindowTitle(self.tr("Training"))

        self.step_button.setText(self.tr("Step"))
        self.reset_button.setText(self.tr("Reset"))
        self.op_step_button.setText(self.tr("Walk"))
        self._refresh_walk(force=True)  # (its tooltip)
        self.start_button.setText(self.tr("Pause") if self.controller.running else self.tr("Start"))
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

        self.loss_label.setToolTip(self.tr("Training loss of the last step (on its batch)"))
        self.rate_label.setToolTip(self.tr("Training steps per second"))
        self._size_status()
        self._show_numbers(self.latest_snapshot)
        self._show_rate()

        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open experiment…"))
        self.save_action.setText(self.tr("&Save experiment as…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.import_action.setText(self.tr("&Import data…"))
        self.import_action.setToolTip(self.tr("Train on your own CSV or TSV file: a header row, a row per "
                                              "sample"))
        self.export_menu.setTitle(self.tr("&Export"))
        self.export_core_action.setText(self.tr("&Python script…"))
        self.export_torch_action.setText(self.tr("Py&Torch script…"))
        self.export_pictures_action.setText(self.tr("Pictures and &numbers…"))
        self.train_menu.setTitle(self.tr("&Training"))
        self.start_action.setText(self.tr("Start / Pause") + "\t" + self.tr("Space"))
        self.step_action.setText(self.tr("Step"))
        self.walk_action.setText(self.tr("Walk one operation"))
        self.reset_action.setText(self.tr("Reset"))
        self.gradcheck_action.setText(self.tr("Check gradients numerically"))
        self.gradcheck_action.setToolTip(self.tr("Compare every layer's backprop gradient with central "
                                                 "finite differences on the current weights; the verdict "
                                                 "appears below."))
        self.view_menu.setTitle(self.tr("&View"))
        self.layout_action.setText(self.tr("Restore default layout"))
        self.zoom_in_action.setText(self.tr("Zoom in (larger type)"))
        self.zoom_out_action.setText(self.tr("Zoom out (smaller type)"))
        self.zoom_reset_action.setText(self.tr("Actual size"))
        self.presentation_action.setText(self.tr("Presentation"))
        self.presentation_action.setToolTip(self.tr("Presentation mode for a projector: full screen, "
                                                    "settings hidden, high contrast (F11; Esc leaves)"))
        self.settings_panel_action.setText(self.tr("Settings"))
        self.settings_panel_action.setToolTip(self.tr("Show or hide the settings panel (F9)"))
        self.language_menu.setTitle(self.tr("Language"))
        for code, action in self.language_actions.items():
            action.setChecked(code == lang)
        self.preset_menu.setTitle(self.tr("&Presets"))
        for name, action in self.preset_actions.items():
            title, description = presets()[name].text(lang)
            action.setText(title)
            action.setToolTip(description)
        self.help_menu.setTitle(self.tr("&Help"))
        self.guide_action.setText(self.tr("&Guide: controls and lessons"))
        self.about_action.setText(self.tr("&About Gradient Playground"))

        self._on_validity(self.controls.is_valid(), self.controls.error_message())
        self._refresh_pending()
        self._retranslate_guide()
        if self._preset_name is not None:
            self._show_preset_description(self._preset_name)

    def set_language(self, lang: str) -> None:
        """Speak ``lang`` ("en" or "zh_CN") from now on, remembered; the run goes on."""
        if not i18n.set_language(lang):
            self._set_notice(f"The {i18n.LANGUAGES[lang]} translation could not be loaded; "
                             "staying in English.", error=True)
            lang = i18n.language()
        settings().setValue(i18n.SETTINGS_KEY, lang)
        for code, action in self.language_actions.items():
            action.setChecked(code == lang)
        self.check_font()

    def check_font(self) -> None:
        """Chinese chosen but no installed font draws it: say so (in English: boxes can't be read)."""
        if i18n.language() == "zh_CN" and i18n.cjk_font_missing(self.font()):
            self._set_notice("No installed font can draw Chinese, so its text shows as empty boxes. "
                             "Install one (Debian/Ubuntu: sudo apt install fonts-noto-cjk) or choose "
                             "View ▸ Language ▸ English.", error=True)

    def _show_preset_description(self, name: str) -> None:
        self._preset_name = name
        self.controls.set_description(presets()[name].text(i18n.language())[1])
        self._show_lesson_banner()

    def _show_lesson_banner(self) -> None:
        """The lesson over the matrices while the settings panel is hidden (presentation mode)."""
        text = self.controls.description_label.text() if self._preset_name is not None else ""
        self.lesson_banner.setText(text)
        self.lesson_banner.setVisible(bool(text) and (self._presenting or self.controls_dock.isHidden()))

    # ------------------------------------------------------------------ zoom and presentation
    def zoom(self) -> float:
        """The type zoom: 1.0 is 100 %."""
        return Look.zoom

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > Look.zoom + 1e-9), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < Look.zoom - 1e-9), ZOOM_STEPS[0]))

    def set_zoom(self, zoom: float, remember: bool = True) -> None:
        """All type at ``zoom`` (0.75 to 2.5) times its size: labels, buttons, plots, matrix numbers."""
        Look.set(zoom=zoom)
        if remember:
            settings().setValue(ZOOM_KEY, Look.zoom)
        self._restyle()
        self._set_notice(self._type_size_notice)

    def _type_size_notice(self) -> str:
        return self.tr("Type size {percent}% (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 "
                       "actual size)").format(percent=round(Look.zoom * 100))

    def is_presenting(self) -> bool:
        return self._presenting

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: full screen, the settings panel hidden (F9 or the Settings button
        brings it back), the lesson on top, a high-contrast theme, a larger status line. Esc leaves."""
        if on == self._presenting:
            return
        self._presenting = on
        Look.set(contrast=on)
        self.leave_presentation_action.setEnabled(on)
        self.presentation_action.blockSignals(True)
        self.presentation_action.setChecked(on)
        self.presentation_action.blockSignals(False)
        if on:
            self._before_presenting = (self.saveState(STATE_VERSION), self.isMaximized(), self.saveGeometry())
            self.controls_dock.hide()
            self.showFullScreen()
        else:
            state, maximized, _ = self._before_presenting or (self._default_state, False, None)
            self.showMaximized() if maximized else self.showNormal()
            self.restoreState(state, STATE_VERSION)
        self._restyle()
        self._show_lesson_banner()
        if self._notice is not None and self._notice[0] == self._type_size_notice:
            self._expire_notice()  # the type size was news before the mode changed, not now

    def _fit_toolbar(self) -> None:
        """The toolbar and the window folded as far as the screen asks (see playground/fit.py)."""
        fit.fit_window(self, self.controls, self._toolbar_fit, self._presenting, self._fit_controls_width)

    def _restyle(self) -> None:
        """Every font and line again, after a zoom or a theme change; the run is untouched."""
        self.setFont(Look.font())  # every widget that sets no font of its own follows
        for button in (self.start_button, self.step_button, self.reset_button, self.op_step_button):
            self._size_big_button(button)
        self._size_status()
        banner = Look.font()
        banner.setPointSizeF(banner.pointSizeF() * 1.15)
        self.lesson_banner.setFont(banner)
        self.controls.restyle()
        self._fit_controls_width()
        for view in (self.loss_plot, self.grad_norm_panel, self.prediction_view, self.matrix_panel):
            view.restyle()
        if self.shown_snapshot is not None:
            for view in (self.matrix_panel, self.grad_norm_panel, self.prediction_view):
                view.show_snapshot(self.shown_snapshot)
        self.retranslate()  # widths measured in the new type
        self._fit_message()
        self._fit_toolbar()

    # ------------------------------------------------------------------ layout and settings
    def _apply_default_layout(self) -> None:
        self._set_corners(wide_bottom=False)
        for dock in self.docks:
            dock.setFloating(False)
            dock.show()
        self.toolbar.show()
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.controls_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.loss_dock)
        self.splitDockWidget(self.loss_dock, self.prediction_dock, Qt.Orientation.Vertical)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.grad_norm_dock)
        self.tabifyDockWidget(self.grad_norm_dock, self.backprop_dock)
        self.tabifyDockWidget(self.backprop_dock, self.health_dock)
        self.grad_norm_dock.raise_()
        self._size_docks()

    def _size_docks(self) -> None:
        """Left: the settings; centre: the matrices over the gradient norms; right: loss, prediction."""
        w, h = max(self.width(), 1000), max(self.height(), 600)
        left = self.controls_dock.widget().minimumWidth() + 8
        right = max(320, int(w * 0.28))
        self.resizeDocks([self.controls_dock, self.loss_dock], [left, right], Qt.Orientation.Horizontal)
        self.resizeDocks([self.loss_dock, self.prediction_dock], [h // 2, h // 2], Qt.Orientation.Vertical)
        self.resizeDocks([self.grad_norm_dock], [int(h * 0.27)], Qt.Orientation.Vertical)

    def restore_default_layout(self) -> None:
        self._before_walk, self._walk_raised_panel = None, False
        self.restoreState(self._default_state, STATE_VERSION)
        self._apply_default_layout()

    def _restore_settings(self) -> None:
        """The saved window layout; anything unreadable is ignored (the defaults stay), said once
        in the status line, and replaced on the next save."""
        s = settings()
        set_aside = self._set_aside_settings  # (set aside before the language was read)
        ignored = self._unreadable_settings
        try:
            zoom = float(s.value(ZOOM_KEY, 1.0))
        except (TypeError, ValueError):
            zoom = 1.0
        if zoom != Look.zoom or Look.contrast:
            Look.set(zoom=zoom, contrast=False)
            self._restyle()
        geometry = saved_value(s, "window/geometry", QByteArray)
        state = saved_value(s, "window/state", QByteArray)
        for key, value in (("window/geometry", geometry), ("window/state", state)):
            if value is None and s.contains(key):
                ignored.append(key)
        if geometry is not None:
            if self.restoreGeometry(geometry):
                self._geometry_restored = True
                if state is not None and self.restoreState(state, STATE_VERSION):  # else an older layout
                    self._layout_pending = False
            else:
                ignored.append("window/geometry")
        if s.contains("files/folder") and saved_value(s, "files/folder", str) is None:
            ignored.append("files/folder")
        problem = settings_problem(s, ignored, set_aside)
        if problem:
            self._set_notice(problem, error=True)

    def fit_to_screen(self) -> None:
        """The default size, made to fit the screen (a projector may have only 1280 x 800)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        self.resize(min(DEFAULT_SIZE[0], avail.width()), min(DEFAULT_SIZE[1], avail.height()))
        self.move(avail.center() - self.rect().center())
        self._layout_pending = True

    def has_saved_geometry(self) -> bool:
        """Whether the window took its size and place from the saved settings."""
        return self._geometry_restored

    def _save_settings(self) -> None:
        s = settings()
        for key in self._unreadable_settings:
            s.remove(key)
        if self._presenting and self._before_presenting is not None:  # the layout to come back to
            state, _, geometry = self._before_presenting
        else:
            state, geometry = self.saveState(STATE_VERSION), self.saveGeometry()
        s.setValue("window/geometry", geometry)
        s.setValue("window/state", state)
        s.sync()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if getattr(self, "_status_width", None) != self.width():
            self._status_width = self.width()
            self._size_status()
            self._fit_message()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.controller.track_repaints(self)
        if self._layout_pending:
            self._layout_pending = False
            QTimer.singleShot(0, self._size_docks)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Space starts or pauses, unless the focused widget used it (only unused keys get here)."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and not event.modifiers():
            self.toggle_running()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        try:
            self._save_settings()
        except Exception:  # settings must never keep the window open
            log.exception("could not save the settings")
        self.hide()  # gone at once, even while shutdown waits for a long step to end
        try:
            self.files.autosave()  # continued at the next start
        except Exception:  # nothing may keep the window open
            log.exception("could not keep the session")
        self.controller.shutdown()
        event.accept()

    # ------------------------------------------------------------------ training commands
    def toggle_running(self) -> None:
        if self.controller.running:
            self.controller.pause()
            return
        if not self.controls.is_valid():
            return
        self.backprop_view.walk.finish()  # a walk under way: its step is finished first
        if not self._refuse_diverged():
            self._apply_live()  # a learning rate or step limit just typed counts for this run
            self.controller.start()

    def step(self) -> None:
        if self.backprop_view.walk.finish():  # Step during a walk finishes the walk's step
            return
        if self.controls.is_valid() and not self._refuse_diverged():
            self._apply_live()
            # Traced (cheaply) while the Backprop panel is on screen, so it shows the last step.
            self.controller.step(trace=self.backprop_view.isVisible())

    def walk_one_op(self) -> None:
        """Walk (O): the next operation of the step under way; else one traced step begins
        (never an untraced one: a net too large to trace is refused, saying why)."""
        if self.backprop_view.walk.advance() or not self.controls.is_valid() or self._refuse_diverged():
            return
        why = self._walk_impossible()
        if why:
            self._set_notice(why, error=True)
            return
        self._show_backprop()
        self._apply_live()
        self.backprop_view.walk.expect_trace()
        self.controller.trace_step()

    def _walk_impossible(self) -> str:
        """Why Walk cannot trace the session's next step ("" if it can)."""
        config = self._running_config
        if config is None or can_trace(config):
            return ""
        return self.tr("Walk is off: this network is too large to trace (about {n:,} numbers per step). "
                       "Step and Start still train it.").format(n=trace_size(config))

    def _refresh_walk(self, force: bool = False) -> None:
        """Walk enabled when the fields are valid and the session's net can be traced; the
        panel's hints say what Walk can do now (redone only when one of those changed)."""
        valid = self.controls.is_valid()
        snap = self.latest_snapshot
        diverged = snap is not None and snap.diverged is not None and not self.controller.reset_pending
        key = (id(self._running_config), valid, self.controls.error_message(), diverged,
               None if snap is None else snap.step if diverged else 0)
        if key == self._walk_key and not force:
            return
        self._walk_key = key
        why = self._walk_impossible()
        self.op_step_button.setEnabled(valid and not why)
        self.walk_action.setEnabled(valid and not why)
        tip = self.tr("Walk one operation of the step (O or Shift+→)")
        if why:
            tip += "\n\n" + why
        elif not valid:
            tip += "\n\n" + self.tr("Disabled: {problem}").format(problem=self.controls.error_message())
        self.op_step_button.setToolTip(tip)
        if diverged:
            why = diverged_message(snap.step)
        self.backprop_view.set_blocked(why or None)

    def _show_backprop(self) -> None:
        """The Backprop panel in front, and big enough to read: from the left edge, and
        WALK_SHARE of the height, when it is docked at the bottom. The layout before is kept,
        and put back when the walk ends (:meth:`_after_walk_change`)."""
        dock = self.backprop_dock
        if self._before_walk is None:
            self._before_walk = (self.saveState(STATE_VERSION), self.corner(Qt.Corner.BottomLeftCorner),
                                 self._presenting)
            self._walk_raised_panel |= not self.backprop_view.isVisible()
        dock.show()
        dock.raise_()
        if dock.isFloating() or self.dockWidgetArea(dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return
        self._set_corners(wide_bottom=True)
        if dock.height() < WALK_SHARE * self.height():
            self.resizeDocks([dock], [int(WALK_SHARE * self.height())], Qt.Orientation.Vertical)

    def _after_walk_change(self) -> None:
        """A walk that has ended gives the docks back their sizes from before it (the panel stays
        in front, showing the step walked, until the next reset or preset)."""
        if self.backprop_view.walk.active or self._before_walk is None:
            return
        (state, corner, presenting), self._before_walk = self._before_walk, None
        if presenting != self._presenting:  # (presentation mode switched meanwhile: its layout stays)
            return
        self.setCorner(Qt.Corner.BottomLeftCorner, corner)
        self.restoreState(state, STATE_VERSION)
        self.backprop_dock.raise_()

    def _after_walk_reset(self) -> None:
        """A reset after a walk: the panel the walk brought to the front goes back behind its tab."""
        if self.backprop_view.walk.active or not self._walk_raised_panel:
            return
        self._walk_raised_panel = False
        if self.backprop_view.isVisible():
            for dock in self.tabifiedDockWidgets(self.backprop_dock):
                dock.raise_()
                break

    def _refuse_diverged(self) -> bool:
        """A diverged run takes no more steps: say that Reset is needed (curve, matrices and step
        stay as they are). The training thread refuses too, should a divergence be on its way."""
        snap = self.latest_snapshot
        if snap is None or snap.diverged is None or self.controller.reset_pending:
            return False
        self._set_notice(diverged_message(snap.step), error=True)
        return True

    def reset(self) -> None:
        """Step 0 with the settings in the fields (same seed: the same initial weights)."""
        try:
            config = self.controls.config()
        except ConfigError:
            self._show_message()
            return
        self._live_timer.stop()
        self._limit_timer.stop()
        self._run_message = None
        self.backprop_view.walk.finish()  # a walk under way ends: its step is shown, then the reset
        self.controller.reset(config)

    def load_preset(self, name: str) -> None:
        """Fill every field from preset ``name`` and reset (unknown names show a message)."""
        all_presets = presets()
        if name not in all_presets:
            self._set_notice(lambda: self.tr("Unknown preset {name!r}; presets: {names}.").format(
                name=name, names=", ".join(all_presets)), error=True)
            return
        self._select_preset(name)
        self._loaded_preset = name
        preset = all_presets[name]
        self.controls.set_config(preset.config)
        self._show_preset_description(name)
        self.set_speed(preset.speed)
        self.reset()

    def _select_preset(self, name: str) -> None:
        i = self.preset_combo.findData(name)
        if i >= 0:
            self.preset_combo.blockSignals(True)
            self.preset_combo.setCurrentIndex(i)
            self.preset_combo.blockSignals(False)

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset_combo.itemData(index)
        if name:
            self.load_preset(name)

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
        self.controller.set_speed(speed)

    # ------------------------------------------------------------------ files
    def open_experiment(self, path: str | Path) -> bool:
        """Open an experiment file (its whole run goes on from its step) or settings saved as
        .json (step 0); a bad file changes nothing. True on success."""
        return self.files.open(path)

    def save_experiment(self, path: str | Path) -> bool:
        """Save the running experiment, all of it (``.gpexp``), or the settings only (``.json``)."""
        return self.files.save(path)

    def _open_dialog(self) -> None:
        self.files.open_dialog()

    def _save_dialog(self) -> None:
        self.files.save_dialog()

    def continue_experiment(self, experiment: Experiment) -> None:
        """Go on exactly where ``experiment`` stopped (its settings are in the fields already)."""
        self._live_timer.stop()
        self._limit_timer.stop()
        self._run_message = None
        self.controller.open(experiment)

    def file_folder(self) -> Path:
        """Where the file dialogs open: the folder last used, else Documents, else home."""
        last = saved_value(settings(), "files/folder", str)
        try:
            if last and Path(last).is_dir():
                return Path(last)
        except (OSError, ValueError):  # a name too long, a NUL byte: an unreadable setting
            pass
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _remember_folder(self, path: str) -> None:
        # abspath, not resolve(): resolving a symlink loop raises
        settings().setValue("files/folder", os.path.dirname(os.path.abspath(path)))

    # ------------------------------------------------------------------ data in, code and pictures out
    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import data"), str(self.file_folder()),
                                              self.tr("Data (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            self._remember_folder(path)
            self.open_import_dialog(path)

    def open_import_dialog(self, path: str | Path) -> QDialog:
        """The Import data dialog for ``path`` (reading starts at once); Import calls import_data."""
        from .import_dialog import ImportDialog

        dialog = ImportDialog(path, self.import_data, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_data(self, data: TabularData) -> str | None:
        """Train on ``data`` from step 0 (the other settings kept; the loss suited to the task);
        returns None, or the problem (nothing is changed then)."""
        try:
            base = self.controls.config() if self.controls.is_valid() else self._running_config
            base = base or ExperimentConfig()
            config = base.with_data(data)
        except ConfigError as e:
            return field_problem(e.field, e.message)
        self.controls.set_config(config)
        self.controls.set_description(self.tr("Imported {what}.").format(what=i18n.text(data.summary())))
        self._loaded_preset = None
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(-1)
        self.preset_combo.blockSignals(False)
        self.reset()
        shown = {"loss": i18n.text(LOSSES[config.loss]).lower(), "test_fraction": f"{config.test_fraction:g}"}
        changed = [self.tr("{field} {value}").format(field=field_label(k).lower(), value=v)
                   for k, v in shown.items() if getattr(config, k) != getattr(base, k)]
        imported = self.tr("Imported {what}.").format(what=i18n.text(data.summary()))
        if changed:
            changes = self.tr(" and ").join(changed)
            imported = self.tr("{imported} Set {changes} to suit it.").format(imported=imported,
                                                                              changes=changes)
        self._set_notice(imported, covers_reset=True)  # not hidden by the reset's own "Reset: step 0"
        return None

    def _export_config(self) -> tuple[ExperimentConfig, int]:
        """The experiment running (else the one in the fields) and how many steps to export."""
        config = self._running_config or self.controls.config()
        step = self.latest_snapshot.step if self.latest_snapshot is not None else 0
        return config, step or config.max_steps or 100

    def export_script(self, path: str | Path, kind: str = "core") -> bool:
        """Write the running experiment as a program: ``kind`` "core" (core's API) or "torch"."""
        from core.export import core_script, torch_script, write_program

        try:
            config, steps = self._export_config()
            edits = () if self.latest_snapshot is None else self.latest_snapshot.edits  # what if: set again
            write_program(path, (core_script if kind == "core" else torch_script)(config, steps, edits=edits))
        except (ConfigError, OSError) as e:
            why = i18n.text(e.message if isinstance(e, ConfigError) else os_reason(e))
            self._set_notice(self.tr("Could not export {file}: {why}").format(file=Path(path).name, why=why),
                             error=True)
            return False
        self._set_notice(self.tr("Exported {steps:,} steps as {file}: run it with python {name}.").format(
            steps=steps, file=path, name=Path(path).name))
        return True

    def _export_dialog(self, kind: str) -> None:
        name = "experiment_torch.py" if kind == "torch" else "experiment.py"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as a PyTorch script") if kind == "torch"
                                              else self.tr("Export as a Python script"),
                                              str(self.file_folder() / name), self.tr("Python (*.py)"))
        if path:
            self._remember_folder(path)
            self.export_script(path if Path(path).suffix else path + ".py", kind)

    def export_pictures(self, folder: str | Path) -> bool:
        """The loss plot and the matrices as PNG and SVG, the loss history and the matrices as CSV."""
        from .exports import export_pictures_and_numbers

        try:
            written = export_pictures_and_numbers(folder, self.loss_plot, self.matrix_panel.graphics,
                                                  self.latest_snapshot)
        except OSError as e:
            self._set_notice(self.tr("Could not export to {folder}: {why}").format(folder=folder,
                                                                                   why=i18n.text(os_reason(e))),
                             error=True)
            return False
        self._set_notice(self.tr("Exported {n} files to {folder}.").format(n=len(written), folder=folder))
        return True

    def _export_pictures_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export pictures and numbers to"),
                                                  str(self.file_folder()))
        if folder:
            settings().setValue("files/folder", folder)
            self.export_pictures(folder)

    def guide_html(self) -> str:
        """The guide: what each control does and what each lesson shows (in the current language)."""
        from html import escape

        lang = i18n.language()
        lessons = "".join("<li><b>{}</b>: {}</li>".format(*(escape(t) for t in p.text(lang)))
                          for p in presets().values())
        items = (
            self.tr("<b>Step</b> (S or →): one training step, then every matrix shows its new values: "
                    "W and b after the update, dW and db the gradients that made it."),
            self.tr("<b>Walk</b> (O or Shift+→): one operation at a time through one step, in the "
                    "<b>Backprop</b> panel: each press computes the next forward operation, then the loss, "
                    "then sends one gradient backward (the box doing it in orange, the box receiving it in "
                    "blue, with the sum it has so far), then updates each parameter (W − α·dW). The line "
                    "under the graph says what happens, with the numbers. The step counts only when the walk "
                    "is over; Step finishes it at once. Point at a box for its numbers in full; in a deep "
                    "net click a layer's block to unfold it."),
            self.tr("<b>Start / Pause</b> (Space): train continuously; the <b>Speed</b> slider goes from "
                    "1 step a second to as fast as the engine runs."),
            self.tr("<b>Reset</b> (Ctrl+R): back to step 0 with the same seed, so the same initial "
                    "weights. Changes to the network apply on Reset; the learning rate and the step limit "
                    "apply at once."),
            self.tr("Point at a matrix cell for its exact value; blue is negative, red positive, and "
                    "all weights share one colour scale, all gradients another."),
            self.tr("<b>Gradient size per layer</b>: grey bars learn over a thousand times slower than "
                    "the fastest layer (vanishing); red bars are over 10³ (exploding)."),
            self.tr("<b>Timeline</b>: drag the slider under the loss curve, or click on the curve, to go "
                    "back to any recorded step: the matrices, bars, prediction and the Health panel show "
                    "that step (an orange line marks it) while training goes on. <b>Live</b>, or dragging to "
                    "the end, follows training again. A red triangle on the curve marks each finding; click "
                    "a finding in the Health panel to go to its step."),
            self.tr("<b>Backprop</b> panel, looking back: it shows the step on the timeline as it ran, "
                    "its forward values, gradients and updates (rebuilt exactly from the step before; a step "
                    "whose start was thinned away from a long run says so). Walk goes live first."),
            self.tr("<b>Flags</b>: while a health check holds for a layer, its matrices' titles and its "
                    "gradient bar carry ⚠ and the check's name in red (point at them for what the check "
                    "means); they clear with the check, and looking back shows that step's flags."),
            self.tr("<b>Resume from here</b> (paused, looking back): train on from the step shown; "
                    "the later steps are dropped and their curve stays as a faded ghost. With nothing "
                    "changed the next step gives exactly the loss it gave before."),
            self.tr("<b>What if</b> (paused): double-click a cell of W or b, or point at it and press "
                    "Enter, and type a new value, as TensorFlow Playground lets you change a link's weight. "
                    "Enter applies it, Esc cancels; the next step starts from it, and the status line says "
                    "what it was before. Each edit is kept in the run's history and saved with the "
                    "experiment. Looking back at an earlier step, the edit goes back there: training resumes "
                    "from that step with the change, and the old continuation stays as a ghost named after "
                    "the edit (\"without W1[0,1] = 0.5\"). A value must be a finite number of size at most "
                    "{limit:,.0f}: anything else is refused in place, in red, saying why. The gradients dW "
                    "and db are computed by backprop, not set.").format(limit=EDIT_LIMIT),
            self.tr("<b>Ghosts</b>: each Reset keeps the run before as a faded curve, named after what it "
                    "had that this run has not (\"zeroing on\", \"α 0.05\", \"no bias\"); up to 5. "
                    "<b>Clear ghosts</b> removes them."),
            self.tr("<b>Health</b> panel: every layer's ‖dW‖ and update ratio ‖ΔW‖/‖W‖ over the steps; "
                    "its list names what the checks found, why (by the chain rule) and what to try. "
                    "The checks: <b>vanishing</b> ‖dW‖ under {vanishing:g} of the largest layer's; "
                    "<b>exploding</b> ‖dW‖ over {exploding:g}, or over {grow_from:g} and grown {grow:g}-fold "
                    "within {grow_steps} steps; <b>update ratio</b> outside {low:g} … {high:g} for "
                    "{ratio_steps} steps running (about 10⁻³ is healthy); <b>dead ReLU</b> over half of a "
                    "layer's units output 0 for {dead_steps} steps; <b>saturated</b> over half of a tanh or "
                    "sigmoid layer's outputs flat for {saturated_steps} steps; <b>stalled</b> mean |ΔW| ≤ "
                    "10⁻⁸ + 10⁻⁵ · mean |W|; <b>non-finite</b> a NaN or infinity; <b>loss rising</b> for "
                    "{rising} steps running ({rising_acc} when gradients are not zeroed).").format(
                vanishing=health.VANISHING_RATIO, exploding=health.EXPLODING_NORM,
                grow_from=health.EXPLODING_GROWTH_FROM, grow=health.EXPLODING_GROWTH,
                grow_steps=health.EXPLODING_GROWTH_STEPS, low=health.UPDATE_RATIO_LOW,
                high=health.UPDATE_RATIO_HIGH, ratio_steps=health.UPDATE_RATIO_STEPS,
                dead_steps=health.DEAD_STEPS, saturated_steps=health.SATURATED_STEPS,
                rising=health.RISING_STEPS, rising_acc=health.RISING_STEPS_NO_ZEROING),
            self.tr("<b>Training ▸ Check gradients numerically</b> compares backprop's gradients with "
                    "finite differences. A lesson in it: the book's <code>cross_entropy</code> (as "
                    "<code>Tensor.cross_entropy</code> keeps it) reports the mean loss but sends back "
                    "softmax − target, N times the gradient of that mean, and the check, run on it, "
                    "reports exactly that factor N. The window's own cross-entropy uses the exact gradient."),
            self.tr("<b>View ▸ Language</b>: English or 中文, switched at once; the run goes on."))
        controls = "".join(f"<li>{item}</li>" for item in items)
        heads = self.tr("Controls"), self.tr("Presets")
        return f"<h3>{heads[0]}</h3><ul>{controls}</ul><h3>{heads[1]}</h3><ul>{lessons}</ul>"

    def show_guide(self) -> None:
        """The guide in a window of its own (scrolls; training goes on behind it)."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

        box = QDialog(self)
        box.setObjectName("guideBox")
        box.setWindowTitle(self.tr("Gradient Playground guide"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = QTextBrowser()
        text.setHtml(self.guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(box.close)
        layout = QVBoxLayout(box)
        layout.addWidget(text)
        layout.addWidget(buttons)
        box.resize(760, min(720, max(400, self.height() - 80)))
        box.show()

    def _retranslate_guide(self) -> None:
        """An open guide follows a language switch too."""
        from PySide6.QtWidgets import QDialog, QTextBrowser

        for box in self.findChildren(QDialog, "guideBox"):
            box.setWindowTitle(self.tr("Gradient Playground guide"))
            text = box.findChild(QTextBrowser)
            if text is not None:
                text.setHtml(self.guide_html())

    def _about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Gradient Playground"),
            self.tr("<h3>Gradient Playground</h3><p>Build a small neural network, train it on a numpy "
                    "autograd engine written from scratch, and watch every weight and gradient after "
                    "every step.</p><p><b>Space</b> start / pause · <b>S</b> or <b>→</b> one step · "
                    "<b>O</b> or <b>Shift+→</b> one operation · <b>Ctrl+R</b> reset</p>"))

    # ------------------------------------------------------------------ updates (GUI thread)
    def _on_update(self, update: Update) -> None:
        """The one slot every training update goes through; the controller acknowledges after it."""
        if update.look_back is not None or self.backprop_view.walk.holds(update):
            return  # a look-back goes to the run model; during a walk the step is not finished
        snapshot = update.snapshot
        if update.cleared:  # a reset (the views see it too: the loss plot restarts its curve)
            self._run_message = None
            self._after_walk_reset()
        if snapshot.step > 0 and not update.opened:  # training went on: the last session is not continued
            self.files.hide_offer()
        self.loss_plot.append(update)
        self.latest_snapshot = snapshot
        if self.run_model.live:  # else the user looks back: the views keep the step shown
            self._show_snapshot(snapshot)
        if update.running and update.steps_per_second > 0:
            self._rate = update.steps_per_second
            self._show_rate()
        if update.cleared and self._notice_covers_reset and not update.error:
            self._notice_covers_reset = False  # the window's notice already says what this reset did
            self._show_message()
        elif update.message:
            self._run_message = (update.message, update.error)
            self._run_message_step = snapshot.step
            self._notice = None  # the newest message wins
            self._notice_timer.stop()
            if update.error or update.halted:
                self._run_message_timer.stop()  # stays until something else is said
            else:
                self._run_message_timer.start()
            self._show_message()
        elif update.cleared:
            self._show_message()
        elif (self._run_message is not None and not self._run_message[1] and not update.halted
              and snapshot.step != self._run_message_step):
            self._run_message = None  # "Reset: step 0" is past once training has moved on
            self._show_message()
        if snapshot.config is not self._running_config:  # a reset or a live change
            self._running_config = snapshot.config
            self._refresh_pending()
            self._schedule_live()  # the fields may have changed again meanwhile
        self._refresh_walk()

    @property
    def shown_snapshot(self) -> Snapshot | None:
        """The snapshot the views show (an earlier, recorded one while looking back)."""
        return self.run_model.shown_snapshot if self.latest_snapshot is not None else None

    def _show_snapshot(self, snapshot: Snapshot) -> None:
        for view in (self.matrix_panel, self.grad_norm_panel, self.prediction_view):
            view.show_snapshot(snapshot)
        self._show_numbers(snapshot)

    def _on_shown(self, snapshot: Snapshot | None) -> None:
        """The timeline went to a recorded step (or back to live: None)."""
        shown = self.shown_snapshot
        if shown is not None:
            self._show_snapshot(shown)
        if snapshot is not None:
            self._set_notice(self.timeline.text)

    def _show_numbers(self, snapshot: Snapshot | None) -> None:
        """Step, loss and accuracy of ``snapshot`` in the status bar."""
        step = 0 if snapshot is None else snapshot.step
        self.step_label.setText(self.tr("Step: {step}").format(step=step))
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

    def _show_rate(self) -> None:
        """Steps per second while running (the last measured), else paused or nothing."""
        if self.controller.running:
            rate = self._rate
            self.rate_label.setText(self.tr("running") if rate is None
                                    else self.tr("{rate} steps/s").format(rate=f"{rate:,.0f}"))
        else:
            self.rate_label.setText(self.tr("paused") if self.latest_snapshot and self.latest_snapshot.step
                                    else "")

    def _on_running(self, running: bool) -> None:
        sp = QStyle.StandardPixmap
        self.start_button.setText(self.tr("Pause") if running else self.tr("Start"))
        self.start_button.setIcon(self.style().standardIcon(sp.SP_MediaPause if running else sp.SP_MediaPlay))
        self._rate = None
        self._show_rate()
        self._on_validity(self.controls.is_valid(), self.controls.error_message())

    # ------------------------------------------------------------------ fields
    def _on_validity(self, valid: bool, message: str) -> None:
        for w in (self.start_button, self.step_button, self.reset_button):
            w.setEnabled(valid or (w is self.start_button and self.controller.running))
        for a in (self.step_action, self.reset_action):
            a.setEnabled(valid)
        self._refresh_walk()
        why = "" if valid else "\n\n" + self.tr("Disabled: {problem}").format(problem=message)
        self.start_button.setToolTip(self.tr("Train continuously / pause (Space)") + why)
        self.step_button.setToolTip(self.tr("Run exactly one training step and show it (S or →)") + why)
        self._show_message()

    def _on_edited(self) -> None:
        """The user changed a field: the learning rate and the step limit apply live (once typing
        pauses); the rest on Reset."""
        self._schedule_live()
        self._refresh_pending()
        self._show_preset_match()

    def _show_preset_match(self) -> None:
        """The Preset box names the loaded preset while the fields equal its settings, else
        "Custom experiment" (its placeholder); changed back, the preset's title returns."""
        name = self._loaded_preset
        if name is None:
            return
        same = self.controls.is_valid() and self.controls.config() == presets()[name].config
        if same:
            self._select_preset(name)
        else:
            self.preset_combo.blockSignals(True)
            self.preset_combo.setCurrentIndex(-1)
            self.preset_combo.blockSignals(False)

    def _schedule_live(self) -> None:
        """(Re)start the timers that send a changed learning rate or step limit."""
        changes = self._live_changes()
        for key, timer in (("alpha", self._live_timer), ("max_steps", self._limit_timer)):
            if key in changes:
                timer.start()  # restarts while typing
            else:
                timer.stop()

    def _live_changes(self) -> dict[str, object]:
        """The live settings whose fields are valid and differ from the running experiment."""
        running = self._running_config
        if running is None:
            return {}
        changes: dict[str, object] = {}
        alpha = self.controls.alpha_value()
        if alpha is not None and alpha != running.alpha:
            changes["alpha"] = alpha
        ok, limit = self.controls.max_steps_value()
        if ok and limit != running.max_steps:
            changes["max_steps"] = limit
        return changes

    def _refresh_pending(self) -> None:
        """Every other setting applies on Reset: say which ones differ from the running experiment."""
        pending: list[str] = []
        if self.controls.is_valid() and self._running_config is not None:
            mine, running = self.controls.config(), self._running_config
            # Field by field, not via to_dict(): that would turn imported rows into lists each time.
            pending = [f.name for f in dataclasses.fields(mine) if f.name not in LIVE_SETTINGS
                       and getattr(mine, f.name) != getattr(running, f.name)]
        self.controls.set_pending(pending)
        self.reset_button.setStyleSheet(
            f"QPushButton {{ background: {HINT_COLOR}; color: white; }}" if pending else "")
        self.reset_button.setToolTip(self.tr("Apply the changed settings and go back to step 0 (Ctrl+R)")
                                     if pending else
                                     self.tr("Back to step 0: same seed, same initial weights (Ctrl+R)"))

    def _apply_typed_limit(self) -> None:
        """The typing pause: a limit the run has already passed waits for Enter, Start or Step
        (the first digits of a bigger number must not stop a run)."""
        ok, limit = self.controls.max_steps_value()
        step = self.latest_snapshot.step if self.latest_snapshot is not None else 0
        if ok and limit is not None and limit <= step and self.controller.running:
            return
        self._apply_live()

    def _apply_live(self) -> None:
        self._live_timer.stop()
        self._limit_timer.stop()
        changes = self._live_changes()
        if "alpha" in changes:
            self.controller.set_alpha(changes["alpha"])  # type: ignore[arg-type]
        if "max_steps" in changes:
            self.controller.set_max_steps(changes["max_steps"])  # type: ignore[arg-type]

    # ------------------------------------------------------------------ messages
    def _set_notice(self, text: str | Callable[[], str], error: bool = False,
                    covers_reset: bool = False) -> None:
        """A message from the window itself; it shows over the run's message for a while. A
        callable gives the text in the current language (it follows a language switch).
        ``covers_reset``: the notice says what the reset just asked for did (an import, an
        opened file), so that reset's own "Reset: step 0" message does not replace it."""
        (log.warning if error else log.info)("%s", text() if callable(text) else text)
        self._notice = (text, error)
        self._notice_covers_reset = covers_reset
        self._notice_timer.start()
        self._show_message()

    def show_error(self, text: str) -> None:
        """Show an error in the status line (used by the app's exception hook)."""
        self._set_notice(text, error=True)

    def _expire_run_message(self) -> None:
        if self._run_message is not None and not self._run_message[1]:
            self._run_message = None
            self._show_message()

    def _expire_notice(self) -> None:
        self._notice = None
        self._notice_covers_reset = False
        self._show_message()

    def _show_message(self) -> None:
        """Validation problems first, then a recent notice, then the run's message (divergence stays)."""
        if not self.controls.is_valid():
            problem = self.controls.error_message()
            template = (self.tr("{problem} (training goes on with the settings it had)")
                        if self.controller.running else self.tr("Cannot train: {problem}"))
            text = template.format(problem=problem)
            error = True
        elif self._notice is not None:
            notice, error = self._notice
            text = notice() if callable(notice) else i18n.text(notice)
        elif self._run_message is not None:
            message, error = self._run_message
            text = i18n.text(message)
        else:
            text, error = "", False
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        self.message_label.setStyleSheet(f"QLabel {{ color: {ERROR_COLOR}; }}" if error else "")
        self._message_bold = error
        self._fit_message()

    def _fit_message(self) -> None:
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

    def message_text(self) -> str:
        return self.message_label.text()
