"""pyqtgraph's own Export dialog (right-click a plot ▸ Export…) in the window's language, and
saying where the user looks when an export fails.

pyqtgraph names its dialog once, partly in English it never translates ("Entire Scene", "Plot")
and partly through ``QCoreApplication.translate`` in contexts of its own ("Exporter" for the
formats and their options). :func:`install` makes every plot's scene open :class:`ExportDialog`
instead: the same dialog, its texts made in ``retranslate()`` (again on a language switch), the
formats this machine cannot export with (Matplotlib, HDF5 without their packages) left out, and a
line under the buttons that says "Exported …" or why not ("permission denied"), never a traceback.
The texts pyqtgraph translates itself are listed here so ``pyside6-lupdate`` keeps them in our
catalogue.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from pyqtgraph import exporters
from pyqtgraph.graphicsItems.PlotItem import PlotItem
from pyqtgraph.graphicsItems.ViewBox import ViewBox
from pyqtgraph.GraphicsScene import exportDialog as pg_export_dialog
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QTreeWidgetItemIterator

from core import problems
from core.problems import file_name, os_reason

from .. import i18n

__all__ = ["ExportDialog", "install", "EXPORTER_TEXTS"]

_ERROR_STYLE = "QLabel { color: #b00020; font-weight: bold; }"

#: What pyqtgraph translates in its "Exporter" context: the formats' names, their options' titles
#: and the choices of its CSV options (listed for pyside6-lupdate; pyqtgraph asks for them).
EXPORTER_TEXTS = (
    QT_TRANSLATE_NOOP("Exporter", "Image File (PNG, TIF, JPG, ...)"),
    QT_TRANSLATE_NOOP("Exporter", "Scalable Vector Graphics (SVG)"),
    QT_TRANSLATE_NOOP("Exporter", "CSV of original plot data"),
    QT_TRANSLATE_NOOP("Exporter", "HDF5 Export: plot (x,y)"),
    QT_TRANSLATE_NOOP("Exporter", "Matplotlib Window"),
    QT_TRANSLATE_NOOP("Exporter", "Scalable Vector Graphics"),
    QT_TRANSLATE_NOOP("Exporter", "width"), QT_TRANSLATE_NOOP("Exporter", "height"),
    QT_TRANSLATE_NOOP("Exporter", "antialias"), QT_TRANSLATE_NOOP("Exporter", "background"),
    QT_TRANSLATE_NOOP("Exporter", "invertValue"), QT_TRANSLATE_NOOP("Exporter", "scaling stroke"),
    QT_TRANSLATE_NOOP("Exporter", "separator"), QT_TRANSLATE_NOOP("Exporter", "precision"),
    QT_TRANSLATE_NOOP("Exporter", "columnMode"), QT_TRANSLATE_NOOP("Exporter", "Name"),
    QT_TRANSLATE_NOOP("Exporter", "comma"), QT_TRANSLATE_NOOP("Exporter", "tab"),
    QT_TRANSLATE_NOOP("Exporter", "(x,y) per plot"), QT_TRANSLATE_NOOP("Exporter", "(x,y,y,y) for all plots"),
)
_CHOICE_OPTIONS = ("separator", "columnMode")  # list options whose choices are words
_NEEDS = {"MatplotlibExporter": "matplotlib", "HDF5Exporter": "h5py"}  # exporters that need a package


def _exporter_tr(text: str) -> str:
    return QCoreApplication.translate("Exporter", text)


def available_exporters() -> list[type]:
    """pyqtgraph's exporters that work here (one needing a package that is not installed is left out)."""
    return [e for e in exporters.listExporters()
            if e.__name__ not in _NEEDS or importlib.util.find_spec(_NEEDS[e.__name__]) is not None]


