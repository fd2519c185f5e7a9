"""Python's cycle collector runs in the GUI thread only.

A collection runs in whichever thread happens to allocate when a generation's count passes its
threshold. If that is a worker (the training thread, the import dialog's reader) and the garbage
holds a Qt object (a closed dialog, a replaced plot item), Qt destroys it outside the GUI thread
and the process can die with a segmentation fault. As pyqtgraph's ``GarbageCollector`` does, the
automatic collector is switched off and a GUI-thread timer collects by the same thresholds.
Reference counting, which frees almost everything, is untouched.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

__all__ = ["collect_in_gui_thread", "INTERVAL_MS"]

INTERVAL_MS = 500


class _Collector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("guiThreadCollector")
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, youngest first."""
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self.threshold[generation]:
                break
            gc.collect(generation)


def collect_in_gui_thread(app: QCoreApplication) -> QObject:
    """Switch the automatic collector off and collect from ``app``'s thread (once per app)."""
    collector = app.findChild(_Collector, "guiThreadCollector")
    return collector if collector is not None else _Collector(app)
