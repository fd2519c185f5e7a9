"""core never imports Qt or playground; the headless mode runs without them."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")
FORBIDDEN = (*QT, "playground")


def test_core_source_imports_no_qt():
    for path in (ROOT / "core").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_headless_run_loads_no_qt_module():
    """Only the launcher of the ``playground`` package loads (to route --headless), no Qt."""
    code = (
        "import sys, runpy; sys.argv = ['main.py', '--headless', '--preset', 'spiral', '--steps', '3'];"
        "import main; rc = main.main();"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT!r}"
        " or m.startswith('playground.') and m != 'playground.launch'];"
        "print('LOADED', bad); sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "LOADED []" in r.stdout


GUI_SCRIPT = "import sys; from playground.launch import main; sys.exit(main())"


def test_the_installed_command_is_the_launcher():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    assert project["gui-scripts"]["gradient-playground"] == "playground.launch:main"


@pytest.mark.parametrize("command", [["main.py"], ["-c", GUI_SCRIPT]], ids=["main.py", "gradient-playground"])
def test_headless_runs_where_qt_cannot_be_imported(tmp_path, command):
    """Simulate a machine without Qt: a PySide6 that fails to import."""
    fake = tmp_path / "PySide6"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('no Qt on this machine')\n")
    r = subprocess.run([sys.executable, *command, "--headless", "--steps", "2"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120,
                       env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 2


def test_every_package_is_in_the_wheel():
    """pyproject lists the packages by name: a new subpackage left out would be missing from a
    normal (non-editable) install."""
    tomllib = pytest.importorskip("tomllib")
    with open(ROOT / "pyproject.toml", "rb") as f:
        listed = set(tomllib.load(f)["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("core", "playground", "resources")
             for p in (ROOT / top).rglob("__init__.py")}
    assert found == listed
