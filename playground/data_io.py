"""Your data in, code and pictures out: File ▸ Import data (the dialog, then training on the
data from step 0), File ▸ Export ▸ Python or PyTorch script, and Pictures and numbers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from core.config import LOSSES, ConfigError, ExperimentConfig
from core.problems import os_reason
from core.tabular import TabularData

from . import i18n
from .controls import field_label, field_problem
from .settings_store import file_folder, remember_folder

if TYPE_CHECKING:
    from .window import MainWindow

__all__ = ["DataInOut"]


class DataInOut(QObject):
    """Import and export for ``window``: the running experiment, the fields, the views."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self._window, self.tr("Import data"), str(file_folder()),
                                              self.tr("Data (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            remember_folder(path)
            self.open_import_dialog(path)

    def open_import_dialog(self, path: str | Path) -> QDialog:
        """The Import data dialog for ``path`` (reading starts at once); Import calls import_data."""
        from .import_dialog import ImportDialog

        dialog = ImportDialog(path, self.import_data, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def import_data(self, data: TabularData) -> str | None:
        """Train on ``data`` from step 0 (the other settings kept; the loss suited to the task);
        returns None, or the problem (nothing is changed then)."""
        w = self._window
        try:
            base = w.controls.config() if w.controls.is_valid() else w.run_model.running_config
            base = base or ExperimentConfig()
            config = base.with_data(data)
        except ConfigError as e:
            return field_problem(e.field, e.message)
        w.controls.set_config(config)
        w.controls.set_description(self.tr("Imported {what}.").format(what=i18n.text(data.summary())))
        w.loaded_preset = None
        w.toolbar.select_preset(None)
        w.reset()
        shown = {"loss": i18n.text(LOSSES[config.loss]).lower(), "test_fraction": f"{config.test_fraction:g}"}
        changed = [self.tr("{field} {value}").format(field=field_label(k).lower(), value=v)
                   for k, v in shown.items() if getattr(config, k) != getattr(base, k)]
        imported = self.tr("Imported {what}.").format(what=i18n.text(data.summary()))
        if changed:
            changes = self.tr(" and ").join(changed)
            imported = self.tr("{imported} Set {changes} to suit it.").format(imported=imported,
                                                                              changes=changes)
        w.status.set_notice(imported, covers_reset=True)  # not hidden by the reset's own "Reset: step 0"
        return None

    def _export_config(self) -> tuple[ExperimentConfig, int]:
        """The experiment running (else the one in the fields) and how many steps to export."""
        w = self._window
        config = w.run_model.running_config or w.controls.config()
        step = w.latest_snapshot.step if w.latest_snapshot is not None else 0
        return config, step or config.max_steps or 100

    def export_script(self, path: str | Path, kind: str = "core") -> bool:
        """Write the running experiment as a program: ``kind`` "core" (core's API) or "torch"."""
        from core.export import core_script, torch_script, write_program

        w = self._window
        try:
            config, steps = self._export_config()
            edits = () if w.latest_snapshot is None else w.latest_snapshot.edits  # what if: set again
            write_program(path, (core_script if kind == "core" else torch_script)(config, steps, edits=edits))
        except (ConfigError, OSError) as e:
            why = i18n.text(e.message if isinstance(e, ConfigError) else os_reason(e))
            w.status.set_notice(self.tr("Could not export {file}: {why}").format(
                file=Path(path).name, why=why), error=True)
            return False
        w.status.set_notice(self.tr("Exported {steps:,} steps as {file}: run it with python {name}.").format(
            steps=steps, file=path, name=Path(path).name))
        return True

    def script_dialog(self, kind: str) -> None:
        name = "experiment_torch.py" if kind == "torch" else "experiment.py"
        title = (self.tr("Export as a PyTorch script") if kind == "torch"
                 else self.tr("Export as a Python script"))
        path, _ = QFileDialog.getSaveFileName(self._window, title, str(file_folder() / name),
                                              self.tr("Python (*.py)"))
        if path:
            remember_folder(path)
            self.export_script(path if Path(path).suffix else path + ".py", kind)

    def export_pictures(self, folder: str | Path) -> bool:
        """The loss plot and the matrices as PNG and SVG, the loss history and the matrices as CSV."""
        from .exports import export_pictures_and_numbers

        w = self._window
        try:
            written = export_pictures_and_numbers(folder, w.loss_plot, w.matrix_panel.graphics,
                                                  w.latest_snapshot)
        except OSError as e:
            w.status.set_notice(self.tr("Could not export to {folder}: {why}").format(
                folder=folder, why=i18n.text(os_reason(e))), error=True)
            return False
        w.status.set_notice(self.tr("Exported {n} files to {folder}.").format(n=len(written), folder=folder))
        return True

    def pictures_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, self.tr("Export pictures and numbers to"),
                                                  str(file_folder()))
        if folder:
            remember_folder(folder, is_folder=True)
            self.export_pictures(folder)
