"""File ▸ Export ▸ Pictures and numbers: the loss plot and the matrix panel as PNG and SVG
(pyqtgraph's exporters), the loss history and every matrix as CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401 (registers pg.exporters)

from core.session import Snapshot

__all__ = ["export_pictures_and_numbers"]


def export_pictures_and_numbers(folder: str | Path, loss_plot: object, matrix_graphics: pg.GraphicsView,
                                snapshot: Snapshot | None) -> list[Path]:
    """Write loss.png/.svg/.csv, matrices.png/.svg and one CSV per matrix (W1.csv, dW1.csv, …,
    confusion.csv) into ``folder``; returns the files written (OSError if the folder is unwritable)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    plot_item = loss_plot.plot_widget.getPlotItem()  # type: ignore[attr-defined]
    for target, stem in ((plot_item, "loss"), (matrix_graphics.scene(), "matrices")):
        for exporter, suffix in ((pg.exporters.ImageExporter, ".png"), (pg.exporters.SVGExporter, ".svg")):
            path = folder / f"{stem}{suffix}"
            exporter(target).export(str(path))
            written.append(path)
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
