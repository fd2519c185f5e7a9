"""``gradient-playground --self-test``: open the window (offscreen when there is no display), train
the tutorial's ten steps through the real window and its training thread, check what it shows,
and say so: exit 0, or 1 naming what failed. One command checks a bundle, a fresh install or a
classroom machine."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence

__all__ = ["self_test", "TUTORIAL_LOSSES"]

#: The tutorial's ten losses, as its program prints them (reference/blog_run.expected.txt).
TUTORIAL_LOSSES = (4.33222765, 0.06584977, 0.01869537, 0.01068846, 0.00609207, 0.00360451, 0.00210719,
                   0.00126275, 0.00075884, 0.00046488)
WAIT_SECONDS = 120.0  # a machine that has not trained ten steps by then has hung


def self_test(qt_args: Sequence[str] = (), display_problem: str | None = None,
              out: object = None) -> int:
    """Run the check; prints its findings to ``out`` (stdout) and returns the exit code."""
    stream = out if out is not None else sys.stdout

    def say(text: str) -> None:
        print(text, file=stream, flush=True)  # type: ignore[call-overload]

    if display_problem is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        say("self-test: no usable display, so the window opens offscreen")
    # The user's own settings (window layout, folders) stay untouched.
    settings_dir = tempfile.TemporaryDirectory(prefix="gradient-playground-selftest-")
    os.environ["GRADIENT_PLAYGROUND_SETTINGS_DIR"] = settings_dir.name
    try:
        return _run(qt_args, say)
    except Exception as e:  # a broken install must say what broke, not show a traceback
        say(f"self-test FAILED: {type(e).__name__}: {e}")
        return 1
    finally:
        settings_dir.cleanup()


def _run(qt_args: Sequence[str], say: object) -> int:
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler

    from .app import _ensure_app, create_window
    from .worker import wait_for_stragglers

    # Qt's chatter ("This plugin does not support propagateSizeHints()") is kept for a failure
    # report, not printed over the verdict.
    qt_messages: list[str] = []
    previous = qInstallMessageHandler(lambda kind, context, text: qt_messages.append(text))
    _ensure_app(qt_args)
    window = create_window(["--preset", "tutorial"])
    problems: list[str] = []
    try:
        window.set_speed(None)
        window.show()
        loop = QEventLoop()
        deadline = time.monotonic() + WAIT_SECONDS

        def poll() -> None:
            snap = window.latest_snapshot
            if (snap is not None and snap.step >= 10 and not window.controller.running) \
                    or time.monotonic() > deadline:
                loop.quit()

        timer = QTimer(interval=20)
        timer.timeout.connect(poll)
        timer.start()
        QTimer.singleShot(0, window.toggle_running)  # Start: the preset stops itself at step 10
        loop.exec()
        timer.stop()
        snap = window.latest_snapshot
        if snap is None or snap.step < 10:
            problems.append(f"training stopped at step {0 if snap is None else snap.step} of 10 within "
                            f"{WAIT_SECONDS:.0f} s")
        else:
            losses = _curve(window)
            got = [round(v, 8) for v in losses]
            if got != list(TUTORIAL_LOSSES):
                problems.append(f"the loss curve shows {got}, expected the tutorial's "
                                f"{list(TUTORIAL_LOSSES)}")
            names = [(p.name, p.data.shape) for p in snap.params]
            if names != [("W1", (2, 3)), ("b1", (3,)), ("W2", (3, 1)), ("b2", (1,))]:
                problems.append(f"the matrices are {names}, expected W1 2×3, b1, W2 3×1, b2")
            if not window.status.step_label.text().endswith("10"):
                problems.append(f"the step label says {window.status.step_label.text()!r}")
            image = window.grab().toImage()
            if image.isNull() or image.width() < 100:
                problems.append("the window did not draw")
    finally:
        window.close()
        window.controller.shutdown()
        wait_for_stragglers()
        qInstallMessageHandler(previous)
    for p in problems:
        say(f"self-test FAILED: {p}")  # type: ignore[operator]
    if problems and qt_messages:
        say("Qt said: " + " | ".join(dict.fromkeys(qt_messages)))  # type: ignore[operator]
    if not problems:
        say("self-test passed: the window trained the tutorial's 10 steps, losses "  # type: ignore[operator]
            f"{TUTORIAL_LOSSES[0]} … {TUTORIAL_LOSSES[-1]} as the tutorial prints them")
    return 1 if problems else 0


def _curve(window: object) -> list[float]:
    import pyqtgraph as pg

    plot = window.findChild(pg.PlotWidget, "lossPlot")  # type: ignore[attr-defined]
    y = plot.getPlotItem().listDataItems()[0].yData
    return [] if y is None else [float(v) for v in y]
