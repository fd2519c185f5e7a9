"""GUI responsiveness: training at full speed in the window vs the headless session.

Measured side by side in one run, for each preset:

* headless: ``Session.step()`` in a plain loop (no Qt, no thread) -> steps/s;
* GUI: the real main window (``playground.app.create_window``) shown, training at full
  speed in its worker thread, while a 20 ms QTimer in the GUI thread records how late each
  tick fires (the event loop's lag) -> steps/s and lag percentiles.

Targets (from the issue): lag p99 < 50 ms, and GUI steps/s >= 70% of headless.
Runs offscreen unless a display is set. Usage: python bench/gui.py [--seconds 8] [--presets a,b]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADIENT_PLAYGROUND_SETTINGS_DIR", "/tmp/gradient-playground-bench-settings")

import numpy as np  # noqa: E402

from core.presets import get_preset  # noqa: E402
from core.session import Session, TrainingDiverged  # noqa: E402


def headless_rate(preset: str, seconds: float) -> float:
    s = Session(get_preset(preset).config.replace(max_steps=None))
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(50):
            try:
                s.step()
            except TrainingDiverged:
                s.reset()
        n += 50
    return n / (time.perf_counter() - t0)


# The lag probe: a GUI-thread timer that records how late each tick fires. Every tick makes the
# training thread hand Python's GIL over and back, which itself costs training speed (a 5 ms
# probe cost ~20 % of the steps), so it ticks every 20 ms.
PROBE_MS = 20
WARMUP_S = 2.0


def run_event_loop(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def gui_run(preset: str, seconds: float) -> tuple[float, np.ndarray, int]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from playground.app import create_window

    app = QApplication.instance()
    window = create_window(["--preset", preset])
    window.resize(1600, 1000)
    window.show()
    cfg = get_preset(preset).config.replace(max_steps=None)
    window.controller.reset(cfg)
    window.controller.set_speed(None)
    frames = [0]
    window.controller.updated.connect(lambda _u: frames.__setitem__(0, frames[0] + 1))
    run_event_loop(1.0)  # let the window settle
    lags: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setInterval(PROBE_MS)
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        lags.append(max(0, now - last[0] - PROBE_MS))
        last[0] = now

    timer.timeout.connect(tick)
    window.controller.start()
    run_event_loop(WARMUP_S)  # first frames fill Qt's font and glyph caches: a one-off, not steady state
    start_step = window.latest_snapshot.step
    frames_before, busy_before = window.controller.frames_drawn, window.controller.frame_seconds
    frames[0] = 0
    clock.start()
    timer.start()
    t0 = time.perf_counter()
    run_event_loop(seconds)  # the real event loop, as app.exec() runs it
    timer.stop()
    elapsed = time.perf_counter() - t0
    window.controller.pause()
    run_event_loop(0.5)
    steps = window.latest_snapshot.step - start_step
    c = window.controller
    frame_ms = 1e3 * (c.frame_seconds - busy_before) / max(c.frames_drawn - frames_before, 1)
    window.close()
    app.processEvents()
    return steps / elapsed, np.array(lags[1:], dtype=float), frames[0], frame_ms


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--presets", default="tutorial,spiral,he-deep")
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication(sys.argv[:1])
    print(f"platform: {os.environ.get('QT_QPA_PLATFORM', 'default')}, {args.seconds:g} s per measurement")
    print(f"{'preset':10} {'headless/s':>11} {'GUI/s':>9} {'GUI/headless':>13} {'lag p50':>8} "
          f"{'p99':>7} {'max':>7} {'frames/s':>9} {'ms/frame':>9}  verdict")
    ok = True
    for preset in args.presets.split(","):
        h1 = headless_rate(preset, args.seconds / 2)
        g, lags, frames, frame_ms = gui_run(preset, args.seconds)
        h2 = headless_rate(preset, args.seconds / 2)  # before and after, to cancel drift
        h = (h1 + h2) / 2
        p50, p99, mx = (np.percentile(lags, [50, 99, 100]) if lags.size else (np.nan,) * 3)
        ratio = g / h
        lag_ok, speed_ok = p99 < 50, ratio >= 0.7
        verdict = f"lag {'PASS' if lag_ok else 'MISS'}, speed {'PASS' if speed_ok else 'MISS'}"
        ok &= lag_ok and speed_ok
        print(f"{preset:10} {h:11,.0f} {g:9,.0f} {ratio:12.0%} {p50:7.1f}ms {p99:5.1f}ms {mx:5.0f}ms "
              f"{frames / args.seconds:9.1f} {frame_ms:9.1f}  {verdict}")
    print("targets: event-loop lag p99 < 50 ms; GUI steps/s >= 70% of headless")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
