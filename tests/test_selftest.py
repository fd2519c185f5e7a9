"""``--self-test``: the real window trains the tutorial's ten steps and checks them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground import selftest

ROOT = Path(__file__).resolve().parent.parent


def test_self_test_command_passes_offscreen_without_a_display() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--self-test"], capture_output=True, text=True,
                       env=env, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "opens offscreen" in r.stdout
    assert "self-test passed" in r.stdout and "4.33222765" in r.stdout


def test_self_test_says_what_failed(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRADIENT_PLAYGROUND_SETTINGS_DIR", str(tmp_path))  # self_test points it elsewhere
    wrong = (9.0, *selftest.TUTORIAL_LOSSES[1:])
    monkeypatch.setattr(selftest, "TUTORIAL_LOSSES", wrong)
    out = io.StringIO()
    assert selftest.self_test(out=out) == 1
    text = out.getvalue()
    assert "self-test FAILED: the loss curve shows [4.33222765" in text and "9.0" in text
    assert not list(tmp_path.iterdir())  # the user's settings folder was not written


def test_desktop_entry_from_the_bundle_runs_the_bundles_executable(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    from playground import app

    exe = tmp_path / "dist" / "gradient-playground" / "gradient-playground"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    entry, _ = app.install_desktop_entry(tmp_path / "share")
    assert f"Exec={exe}" in entry.read_text(encoding="utf-8").splitlines()


def test_bundle_spec_and_extra_are_committed() -> None:
    spec = (ROOT / "packaging" / "gradient-playground.spec").read_text(encoding="utf-8")
    assert 'name="gradient-playground"' in spec and '"resources"' in spec
    assert 'bundle = ["pyinstaller' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "bundle)" in (ROOT / "run.sh").read_text(encoding="utf-8")
