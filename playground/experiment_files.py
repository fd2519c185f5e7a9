"""The window's experiment files: Save / Open experiment, Open recent, and continuing the last
session at the next start (GUI thread only).

An experiment file (``.gpexp``, see :mod:`core.experiment_file`) keeps the whole run: saving
asks the training thread for a copy of its session between two steps, adds the loss curve the
window shows and writes it atomically; opening checks the whole file first (a bad one changes
nothing) and hands it to the training thread, which goes on exactly where it stopped. A ``.json``
file keeps the settings only, as earlier versions did.

On quit the run is kept in the app's data folder (``last-session.gpexp``), and the next start
offers to continue it in a bar above the matrices: a notice with a button, never a dialog in
the way of a class.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
)

from core import experiment_file
from core.config import ConfigError, ExperimentConfig
from core.experiment_file import SUFFIX, Experiment, LossHistory, Summary
from core.messages import tr
from core.problems import file_name, os_reason

from . import i18n
from .controls import field_problem
from .names import value_name
from .settings_store import SETTINGS_ENV, file_folder, remember_folder, saved_value, settings
from .worker import CAPTURE_WAIT_S

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["ExperimentFiles", "MAX_RECENT", "AUTOSAVE_NAME", "data_folder"]

log = logging.getLogger(__name__)

MAX_RECENT = 8
AUTOSAVE_NAME = "last-session" + SUFFIX
RECENT_KEY = "files/recent"
AUTOSAVE_WAIT_S = 2.0  # quitting waits at most this long for a step to end before it keeps the run


def data_folder() -> Path:
    """Where the app keeps the last session: its data folder (AppDataLocation), or the settings
    folder of ``$GRADIENT_PLAYGROUND_SETTINGS_DIR`` when that is set (tests, the self-test)."""
    folder = os.environ.get(SETTINGS_ENV)
    if folder:
        return Path(folder)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".gradient-playground"


def summary_text(summary: Summary) -> str:
    """"tutorial, step 10" in the current language (a built-in data set's name translated)."""
    return i18n.text(tr("{data}, step {step:,}", data=value_name("dataset", summary.data), step=summary.step))


class _Bar(QFrame):
    """The continue bar; on a language change it has the texts rebuilt."""

    def __init__(self, retranslate: Callable[[], None]) -> None:
        super().__init__()
        self._retranslate = retranslate

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()


class ExperimentFiles(QObject):
    """Save, open, recent files and the last session, for ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.recent_menu = QMenu(window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._build_continue_bar()
        self._offered: Path | None = None  # the last session the bar offers
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.continue_button.setText(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Go on with the last session: its settings, weights, "
                                                "loss curve and history, from the step it reached"))
        self.dismiss_button.setToolTip(self.tr("Start afresh instead (the last session is replaced "
                                               "by this one when you quit)"))
        self._show_offer_text()

    def _show_offer_text(self) -> None:
        summary = getattr(self, "_offer_summary", None)
        self.continue_label.setText("" if summary is None else self.tr(
            "Continue where you left off ({what})?").format(what=summary_text(summary)))

    # ------------------------------------------------------------------ save and open
    def save(self, path: str | Path) -> bool:
        """Save the running experiment to ``path``: all of it, or only the settings if ``path``
        ends in ``.json``. Returns True on success (else the status line says why)."""
        w = self.window
        name = file_name(path)
        if Path(path).suffix.lower() == ".json":
            try:
                config = w.controls.config()
            except ConfigError as e:
                problem = field_problem(e.field, e.message)
                w.notify(self.tr("Not saved: {problem}").format(problem=problem), error=True)
                return False
            try:
                config.save(path)
            except OSError as e:
                w.notify(self.tr("Could not save {file}: {why}").format(
                    file=name, why=i18n.text(os_reason(e))), error=True)
                return False
            self.remember(path)
            w.notify(self.tr("Saved the settings to {file} (a .json file keeps the settings only; "
                                  "save as {suffix} to keep the weights and the run too).").format(
                file=name, suffix=SUFFIX))
            return True
        experiment, why = self.capture()
        if experiment is None:
            w.notify(self.tr("Could not save {file}: {why}.").format(file=name, why=why), error=True)
            return False
        try:
            experiment_file.save(path, experiment)
        except (OSError, ValueError) as e:
            w.notify(self.tr("Could not save {file}: {why}").format(
                file=name, why=i18n.text(os_reason(e))), error=True)
            return False
        self.remember(path)
        recorded = experiment.recording.steps.size if experiment.recording is not None else 0
        text = self.tr("Saved step {step:,} to {file}: the settings, weights, optimizer state, loss curve "
                       "and {recorded:,} recorded steps.").format(step=experiment.step, file=name,
                                                                 recorded=recorded)
        if w.controls.is_valid() and w.controls.config() != experiment.config:
            text += " " + self.tr("The changed settings waiting for Reset are not in it.")
        w.notify(text)
        return True

    def capture(self, timeout: float = CAPTURE_WAIT_S) -> tuple[Experiment | None, str]:
        """The running experiment with the loss curve the window shows, or (None, why not)."""
        w = self.window
        experiment, why = w.controller.capture(timeout)
        if experiment is None:
            return None, why
        steps, losses, tests = w.loss_plot.history()
        keep = steps <= experiment.step  # (updates after the copy may have arrived with it)
        history = LossHistory(steps[keep], losses[keep], tests[keep])
        return dataclasses.replace(experiment, history=history), ""

    def open(self, path: str | Path, remember: bool = True) -> bool:
        """Open ``path`` (an experiment file, or settings as .json): the fields take its settings
        and training goes on from its step. A bad file changes nothing. True on success."""
        w = self.window
        try:
            experiment = experiment_file.load(path)
            self._check_fits_the_app(experiment.config)
        except ConfigError as e:
            what = (i18n.text(e.message) if e.field == "config"
                    else field_problem(e.field, e.message, with_key=True))
            w.notify(self.tr("Could not open {file}: {problem}. Nothing was changed.").format(
                file=file_name(path), problem=what), error=True)
            return False
        except MemoryError:
            w.notify(self.tr("Could not open {file}: there is not enough memory for it. Nothing was "
                                  "changed.").format(file=file_name(path)), error=True)
            return False
        w.controls.set_config(experiment.config)
        w.controls.set_description("")
        w.forget_preset()  # the Preset box stays "Custom experiment" whatever is edited
        if remember:
            self.remember(path)
        self.hide_offer()
        if experiment.state is None:
            w.reset()
            w.notify(self.tr("Opened {file} (settings only: training starts from step 0).").format(
                file=file_name(path)), covers_reset=True)  # not replaced by the reset's "Reset: step 0"
        else:
            w.continue_experiment(experiment)
            w.notify(self.tr("Opened {file} at step {step:,}, with its loss curve, weights and "
                                  "optimizer state: the next step is {next:,}.").format(
                file=file_name(path), step=experiment.step, next=experiment.step + 1))
        return True

    def _check_fits_the_app(self, config: ExperimentConfig) -> None:
        most = self.window.controls.seed_spin.maximum()
        if max(config.seed, config.data_seed) > most:
            raise ConfigError("seed", self.tr("must be at most {most:,} in the app").format(most=most))

    def open_dialog(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(
            w, self.tr("Open experiment"), str(file_folder()),
            self.tr("Experiments (*{suffix} *.json);;All files (*)").format(suffix=SUFFIX))
        if path:
            remember_folder(path)
            self.open(path)

    def save_dialog(self) -> None:
        w = self.window
        experiments = self.tr("Experiments (*{suffix})").format(suffix=SUFFIX)
        settings_only = self.tr("Settings only (*.json)")
        path, chosen = QFileDialog.getSaveFileName(w, self.tr("Save experiment as"),
                                                   str(file_folder() / f"experiment{SUFFIX}"),
                                                   f"{experiments};;{settings_only}")
        if path:
            if not Path(path).suffix:
                path += ".json" if chosen == settings_only else SUFFIX
            remember_folder(path)
            self.save(path)

    # ------------------------------------------------------------------ recent files
    def recent(self) -> list[str]:
        """The recent files, newest first (at most MAX_RECENT)."""
        raw = saved_value(settings(), RECENT_KEY, str)  # (a hand-edited or damaged value: none)
        try:
            paths = json.loads(raw) if raw else []
        except ValueError:
            return []
        return [p for p in paths if isinstance(p, str)][:MAX_RECENT] if isinstance(paths, list) else []

    def _set_recent(self, paths: list[str]) -> None:
        settings().setValue(RECENT_KEY, json.dumps(paths[:MAX_RECENT]))

    def remember(self, path: str | Path) -> None:
        """Put ``path`` first in the recent files."""
        full = os.path.abspath(os.fspath(path))
        self._set_recent([full] + [p for p in self.recent() if p != full])

    def forget(self, path: str) -> None:
        self._set_recent([p for p in self.recent() if p != path])

    def clear_recent(self) -> None:
        self._set_recent([])

    def drop_missing(self) -> list[str]:
        """Forget the recent files that are no longer there; say so. Returns them."""
        paths = self.recent()
        missing = [p for p in paths if not os.path.isfile(p)]
        if missing:
            self._set_recent([p for p in paths if p not in missing])
            names = ", ".join(file_name(p) for p in missing)
            self.window.notify(self.tr("Removed from the recent files, as they are no longer there "
                                            "(moved or deleted): {files}.").format(files=names), error=True)
        return missing

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        self.drop_missing()
        paths = self.recent()
        for i, path in enumerate(paths, start=1):
            action = menu.addAction(f"&{i}  {file_name(path)}")
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not paths:
            menu.addAction(self.tr("No recent files")).setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("Clear recent files"), self.clear_recent)
        clear.setObjectName("clearRecentAction")
        clear.setEnabled(bool(paths))

    def open_recent(self, path: str) -> bool:
        """Open a recent file; one that is gone is dropped from the list, saying so."""
        if not os.path.isfile(path):
            self.forget(path)
            self.window.notify(self.tr("{file} is no longer there (moved or deleted): removed it from "
                                            "the recent files.").format(file=file_name(path)), error=True)
            return False
        return self.open(path)

    # ------------------------------------------------------------------ the last session
    @staticmethod
    def autosave_path() -> Path:
        return data_folder() / AUTOSAVE_NAME

    def autosave(self) -> bool:
        """On quit: keep the run for the next start (unless it is a fresh, unchanged start, which
        leaves the last kept session as it is). True if it was kept."""
        w = self.window
        snap = w.latest_snapshot
        if snap is None or (snap.step == 0 and snap.config == w.start_config):
            return False
        experiment, why = self.capture(AUTOSAVE_WAIT_S)
        path = self.autosave_path()
        if experiment is None:
            log.warning("the session was not kept at quit: %s", why)
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            experiment_file.save(path, experiment)
        except (OSError, ValueError):
            log.exception("could not keep the session in %s", path)
            return False
        return True

    def _build_continue_bar(self) -> None:
        bar = _Bar(self.retranslate)
        bar.setObjectName("continueBar")
        bar.setFrameShape(QFrame.Shape.StyledPanel)
        bar.setStyleSheet("QFrame#continueBar { background: #fff3cd; border: 1px solid #e0c36c; }")
        self.continue_label = QLabel()
        self.continue_label.setObjectName("continueLabel")
        font = self.continue_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.continue_label.setFont(font)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("continueButton")
        self.continue_button.setFont(font)
        self.continue_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # (Space stays Start / Pause)
        self.continue_button.clicked.connect(self.continue_last)
        self.dismiss_button = QToolButton()
        self.dismiss_button.setObjectName("continueDismissButton")
        self.dismiss_button.setText("✕")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.clicked.connect(self.hide_offer)
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.continue_label, 1)
        row.addWidget(self.continue_button)
        row.addWidget(self.dismiss_button)
        bar.hide()
        self.continue_bar = bar

    def offer_continue(self) -> bool:
        """At start: if the last session was kept, offer to continue it (True if offered)."""
        path = self.autosave_path()
        if not path.is_file():
            return False
        try:
            summary = experiment_file.peek(path)
        except ConfigError as e:
            log.warning("the last session (%s) cannot be continued: %s", path, e)
            return False
        self._offered = path
        self._offer_summary = summary
        self._show_offer_text()
        self.continue_bar.show()
        return True

    def offer_text(self) -> str:
        return self.continue_label.text() if self.continue_bar.isVisibleTo(self.window) else ""

    def hide_offer(self) -> None:
        if self._offered is not None or not self.continue_bar.isHidden():
            self.continue_bar.hide()
            self._offered = None

    def continue_last(self) -> bool:
        """Open the kept last session (the bar's button)."""
        path = self._offered or self.autosave_path()
        self.hide_offer()
        return self.open(path, remember=False)
