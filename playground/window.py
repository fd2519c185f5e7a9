"""The main window: controls on the left, the weight and gradient matrices in the centre, the loss
curve, the prediction and the gradient norms on the right, and big Start / Step / Reset buttons.

The window composes the parts and holds no run state of its own. The training controller's
updates go to the run model (:class:`~playground.run_model.RunModel`), which the views follow
themselves; the toolbar, the menus, the status line, zoom and presentation mode, the walk's
layout, the live settings and the data in and out are each a small part of their own module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QDockWidget, QMainWindow, QScrollArea, QVBoxLayout, QWidget

from core.config import ConfigError
from core.experiment_file import Experiment
from core.presets import presets
from core.runner import Update, diverged_message
from core.session import Snapshot
from core.tabular import TabularData

from . import i18n
from .controls import ControlPanel
from .data_io import DataInOut
from .experiment_files import ExperimentFiles
from .fit import give_panel_room
from .guide import Guide
from .live_settings import LiveSettings
from .menus import Menus
from .presentation import ZOOM_KEY, Presentation
from .run_model import RunModel
from .settings_store import STATE_VERSION, saved_value, set_aside_damaged, settings, settings_problem
from .status import StatusPanel
from .toolbar import SPEEDS, TrainingToolbar
from .views import BackpropView, GradNormPanel, LossPlot, MatrixPanel, PredictionView
from .views.health import HealthPanel
from .views.loss_plot import Look, TimelineBar
from .walk import WalkController
from .worker import TrainingController

__all__ = ["MainWindow", "SPEEDS", "DEFAULT_PRESET"]

log = logging.getLogger(__name__)

DEFAULT_PRESET = "tutorial"
DEFAULT_SIZE = (1600, 1000)


class MainWindow(i18n.Retranslating, QMainWindow):
    """Gradient Playground's window. ``latest_snapshot`` is the snapshot last drawn."""

    def __init__(self, preset: str = DEFAULT_PRESET, language: str | None = None) -> None:
        """``language``: "zh_CN" or "en" (``--lang``); None: the one remembered, else the system's."""
        super().__init__()
        self.setObjectName("mainWindow")
        # What helpers (fit.KeepOnScreen, room.RoomLayout) do when the window is resized or its
        # language changes: called from the window's own handlers, not from Python event filters
        # on it, which ran for every event the window gets (tens a second while training: its
        # repaints), each time taking Python's GIL from the training thread.
        self.resize_hooks: list[Callable[[QSize], None]] = []
        self.language_hooks: list[Callable[[], None]] = []
        # The language first, so that every widget is built in it. (The settings are read here
        # for the first time: a damaged file is set aside now, and said so in _restore_settings.)
        store = settings()
        self._set_aside_settings = set_aside_damaged(store)
        if self._set_aside_settings is not None:
            store = settings()
        lang = i18n.choose_language(language, saved_value(store, i18n.SETTINGS_KEY, str))
        language_loaded = i18n.set_language(lang)
        self.preset_name: str | None = None  # the preset in the fields (None: a file or edits)
        self.loaded_preset: str | None = None  # the preset last loaded (None: a file or an import)
        self._layout_pending = True  # the default dock sizes are applied when first shown
        self._geometry_restored = False
        self._unreadable_settings: list[str] = []  # keys removed on the next save

        all_presets = presets()
        name = preset if preset in all_presets else DEFAULT_PRESET
        config = all_presets[name].config
        self.controller = TrainingController(config, self)  # its first update arrives via the event loop
        self.run_model = RunModel.of(self.controller, self)  # views subscribe
        self.controller.frame_pending = lambda: self.run_model.late_pending  # (drawn in two passes)
        self.start_config = config  # what this window started with (quitting unchanged keeps no session)
        self.files = ExperimentFiles(self)  # save, open, recent files, the last session
        self.guide = Guide(self)  # Help ▸ Guide and About
        self.data_io = DataInOut(self)  # File ▸ Import data, File ▸ Export
        self.presentation = Presentation(self)  # zoom, presentation mode

        self._build_views()
        self.toolbar = TrainingToolbar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.status = StatusPanel(self.run_model, self.controls, self.controller, self)
        self.statusBar().setObjectName("statusBar")
        self.statusBar().setSizeGripEnabled(False)
        self.statusBar().addWidget(self.status, 1)
        self.menus = Menus(self)
        self.presentation.fit_toolbar()
        self.walk = WalkController(self)  # Walk's enabling, and the layout a walk needs
        self.live = LiveSettings(self)  # the learning rate and the step limit apply at once
        self._follow_language()

        self.controls.set_config(config)
        self._show_preset_description(name)
        self.toolbar.select_preset(name)
        self.loaded_preset = name
        self.controls.validityChanged.connect(self._on_validity)
        self.controls.edited.connect(self._show_preset_match)
        self.controls.refused.connect(lambda text: self.status.set_notice(text, error=True))
        self.run_model.updateShown.connect(self._on_update)
        self.run_model.shownChanged.connect(self._on_shown)
        self.controller.runningChanged.connect(self._on_running)
        self.controller.runningChanged.connect(self.timeline.set_running)
        self.controller.failed.connect(self.show_error)
        self._on_running(False)

        self.resize(*DEFAULT_SIZE)
        self._apply_default_layout()
        self.default_state = self.saveState(STATE_VERSION)
        self._restore_settings()
        if not language_loaded:
            self.status.set_notice(f"The {i18n.LANGUAGES[lang]} translation could not be loaded; staying "
                                   "in English.", error=True)
        self.toolbar.set_speed(all_presets[name].speed)
        if preset not in all_presets:
            def what() -> str:
                return (self.tr("--preset was given no name") if not preset.strip()
                        else self.tr("Unknown preset {name!r}").format(name=preset))
            self.status.set_notice(lambda: self.tr("{what}; opened {title!r} instead. Presets: {names}.")
                                   .format(what=what(), title=all_presets[name].text(i18n.language())[0],
                                           names=", ".join(all_presets)), error=True)
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
        self.fit_controls_width()
        self.controls_dock = self._dock("controlsDock", scroll)

        self.matrix_panel = MatrixPanel(self.run_model)
        centre = QWidget()
        centre.setObjectName("centre")
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.files.continue_bar)  # "Continue where you left off", at start
        column.addWidget(self.presentation.lesson_banner)
        column.addWidget(self.matrix_panel, 1)
        self.setCentralWidget(centre)
        self.loss_plot = LossPlot(self.run_model)
        self.grad_norm_panel = GradNormPanel(self.run_model)
        self.prediction_view = PredictionView(self.run_model)
        self.timeline = TimelineBar(self.run_model, self.loss_plot)  # under the loss curve
        self.loss_plot.layout().addWidget(self.timeline)
        self.timeline.resumeRequested.connect(self.controller.resume_from)
        self.loss_dock = self._dock("lossDock", self.loss_plot)
        self.prediction_dock = self._dock("predictionDock", self.prediction_view)
        self.grad_norm_dock = self._dock("gradNormDock", self.grad_norm_panel)
        self.backprop_view = BackpropView(self.run_model)  # (it follows the timeline)
        self.backprop_dock = self._dock("backpropDock", self.backprop_view)
        self.health_panel = HealthPanel(self.run_model)
        self.health_dock = self._dock("healthDock", self.health_panel)
        self._health_room_given = False  # (see _health_shown)
        self.health_dock.visibilityChanged.connect(self._health_shown)
        self.docks = [self.controls_dock, self.loss_dock, self.prediction_dock, self.grad_norm_dock,
                      self.backprop_dock, self.health_dock]
        self.set_corners(wide_bottom=False)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

    def _health_shown(self, shown: bool) -> None:
        """The Health panel came to the front: room enough for its plots to be read, the first
        time (a user who makes it shorter again keeps it so; a saved layout is kept as it was)."""
        if shown and not self._health_room_given:
            QTimer.singleShot(0, self, self._give_health_room)

    def _give_health_room(self) -> None:
        if not self._health_room_given:
            self._health_room_given = give_panel_room(self, self.health_dock)

    def set_corners(self, wide_bottom: bool) -> None:
        """The side panels reach the window's bottom, or (during a walk) the bottom panels reach
        the left edge too, under the settings (the Backprop panel needs the width)."""
        corners = Qt.Corner
        area = Qt.DockWidgetArea
        self.setCorner(corners.TopLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(corners.TopRightCorner, area.RightDockWidgetArea)
        self.setCorner(corners.BottomLeftCorner,
                       area.BottomDockWidgetArea if wide_bottom else area.LeftDockWidgetArea)
        self.setCorner(corners.BottomRightCorner, area.RightDockWidgetArea)

    def fit_controls_width(self) -> None:
        """The settings panel as wide as its fields need (they never scroll sideways)."""
        scroll = self._controls_scroll
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())

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
        self.menus.retranslate()
        self.walk.refresh(force=True)  # (Walk's tooltip)
        self._on_validity(self.controls.is_valid(), self.controls.error_message())
        self.live.refresh_pending()
        self.guide.retranslate()
        if self.preset_name is not None:
            self._show_preset_description(self.preset_name)

    def set_language(self, lang: str) -> None:
        """Speak ``lang`` ("en" or "zh_CN") from now on, remembered; the run goes on."""
        if not i18n.set_language(lang):
            self.status.set_notice(f"The {i18n.LANGUAGES[lang]} translation could not be loaded; "
                                   "staying in English.", error=True)
            lang = i18n.language()
        settings().setValue(i18n.SETTINGS_KEY, lang)
        self.menus.check_language(lang)
        self.check_font()

    def check_font(self) -> None:
        """Chinese chosen but no installed font draws it: say so (in English: boxes can't be read)."""
        if i18n.language() == "zh_CN" and i18n.cjk_font_missing(self.font()):
            self.status.set_notice("No installed font can draw Chinese, so its text shows as empty boxes. "
                                   "Install one (Debian/Ubuntu: sudo apt install fonts-noto-cjk) or choose "
                                   "View ▸ Language ▸ English.", error=True)

    # ------------------------------------------------------------------ zoom and presentation
    def zoom(self) -> float:
        """The type zoom: 1.0 is 100 %."""
        return Look.zoom

    def set_zoom(self, zoom: float, remember: bool = True) -> None:
        """All type at ``zoom`` (0.75 to 2.5) times its size: labels, buttons, plots, matrix numbers."""
        self.presentation.set_zoom(zoom, remember)

    def is_presenting(self) -> bool:
        return self.presentation.presenting

    def set_presentation(self, on: bool) -> None:
        """Presentation mode (see :meth:`Presentation.set_presentation`); Esc leaves."""
        self.presentation.set_presentation(on)

    # ------------------------------------------------------------------ layout and settings
    def _apply_default_layout(self) -> None:
        self.set_corners(wide_bottom=False)
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
        self.walk.forget_layout()
        self._health_room_given = False
        self.restoreState(self.default_state, STATE_VERSION)
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
            self.presentation.restyle()
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
                    self._health_room_given = True  # (the user's own sizes)
            else:
                ignored.append("window/geometry")
        if s.contains("files/folder") and saved_value(s, "files/folder", str) is None:
            ignored.append("files/folder")
        problem = settings_problem(s, ignored, set_aside)
        if problem:
            self.status.set_notice(problem, error=True)

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

    def save_settings(self) -> None:
        """The window's size, place and dock layout (that before presentation mode), for the next start."""
        s = settings()
        for key in self._unreadable_settings:
            s.remove(key)
        before = self.presentation.before_presenting
        if self.presentation.presenting and before is not None:  # the layout to come back to
            state, _, geometry = before
        else:
            state, geometry = self.saveState(STATE_VERSION), self.saveGeometry()
        s.setValue("window/geometry", geometry)
        s.setValue("window/state", state)
        s.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if getattr(self, "_status_width", None) != self.width():
            self._status_width = self.width()
            self.status.refit()
        for hook in self.resize_hooks:
            hook(event.size())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            for hook in self.language_hooks:
                hook()

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
            self.save_settings()
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
            self.live.apply()  # a learning rate or step limit just typed counts for this run
            self.controller.start()

    def step(self) -> None:
        if self.backprop_view.walk.finish():  # Step during a walk finishes the walk's step
            return
        if self.controls.is_valid() and not self._refuse_diverged():
            self.live.apply()
            # Traced (cheaply) while the Backprop panel is on screen, so it shows the last step.
            self.controller.step(trace=self.backprop_view.isVisible())

    def walk_one_op(self) -> None:
        """Walk (O): the next operation of the step under way; else one traced step begins
        (never an untraced one: a net too large to trace is refused, saying why)."""
        if self.backprop_view.walk.advance() or not self.controls.is_valid() or self._refuse_diverged():
            return
        why = self.walk.impossible()
        if why:
            self.status.set_notice(why, error=True)
            return
        self.walk.show_panel()
        self.live.apply()
        self.backprop_view.walk.expect_trace()
        self.controller.trace_step()

    def _refuse_diverged(self) -> bool:
        """A diverged run takes no more steps: say that Reset is needed (curve, matrices and step
        stay as they are). The training thread refuses too, should a divergence be on its way."""
        snap = self.latest_snapshot
        if snap is None or snap.diverged is None or self.controller.reset_pending:
            return False
        self.status.set_notice(diverged_message(snap.step), error=True)
        return True

    def reset(self) -> None:
        """Step 0 with the settings in the fields (same seed: the same initial weights)."""
        try:
            config = self.controls.config()
        except ConfigError:
            self.status.show_message()
            return
        self.live.stop()
        self.status.forget_run_message()
        self.backprop_view.walk.finish()  # a walk under way ends: its step is shown, then the reset
        self.controller.reset(config)

    def continue_experiment(self, experiment: Experiment) -> None:
        """Go on exactly where ``experiment`` stopped (its settings are in the fields already)."""
        self.live.stop()
        self.status.forget_run_message()
        self.controller.open(experiment)

    def set_speed(self, steps_per_second: float | None) -> None:
        """Move the speed slider to the position nearest ``steps_per_second`` (None: max)."""
        self.toolbar.set_speed(steps_per_second)

    # ------------------------------------------------------------------ presets
    def load_preset(self, name: str) -> None:
        """Fill every field from preset ``name`` and reset (unknown names show a message)."""
        all_presets = presets()
        if name not in all_presets:
            self.status.set_notice(lambda: self.tr("Unknown preset {name!r}; presets: {names}.").format(
                name=name, names=", ".join(all_presets)), error=True)
            return
        self.toolbar.select_preset(name)
        self.loaded_preset = name
        preset = all_presets[name]
        self.controls.set_config(preset.config)
        self._show_preset_description(name)
        self.toolbar.set_speed(preset.speed)
        self.reset()

    def forget_preset(self) -> None:
        """The fields came from a file or an import: no preset is named, whatever is edited."""
        self.preset_name = self.loaded_preset = None
        self.toolbar.select_preset(None)

    def _show_preset_description(self, name: str) -> None:
        self.preset_name = name
        self.controls.set_description(presets()[name].text(i18n.language())[1])
        self.presentation.show_lesson_banner()

    def _show_preset_match(self) -> None:
        """The Preset box names the loaded preset while the fields equal its settings, else
        "Custom experiment" (its placeholder); changed back, the preset's title returns."""
        name = self.loaded_preset
        if name is not None:
            same = self.controls.is_valid() and self.controls.config() == presets()[name].config
            self.toolbar.select_preset(name if same else None)

    # ------------------------------------------------------------------ files, data in, code out
    def open_experiment(self, path: str | Path) -> bool:
        """Open an experiment file (its whole run goes on from its step) or settings saved as
        .json (step 0); a bad file changes nothing. True on success."""
        return self.files.open(path)

    def save_experiment(self, path: str | Path) -> bool:
        """Save the running experiment, all of it (``.gpexp``), or the settings only (``.json``)."""
        return self.files.save(path)

    def open_import_dialog(self, path: str | Path) -> QDialog:
        """The Import data dialog for ``path`` (reading starts at once); Import calls import_data."""
        return self.data_io.open_import_dialog(path)

    def import_data(self, data: TabularData) -> str | None:
        """Train on ``data`` from step 0; None, or the problem (nothing is changed then)."""
        return self.data_io.import_data(data)

    def export_script(self, path: str | Path, kind: str = "core") -> bool:
        """Write the running experiment as a program: ``kind`` "core" (core's API) or "torch"."""
        return self.data_io.export_script(path, kind)

    def export_pictures(self, folder: str | Path) -> bool:
        """The loss plot and the matrices as PNG and SVG, the loss history and the matrices as CSV."""
        return self.data_io.export_pictures(folder)

    # ------------------------------------------------------------------ updates (GUI thread)
    @property
    def latest_snapshot(self) -> Snapshot | None:
        """The newest step finished (the last drawn while live)."""
        return self.run_model.latest_snapshot

    @property
    def shown_snapshot(self) -> Snapshot | None:
        """The snapshot the views show (an earlier, recorded one while looking back)."""
        return self.run_model.shown_snapshot if self.latest_snapshot is not None else None

    def _on_update(self, update: Update) -> None:
        if update.snapshot.step > 0 and not update.opened:  # training went on: no last session to continue
            self.files.hide_offer()

    def _on_shown(self, snapshot: Snapshot | None) -> None:
        """The timeline went to a recorded step: the status line says which."""
        if snapshot is not None:
            self.status.set_notice(self.timeline.text)

    def _on_running(self, running: bool) -> None:
        self.toolbar.set_running(running)
        self._on_validity(self.controls.is_valid(), self.controls.error_message())

    def _on_validity(self, valid: bool, message: str) -> None:
        bar = self.toolbar
        for w in (bar.start_button, bar.step_button, bar.reset_button):
            w.setEnabled(valid or (w is bar.start_button and self.controller.running))
        self.menus.set_trainable(valid)
        self.walk.refresh()
        why = "" if valid else "\n\n" + self.tr("Disabled: {problem}").format(problem=message)
        bar.start_button.setToolTip(self.tr("Train continuously / pause (Space)") + why)
        bar.step_button.setToolTip(self.tr("Run exactly one training step and show it (S or →)") + why)
        self.status.show_message()

    # ------------------------------------------------------------------ messages
    def notify(self, text: str | Callable[[], str], error: bool = False, covers_reset: bool = False) -> None:
        """A notice in the status line (see :meth:`StatusPanel.set_notice`)."""
        self.status.set_notice(text, error, covers_reset)

    def show_error(self, text: str) -> None:
        """Show an error in the status line (used by the app's exception hook)."""
        self.status.set_notice(text, error=True)

    def message_text(self) -> str:
        return self.status.message_label.text()
