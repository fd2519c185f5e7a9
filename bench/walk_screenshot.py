"""Screenshot of the window part-way through a walk (for judging the Backprop panel by eye).

    .venv/bin/python bench/walk_screenshot.py --preset tutorial --walk 18 --out /tmp/walk.png
    .venv/bin/python bench/walk_screenshot.py --preset accumulate --steps 1 --walk 22 --out /tmp/acc.png
    .venv/bin/python bench/walk_screenshot.py --preset vanishing --walk 30 --size 1280x720 --out /tmp/deep.png
    .venv/bin/python bench/walk_screenshot.py --preset tutorial --steps 6 --walk 0 --look-back 3 --out b.png

It opens the window (``create_window``), presses Step ``--steps`` times, then Walk ``--walk``
times, as a user would (``--look-back K``: then goes back to step K on the timeline, the Backprop
panel in front), and saves ``window.grab()``. Without a display it renders offscreen; for
the real window run it under ``/work/shared/tools/snap.sh`` or any X server (``DISPLAY=...``).
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
os.environ.setdefault("GRADIENT_PLAYGROUND_SETTINGS_DIR", tempfile.mkdtemp(prefix="walk-shot-"))

from _shots import open_window, settle, wait_for  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", default="tutorial")
    ap.add_argument("--steps", type=int, default=0, help="plain steps before the walk")
    ap.add_argument("--walk", type=int, default=10, help="presses of Walk")
    ap.add_argument("--size", default="1600x1000", help="window size, WIDTHxHEIGHT")
    ap.add_argument("--out", default="walk.png")
    ap.add_argument("--lang", default=None, help="the interface's language, e.g. zh_CN")
    ap.add_argument("--look-back", type=int, default=None, help="then look back at this step")
    ap.add_argument("--presentation", action="store_true", help="in the presentation theme")
    args = ap.parse_args()

    window = open_window(args.preset, args.lang, args.size)
    for k in range(1, args.steps + 1):
        window.step()
        wait_for(lambda k=k: window.latest_snapshot.step == k)
    walk = window.backprop_view.walk
    for _ in range(args.walk):
        window.walk_one_op()
        wait_for(lambda: walk.state != walk.WAITING)  # (walking; or at the step limit, refused)
    if args.presentation:
        window.menus.presentation_action.trigger()
        settle(300)
    if args.look_back is not None:
        view = window.backprop_view
        window.backprop_dock.raise_()
        wait_for(view.on_screen)
        window.run_model.show_step(args.look_back)
        wait_for(lambda: view.look is not None
                 and (view.look.trace is not None or view.look_note is not None))
    settle(300)
    window.grab().save(args.out)
    print(f"saved {args.out}: {window.status.step_label.text()} | {window.backprop_view.header.text()}")
    print(window.backprop_view.text.text())
    window.close()


if __name__ == "__main__":
    main()
