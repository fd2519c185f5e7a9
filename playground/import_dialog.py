"""File ▸ Import data: a small dialog that reads a CSV/TSV file (in a thread, with progress), shows its
first rows, and lets the user pick the feature columns, the target column and whether to
standardise; a bad file's message appears here, and the current data set is kept.

Only the parsed :class:`~core.tabular.Table` (plain lists) and the frozen
:class:`~core.tabular.TabularData` cross from the reading thread; the thread never touches a widget
(a GUI-thread timer polls its progress).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import problems
from core.tabular import DataError, Table, TabularData, make_tabular, read_table, target_info

from . import i18n
from .controls import ERROR_COLOR

__all__ = ["ImportDialog", "PREVIEW_ROWS"]

PREVIEW_ROWS = 8


class _Job:
    """One function run in a plain thread; the dialog polls ``done``, ``result``, ``progress``."""

    def __init__(self, work: Callable[[_Job], Any]) -> None:
        self.progress = 0.0
        self.cancel = False
        self.result: Any = None
        self.error: str | None = None
        self.done = False
        self._thread = threading.Thread(target=self._run, args=(work,), name="import-data", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[_Job], Any]) -> None:
        try:
            self.result = work(self)
        except DataError as e:  # (its message, a core Message: the dialog shows it translated)
            self.error = e.args[0] if e.args and isinstance(e.args[0], str) else str(e)
        except MemoryError:
            self.error = problems.no_memory_for_file()
        except Exception as e:  # never a traceback: say what happened
            self.error = problems.unexpected(e)
        self.done = True

    def stop(self) -> None:
        self.cancel = True
        self._thread.join()


class ImportDialog(i18n.Retranslating, QDialog):
    """Reads ``path`` at once; ``import_rows`` (the window's) receives the data set on Import and
    returns None, or a problem to show here (the dialog then stays open). Follows a language
    switch while open (``retranslate``)."""

    def __init__(self, path: str | Path, import_rows: Callable[[TabularData], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.path = Path(path)
        self._import_rows = import_rows
        self.table: Table | None = None
        self.data: TabularData | None = None
        self._job: _Job | None = None
        self._on_done: Callable[[Any], None] | None = None
        self._say: Callable[[], str] = str  # makes the message's text in the current language

        self.file_label = QLabel(f"<b>{self.path.name}</b>")
        self.file_label.setToolTip(str(self.path))
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 100)
        self.message = QLabel()
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QTableWidget()
        self.preview.setObjectName("importPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setMinimumHeight(180)
        self.features = QListWidget()
        self.features.setObjectName("importFeatures")
        self.features.setMaximumHeight(150)
        self.target = QComboBox()
        self.target.setObjectName("importTarget")
        self.kind = QLabel()
        self.kind.setObjectName("importKind")
        self.kind.setWordWrap(True)
        self.standardise = QCheckBox()
        self.standardise.setObjectName("standardiseCheck")
        self.standardise.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)

        self.features_label, self.target_label = QLabel(), QLabel()
        grid = QGridLayout()
        grid.addWidget(self.features_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.features, 0, 1)
        grid.addWidget(self.target_label, 1, 0)
        grid.addWidget(self.target, 1, 1)
        grid.addWidget(self.kind, 2, 1)
        grid.addWidget(self.standardise, 3, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.preview, 1)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, 560)

        self._timer = QTimer(self, interval=50)
        self._timer.timeout.connect(self._poll)
        self.features.itemChanged.connect(self._selection_changed)
        self.target.currentIndexChanged.connect(self._target_changed)
        self._follow_language()
        self._set_busy(lambda: self.tr("Reading…"))
        self._start(lambda job: read_table(self.path, progress=lambda f: setattr(job, "progress", f),
                                           cancelled=lambda: job.cancel), self._table_read)

    def retranslate(self) -> None:
        """Every text in the current language (on a switch while open too); the choices stay."""
        self.setWindowTitle(self.tr("Import data"))
        self.features.setToolTip(self.tr("The columns the network gets as inputs (numbers only)"))
        self.target.setToolTip(self.tr("The column the network learns to predict"))
        self.standardise.setText(self.tr("Standardise features (mean 0, standard deviation 1)"))
        self.standardise.setToolTip(self.tr("Real columns come in any scale; standardised, one learning "
                                            "rate suits them all"))
        self.import_button.setText(self.tr("Import"))
        self.features_label.setText(self.tr("Features"))
        self.target_label.setText(self.tr("Target"))
        self.message.setText(self._say())
        if self.table is not None:
            self._label_preview_lines()
            self._describe_target()
            self._selection_changed()

    # ------------------------------------------------------------------ public API
    def is_busy(self) -> bool:
        return self._job is not None

    def message_text(self) -> str:
        return self.message.text()

    def choose(self, features: list[str] | None = None, target: str | None = None,
               standardise: bool | None = None) -> None:
        """Set the choices as the user would (for scripts and tests)."""
        if target is not None:
            self.target.setCurrentIndex(self.target.findText(target))
        if features is not None:
            for i in range(self.features.count()):
                item = self.features.item(i)
                if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                    item.setCheckState(Qt.CheckState.Checked if item.text() in features
                                       else Qt.CheckState.Unchecked)
        if standardise is not None:
            self.standardise.setChecked(standardise)

    # ------------------------------------------------------------------ the thread
    def _start(self, work: Callable[[_Job], Any], on_done: Callable[[Any], None]) -> None:
        self._on_done = on_done
        self._job = _Job(work)
        self._timer.start()

    def _poll(self) -> None:
        job = self._job
        if job is None:
            return
        self.progress.setValue(int(job.progress * 100))
        if not job.done:
            return
        self._timer.stop()
        self._job = None
        self.progress.hide()
        if job.error is not None:
            self._show_problem(job.error)
            self._set_enabled(self.table is not None)
            return
        if self._on_done is not None:
            self._on_done(job.result)

    def _set_busy(self, say: Callable[[], str]) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self._show_message(say)
        self._set_enabled(False)

    def _show_message(self, say: Callable[[], str], problem: bool = False) -> None:
        """Show ``say()``; a language switch calls ``say`` again."""
        self._say = say
        bold = f"QLabel {{ color: {ERROR_COLOR}; font-weight: bold; }}"
        self.message.setStyleSheet(bold if problem else "")
        self.message.setText(say())

    def _set_enabled(self, on: bool) -> None:
        for w in (self.features, self.target, self.standardise, self.import_button):
            w.setEnabled(on)

    def _show_problem(self, problem: str) -> None:
        def say() -> str:
            text = i18n.text(problem)
            ended = text.endswith((".", "。", "!", "！", "?", "？"))  # else the language's full stop
            template = self.tr("{file}: {problem}") if ended else self.tr("{file}: {problem}.")
            return template.format(file=self.path.name, problem=text)
        self._show_message(say, problem=True)

    # ------------------------------------------------------------------ steps
    def _table_read(self, table: Table) -> None:
        self.table = table
        shown = table.rows[:PREVIEW_ROWS]
        self.preview.setColumnCount(len(table.header))
        self.preview.setRowCount(len(shown))
        self.preview.setHorizontalHeaderLabels(list(table.header))
        self._label_preview_lines()
        for r, row in enumerate(shown):
            for c, cell in enumerate(row[:200]):
                self.preview.setItem(r, c, QTableWidgetItem(cell))
        self.target.blockSignals(True)
        self.target.addItems(list(table.header))
        self.target.setCurrentIndex(len(table.header) - 1)  # the last column
        self.target.blockSignals(False)
        def summary() -> str:
            delimiter = self.tr("tab") if table.delimiter == chr(9) else repr(table.delimiter)
            return self.tr("{rows:,} rows, {columns} columns ({delimiter}-separated).").format(
                rows=table.n_rows, columns=len(table.header), delimiter=delimiter)
        self._show_message(summary)
        self._set_enabled(True)
        self._target_changed()

    def _label_preview_lines(self) -> None:
        if self.table is not None:
            line = self.tr("line {n}")
            shown = self.table.lines[:self.preview.rowCount()]
            self.preview.setVerticalHeaderLabels([line.format(n=n) for n in shown])

    def _target_changed(self) -> None:
        table = self.table
        if table is None:
            return
        target = self.target.currentText()
        self.features.blockSignals(True)
        self.features.clear()
        for name in table.header:  # default: every column but the target
            item = QListWidgetItem(name)
            if name == target:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsUserCheckable)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.features.addItem(item)
        self.features.blockSignals(False)
        self._describe_target()
        self._selection_changed()

    def _describe_target(self) -> None:
        """The target's row in the feature list, and what kind of target it is."""
        table = self.table
        if table is None:
            return
        target = self.target.currentText()
        row = self.target.currentIndex()
        if 0 <= row < self.features.count():
            self.features.blockSignals(True)
            self.features.item(row).setText(self.tr("{name} (the target)").format(name=target))
            self.features.blockSignals(False)
        try:
            self.kind.setText(i18n.text(target_info(table, target).describe()))
            self.kind.setStyleSheet("")
        except DataError as e:
            self.kind.setText(self.tr("Cannot be the target: {problem}.").format(
                problem=i18n.text(e.args[0]) if e.args else e))
            self.kind.setStyleSheet(f"QLabel {{ color: {ERROR_COLOR}; }}")

    def chosen_features(self) -> list[str]:
        return [self.features.item(i).text() for i in range(self.features.count())
                if self.features.item(i).checkState() == Qt.CheckState.Checked
                and self.features.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]

    def _selection_changed(self) -> None:
        n = len(self.chosen_features())
        self.import_button.setEnabled(n > 0 and self._job is None)
        self.import_button.setToolTip("" if n else self.tr("Choose at least one feature column"))

    def _import(self) -> None:
        table = self.table
        if table is None or self._job is not None:
            return
        features, target = self.chosen_features(), self.target.currentText()
        standardise = self.standardise.isChecked()
        self._set_busy(lambda: self.tr("Checking the columns…"))
        self._start(lambda job: make_tabular(table, features, target, standardise), self._built)

    def _built(self, data: TabularData) -> None:
        problem = self._import_rows(data)
        if problem:
            self._show_problem(problem)
            self._set_enabled(True)
            return
        self.data = data
        self.accept()

    def done(self, result: int) -> None:  # noqa: D401 (Qt's name) - closing stops a read in progress
        if self._job is not None:
            self._job.stop()
            self._job = None
            self._timer.stop()
        super().done(result)
