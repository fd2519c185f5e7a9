"""Looking back at a step after Walk was pressed: the Backprop panel's boxes had been laid out for
another step's trace, whose node ids the looked-back trace does not have, and painting them
raised KeyError in paintEvent (the app aborted when the window was grabbed). The panel now lays
its boxes out again whenever the step it shows is not the one they were laid out for."""

from __future__ import annotations


def test_the_walk_screenshot_of_a_looked_back_step_in_chinese_paints_without_error(tmp_path):
    """The case that raised: bench/walk_screenshot.py, 10 steps, Walk pressed at the step limit,
    then step 4 looked back at, in Chinese (a real start of the app, in its own process)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "look.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADIENT_PLAYGROUND_SETTINGS_DIR=str(tmp_path / "s"))
    env.pop("DISPLAY", None)
    run = subprocess.run([sys.executable, str(root / "bench" / "walk_screenshot.py"), "--preset", "tutorial",
                          "--steps", "10", "--look-back", "4", "--size", "1600x1000", "--lang", "zh_CN",
                          "--out", str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "Error calling Python override" not in run.stderr, run.stderr[-2000:]
    assert out.exists() and "第 4 步" in run.stdout
