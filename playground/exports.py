"""File ▸ Export ▸ Pictures and numbers: the loss plot and the matrix panel as PNG and SVG
(pyqtgraph's exporters), the loss history and every matrix as CSV."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401 (registers pg.exporters)
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from core.messages import tr
from core.session import Snapshot

__all__ = ["export_pictures_and_numbers", "write_image"]


def export_pictures_and_numbers(folder: str | Path, loss_plot: object, matrix_graphics: pg.GraphicsView,
                                snapshot: Snapshot | None) -> list[Path]:
    """Write loss.png/.svg/.csv, matrices.png/.svg and one CSV per matrix (W1.csv, dW1.csv, …,
    confusion.csv) into ``folder``; returns the files written (OSError if the folder is unwritable)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    plot_widget = loss_plot.plot_widget  # type: ignore[attr-defined]
    for widget, target, stem in ((plot_widget, plot_widget.getPlotItem(), "loss"),
                                 (matrix_graphics, matrix_graphics.scene(), "matrices")):
        png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
        write_image(pg.exporters.ImageExporter(target).export(toBytes=True), png)
        try:
            svg_text = pg.exporters.SVGExporter(target).export(toBytes=True)
        except (ValueError, IndexError):  # pyqtgraph's SVG writer fails on some paths: Qt's own
            _svg_by_qt(widget, svg)
        else:
            svg.write_bytes(svg_text)
        written += [png, svg]
    steps, train, test = loss_plot.history()  # type: ignore[attr-defined]
    path = folder / "loss.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("step,loss,test_loss\n")
        for s, a, b in zip(steps.tolist(), train.tolist(), test.tolist()):
            f.write(f"{s},{a!r},{'' if b != b else repr(b)}\n")
    written.append(path)
    if snapshot is not None:
        for p in snapshot.params:
            for name, values in ((p.name, p.data), (f"d{p.name}", p.grad)):
                path = folder / f"{name}.csv"
                np.savetxt(path, np.atleast_2d(values), delimiter=",", fmt="%.17g")
                written.append(path)
        if snapshot.confusion is not None:
            path = folder / "confusion.csv"
            np.savetxt(path, snapshot.confusion, delimiter=",", fmt="%d",
                       header="rows: true class, columns: predicted class", comments="# ")
            written.append(path)
    return written


def write_image(image: QImage, path: Path) -> None:
    """``image`` as a PNG file; an OSError saying why when it cannot be written (QImage.save
    would only return False)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(errno.EIO, tr("the picture could not be made"), str(path))
    buffer.close()
    path.write_bytes(data.data())


def _svg_by_qt(widget: QWidget, path: Path) -> None:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(widget.rect())
    generator.setTitle(path.stem)
    painter = QPainter(generator)
    try:
        widget.render(painter)
    finally:
        painter.end()
    buffer.close()
    path.write_bytes(data.data())
