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

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import (
    QAction,
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

from core.config import FILE_DATASET, LOSSES, ConfigError, ExperimentConfig
from core.experiment_file import Experiment
from core.presets import presets
from core.runner import Update, diverged_message
from core.session import Snapshot
from core.tabular import TabularData

from .controls import ERROR_COLOR, FIELD_LABELS, HINT_COLOR, ControlPanel, field_problem
from .experiment_files import ExperimentFiles
from .run_model import RunModel
from .views import BackpropView, GradNormPanel, LossPlot, MatrixPanel, PredictionView
from .views.health import HealthPanel
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
        problems.append(f"{where} was damaged; it is kept as {Path(set_aside).name}, the defaults are used")
    elif store.status() == QSettings.Status.FormatError:
        problems.append(f"{where} is damaged and was ignored")
    elif store.status() == QSettings.Status.AccessError and store.isWritable():
        problems.append(f"could not read {where}")
    if ignored:
        problems.append(f"ignored unreadable {', '.join(ignored)} in {where}")
    if not store.isWritable():
        problems.append(f"cannot save them: {where} is not writable")
    return f"Settings: {'; '.join(problems)}." if problems else None


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
        return "max"
    return f"{speed:g} step/s" if speed == 1 else f"{speed:g} steps/s"


class MainWindow(QMainWindow):
    """Gradient Playground's window. ``latest_snapshot`` is the snapshot last drawn."""

    def __init__(self, preset: str = DEFAULT_PRESET) -> None:
        super().__init__()
        self.setWindowTitle("Gradient Playground")
        self.setObjectName("mainWindow")
        self.latest_snapshot: Snapshot | None = None
        self._running_config: ExperimentConfig | None = None
        self._run_message: tuple[str, bool] | None = None  # from the training thread
        self._notice: tuple[str, bool] | None = None  # from the window (files, presets, errors)
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
        self.run_model = RunModel(self.controller.updated, self)  # the views of issue 9 subscribe to it
        self.start_config = config  # what this window started with (quitting unchanged keeps no session)
        self.files = ExperimentFiles(self)  # save, open, recent files, the last session

        self._build_views()
        self._build_toolbar()
        self._build_status_bar()
        self._build_menus()

        self.controls.set_config(config)
        self.controls.set_description(all_presets[name].description)
        self._select_preset(name)
        self.controls.validityChanged.connect(self._on_validity)
        self.controls.edited.connect(self._on_edited)
        self.controls.refused.connect(lambda text: self._set_notice(text, error=True))
        for edit in (self.controls.alpha_edit, self.controls.max_steps_edit):
            edit.editingFinished.connect(self._apply_live)  # Enter, or leaving the field

        self.controller.updated.connect(self._on_update)
        self.controller.runningChanged.connect(self._on_running)
        self.controller.failed.connect(self.show_error)
        self.controller.failed.connect(self.backprop_view.walk.abandon)
        self._on_running(False)
        self._on_validity(self.controls.is_valid(), self.controls.error_message())

        self.resize(*DEFAULT_SIZE)
        self._apply_default_layout()
        self._default_state = self.saveState(STATE_VERSION)
        self._restore_settings()
        self.set_speed(all_presets[name].speed)
        if preset not in all_presets:
            what = "--preset was given no name" if not preset.strip() else f"Unknown preset {preset!r}"
            self._set_notice(f"{what}; opened {all_presets[name].title!r} instead. "
                             f"Presets: {', '.join(all_presets)}.", error=True)
        self.files.offer_continue()  # the last session, kept on quit

    # ------------------------------------------------------------------ building
    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
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
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())
        self.controls_dock = self._dock("Network && training", "controlsDock", scroll)  # && shows "&"

        self.matrix_panel = MatrixPanel()
        central = QWidget()
        central.setObjectName("centralArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.files.continue_bar)  # "Continue where you left off", at start
        column.addWidget(self.matrix_panel, 1)
        self.setCentralWidget(central)
        self.loss_plot = LossPlot()
        self.grad_norm_panel = GradNormPanel()
        self.prediction_view = PredictionView()
        self.loss_dock = self._dock("Loss", "lossDock", self.loss_plot)
        self.prediction_dock = self._dock("Prediction", "predictionDock", self.prediction_view)
        self.grad_norm_dock = self._dock("Gradient norms", "gradNormDock", self.grad_norm_panel)
        self.backprop_view = BackpropView()
        self.backprop_view.walk.released.connect(self._on_update)  # updates held during a walk
        self.backprop_dock = self._dock("Backprop", "backpropDock", self.backprop_view)
        self.health_panel = HealthPanel(self.run_model)
        self.health_dock = self._dock("Health over time", "healthDock", self.health_panel)
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

    def _big_button(self, name: str, text: str, icon: QStyle.StandardPixmap, tip: str) -> QPushButton:
        button = QPushButton(self.style().standardIcon(icon), text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space is Start/Pause, never "press this button"
        f = button.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        button.setFont(f)
        button.setMinimumHeight(int(button.fontMetrics().height() * 2.0))
        button.setMinimumWidth(button.fontMetrics().horizontalAdvance("  Pause  ") + 40)
        return button

    def _build_toolbar(self) -> None:
        bar = QToolBar("Training")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        sp = QStyle.StandardPixmap
        self.start_button = self._big_button("startButton", "Start", sp.SP_MediaPlay,
                                             "Train continuously / pause (Space)")
        self.step_button = self._big_button("stepButton", "Step", sp.SP_MediaSkipForward,
                                            "Run exactly one training step and show it (S or →)")
        self.reset_button = self._big_button("resetButton", "Reset", sp.SP_BrowserReload,
                                             "Back to step 0: same seed, same initial weights; "
                                             "applies changed settings (Ctrl+R)")
        self.start_button.clicked.connect(self.toggle_running)
        self.op_step_button = self._big_button("opStepButton", "Walk", sp.SP_MediaSeekForward,
                                               "Walk one operation of the step (O or Shift+→)")
        self.step_button.clicked.connect(self.step)
        self.op_step_button.clicked.connect(self.walk_one_op)
        self.reset_button.clicked.connect(self.reset)
        for b in (self.start_button, self.step_button, self.op_step_button, self.reset_button):
            bar.addWidget(b)
        bar.addSeparator()

        speed_caption = QLabel(" Speed ")
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setFixedWidth(150)
        self.speed_slider.setToolTip("From slow motion (1 step a second, every step shown) "
                                     "to as fast as the engine goes")
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speedValueLabel")
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance("30 steps/s  "))
        self.speed_slider.valueChanged.connect(self._on_speed)
        bar.addWidget(speed_caption)
        bar.addWidget(self.speed_slider)
        bar.addWidget(self.speed_label)
        bar.addSeparator()

        bar.addWidget(QLabel(" Preset "))
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("presetCombo")
        # Shrinks on a small screen (down to 14 characters) rather than fall off the toolbar.
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset_combo.setMinimumContentsLength(14)
        self.preset_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for p in presets().values():
            self.preset_combo.addItem(p.title, p.name)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, p.description,
                                          Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.setToolTip("Load a ready-made experiment (replaces every setting, the speed "
                                     "included, and resets)")
        self.preset_combo.setPlaceholderText("Custom experiment")  # shown after File ▸ Open
        self.preset_combo.currentIndexChanged.connect(self._on_preset_chosen)
        longest = max((self.preset_combo.itemText(i) for i in range(self.preset_combo.count())), key=len)
        self.preset_combo.setMaximumWidth(self.preset_combo.fontMetrics().horizontalAdvance(longest) + 60)
        bar.addWidget(self.preset_combo)
        self.speed_slider.setValue(len(SPEEDS) - 1)
        self._on_speed(self.speed_slider.value())

    def _build_status_bar(self) -> None:
        """Step, loss, accuracy and speed in large type (read from the back of a room), then messages."""
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        bar.setSizeGripEnabled(False)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * STATUS_SCALE)
        bold = QFont(big)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        self.step_label = QLabel("Step: 0")
        self.step_label.setObjectName("stepLabel")
        self.loss_label = QLabel("Loss: —")
        self.loss_label.setObjectName("lossLabel")
        self.loss_label.setToolTip("Training loss of the last step (on its batch)")
        self.accuracy_label = QLabel()
        self.accuracy_label.setObjectName("accuracyLabel")
        self.accuracy_label.hide()
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rateLabel")
        self.rate_label.setToolTip("Training steps per second")
        self._message_font = QFont(big)  # the message's full size (smaller for a long one)
        self._message_bold = False  # errors are bold
        self.message_label = _MessageLabel(self._fit_message)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setFont(big)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setContentsMargins(6, 2, 6, 2)
        # Two lines, always: a message coming, wrapping or fading must not make every panel above
        # jump (and the matrices re-lay themselves out). A longer one gets a smaller type.
        self.message_label.setFixedHeight(2 * QFontMetrics(bold).lineSpacing() + 8)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # One panel: the message (when there is one) across the whole width, the numbers below it.
        panel = QWidget()
        panel.setObjectName("statusPanel")
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.message_label, 0, 0, 1, 5)
        for i, (label, sample) in enumerate(((self.step_label, "Step: 000000"),
                                             (self.loss_label, "Loss: 0.0000000000"),
                                             (self.accuracy_label, "Accuracy 100% · test 100%"),
                                             (self.rate_label, "00,000 steps/s"))):
            label.setFont(bold if label is not self.rate_label else big)
            label.setContentsMargins(6, 2, 18, 2)
            label.setMinimumWidth(metrics.horizontalAdvance(sample) + 24)
            grid.addWidget(label, 1, i)
        grid.setColumnStretch(4, 1)
        bar.addWidget(panel, 1)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.open_action = file_menu.addAction("&Open experiment…", self._open_dialog)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        file_menu.addMenu(self.files.recent_menu)
        self.save_action = file_menu.addAction("&Save experiment as…", self._save_dialog)
        self.save_action.setShortcuts([QKeySequence.StandardKey.SaveAs, QKeySequence.StandardKey.Save])
        file_menu.addSeparator()
        self.import_action = file_menu.addAction("&Import data…", self._import_dialog)
        self.import_action.setObjectName("importDataAction")
        self.import_action.setToolTip("Train on your own CSV or TSV file: a header row, a row per sample")
        export_menu = file_menu.addMenu("&Export")
        export_menu.setObjectName("exportMenu")
        export_menu.addAction("&Python script…", lambda: self._export_dialog("core"))
        export_menu.addAction("Py&Torch script…", lambda: self._export_dialog("torch"))
        export_menu.addAction("Pictures and &numbers…", self._export_pictures_dialog)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("&Quit", self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        train_menu = menu.addMenu("&Training")
        # Space is handled in keyPressEvent, not as a shortcut: a shortcut would steal Space from
        # the focused check box, button or list, which need it. "\t" shows the key in the menu.
        self.start_action = QAction("Start / Pause\tSpace", self)
        self.start_action.triggered.connect(self.toggle_running)
        self.step_action = QAction("Step", self)
        self.step_action.setShortcuts([QKeySequence(Qt.Key.Key_S), QKeySequence(Qt.Key.Key_Right)])
        self.step_action.triggered.connect(self.step)
        self.walk_action = QAction("Walk one operation", self)
        self.walk_action.setShortcuts([QKeySequence(Qt.Key.Key_O), QKeySequence("Shift+Right")])
        self.walk_action.triggered.connect(self.walk_one_op)
        self.reset_action = QAction("Reset", self)
        self.reset_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reset_action.triggered.connect(self.reset)
        for a in (self.start_action, self.step_action, self.walk_action, self.reset_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            train_menu.addAction(a)
            self.addAction(a)
        train_menu.addSeparator()
        self.gradcheck_action = train_menu.addAction("Check gradients numerically",
                                                     self.controller.check_gradients)
        self.gradcheck_action.setObjectName("gradCheckAction")
        self.gradcheck_action.setToolTip("Compare every layer's backprop gradient with central finite "
                                         "differences on the current weights; the verdict appears below.")

        view_menu = menu.addMenu("&View")
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(self.toolbar.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction("Restore default layout", self.restore_default_layout)

        preset_menu = menu.addMenu("&Presets")
        for p in presets().values():
            action = preset_menu.addAction(p.title)
            action.setToolTip(p.description)
            action.triggered.connect(lambda _=False, name=p.name: self.load_preset(name))
        preset_menu.setToolTipsVisible(True)

        help_menu = menu.addMenu("&Help")
        guide = help_menu.addAction("&Guide: controls and lessons", self.show_guide)
        guide.setShortcut("F1")
        help_menu.addAction("&About Gradient Playground", self._about)

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
        self.restoreState(self._default_state, STATE_VERSION)
        self._apply_default_layout()

    def _restore_settings(self) -> None:
        """The saved window layout; anything unreadable is ignored (the defaults stay), said once
        in the status line, and replaced on the next save."""
        s = settings()
        set_aside = set_aside_damaged(s)
        if set_aside is not None:
            s = settings()
        ignored = self._unreadable_settings
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
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(STATE_VERSION))
        s.sync()

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
        """Walk (O): the next operation of the step under way; else one traced step begins."""
        if self.backprop_view.walk.advance() or not self.controls.is_valid() or self._refuse_diverged():
            return
        self._show_backprop()
        self._apply_live()
        self.backprop_view.walk.expect_trace()
        self.controller.trace_step()

    def _show_backprop(self) -> None:
        """The Backprop panel in front, and big enough to read: from the left edge, and
        WALK_SHARE of the height, when it is docked at the bottom."""
        dock = self.backprop_dock
        dock.show()
        dock.raise_()
        if dock.isFloating() or self.dockWidgetArea(dock) != Qt.DockWidgetArea.BottomDockWidgetArea:
            return
        self._set_corners(wide_bottom=True)
        if dock.height() < WALK_SHARE * self.height():
            self.resizeDocks([dock], [int(WALK_SHARE * self.height())], Qt.Orientation.Vertical)

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
            self._set_notice(f"Unknown preset {name!r}; presets: {', '.join(all_presets)}.", error=True)
            return
        self._select_preset(name)
        preset = all_presets[name]
        self.controls.set_config(preset.config)
        self.controls.set_description(preset.description)
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
        path, _ = QFileDialog.getOpenFileName(self, "Import data", str(self.file_folder()),
                                              "Data (*.csv *.tsv *.txt);;All files (*)")
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
            config = base.replace(dataset=FILE_DATASET, data=data,
                                  loss="cross_entropy" if data.is_classification else "mse",
                                  test_fraction=base.test_fraction or 0.2)
        except ConfigError as e:
            return field_problem(e.field, e.message)
        self.controls.set_config(config)
        self.controls.set_description(f"Imported {data.summary()}.")
        self.preset_combo.blockSignals(True)
        self.preset_combo.setCurrentIndex(-1)
        self.preset_combo.blockSignals(False)
        self.reset()
        shown = {"loss": LOSSES[config.loss].lower(), "test_fraction": f"{config.test_fraction:g}"}
        changed = [f"{FIELD_LABELS[k].lower()} {v}" for k, v in shown.items()
                   if getattr(config, k) != getattr(base, k)]
        self._set_notice(f"Imported {data.summary()}." + (f" Set {' and '.join(changed)} to suit it."
                                                          if changed else ""))
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
            write_program(path, (core_script if kind == "core" else torch_script)(config, steps))
        except (ConfigError, OSError) as e:
            self._set_notice(f"Could not export {Path(path).name}: {getattr(e, 'strerror', None) or e}",
                             error=True)
            return False
        self._set_notice(f"Exported {steps:,} steps as {path}: run it with python {Path(path).name}.")
        return True

    def _export_dialog(self, kind: str) -> None:
        name = "experiment_torch.py" if kind == "torch" else "experiment.py"
        path, _ = QFileDialog.getSaveFileName(self, "Export as a PyTorch script" if kind == "torch"
                                              else "Export as a Python script",
                                              str(self.file_folder() / name), "Python (*.py)")
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
            self._set_notice(f"Could not export to {folder}: {e.strerror or e}", error=True)
            return False
        self._set_notice(f"Exported {len(written)} files to {folder}.")
        return True

    def _export_pictures_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export pictures and numbers to",
                                                  str(self.file_folder()))
        if folder:
            settings().setValue("files/folder", folder)
            self.export_pictures(folder)

    def guide_html(self) -> str:
        """The guide: what each control does and what each lesson shows."""
        from html import escape

        lessons = "".join(f"<li><b>{escape(p.title)}</b>: {escape(p.description)}</li>"
                          for p in presets().values())
        return (
            "<h3>Controls</h3><ul>"
            "<li><b>Step</b> (S or →): one training step, then every matrix shows its new values: "
            "W and b after the update, dW and db the gradients that made it.</li>"
            "<li><b>Walk</b> (O or Shift+→): one operation at a time through one step, in the "
            "<b>Backprop</b> panel: each press computes the next forward operation, then the loss, "
            "then sends one gradient backward (the box doing it in orange, the box receiving it in "
            "blue, with the sum it has so far), then updates each parameter (W − α·dW). The line "
            "under the graph says what happens, with the numbers. The step counts only when the walk "
            "is over; Step finishes it at once. Point at a box for its numbers in full; in a deep "
            "net click a layer's block to unfold it.</li>"
            "<li><b>Start / Pause</b> (Space): train continuously; the <b>Speed</b> slider goes from "
            "1 step a second to as fast as the engine runs.</li>"
            "<li><b>Reset</b> (Ctrl+R): back to step 0 with the same seed, so the same initial "
            "weights. Changes to the network apply on Reset; the learning rate and the step limit "
            "apply at once.</li>"
            "<li>Point at a matrix cell for its exact value; blue is negative, red positive, and "
            "all weights share one colour scale, all gradients another.</li>"
            "<li><b>Gradient size per layer</b>: grey bars learn over a thousand times slower than "
            "the fastest layer (vanishing); red bars are over 10³ (exploding).</li></ul>"
            f"<h3>Presets</h3><ul>{lessons}</ul>")

    def show_guide(self) -> None:
        """The guide in a window of its own (scrolls; training goes on behind it)."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

        box = QDialog(self)
        box.setObjectName("guideBox")
        box.setWindowTitle("Gradient Playground guide")
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

    def _about(self) -> None:
        QMessageBox.about(
            self, "About Gradient Playground",
            "<h3>Gradient Playground</h3><p>Build a small neural network, train it on a numpy autograd "
            "engine written from scratch, and watch every weight and gradient after every step.</p>"
            "<p><b>Space</b> start / pause · <b>S</b> or <b>→</b> one step · <b>O</b> or <b>Shift+→</b> "
            "one operation · <b>Ctrl+R</b> reset</p>")

    # ------------------------------------------------------------------ updates (GUI thread)
    def _on_update(self, update: Update) -> None:
        """The one slot every training update goes through; the controller acknowledges after it."""
        if self.backprop_view.walk.holds(update):  # a walk is under way: the step is not finished
            return
        snapshot = update.snapshot
        if update.cleared:  # a reset (the views see it too: the loss plot restarts its curve)
            self._run_message = None
        if snapshot.step > 0 and not update.opened:  # training went on: the last session is not continued
            self.files.hide_offer()
        self.loss_plot.append(update)
        for view in (self.matrix_panel, self.grad_norm_panel, self.prediction_view):
            view.show_snapshot(snapshot)
        self.latest_snapshot = snapshot

        self.step_label.setText(f"Step: {snapshot.step}")
        self.loss_label.setText("Loss: —" if snapshot.loss is None else f"Loss: {snapshot.loss:.10g}")
        train_acc, test_acc = snapshot.train_accuracy, snapshot.test_accuracy
        self.accuracy_label.setVisible(train_acc is not None)
        if train_acc is not None:
            text = f"Accuracy {train_acc:.0%}"
            self.accuracy_label.setText(text if test_acc is None else f"{text} · test {test_acc:.0%}")
        if update.running and update.steps_per_second > 0:
            self.rate_label.setText(f"{update.steps_per_second:,.0f} steps/s")
        if update.message:
            self._run_message = (update.message, update.error)
            self._notice = None  # the newest message wins
            self._notice_timer.stop()
            if update.error or update.halted:
                self._run_message_timer.stop()  # stays until something else is said
            else:
                self._run_message_timer.start()
            self._show_message()
        elif update.cleared:
            self._show_message()
        if snapshot.config is not self._running_config:  # a reset or a live change
            self._running_config = snapshot.config
            self._refresh_pending()
            self._schedule_live()  # the fields may have changed again meanwhile

    def _on_running(self, running: bool) -> None:
        sp = QStyle.StandardPixmap
        self.start_button.setText("Pause" if running else "Start")
        self.start_button.setIcon(self.style().standardIcon(sp.SP_MediaPause if running else sp.SP_MediaPlay))
        if not running:
            self.rate_label.setText("paused" if self.latest_snapshot and self.latest_snapshot.step else "")
        else:
            self.rate_label.setText("running")
        self._on_validity(self.controls.is_valid(), self.controls.error_message())

    # ------------------------------------------------------------------ fields
    def _on_validity(self, valid: bool, message: str) -> None:
        for w in (self.start_button, self.step_button, self.op_step_button, self.reset_button):
            w.setEnabled(valid or (w is self.start_button and self.controller.running))
        for a in (self.step_action, self.walk_action, self.reset_action):
            a.setEnabled(valid)
        why = "" if valid else f"\n\nDisabled: {message}"
        self.start_button.setToolTip("Train continuously / pause (Space)" + why)
        self.step_button.setToolTip("Run exactly one training step and show it (S or →)" + why)
        self._show_message()

    def _on_edited(self) -> None:
        """The user changed a field: the learning rate and the step limit apply live (once typing
        pauses); the rest on Reset."""
        self._schedule_live()
        self._refresh_pending()

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
        self.reset_button.setToolTip("Apply the changed settings and go back to step 0 (Ctrl+R)" if pending
                                     else "Back to step 0: same seed, same initial weights (Ctrl+R)")

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
    def _set_notice(self, text: str, error: bool = False) -> None:
        """A message from the window itself; it shows over the run's message for a while."""
        (log.warning if error else log.info)("%s", text)
        self._notice = (text, error)
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
        self._show_message()

    def _show_message(self) -> None:
        """Validation problems first, then a recent notice, then the run's message (divergence stays)."""
        if not self.controls.is_valid():
            problem = self.controls.error_message()
            text = (f"{problem} (training goes on with the settings it had)" if self.controller.running
                    else f"Cannot train: {problem}")
            error = True
        elif self._notice is not None:
            text, error = self._notice
        elif self._run_message is not None:
            text, error = self._run_message
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
