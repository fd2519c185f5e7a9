"""The Health panel's GUI-thread cost per update: as before its second tab vs now (both tabs).

Side by side in one process, in alternating rounds: a HealthPanel is fed ``--updates`` updates
of ``--steps`` steps each (a LayerHistory as the training thread sends it, for a net of
``--layers`` layers), either the way it was before the second tab (the ‖dW‖ and update-ratio
curves extended at every update, drawn through ``_Envelope.curve(max_buckets)``) or the way it
is now (``append``: kept until the redraw takes them all; ``redraw``: the tab in front), and
redrawn every ``REDRAW_EVERY`` updates (the panel's throttle: 200 ms at ~30 updates a second),
with each tab in front and with the panel hidden (behind another dock, as in the default
layout). Prints microseconds per update and the ratio. Offscreen unless a
display is set.

    .venv/bin/python bench/health_panel.py --layers 7 --steps 20
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

REDRAW_EVERY = 6


def feed(panel, histories, before: bool, tab: int) -> float:
    """Seconds to take every history and redraw, as the panel did before the second tab (the
    first tab's curves extended at every update and drawn through ``curve(max_buckets)``) or
    as it does now (``append``, then ``redraw`` on its throttle)."""
    panel.clear()
    panel.tabs.setCurrentIndex(tab)
    width = int(panel.grad_plot.vb.width()) or 400
    t0 = time.perf_counter()
    for i, h in enumerate(histories):
        if before:
            panel.grad_curves.extend(h.steps, h.grad_norm)
            panel.ratio_curves.extend(h.steps, h.update_ratio)
        else:
            panel.append(h)
        if i % REDRAW_EVERY == 0:
            if before:
                for curves in (panel.grad_curves, panel.ratio_curves):
                    for curve, env in zip(curves.curves, curves.envelopes):
                        curve.setData(*env.curve(max_buckets=max(width, 100)))
            else:
                panel.redraw()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layers", type=int, default=7)
    ap.add_argument("--steps", type=int, default=20, help="steps per update")
    ap.add_argument("--updates", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from core.health import LayerHistory
    from playground.run_model import RunModel
    from playground.views.health import HealthPanel

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class Source(QObject):
        updated = Signal(object)

    source = Source()
    panel = HealthPanel(RunModel(source.updated))
    panel.resize(600, 220)
    panel.show()
    app.processEvents()
    rng = np.random.default_rng(0)
    n, k, r = args.layers, max(args.layers - 1, 0), args.steps
    histories = [LayerHistory(np.arange(i * r + 1, (i + 1) * r + 1),
                              *(rng.random((r, n)) + 1e-3 for _ in range(3)),
                              *(rng.random((r, k)) for _ in range(3)), np.full((r, k), np.nan))
                 for i in range(args.updates)]
    print(f"{args.layers} layers, {args.steps} steps per update, {args.updates} updates, redraw every "
          f"{REDRAW_EVERY}; µs per update (median of {args.rounds} alternating rounds)")
    for tab, shown in ((0, True), (1, True), (0, False)):
        panel.setVisible(shown)
        old, new = [], []
        for _ in range(args.rounds):
            old.append(feed(panel, histories, True, tab))
            new.append(feed(panel, histories, False, tab))
        o, m = np.median(old) / args.updates * 1e6, np.median(new) / args.updates * 1e6
        where = f"tab {tab} in front" if shown else "panel hidden    "
        print(f"{where}: before {o:7.0f} µs   now {m:7.0f} µs   "
              f"ratio {m / o:4.2f}   (+{m - o:.0f} µs: {100 * (m - o) / 33_000:.1f} % of a 33 ms frame)")

if __name__ == "__main__":
    main()
