"""Screenshot of the window with the Health panel in front (for judging its tabs by eye).

    .venv/bin/python bench/health_screenshot.py --preset vanishing --steps 300 --tab 1 --out /tmp/v.png
    .venv/bin/python bench/health_screenshot.py --preset he-deep --steps 300 --tab 1 --lang zh_CN \\
        --size 1280x720 --zoom 1.5 --out /tmp/he.png

It opens the window (``create_window``), trains ``--steps`` steps (Start, then pause at the step),
brings the Health panel forward, picks its tab ``--tab`` (0: Gradients, 1: Weights &
activations), optionally looks back at step ``--show``, and saves ``window.grab()`` (with
``--panel``, the panel alone as well). Without a display it renders offscreen; for the real
window run it under ``/work/shared/tools/snap.sh`` or any X server (``DISPLAY=...``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADIENT_PLAYGROUND_SETTINGS_DIR", tempfile.mkdtemp(prefix="health-shot-"))

import _shots  # noqa: E402
from _shots import open_window, settle  # noqa: E402


def wait_for(condition, timeout_ms: int = 60_000) -> None:  # (200 steps of he-deep take a while)
    _shots.wait_for(condition, timeout_ms)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", default="he-deep")
    ap.add_argument("--steps", type=int, default=200, help="steps to train")
    ap.add_argument("--tab", type=int, default=1, help="the Health panel's tab: 0 or 1")
    ap.add_argument("--show", type=int, default=None, help="look back at this step")
    ap.add_argument("--size", default="1600x1000", help="window size, WIDTHxHEIGHT")
    ap.add_argument("--zoom", type=float, default=1.0, help="the type zoom (1.5: 150 %%)")
    ap.add_argument("--out", default="health.png")
    ap.add_argument("--panel", default=None, help="also save the panel alone here")
    ap.add_argument("--lang", default=None, help="the interface's language, e.g. zh_CN")
    args = ap.parse_args()

    window = open_window(args.preset, args.lang, args.size)
    if args.zoom != 1.0:
        window.set_zoom(args.zoom, remember=False)
    if args.steps:
        window.controller.set_speed(None)
        window.controller.set_max_steps(args.steps)
        window.controller.start()
        wait_for(lambda: window.latest_snapshot.step >= args.steps or window.latest_snapshot.diverged)
        window.controller.pause()
    window.health_dock.raise_()
    window.health_panel.tabs.setCurrentIndex(args.tab)
    if args.show is not None:
        window.run_model.show_step(args.show)
        wait_for(lambda: window.shown_snapshot is not None and window.shown_snapshot.step == args.show)
    settle(600)
    window.grab().save(args.out)
    if args.panel:
        window.health_panel.grab().save(args.panel)
    print(f"saved {args.out}: {window.status.step_label.text()}")
    window.close()


if __name__ == "__main__":
    main()