class ExportDialog(pg_export_dialog.ExportDialog):
    """pyqtgraph's export dialog, translated, with a line for the result (objectName ``exportDialog``;
    the line is ``exportResult``)."""

    def __init__(self, scene: Any) -> None:
        super().__init__(scene)
        views = scene.views()
        if views:  # a window of its own, but one the plot's window owns: it goes when the plot goes
            self.setParent(views[0].window(), Qt.WindowType.Window)  # (pyqtgraph's outlived its scene)
        self.setObjectName("exportDialog")
        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.ui.gridLayout.addWidget(self.result_label, 7, 0, 1, 3)
        for row, stretch in ((1, 1), (3, 1), (5, 2)):  # the options get the room (an image has five)
            self.ui.gridLayout.setRowStretch(row, stretch)
        self.resize(400, 560)  # (pyqtgraph's 241 × 367 shows two of them)
        self._say: Callable[[], str] | None = None  # makes the result line in the current language
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        self.ui.label.setText(self.tr("Item to export:"))
        self.ui.label_2.setText(self.tr("Export format"))
        self.ui.label_3.setText(self.tr("Export options"))
        self.ui.exportBtn.setText(self.tr("Export"))
        self.ui.closeBtn.setText(self.tr("Close"))
        self.ui.copyBtn.setText(self.tr("Copy"))
        self._name_items()
        for i in range(self.ui.formatList.count()):
            item = self.ui.formatList.item(i)
            item.setText(_exporter_tr(item.expClass.Name))
        self._name_options()
        self.result_label.setText(self._say() if self._say is not None else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange and shiboken6.isValid(self.scene):
            self.retranslate()
        super().changeEvent(event)

    def _name_items(self) -> None:
        it = QTreeWidgetItemIterator(self.ui.itemTree)
        while it.value() is not None:
            item: QTreeWidgetItem = it.value()
            gitem = getattr(item, "gitem", None)
            if gitem is self.scene:
                item.setText(0, self.tr("Entire Scene"))
            elif isinstance(gitem, PlotItem):
                item.setText(0, self.tr("Plot"))
            elif isinstance(gitem, ViewBox):
                item.setText(0, self.tr("Plot area"))
            it += 1

    def _name_options(self) -> None:
        exporter = self.currentExporter
        params = exporter.parameters() if exporter is not None else None
        if params is None:
            return
        for option in params.children():
            option.setOpts(title=_exporter_tr(option.name()))
            if option.name() in _CHOICE_OPTIONS and option.type() == "list":
                value = option.value()
                option.setLimits({_exporter_tr(str(v)): v for v in option.reverse[0]})
                for shown in list(option.items):  # (its combo box picks the entry by value again)
                    shown.setValue(value)
                    shown.updateDisplayLabel()

    # ------------------------------------------------------------------ pyqtgraph's steps, translated
    def updateItemList(self, select: Any = None) -> None:  # noqa: N802 (pyqtgraph's name)
        super().updateItemList(select)
        self._name_items()

    def updateFormatList(self) -> None:  # noqa: N802 (pyqtgraph's name)
        current = self.ui.formatList.currentItem()
        wanted = current.expClass if current is not None else None
        self.ui.formatList.clear()
        for exp in available_exporters():
            item = pg_export_dialog.FormatExportListWidgetItem(exp, _exporter_tr(exp.Name))
            self.ui.formatList.addItem(item)
            if exp is wanted:
                self.ui.formatList.setCurrentRow(self.ui.formatList.count() - 1)
        if self.ui.formatList.currentItem() is None:
            self.ui.formatList.setCurrentRow(0)

    def exportFormatChanged(self, item: Any, prev: Any) -> None:  # noqa: N802 (pyqtgraph's name)
        super().exportFormatChanged(item, prev)
        self._show(lambda: "")  # (the last export's result was of another format)
        exporter = self.currentExporter
        if exporter is not None and exporter.parameters() is not None:  # (its group is named "params")
            self.ui.paramTree.setParameters(exporter.parameters(), showTop=False)
        if exporter is not None:
            exporter.export = self._guarded(exporter, exporter.export)
            self._name_options()

    # ------------------------------------------------------------------ the result
    def _guarded(self, exporter: Any, export: Callable[..., Any]) -> Callable[..., Any]:
        """``export`` that writes a picture itself (so a failure has a reason) and says how it went."""
        def run(*args: Any, **kwargs: Any) -> Any:  # (pyqtgraph's arguments, as it passes them)
            fileName = kwargs.get("fileName", args[0] if args else None)  # noqa: N806 (pyqtgraph's name)
            copy = kwargs.get("copy", False)
            try:
                if fileName is not None and isinstance(exporter, exporters.ImageExporter):
                    from ..exports import write_image

                    write_image(export(toBytes=True), Path(fileName))
                    result = None
                else:
                    result = export(*args, **kwargs)
            except (OSError, ValueError) as e:
                reason = os_reason(e)
                self._show(lambda: self.tr("Could not export {file}: {why}").format(
                    file=file_name(fileName or ""), why=i18n.text(reason)), error=True)
                return None
            except Exception as e:  # pyqtgraph's own errors (an empty plot, a size of 0): no traceback
                reason = problems.unexpected(e)
                self._show(lambda: self.tr("Could not export: {why}").format(why=i18n.text(reason)),
                           error=True)
                return None
            if fileName is not None:
                self._show(lambda: self.tr("Exported {file}.").format(file=file_name(fileName)))
            elif copy:
                self._show(lambda: self.tr("Copied to the clipboard."))
            return result
        return run

    def _show(self, say: Callable[[], str], error: bool = False) -> None:
        self._say = say
        self.result_label.setStyleSheet(_ERROR_STYLE if error else "")
        self.result_label.setText(say())

    def result_text(self) -> str:
        return self.result_label.text()


_installed = False


def install() -> None:
    """Every pyqtgraph scene opens :class:`ExportDialog` for its right-click Export… (idempotent)."""
    global _installed
    if not _installed:
        pg_export_dialog.ExportDialog = ExportDialog
        _installed = True
